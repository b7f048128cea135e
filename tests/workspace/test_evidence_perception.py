"""Self vs evidence, results sources, agreement, perception gaps and their drivers, with values by hand."""

from __future__ import annotations

import statistics

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.workspace.evidence import (
    compare_self_and_evidence,
    evidence_answer_set,
    results_card,
    score_assessment,
)
from cxmaturity.workspace.perception import agreement, agreement_of, gap_drivers, largest_gaps, visible_groups
from tests.workspace.conftest import GROUP_ANSWERS

# Scale 0/2/4 -> 0/50/100. base = (a + 3 b) / 4.
# exec: base 100, top 100; front: base (0 + 3*50)/4 = 37.5, top 50; cust1: base 0.
BASE_SCORES = [100, 100, 100, 37.5, 37.5, 37.5, 0]


def test_evidence_becomes_one_respondent(store: Store, filled: AssessmentRecord, mini: Questionnaire) -> None:
    answers = evidence_answer_set(mini, store.load_evidence(filled.id))
    assert answers.respondents == ("evidence",)
    assert answers.table[["question", "value"]].values.tolist() == [["base.cx.a", 2.0], ["base.ex.b", 0.0]]


def test_self_vs_evidence(store: Store, filled: AssessmentRecord, mini: Questionnaire) -> None:
    comparison = compare_self_and_evidence(mini, store.load_answers(filled.id), store.load_evidence(filled.id))
    base = {d.item_id: d for d in comparison.levels}["base"]
    assert base.self_score == pytest.approx(sum(BASE_SCORES) / 7)
    assert base.evidence_score == pytest.approx((50 + 3 * 0) / 4)
    assert base.difference == pytest.approx(12.5 - 412.5 / 7)
    top = {d.item_id: d for d in comparison.levels}["top"]
    assert top.self_score == pytest.approx(75.0) and top.evidence_score is None and top.difference is None
    question = {d.item_id: d for d in comparison.questions}
    assert question["base.cx.a"].difference == pytest.approx(50 - 300 / 7)
    assert question["base.ex.b"].difference == pytest.approx(0 - (300 + 150) / 6)
    assert [d.item_id for d in comparison.largest("question")] == ["base.ex.b", "base.cx.a"]
    aspects = {d.item_id: d for d in comparison.aspects}
    assert aspects["ex"].evidence_score == 0.0


def test_results_sources(store: Store, filled: AssessmentRecord) -> None:
    respondents = score_assessment(store, filled.id)
    assert respondents.source == "respondents" and respondents.min_group_size == 3
    assert respondents.card.levels["base"].score == pytest.approx(412.5 / 7)
    assert respondents.card.levels["base"].target == 70.0
    assert list(respondents.card.groups) == ["executives", "front line"]  # customers: 1 < 3
    evidence = score_assessment(store, filled.id, "evidence")
    assert evidence.card.levels["base"].score == pytest.approx(12.5) and evidence.card.respondents == ("evidence",)
    store.update_settings(filled.id, results_source="both", anonymity_threshold=1)
    both = score_assessment(store, filled.id)
    assert both.source == "both"
    # Per question (methodology, section 7): a = (300/7 + 50) / 2 = 325/7; b = (75 + 0) / 2 = 37.5.
    # Base = (325/7 + 3 x 37.5) / 4 = 1112.5 / 28; the evidence is no eighth respondent.
    assert both.card.levels["base"].score == pytest.approx(1112.5 / 28)
    assert both.card.levels["top"].score == pytest.approx(75.0)
    assert both.card.respondents == respondents.card.respondents and len(both.card.respondents) == 7
    assert both.evidence_coverage == pytest.approx(2 / 4)
    assert both.card.overall.coverage == pytest.approx(19 / 28)  # the larger of 19/28 and 2/4
    assert list(both.card.groups) == ["executives", "front line", "customers"]
    with pytest.raises(ValueError):
        results_card(respondents.questionnaire, answer_set_from_records([]), {}, "gut")


def test_agreement_cut_offs() -> None:
    assert [agreement_of(x) for x in (None, 0.0, 15.0, 15.01, 25.0, 25.01, 60.0)] == [
        None, "high", "high", "medium", "medium", "low", "low"
    ]  # fmt: skip


def card(mini: Questionnaire, min_group_size: int = 1):  # type: ignore[no-untyped-def]
    return score_answers(mini, answer_set_from_records(GROUP_ANSWERS), min_group_size=min_group_size)


def test_agreement_per_level_and_aspect(mini: Questionnaire) -> None:
    rows = {(a.section, a.item_id): a for a in agreement(card(mini))}
    base = rows[("level", "base")]
    assert base.n == 7 and base.stdev == pytest.approx(statistics.stdev(BASE_SCORES))
    assert base.agreement == "low"
    # top: exec 100 x3, front 50 x3 -> stdev 27.4 -> low; ex: exec 100, front 50 -> same spread
    assert rows[("level", "top")].stdev == pytest.approx(statistics.stdev([100] * 3 + [50] * 3))


def test_largest_gaps_hide_small_groups(mini: Questionnaire) -> None:
    gaps = largest_gaps(card(mini), min_group_size=3)
    assert [(g.section, g.item_id, g.gap.gap, g.gap.high, g.gap.low) for g in gaps] == [
        ("aspect", "cx", 75.0, "executives", "front line"),
        ("level", "base", 62.5, "executives", "front line"),
        ("level", "top", 50.0, "executives", "front line"),
        ("aspect", "ex", 50.0, "executives", "front line"),
    ]
    # With the threshold at 1 the single customer is shown. They answered base.cx.a only, so the
    # groups are compared on that one question: base = executives 100, front line 0, customer 0;
    # the gap is 100 and the tie for the lowest goes to the group listed first.
    shown = largest_gaps(card(mini), min_group_size=1, limit=1)
    assert [(g.item_id, g.gap.gap, g.gap.low) for g in shown] == [("base", 100.0, "front line")]
    assert card(mini).perception_gap.left_out == ("base.ex.b", "top.cx.c")
    assert list(visible_groups(card(mini), 3)) == ["executives", "front line"]
    assert largest_gaps(card(mini), min_group_size=4) == []


def test_questions_that_drive_a_gap(mini: Questionnaire) -> None:
    drivers = gap_drivers(mini, card(mini), "level", "base", min_group_size=3)
    assert [(d.question_id, d.high_score, d.low_score, d.difference) for d in drivers] == [
        ("base.cx.a", 100.0, 0.0, 100.0),
        ("base.ex.b", 100.0, 50.0, 50.0),
    ]
    cx = gap_drivers(mini, card(mini), "aspect", "cx", min_group_size=3)
    assert [(d.question_id, d.difference) for d in cx] == [("base.cx.a", 100.0), ("top.cx.c", 50.0)]
    with pytest.raises(KeyError):
        gap_drivers(mini, card(mini), "level", "base", min_group_size=3, high="customers", low="executives")
    assert gap_drivers(mini, card(mini), "level", "base", min_group_size=5) == []


def test_group_answers_per_question_leave_out_small_groups_and_answers_without_a_value(snapshot):
    from cxmaturity.core.model import Answer, AnswerKind
    from cxmaturity.core.questionnaire import load_questionnaire_text
    from cxmaturity.workspace.evidence import GroupAnswers, group_answers

    q = load_questionnaire_text(snapshot.text)  # scale 0/2/4
    records = [
        Answer("a1", "base.cx.a", AnswerKind.VALUE, 4.0, "executives"),
        Answer("a2", "base.cx.a", AnswerKind.VALUE, 2.0, "executives"),
        Answer("a2", "top.cx.c", AnswerKind.DONT_KNOW, None, "executives"),
        Answer("b1", "base.cx.a", AnswerKind.VALUE, 0.0, "front line"),
        Answer("b2", "base.cx.a", AnswerKind.NOT_APPLICABLE, None, "front line"),
        Answer("c1", "base.cx.a", AnswerKind.VALUE, 4.0, "board"),  # a group of one
        Answer("x", "base.cx.a", AnswerKind.VALUE, 4.0, None),  # no group
    ]
    from cxmaturity.core.answers import answer_set_from_records

    found, hidden = group_answers(q, answer_set_from_records(records), min_group_size=2)
    # Executives: (4 + 2) / 2 = 3 of 0..4, so 75 of 100; front line: one value (0), n/a carries none.
    assert found["base.cx.a"] == [GroupAnswers("executives", 2, 3.0, 75.0), GroupAnswers("front line", 1, 0.0, 0.0)]
    assert found["top.cx.c"] == [] and hidden == 1  # "don't know" has no value; the board is below the threshold
