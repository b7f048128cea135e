"""Store methods of the workspace: settings, evidence, search and progress, the fast import path."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import (
    DEFAULT_GROUPS,
    AssessmentRecord,
    NotFoundError,
    ProgressCounts,
    QuestionnaireSnapshot,
    Store,
    check_link,
    head_revision,
)
from tests.workspace.conftest import GROUP_ANSWERS, v


def test_migration_0002_adds_the_workspace_tables(store: Store) -> None:
    assert int(head_revision()[:4]) >= 2  # a branch may name its revision, e.g. 0008_deliverable
    tables = set(inspect(store.engine).get_table_names())
    assert {"assessment_setting", "evidence"} <= tables


def test_settings_default_then_change(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    settings = store.get_settings(record.id)
    assert settings.group_names == DEFAULT_GROUPS == ("executives", "managers", "front line", "customers")
    assert (settings.anonymity_threshold, settings.previous_assessment_id, settings.results_source) == (
        3, None, "respondents"
    )  # fmt: skip
    changed = store.update_settings(record.id, group_names=[" board ", "staff", ""], anonymity_threshold=5)
    assert changed.group_names == ("board", "staff") and changed.anonymity_threshold == 5
    assert store.update_settings(record.id, results_source="both").group_names == ("board", "staff")
    assert store.get_settings(record.id).results_source == "both"
    with pytest.raises(ValueError, match="listed twice"):
        store.update_settings(record.id, group_names=["Staff", "staff"])
    with pytest.raises(ValueError, match=r"1\.\.1000"):
        store.update_settings(record.id, anonymity_threshold=0)
    with pytest.raises(ValueError, match="results source"):
        store.update_settings(record.id, results_source="gut feeling")
    with pytest.raises(ValueError, match="previous wave"):
        store.update_settings(record.id, previous_assessment_id=record.id)
    with pytest.raises(NotFoundError):
        store.get_settings(record.id + 100)


def test_previous_wave_link_is_cleared_when_that_wave_is_deleted(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    first = store.create_assessment("Acme", snapshot, "2025", "en")
    second = store.create_assessment("Acme", snapshot, "2026", "en", organisation_id=first.organisation_id)
    store.update_settings(second.id, previous_assessment_id=first.id)
    assert store.get_settings(second.id).previous_assessment_id == first.id
    assert store.delete_assessment(first.id)
    assert store.get_settings(second.id).previous_assessment_id is None
    assert store.get_assessment(second.id) is not None


@pytest.mark.parametrize(
    ("link", "ok"),
    [("https://example.org/a?b=1", True), ("HTTP://example.org", True), ("javascript:alert(1)", False),
     ("file:///etc/passwd", False), ("ftp://example.org/x", False), ("https://", False), ("example.org", False),
     ("data:text/html,hi", False), ("https://exa mple.org", False)],
)  # fmt: skip
def test_only_http_links_are_accepted(link: str, ok: bool) -> None:
    if ok:
        assert check_link(f"  {link} ") == link
    else:
        with pytest.raises(ValueError, match="link"):
            check_link(link)


def test_evidence_is_saved_replaced_and_deleted(store: Store, filled: AssessmentRecord) -> None:
    evidence = store.load_evidence(filled.id)
    assert list(evidence) == ["base.cx.a", "base.ex.b"]
    first = evidence["base.cx.a"]
    assert (first.text, first.link, first.value, first.rationale) == (
        "CRM audit",
        "https://example.org/audit",
        2.0,
        "half",
    )
    assert first.updated_at.tzinfo is not None
    store.save_evidence(filled.id, "base.cx.a", text="newer", value=None)
    again = store.load_evidence(filled.id)["base.cx.a"]
    assert (again.text, again.link, again.value, again.rationale) == ("newer", None, None, None)
    with pytest.raises(ValueError, match="not on the scale"):
        store.save_evidence(filled.id, "base.cx.a", value=3)
    with pytest.raises(ValueError, match="unknown question"):
        store.save_evidence(filled.id, "nope", value=2)
    with pytest.raises(ValueError, match="link"):
        store.save_evidence(filled.id, "top.cx.c", link="javascript:alert(1)")
    assert store.load_evidence(filled.id)["base.cx.a"].text == "newer"
    assert store.delete_evidence(filled.id, "base.cx.a") is True
    assert store.delete_evidence(filled.id, "base.cx.a") is False
    assert list(store.load_evidence(filled.id)) == ["base.ex.b"]
    store.delete_assessment(filled.id)
    assert store.load_evidence(filled.id) == {}


def test_list_assessments_searches_names_in_any_case_and_filters_status(
    store: Store, snapshot: QuestionnaireSnapshot
) -> None:
    acme = store.create_assessment("Acme Ltd", snapshot, "Spring", "en")
    bank = store.create_assessment("Приватний Банк", snapshot, "Весна", "uk")
    store.set_status(bank.id, "closed")
    assert [r.id for r in store.list_assessments(search="приватний")] == [bank.id]
    assert [r.id for r in store.list_assessments(search="ACME")] == [acme.id]
    assert [r.id for r in store.list_assessments(search="весна")] == [bank.id]
    assert [r.id for r in store.list_assessments(status="collecting")] == [acme.id]
    assert store.list_assessments(search="acme", status="closed") == []
    assert {r.id for r in store.list_assessments()} == {acme.id, bank.id}
    with pytest.raises(ValueError):
        store.list_assessments(status="open")


def test_progress_per_respondent_and_counts(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    anna = store.add_respondent(record.id, "Anna", group="managers")
    boris = store.add_respondent(record.id, "Boris")
    gone = store.add_respondent(record.id, "Gone")
    store.save_answer(anna.id, "base.cx.a", "value", 2)
    store.save_note(anna.id, "top.cx.c", "later")
    store.save_answer(boris.id, "base.cx.a", "dk")
    store.set_submitted(boris.id)
    store.set_revoked(gone.id)
    progress = {p.respondent.label: p for p in store.respondent_progress(record.id)}
    assert {k: (p.state, p.answered) for k, p in progress.items()} == {
        "self": ("not_opened", 0), "Anna": ("started", 1), "Boris": ("completed", 1), "Gone": ("not_opened", 0)
    }  # fmt: skip
    assert progress["self"].last_saved_at is None and progress["Anna"].last_saved_at is not None
    assert progress["Anna"].last_saved_at.tzinfo is not None
    assert store.progress_counts([record.id]) == {record.id: ProgressCounts(not_opened=1, started=1, completed=1)}
    summaries = store.list_assessment_summaries()
    assert len(summaries) == 1 and summaries[0].progress.total == 3 and summaries[0].previous_assessment_id is None


def test_replace_answers_takes_an_answer_set_like_a_list(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    one = store.create_assessment("A", snapshot, "t", "en")
    two = store.create_assessment("B", snapshot, "t", "en")
    records = [*GROUP_ANSWERS, Answer("exec1", "top.ex.d", AnswerKind.UNANSWERED, None, "executives", " look  ")]
    assert store.replace_answers(one.id, records) == len(records)
    assert store.replace_answers(two.id, answer_set_from_records(records)) == len(records)
    assert store.load_answers(one.id) == store.load_answers(two.id)
    stored = [a for a in store.load_answers(two.id) if (a.respondent, a.question) == ("exec1", "top.ex.d")]
    assert stored == [Answer("exec1", "top.ex.d", AnswerKind.UNANSWERED, None, "executives", "look")]
    assert [r.group for r in store.list_respondents(two.id)][:3] == [None, "executives", "executives"]
    with pytest.raises(ValueError, match="nothing changed"):  # refused by the database's unique index
        store.replace_answers(one.id, [v("x", "base.cx.a", 2), v("x", "base.cx.a", 4)])
    assert store.load_answers(one.id) == store.load_answers(two.id)
    with store.engine.connect() as connection:
        # the import's shortcut is undone, also after a failure: later writes are checked again
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA ignore_check_constraints").scalar() == 0


@pytest.mark.parametrize(
    ("bad", "message"),
    [([v("x", "base.cx.a", 2), v("x", "base.cx.a", 4)], "twice"),
     ([v("x", "base.cx.a", 2, "g1"), v("x", "base.ex.b", 2, "g2")], "two groups"),
     ([Answer("x", "base.cx.a", AnswerKind.VALUE, float("nan"))], "finite"),
     ([Answer(" ", "base.cx.a", AnswerKind.VALUE, 1.0)], "empty")],
)  # fmt: skip
def test_a_bad_answer_set_changes_nothing(
    store: Store, filled: AssessmentRecord, bad: list[Answer], message: str
) -> None:
    before = store.load_answers(filled.id)
    respondents = store.list_respondents(filled.id)
    with pytest.raises(ValueError, match=message):
        store.replace_answers(filled.id, answer_set_from_records([v("new", "top.cx.c", 2), *bad]))
    assert store.load_answers(filled.id) == before
    assert store.list_respondents(filled.id) == respondents


def test_load_answer_set_scores_like_the_records(store: Store, filled: AssessmentRecord, mini) -> None:  # type: ignore[no-untyped-def]
    from cxmaturity.core.scoring import score_answers

    fast = store.load_answer_set(filled.id)
    slow = answer_set_from_records(store.load_answers(filled.id))
    assert fast.respondents == slow.respondents == ("exec1", "exec2", "exec3", "front1", "front2", "front3", "cust1")
    assert score_answers(mini, fast, min_group_size=1) == score_answers(mini, slow, min_group_size=1)
    empty = store.create_assessment("E", "tests/fixtures/mini.yaml", "t", "en")
    assert store.load_answer_set(empty.id).respondents == () and len(store.load_answer_set(empty.id).table) == 0
