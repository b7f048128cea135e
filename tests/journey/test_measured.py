"""Measured NPS, CSAT and CES per touchpoint from customer answers tagged with a touchpoint (issue 17, item 2).

The figures are worked out by hand from the file below (the voice wing's rules, docs/voice.md):
NPS = promoters (9-10) minus detractors (0-6) in points; CSAT = share of the top two answers (4-5 of 1..5);
CES = mean effort answer on 1..7.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.journey.measured import (
    CUSTOMER_QUESTIONNAIRE,
    measured_by_touchpoint,
    measured_text,
    read_customer_answers,
)
from cxmaturity.journey.starter import starter_map

ANSWERS = (
    "respondent,touchpoint,loyalty.recommend,interaction.effort,satisfaction.overall\n"
    "c1,payment,10,7,5\n"
    "c2,Payment,3,2,2\n"
    "c3,payment,9,6,4\n"
    "c4,Monthly bill,6,3,3\n"
    "c5,Mars,8,4,3\n"
)


def test_answers_are_matched_by_id_or_name_and_unknown_labels_are_named() -> None:
    questionnaire = find_questionnaire(CUSTOMER_QUESTIONNAIRE)
    responses = read_customer_answers(ANSWERS.encode(), "customers.csv", questionnaire)
    measured = measured_by_touchpoint(questionnaire, responses, "touchpoint", starter_map("b2c", "en"))
    assert set(measured.by_touchpoint) == {"payment", "bill"}
    assert measured.unmatched == ("Mars",)
    payment = measured.by_touchpoint["payment"]
    # "payment" and "Payment" are one touchpoint: answers 10, 3, 9 -> 2 promoters, 1 detractor of 3.
    assert payment.respondents == 3
    assert payment.nps is not None and payment.nps.value == pytest.approx(100 / 3)
    assert payment.csat is not None and payment.csat.value == pytest.approx(2 / 3)  # 5 and 4 of 5, 2, 4
    assert payment.ces is not None and payment.ces.value == pytest.approx(5.0)  # (7 + 2 + 6) / 3
    assert measured_text(payment, "en") == "NPS +33.3, CSAT 67%, CES 5 (3 answers: indicative)"
    assert measured_text(payment, "ru") == "NPS +33,3, CSAT 67\u00a0%, CES 5 (3 ответа, ориентировочно)"


def test_a_bad_customer_file_is_refused_with_the_users_file_name() -> None:
    questionnaire = find_questionnaire(CUSTOMER_QUESTIONNAIRE)
    bad = ANSWERS.replace("c1,payment,10", "c1,payment,11")
    with pytest.raises(InputError) as caught:
        read_customer_answers(bad.encode(), "customers.csv", questionnaire)
    problem = caught.value.errors[0]
    assert problem.file == "customers.csv" and problem.line == 2 and "answers" not in problem.file
