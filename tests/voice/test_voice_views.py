"""Stored answers as responses, segments with the anonymity threshold, and the pain map (issue 16).

Expected figures are worked out by hand in the comments; Wilson intervals come from scipy's
``binomtest(...).proportion_ci(method="wilson")``, not from the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from scipy.stats import binomtest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.voice.painmap import detractors, pain_map, reason_items
from cxmaturity.voice.segments import segment_view
from cxmaturity.voice.stored import HOUR, WEEKDAY, responses_from_answers

CUSTOMER = find_questionnaire("cx-pyramid-customer")
NPS = "loyalty.recommend"
REASON = "reason.main"


def _answers(rows):
    """rows: (respondent, group, nps or None, reason or None, comment or None)."""
    records = []
    for respondent, group, nps, reason, comment in rows:
        if nps is not None:
            records.append(Answer(respondent, NPS, AnswerKind.VALUE, float(nps), group))
        if reason is not None:
            position = CUSTOMER.item(REASON).choice_ids().index(reason) + 1
            records.append(Answer(respondent, REASON, AnswerKind.VALUE, float(position), group, note=reason))
        if comment is not None:
            records.append(Answer(respondent, "reason.comment", AnswerKind.VALUE, 1.0, group, note=comment))
    return answer_set_from_records(records)


def _wilson(k, n):
    interval = binomtest(k, n).proportion_ci(method="wilson")
    return interval.low, interval.high


def test_stored_answers_become_one_row_per_respondent_with_time_segments():
    answers = _answers(
        [("a", "north", 10, "speed", "Slow refund"), ("b", None, 6, None, None), ("c", "south", None, "price", None)]
    )
    # Monday 2026-11-30 09:15 UTC and Sunday 2026-11-29 23:59 UTC; "c" has no time.
    times = {"a": datetime(2026, 11, 30, 9, 15, tzinfo=UTC), "b": datetime(2026, 11, 29, 23, 59, tzinfo=UTC)}
    responses = responses_from_answers(CUSTOMER, answers, times)
    assert list(responses.respondents) == ["a", "b", "c"]
    np.testing.assert_array_equal(responses.numbers[NPS], [10.0, 6.0, np.nan])
    assert list(responses.choices[REASON].codes) == [3, -1, 0]  # speed is the 4th choice, price the 1st
    assert list(responses.texts["reason.comment"]) == ["Slow refund", "", ""]
    assert list(responses.segments["group"]) == ["north", "", "south"]
    assert list(responses.segments[WEEKDAY]) == ["1", "7", ""]
    assert list(responses.segments[HOUR]) == ["09", "23", ""]


def test_segments_are_sorted_and_those_below_the_threshold_are_held_back():
    rows = [
        ("a1", "A", 10, None, None), ("a2", "A", 10, None, None), ("a3", "A", 0, None, None),
        ("b1", "B", 0, None, None), ("b2", "B", 0, None, None),
        ("c1", "C", 9, None, None), ("c2", "C", 9, None, None), ("c3", "C", 9, None, None),
    ]  # fmt: skip
    responses = responses_from_answers(CUSTOMER, _answers(rows))
    view = segment_view(CUSTOMER, responses, "group", "nps", min_size=3)
    # C: 3 promoters of 3 -> +100; A: 2 promoters, 1 detractor of 3 -> (2 - 1) / 3 = +33.3; B (2 people) held back.
    assert [(row.label, row.respondents) for row in view.rows] == [("C", 3), ("A", 3)]
    assert view.rows[0].estimate.value == pytest.approx(100.0)
    assert view.rows[1].estimate.value == pytest.approx(100 / 3)
    assert (view.hidden_segments, view.hidden_respondents) == (1, 2)
    # With a threshold of 2, B shows: 0 promoters, 2 detractors -> -100, last.
    view = segment_view(CUSTOMER, responses, "group", "nps", min_size=2)
    assert [row.label for row in view.rows] == ["C", "A", "B"] and view.rows[2].estimate.value == pytest.approx(-100)
    with pytest.raises(ValueError, match="unknown metric"):
        segment_view(CUSTOMER, responses, "group", "happiness", min_size=1)


def test_a_single_respondent_segment_says_not_enough_answers_without_dividing_by_zero():
    responses = responses_from_answers(CUSTOMER, _answers([("a", "A", 10, None, None)]))
    view = segment_view(CUSTOMER, responses, "group", "nps", min_size=1)
    [row] = view.rows
    assert row.estimate.value is None and row.estimate.n == 1 and not row.estimate.enough
    csat = segment_view(CUSTOMER, responses, "group", "csat", min_size=1)
    assert csat.rows == ()  # the answers hold no CSAT item: nothing to show, no error


def test_the_pain_map_orders_reasons_with_shares_cumulative_shares_and_the_customer_base():
    rows = [
        ("r1", None, 3, "speed", None), ("r2", None, 5, "speed", None), ("r3", None, 9, "speed", None),
        ("r4", None, 2, "price", None), ("r5", None, 10, "price", None), ("r6", None, 8, "staff", None),
        ("r7", None, 10, None, None),
    ]  # fmt: skip
    responses = responses_from_answers(CUSTOMER, _answers(rows))
    assert reason_items(CUSTOMER) == ("reason.main", "interaction.trigger")
    overall = pain_map(responses, REASON, base=1000)
    # 6 customers named a reason: speed 3 (50%), price 2 (33.3%), staff 1 (16.7%); cumulative 50%, 83.3%, 100%.
    assert overall.answered == 6
    assert [(r.choice, r.count) for r in overall.rows] == [("speed", 3), ("price", 2), ("staff", 1)]
    assert [r.cumulative for r in overall.rows] == pytest.approx([0.5, 5 / 6, 1.0])
    low, high = _wilson(3, 6)
    assert overall.rows[0].share.ci_low == pytest.approx(low) and overall.rows[0].share.ci_high == pytest.approx(high)
    assert overall.rows[0].in_base == pytest.approx((500.0, low * 1000, high * 1000))
    # Among detractors (0-6: r1, r2, r4): speed 2 of 3, price 1 of 3.
    mask = detractors(responses, CUSTOMER)
    assert mask is not None and list(mask) == [True, True, False, True, False, False, False]
    among = pain_map(responses, REASON, mask)
    assert [(r.choice, r.count) for r in among.rows] == [("speed", 2), ("price", 1)]
    assert all(r.in_base is None for r in among.rows)  # no base given


def test_the_seed_example_five_of_a_thousand_stands_for_about_five_thousand_of_a_million():
    rows = [(f"r{i}", None, None, "price" if i < 5 else "quality", None) for i in range(1000)]
    responses = responses_from_answers(CUSTOMER, _answers(rows))
    price = next(r for r in pain_map(responses, REASON, base=1_000_000).rows if r.choice == "price")
    low, high = _wilson(5, 1000)  # about 0.21% .. 1.17%
    assert price.in_base == pytest.approx((5000.0, low * 1e6, high * 1e6))
    with pytest.raises(ValueError, match="positive"):
        pain_map(responses, REASON, base=0)
