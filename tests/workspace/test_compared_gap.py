"""The perception gap compares the groups on the questions every group scored, with values by hand."""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.core.serialise import perception_gap_to_json
from tests.workspace.conftest import v

# Scale 0/2/4 -> 0/50/100; base = (a + 3 b) / 4 (base.ex.b weighs 3). The customers answer base.cx.a
# only (the one question they can judge); one front-line employee does not know base.ex.b.
ANSWERS = [
    v("e1", "base.cx.a", 4, "executives"), v("e1", "base.ex.b", 0, "executives"),  # base (100 + 0) / 4 = 25
    v("e2", "base.cx.a", 4, "executives"), v("e2", "base.ex.b", 4, "executives"),  # base 100
    v("f1", "base.cx.a", 2, "front line"), v("f1", "base.ex.b", 0, "front line"),  # base (50 + 0) / 4 = 12.5
    v("f2", "base.cx.a", 0, "front line"), v("f2", "base.ex.b", None, "front line"),  # base 0 (dk left out)
    v("c1", "base.cx.a", 2, "customers"),  # base 50
    v("c2", "base.cx.a", 4, "customers"),  # base 100
]  # fmt: skip


def test_each_groups_own_scores_are_unchanged(mini: Questionnaire) -> None:
    card = score_answers(mini, answer_set_from_records(ANSWERS))
    # executives (25 + 100) / 2 = 62.5; front line (12.5 + 0) / 2 = 6.25; customers (50 + 100) / 2 = 75.
    assert card.groups["executives"].levels["base"].score == pytest.approx(62.5)
    assert card.groups["front line"].levels["base"].score == pytest.approx(6.25)
    assert card.groups["customers"].levels["base"].score == pytest.approx(75.0)


def test_the_gap_compares_only_the_questions_every_group_scored(mini: Questionnaire) -> None:
    gap = score_answers(mini, answer_set_from_records(ANSWERS)).perception_gap
    assert gap is not None
    # On base.cx.a alone: executives (100 + 100) / 2 = 100, front line (50 + 0) / 2 = 25, customers
    # (50 + 100) / 2 = 75. The gap is 100 - 25 = 75 (on each group's own mix it would read
    # customers 75 - front line 6.25 = 68.75, with the customers on top).
    base = gap.levels["base"]
    assert (base.gap, base.high, base.low, base.high_score, base.low_score) == (
        pytest.approx(75.0), "executives", "front line", pytest.approx(100.0), pytest.approx(25.0)
    )  # fmt: skip
    assert gap.aspects["cx"].gap == pytest.approx(75.0)
    # base.ex.b was scored by executives and front line but not by customers: left out, so the EX
    # aspect and the top level (no question every group scored) have no gap at all.
    assert gap.left_out == ("base.ex.b",)
    assert "ex" not in gap.aspects and "top" not in gap.levels
    assert perception_gap_to_json(gap)["left_out"] == ["base.ex.b"]  # type: ignore[index]


def test_groups_that_answered_the_same_questions_are_compared_as_before(mini: Questionnaire) -> None:
    staff = [answer for answer in ANSWERS if answer.group != "customers" and answer.respondent != "f2"]
    gap = score_answers(mini, answer_set_from_records(staff)).perception_gap
    assert gap is not None and gap.left_out == ()
    # executives 62.5, front line (f1 only) 12.5: 50 points.
    assert gap.levels["base"].gap == pytest.approx(50.0)
    assert "left_out" not in (perception_gap_to_json(gap) or {})
