"""One repository round-trip shared by the SQLite and the PostgreSQL tests."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import func, select

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import SELF_LABEL, ActionState, QuestionnaireSnapshot, Store
from cxmaturity.storage.tables import AnswerRow, Assessment, Organisation, Respondent, RoadmapAction


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table, to check that a delete cascades."""
    with store.engine.connect() as connection:
        return {
            table.__tablename__: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in (Organisation, Assessment, Respondent, AnswerRow, RoadmapAction)
        }


def run_roundtrip(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    """Create, answer, import, target, plan and delete an assessment, checking each stored value."""
    record = store.create_assessment("Acme Ltd", snapshot, "Spring check", "ru", industry="retail", size="50-250")
    assert store.find_assessment_by_key(record.key) == record
    assert record.organisation_name == "Acme Ltd" and record.industry == "retail"
    assert (record.questionnaire_id, record.questionnaire_version) == ("mini", "1.0.0")
    assert record.created_at.tzinfo is not None and record.created_at.utcoffset() == timedelta(0)
    assert store.load_snapshot(record.id) == snapshot.text
    assert store.load_questionnaire(record.id).questions[0].id == "base.cx.a"

    me = store.self_respondent(record.id)
    assert me.label == SELF_LABEL
    store.save_answer(me.id, "base.cx.a", AnswerKind.VALUE, 2, note="first")
    store.save_answer(me.id, "base.cx.a", "value", 4)  # overwrite, note kept
    store.save_answer(me.id, "base.ex.b", "na")
    store.save_note(me.id, "top.cx.c", "ask the IT lead")
    assert store.load_answers(record.id) == [
        Answer("self", "base.cx.a", AnswerKind.VALUE, 4.0, None, "first"),
        Answer("self", "base.ex.b", AnswerKind.NOT_APPLICABLE, None, None, None),
        Answer("self", "top.cx.c", AnswerKind.UNANSWERED, None, None, "ask the IT lead"),
    ]

    imported = [
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 2.0, "sales"),
        Answer("Anna", "top.ex.d", AnswerKind.DONT_KNOW, None, "sales"),
        Answer("Boris", "base.cx.a", AnswerKind.VALUE, 0.0, "support", "no scripts yet"),
    ]
    assert store.replace_answers(record.id, imported) == 3
    assert store.load_answers(record.id) == imported
    before = store.load_answers(record.id)
    with pytest.raises(ValueError, match="nothing changed"):
        store.replace_answers(record.id, [*imported, Answer("Carl", "top.cx.c", AnswerKind.VALUE, 4.0), imported[0]])
    assert store.load_answers(record.id) == before
    assert [r.label for r in store.list_respondents(record.id)] == ["self", "Anna", "Boris"]

    store.set_targets(record.id, {"levels": {"base": 70}, "aspects": {"cx": 85.5}})
    assert store.get_targets(record.id) == {"levels": {"base": 70.0}, "aspects": {"cx": 85.5}}

    planned = ActionState("gemba-walk", "planned", owner="CEO", due_date=date(2027, 1, 15), authority="own")
    store.save_action_state(record.id, planned)
    store.save_action_state(record.id, ActionState("pilot-x", is_new=True, title="Pilot the new onboarding", step=4))
    store.save_action_state(record.id, ActionState("gemba-walk", "done", owner="CEO", edited=True))
    states = store.load_action_states(record.id)
    assert list(states) == ["gemba-walk", "pilot-x"]
    assert states["gemba-walk"] == ActionState("gemba-walk", "done", owner="CEO", edited=True)
    assert states["pilot-x"].title == "Pilot the new onboarding" and states["pilot-x"].step == 4

    latest = store.get_assessment(record.id)
    assert latest is not None and latest.updated_at > record.updated_at
    assert latest.updated_at.tzinfo == UTC
    assert [a.id for a in store.list_assessments()] == [record.id]

    assert store.delete_assessment(record.id) is True
    assert store.find_assessment_by_key(record.key) is None
    assert row_counts(store) == dict.fromkeys(
        ("organisation", "assessment", "respondent", "answer", "roadmap_action"), 0
    )
