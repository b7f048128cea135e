"""Golden test of "both" (docs/methodology.md, section 7) and of the "not yet meaningful" headline.

Every expected number is worked out by hand in the methodology's worked example: scale 0/2/4 ->
0/50/100; base.cx.a weight 1, base.ex.b weight 3, top.cx.c and top.ex.d weight 1.
"""

from __future__ import annotations

import pytest

from cxmaturity.core import readings
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.core.sources import combine_cards, is_meaningful
from tests.conftest import answers

PEOPLE = [
    ("r1", "base.cx.a", 4), ("r1", "base.ex.b", 2), ("r1", "top.cx.c", 0), ("r1", "top.ex.d", "na"),
    ("r2", "base.cx.a", 2), ("r2", "base.ex.b", "dk"), ("r2", "top.cx.c", 2),
]  # fmt: skip
EVIDENCE = [("evidence", "base.ex.b", 0), ("evidence", "top.ex.d", 4)]


@pytest.fixture()
def both(mini: Questionnaire):  # type: ignore[no-untyped-def]
    people = score_answers(mini, answers(PEOPLE))
    evidence = score_answers(mini, answers(EVIDENCE))
    return combine_cards(mini, people, evidence)


def test_both_combines_per_question_as_the_methodology_works_it_out(both) -> None:  # type: ignore[no-untyped-def]
    questions = {qid: entry.score for qid, entry in both.questions.items()}
    assert questions == pytest.approx({"base.cx.a": 75.0, "base.ex.b": 25.0, "top.cx.c": 25.0, "top.ex.d": 100.0})
    assert both.levels["base"].score == pytest.approx(37.5)
    assert both.levels["top"].score == pytest.approx(62.5)
    assert both.overall.score == pytest.approx(275 / 6)
    assert both.aspects["cx"].score == pytest.approx(50.0)
    assert both.aspects["ex"].score == pytest.approx(43.75)
    assert both.cells[("top", "ex")].score == pytest.approx(100.0)
    assert both.stage == pytest.approx(0.625)
    assert both.attained_levels == () and both.unsupported_levels == ("top",)
    assert both.levels["base"].gap == pytest.approx(42.5) and both.levels["base"].priority == pytest.approx(42.5)
    assert both.levels["top"].gap == pytest.approx(17.5) and both.levels["top"].priority == pytest.approx(8.75)


def test_the_evidence_is_a_source_not_a_respondent(both) -> None:  # type: ignore[no-untyped-def]
    assert both.respondents == ("r1", "r2")
    assert both.overall.n == 2
    assert both.overall.coverage == pytest.approx(7 / 8)  # the larger of 7/8 (people) and 2/4 (evidence)
    assert both.overall.uncertainty == pytest.approx(1 / 6)
    assert both.levels["base"].median is None and both.levels["base"].stdev is None


def test_without_evidence_a_question_keeps_the_respondents_score(mini: Questionnaire) -> None:
    people = score_answers(mini, answers(PEOPLE))
    nothing = score_answers(mini, answers([]))
    combined = combine_cards(mini, people, nothing)
    assert combined.questions["base.cx.a"].score == pytest.approx(75.0)
    # Base from the per-question means: (75 x 1 + 50 x 3) / 4.
    assert combined.levels["base"].score == pytest.approx(56.25)
    assert combined.levels["top"].score == pytest.approx(25.0)


def test_below_half_coverage_the_headline_says_the_result_is_not_yet_meaningful(mini: Questionnaire) -> None:
    # One of four questions answered: 25 % coverage; the base scores 100 from question a alone.
    sparse = score_answers(mini, answers([("r1", "base.cx.a", 4)]))
    assert sparse.overall.coverage == pytest.approx(0.25) and not is_meaningful(sparse)
    headline = readings.stage_headline(sparse, mini, "en")
    assert headline.startswith("Not yet meaningful: 25% of the questions are answered, at least 50% are needed")
    assert "stage so far: 1 of 2" in headline  # base 100 >= 60, top unscored: 1 + 0 / 60
    assert readings.stage_headline(sparse, mini, "ru").startswith("Результат пока не показателен")
    half = score_answers(mini, answers([("r1", "base.cx.a", 4), ("r1", "top.cx.c", 0)]))
    assert is_meaningful(half)
    assert readings.stage_headline(half, mini, "en").startswith("Stage 1 of 2")
