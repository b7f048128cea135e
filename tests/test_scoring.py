"""The scoring contract, checked against values computed by hand."""

from __future__ import annotations

import math

import pytest

from cxmaturity.core.model import Targets
from cxmaturity.core.scoring import compute_stage, score_answers

from .conftest import answers

# mini: base = {base.cx.a (w1), base.ex.b (w3)}, top = {top.cx.c, top.ex.d}; scale 0/2/4 -> 0/50/100.


def test_single_respondent_weighted_means_and_cells(mini):
    card = score_answers(
        mini,
        answers([("ann", "base.cx.a", 4), ("ann", "base.ex.b", 2), ("ann", "top.cx.c", 0), ("ann", "top.ex.d", "na")]),
    )
    # base: (100*1 + 50*3) / 4 = 62.5 ; top: only top.cx.c scored -> 0
    assert card.levels["base"].score == 62.5
    assert card.levels["top"].score == 0.0
    # aspects: cx = (100 + 0)/2 = 50 ; ex = only base.ex.b = 50
    assert card.aspects["cx"].score == 50.0 and card.aspects["ex"].score == 50.0
    assert card.cells[("base", "ex")].score == 50.0 and card.cells[("top", "ex")].score is None
    # overall: (100*1 + 50*3 + 0*1) / 5 = 50
    assert card.overall.score == 50.0
    assert card.stage == 1.0 and card.attained_levels == ("base",)
    assert card.questions["base.ex.b"].score == 50.0 and card.questions["top.ex.d"].score is None


def test_several_respondents_plain_mean_and_distribution(mini):
    card = score_answers(
        mini,
        answers([("a", "base.cx.a", 4), ("b", "base.cx.a", 2), ("c", "base.cx.a", 0), ("c", "top.cx.c", "dk")]),
    )
    base = card.levels["base"]
    assert (base.score, base.n, base.median, base.min, base.max) == (50.0, 3, 50.0, 0.0, 100.0)
    assert base.stdev == pytest.approx(50.0)
    # coverage: 3 answered of 3 respondents x 2 questions; uncertainty: no dk among applicable answers
    assert base.coverage == pytest.approx(3 / 6) and base.uncertainty == 0.0
    top = card.levels["top"]
    assert top.score is None and top.n == 0 and top.gap is None and top.priority is None
    assert top.coverage == pytest.approx(1 / 6) and top.uncertainty == 1.0


def test_each_respondent_counts_once_whatever_they_answered(mini):
    # a answers one base question, b answers both: the level mean is the mean of the two people.
    card = score_answers(mini, answers([("a", "base.cx.a", 4), ("b", "base.cx.a", 0), ("b", "base.ex.b", 0)]))
    assert card.levels["base"].score == 50.0


def test_gaps_priorities_and_overridden_targets(mini):
    card = score_answers(
        mini,
        answers([("a", "base.cx.a", 2), ("a", "base.ex.b", 2), ("a", "top.cx.c", 2), ("a", "top.ex.d", 0)]),
        Targets(default=80, levels={"top": 30}, aspects={"ex": 90}),
    )
    base, top = card.levels["base"], card.levels["top"]
    assert (base.score, base.target, base.gap, base.priority) == (50.0, 80, 30.0, 30.0)  # k=1: 30 * 2/2
    assert (top.score, top.target, top.gap, top.priority) == (25.0, 30, 5.0, 2.5)  # k=2: 5 * 1/2
    # ex: base.ex.b 50 (w3) + top.ex.d 0 (w1) -> 150/4 = 37.5 ; target 90
    assert card.aspects["ex"].score == 37.5 and card.aspects["ex"].gap == 52.5
    assert card.aspects["cx"].gap == 30.0


@pytest.mark.parametrize(
    ("scores", "expected_stage", "attained"),
    [
        ([70, 70], 2.0, 2),
        ([70, 30], 1.5, 1),  # 1 + 30/60
        ([30, 90], 0.5, 0),  # 0 + 30/60; top is unsupported
        ([None, 90], 0.0, 0),  # undefined counts as 0 and is not attained
        ([60, None], 1.0, 1),  # exactly the threshold is attained
        ([0, 0], 0.0, 0),
    ],
)
def test_stage_formula(scores, expected_stage, attained):
    assert compute_stage(scores, 60.0) == (expected_stage, attained)


def test_unsupported_levels_are_named(mini):
    card = score_answers(mini, answers([("a", "base.cx.a", 0), ("a", "top.cx.c", 4)]))
    assert card.attained_levels == () and card.unsupported_levels == ("top",)
    assert card.stage == 0.0


def test_groups_and_perception_gap(mini):
    rows = [
        ("boss", "base.cx.a", 4),
        ("boss", "top.cx.c", 4),
        ("clerk", "base.cx.a", 0),
        ("clerk", "top.cx.c", 2),
        ("clerk2", "base.cx.a", 2),
    ]
    card = score_answers(mini, answers(rows, {"boss": "executives", "clerk": "front line", "clerk2": "front line"}))
    assert list(card.groups) == ["executives", "front line"]
    assert card.groups["executives"].levels["base"].score == 100.0
    assert card.groups["front line"].levels["base"].score == 25.0  # (0 + 50) / 2
    assert card.groups["front line"].respondents == ("clerk", "clerk2")
    gap = card.perception_gap.levels["base"]
    assert (gap.gap, gap.high, gap.low) == (75.0, "executives", "front line")
    # cx: executives 100; front line = mean(clerk (0+50)/2 = 25, clerk2 50) = 37.5
    assert card.perception_gap.aspects["cx"].gap == 62.5


def test_small_groups_can_be_hidden_for_anonymity(mini):
    rows = [("boss", "base.cx.a", 4), ("clerk", "base.cx.a", 0), ("clerk2", "base.cx.a", 2)]
    card = score_answers(
        mini, answers(rows, {"boss": "executives", "clerk": "front", "clerk2": "front"}), min_group_size=2
    )
    assert list(card.groups) == ["front"] and card.perception_gap is None
    assert card.levels["base"].n == 3  # the hidden group still counts overall


def test_no_answers_at_all(mini):
    card = score_answers(mini, answers([("a", "base.cx.a", None)]))
    assert card.overall.score is None and not card.has_answers and card.stage == 0.0
    assert card.levels["base"].coverage == 0.0 and card.levels["base"].uncertainty is None
    assert not math.isnan(card.stage)
