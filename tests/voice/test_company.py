"""Company vs customers: the shared questions only, each person's level score, the share at the threshold.

Hand-worked values (scoring contract, docs/methodology.md: s = 100 (v - min) / (max - min), a
person's level score the weight-weighted mean of s):
- company (maturity 0..4): a manager answering 4 on every responsiveness question scores 100, 3
  scores 75, 1 scores 25. A manager answering first-contact-resolution (weight 1) with 4 and
  moments-of-truth (weight 2) with 0 scores (1 x 100 + 2 x 0) / 3 = 33.3.
- customers (agreement 1..5): 5 -> 100, 4 -> 75, 3 -> 50, 2 -> 25; one answering 5 and 1 on two
  questions of equal weight scores 50.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.voice.company import (
    compared_level_scores,
    respondent_level_scores,
    share_at_threshold,
    shared_comparison,
)

COMPANY = find_questionnaire("cx-pyramid")
CUSTOMERS = find_questionnaire("cx-pyramid-customer")


def _all(questionnaire, person, group, value, level="responsiveness"):
    return [
        Answer(person, q.id, AnswerKind.VALUE, float(value), group) for q in questionnaire.questions_of(level=level)
    ]


# The cx-pyramid questions a customer can judge (review §2.2 item 5), asked in the customer's words.
SHARED = (
    "communication.cx.channel-choice", "communication.cx.proactive-status", "communication.cx.clear-information",
    "responsiveness.cx.first-contact-resolution", "responsiveness.cx.low-effort", "responsiveness.ex.empowerment",
    "commitment.cx.individual-solutions", "commitment.it.remembered-preferences",
    "proactivity.cx.anticipated-offers", "proactivity.cx.problem-prevention",
    "evolution.cx.customer-success", "evolution.it.self-service",
)  # fmt: skip


def test_the_two_sides_are_compared_on_the_questions_both_ask_in_every_level():
    compared = shared_comparison(COMPANY, CUSTOMERS)
    assert compared.questions == SHARED
    assert compared.levels == ("communication", "responsiveness", "commitment", "proactivity", "evolution")
    assert "responsiveness.cx.quick-answer" in compared.left_out  # the customer's own statement
    assert "responsiveness.cx.moments-of-truth" in compared.left_out  # a practice no customer can see
    assert [q.id for q in compared.company.questions] == list(SHARED)
    for question_id in SHARED:
        inside, outside = COMPANY.question(question_id), CUSTOMERS.question(question_id)
        assert (inside.level, inside.aspect) == (outside.level, outside.aspect)
        assert CUSTOMERS.scales[outside.scale].values == (1, 2, 3, 4, 5)


def test_level_scores_and_shares_rest_on_the_shared_questions_only():
    company = answer_set_from_records([
        *[Answer("m1", q, AnswerKind.VALUE, x, "managers") for q, x in (
            ("responsiveness.cx.first-contact-resolution", 4.0), ("responsiveness.cx.low-effort", 3.0),
            ("responsiveness.ex.empowerment", 2.0), ("responsiveness.cx.moments-of-truth", 0.0),
            ("responsiveness.ox.service-levels", 0.0))],
        *[Answer("m2", q, AnswerKind.VALUE, 2.0, "managers") for q in SHARED[3:6]],
    ])  # fmt: skip
    customers = answer_set_from_records([
        *[Answer("c1", q, AnswerKind.VALUE, x) for q, x in (
            ("responsiveness.cx.first-contact-resolution", 5.0), ("responsiveness.cx.low-effort", 4.0),
            ("responsiveness.ex.empowerment", 3.0), ("responsiveness.cx.quick-answer", 1.0),
            ("interaction.completeness", 1.0))],
        Answer("c2", "responsiveness.cx.first-contact-resolution", AnswerKind.VALUE, 2.0),
        Answer("c2", "responsiveness.cx.low-effort", AnswerKind.VALUE, 2.0),
        Answer("c2", "responsiveness.ex.empowerment", AnswerKind.NOT_APPLICABLE, None),
    ])  # fmt: skip
    compared = shared_comparison(COMPANY, CUSTOMERS)
    # Company on the three shared questions (weight 1 each, 0..4): m1 (100 + 75 + 50) / 3 = 75, m2 50;
    # the level 62.5. On all its answers m1 would score (100 + 2 x 0 + 75 + 50 + 0) / 6 = 37.5.
    assert compared_level_scores(compared.company, company, ["responsiveness"]) == [pytest.approx(62.5)]
    # Customers (agreement 1..5 -> 0, 25, 50, 75, 100): c1 (100 + 75 + 50) / 3 = 75 (their own quick-answer
    # and completeness left out); c2 (25 + 25) / 2 = 25 (n/a left out); the level 50.
    assert compared_level_scores(compared.customers, customers, ["responsiveness"]) == [pytest.approx(50.0)]
    inside = share_at_threshold(compared.company, company, "responsiveness", 60)
    outside = share_at_threshold(compared.customers, customers, "responsiveness", 60)
    assert (inside.k, inside.n, outside.k, outside.n) == (1, 2, 1, 2)


def test_each_persons_level_score_follows_the_weights_and_leaves_out_na():
    records = [
        *_all(COMPANY, "m1", "managers", 4),
        Answer("m4", "responsiveness.cx.first-contact-resolution", AnswerKind.VALUE, 4.0, "managers"),
        Answer("m4", "responsiveness.cx.moments-of-truth", AnswerKind.VALUE, 0.0, "managers"),
        Answer("m4", "responsiveness.cx.customer-effort", AnswerKind.NOT_APPLICABLE, None, "managers"),
        Answer("m5", "responsiveness.cx.customer-effort", AnswerKind.DONT_KNOW, None, "managers"),
    ]
    scores = respondent_level_scores(COMPANY, answer_set_from_records(records), "responsiveness")
    assert scores.to_dict() == pytest.approx({"m1": 100.0, "m4": 100 / 3})  # m5 gave no value: left out


def test_the_share_at_or_above_the_threshold_per_side_and_per_group():
    company = answer_set_from_records(
        [*_all(COMPANY, "m1", "managers", 4), *_all(COMPANY, "m2", "managers", 3), *_all(COMPANY, "m3", "managers", 1),
         *_all(COMPANY, "f1", "front line", 1)]
    )  # fmt: skip
    # Managers: 100, 75, 25 -> 2 of 3 at or above 60; everyone: 2 of 4.
    managers = share_at_threshold(COMPANY, company, "responsiveness", 60, "managers")
    assert (managers.k, managers.n) == (2, 3) and managers.share == pytest.approx(2 / 3)
    assert share_at_threshold(COMPANY, company, "responsiveness", 60).share == pytest.approx(0.5)
    customers = answer_set_from_records(
        [*_all(CUSTOMERS, "c1", None, 5), *_all(CUSTOMERS, "c2", None, 4), *_all(CUSTOMERS, "c3", None, 2),
         Answer("c4", "responsiveness.cx.first-contact-resolution", AnswerKind.VALUE, 5.0),
         Answer("c4", "responsiveness.cx.quick-answer", AnswerKind.VALUE, 1.0)]
    )  # fmt: skip
    # 100, 75, 25, 50 -> 2 of 4.
    outside = share_at_threshold(CUSTOMERS, customers, "responsiveness", 60)
    assert (outside.k, outside.n) == (2, 4)
    nobody = share_at_threshold(CUSTOMERS, answer_set_from_records([]), "responsiveness", 60)
    assert (nobody.n, nobody.share) == (0, None)  # no answers: no division by zero
