"""Waves: a new wave copies the right things; the trend and its changes, also across questionnaire versions."""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, Store, is_token_shaped
from cxmaturity.workspace.waves import Wave, changes, load_trend, shared_questions, start_wave, trend, wave_chain
from tests.workspace.conftest import v


def newer_snapshot(snapshot: QuestionnaireSnapshot) -> QuestionnaireSnapshot:
    """Version 2.0.0: top.ex.d replaced by top.ex.e, base.ex.b moved to the cx aspect."""
    text = snapshot.text.replace("version: 1.0.0", "version: 2.0.0")
    text = text.replace("{id: top.ex.d, level: top, aspect: ex", "{id: top.ex.e, level: top, aspect: ex")
    text = text.replace("{id: base.ex.b, level: base, aspect: ex", "{id: base.ex.b, level: base, aspect: cx")
    text += "  - {id: base.ex.f, level: base, aspect: ex, scale: maturity, text: {en: F, ru: Е}}\n"
    return QuestionnaireSnapshot.from_text(text)


def test_a_new_wave_repeats_the_previous_one(store: Store, filled: AssessmentRecord) -> None:
    store.update_settings(filled.id, group_names=["executives", "front line"], anonymity_threshold=2)
    old_people = store.list_respondents(filled.id)
    wave = start_wave(store, filled.id, "Autumn")
    assert (wave.organisation_id, wave.title, wave.status) == (filled.organisation_id, "Autumn", "collecting")
    assert store.load_snapshot(wave.id) == store.load_snapshot(filled.id)
    assert store.get_targets(wave.id) == {"levels": {"base": 70.0}, "aspects": {}}
    settings = store.get_settings(wave.id)
    assert settings.previous_assessment_id == filled.id
    assert settings.group_names == ("executives", "front line") and settings.anonymity_threshold == 2
    new_people = store.list_respondents(wave.id)
    assert [(p.label, p.group) for p in new_people] == [(p.label, p.group) for p in old_people]
    assert all(is_token_shaped(p.token) for p in new_people)
    assert not {p.token for p in new_people} & {p.token for p in old_people}
    assert store.load_answers(wave.id) == [] and store.load_evidence(wave.id) == {}
    assert len(store.load_answers(filled.id)) == 19  # the previous wave keeps its answers
    assert [r.id for r in wave_chain(store, wave.id)] == [filled.id, wave.id]


def test_trend_and_changes_across_waves(store: Store, filled: AssessmentRecord) -> None:
    wave = start_wave(store, filled.id, "Autumn")
    store.replace_answers(wave.id, [v("exec1", "base.cx.a", 4, "executives"), v("exec1", "base.ex.b", 4, "executives")])
    result = load_trend(store, wave.id)
    assert result.labels == ("Spring", "Autumn")
    assert result.levels["base"] == pytest.approx((412.5 / 7, 100.0))
    assert result.levels["top"][0] == pytest.approx(75.0) and result.levels["top"][1] is None
    assert result.shared_only is False and result.dropped_questions == ()
    table = {(c.section, c.item_id): c for c in changes(result)}
    assert table[("level", "base")].since_previous == pytest.approx(100 - 412.5 / 7)
    assert table[("level", "top")].since_first is None
    assert table[("stage", "stage")].last == 1.0  # base attained, top unscored
    assert list(table)[:2] == [("overall", "overall"), ("stage", "stage")]


def test_a_newer_questionnaire_is_compared_on_shared_questions(
    store: Store, filled: AssessmentRecord, snapshot: QuestionnaireSnapshot
) -> None:
    newer = newer_snapshot(snapshot)
    wave = start_wave(store, filled.id, "2.0", questionnaire=newer)
    assert wave.questionnaire_version == "2.0.0"
    store.replace_answers(wave.id, [v("exec1", "base.cx.a", 2), v("exec1", "top.cx.c", 4), v("exec1", "base.ex.f", 0)])
    result = load_trend(store, wave.id)
    assert result.shared_only is True
    assert result.dropped_questions == ("base.ex.b", "base.ex.f", "top.ex.d", "top.ex.e")
    # Only base.cx.a counts for base: first wave mean(100 x3, 0 x4) = 300/7; then 50.
    assert result.levels["base"] == pytest.approx((300 / 7, 50.0))
    assert result.aspects["ex"] == (None, None)


def test_shared_questions_of_identical_questionnaires(mini) -> None:  # type: ignore[no-untyped-def]
    assert shared_questions([mini, mini]) == (tuple(q.id for q in mini.questions), ())
    single = trend([Wave("only", mini, answer_set_from_records([v("a", "top.cx.c", 2)]))])
    assert single.levels["top"] == (50.0,) and changes(single)[0].since_previous is None
    with pytest.raises(ValueError):
        trend([])


def test_composition_counts_people_who_answered_per_group_and_assessed_values(snapshot: QuestionnaireSnapshot) -> None:
    from datetime import UTC, datetime

    from cxmaturity.core.model import Answer, AnswerKind
    from cxmaturity.core.questionnaire import load_questionnaire_text
    from cxmaturity.storage import EvidenceRecord
    from cxmaturity.workspace.waves import Composition, composition_change

    q = load_questionnaire_text(snapshot.text)
    answers = answer_set_from_records(
        [
            v("ann", "base.cx.a", 4, "executives"),
            v("bob", "base.cx.a", 2, "front line"),
            v("bob", "top.cx.c", 0, "front line"),
            v("cy", "base.ex.b", 2, "front line"),
            # "dee" was counted but gave nothing: no answer makes no respondent.
            Answer("dee", "base.cx.a", AnswerKind.UNANSWERED, None, "front line"),
        ],
        respondents=["self", "ann", "bob", "cy", "dee"],
    )
    now = datetime(2026, 11, 30, tzinfo=UTC)
    evidence = {
        "base.cx.a": EvidenceRecord("base.cx.a", "policy", None, 2.0, None, now),
        "top.cx.c": EvidenceRecord("top.cx.c", "note only", None, None, None, now),  # no value: not counted
    }
    first = trend([Wave("Spring", q, answers, evidence=evidence, source="both")]).compositions[0]
    assert first == Composition(3, {"executives": 1, "front line": 2}, 1)
    # The same answers scored from the respondents only: the evidence is not part of the scores.
    only_people = trend([Wave("Spring", q, answers, evidence=evidence)]).compositions[0]
    assert only_people.evidence == 0 and only_people.answered

    autumn = Composition(2, {"front line": 2}, 0)
    empty = Composition(0, {}, 0)
    change = composition_change([first, autumn, empty])
    # Executives answered in wave 1 only; evidence counted in wave 1 only; the empty wave 3 is not compared.
    assert dict(change.groups) == {"executives": (1,)}
    assert change.evidence_waves == (1,)
    assert not composition_change([autumn, autumn, empty])
    assert not empty.answered
