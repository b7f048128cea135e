"""Who is counted: submitted respondents and the assessment's own answers; in progress only by choice."""

from __future__ import annotations

import pytest

from cxmaturity.storage import SELF_LABEL, QuestionnaireSnapshot, Store
from cxmaturity.workspace import participation as module
from cxmaturity.workspace.evidence import score_assessment
from cxmaturity.workspace.participation import participation_reading, with_participation

# mini: base.cx.a (w1), base.ex.b (w3), top.cx.c, top.ex.d; scale 0/2/4 -> 0/50/100.
QUESTIONS = ("base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d")


def test_the_self_label_is_the_storages() -> None:
    assert module.SELF_LABEL == SELF_LABEL


@pytest.fixture()
def assessment(store: Store, snapshot: QuestionnaireSnapshot) -> int:
    """Ann submitted 4 everywhere; Li opened her link and gave one 0 without submitting; Bo never opened."""
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    ann = store.add_respondent(record.id, "Ann", group="executives")
    for question in QUESTIONS:
        store.save_answer(ann.id, question, "value", 4)
    store.set_submitted(ann.id)
    li = store.add_respondent(record.id, "Li", group="front line")
    store.save_answer(li.id, "base.cx.a", "value", 0)
    store.add_respondent(record.id, "Bo", group="front line")
    return record.id


def test_a_respondent_in_progress_does_not_move_the_results_until_they_submit(store: Store, assessment: int) -> None:
    before = score_assessment(store, assessment)
    assert before.card.respondents == ("Ann",)
    assert before.card.levels["base"].score == pytest.approx(100.0)
    assert before.card.stage == pytest.approx(2.0)
    people = before.participation
    assert (people.submitted, people.in_progress, people.not_opened) == (1, 1, 1)
    assert not people.own_answers and not people.in_progress_included
    # The consultant may count Li: base = mean(Ann 100, Li 0 on a alone) = 50 -> stage 50/60.
    included = score_assessment(store, assessment, include_in_progress=True)
    assert included.card.levels["base"].score == pytest.approx(50.0)
    assert included.card.stage == pytest.approx(50 / 60)
    assert included.participation.in_progress_included
    # Li submits: now she counts by default, with the same numbers.
    li = store.find_respondent(assessment, "Li")
    assert li is not None
    store.set_submitted(li.id)
    after = score_assessment(store, assessment)
    assert after.card.levels["base"].score == pytest.approx(50.0)
    assert (after.participation.submitted, after.participation.in_progress) == (2, 0)


def test_the_assessments_own_answers_count_without_a_submit(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Solo", snapshot, "Spring", "en")
    store.save_answer(store.self_respondent(record.id).id, "base.cx.a", "value", 2)
    results = score_assessment(store, record.id)
    assert results.card.respondents == (SELF_LABEL,)
    assert results.card.questions["base.cx.a"].score == pytest.approx(50.0)
    assert results.participation.own_answers and results.participation.invited == 0
    assert participation_reading(results.participation, "en") == ""


def test_an_imported_file_counts_as_submitted(store: Store, filled) -> None:  # type: ignore[no-untyped-def]
    results = score_assessment(store, filled.id)
    assert len(results.card.respondents) == 7 and results.participation.submitted == 7


def test_the_line_and_the_headline_say_who_is_counted(store: Store, assessment: int) -> None:
    default = score_assessment(store, assessment).participation
    assert participation_reading(default, "en") == (
        "Respondents — submitted: 1 (counted) · in progress: 1 (not counted until they submit) · not opened: 1."
    )
    assert with_participation("Stage 2 of 2", default, "en") == "Stage 2 of 2"
    included = score_assessment(store, assessment, include_in_progress=True).participation
    assert "in progress: 1 (counted, although unfinished)" in participation_reading(included, "en")
    assert with_participation("Stage 0.8 of 2", included, "en") == (
        "Stage 0.8 of 2 (including unfinished answers of respondents in progress: 1)"
    )
    assert "ещё отвечают: 1" in participation_reading(default, "ru")
