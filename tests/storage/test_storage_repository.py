"""The repository on SQLite: assessments, respondents, answers, imports, targets, roadmap states."""

from __future__ import annotations

import base64
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.files.errors import InputError
from cxmaturity.storage import (
    SELF_LABEL,
    ActionState,
    AnswerRejectedError,
    NotFoundError,
    QuestionnaireSnapshot,
    Store,
    is_token_shaped,
    to_targets,
)
from cxmaturity.storage.tables import AnswerRow
from tests.storage.conftest import MINI
from tests.storage.roundtrip import row_counts, run_roundtrip


def answer_rows(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(AnswerRow)) or 0


def test_repository_roundtrip_on_sqlite(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    run_roundtrip(store, snapshot)


def test_snapshot_from_file_keeps_text_and_hash(snapshot: QuestionnaireSnapshot) -> None:
    raw = MINI.read_bytes()
    assert snapshot.text.encode("utf-8") == raw
    assert (snapshot.id, snapshot.version) == ("mini", "1.0.0")
    import hashlib

    assert snapshot.hash == hashlib.sha256(raw).hexdigest()


def test_create_from_a_path_and_refuse_an_invalid_file(store: Store, tmp_path: Path) -> None:
    record = store.create_assessment("Acme", MINI, "From path", "en")
    assert record.questionnaire_id == "mini"
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError):
        store.create_assessment("Acme", broken, "Broken", "en")
    assert [a.title for a in store.list_assessments()] == ["From path"]


def test_snapshot_survives_edits_of_the_file(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "q.yaml"
    copy.write_bytes(MINI.read_bytes())
    record = store.create_assessment("Acme", copy, "Frozen", "en")
    copy.write_text(MINI.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 2.0.0"), "utf-8")
    assert store.load_questionnaire(record.id).version == "1.0.0"
    assert store.get_assessment(record.id).questionnaire_version == "1.0.0"  # type: ignore[union-attr]


def test_new_assessment_has_one_self_respondent(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "uk")
    respondents = store.list_respondents(record.id)
    assert [(r.label, r.group, r.revoked, r.submitted_at) for r in respondents] == [(SELF_LABEL, None, False, None)]
    assert store.self_respondent(record.id) == respondents[0]


def test_list_is_newest_change_first_and_delete_cascades(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    first = store.create_assessment("Alpha", snapshot, "One", "en")
    second = store.create_assessment("Beta", snapshot, "Two", "en")
    assert [a.title for a in store.list_assessments()] == ["Two", "One"]
    store.save_answer(store.self_respondent(first.id).id, "base.cx.a", "value", 2)
    assert [a.title for a in store.list_assessments()] == ["One", "Two"]

    store.save_action_state(first.id, ActionState("gemba-walk"))
    assert store.delete_assessment(first.id) is True
    assert store.delete_assessment(first.id) is False
    assert [a.id for a in store.list_assessments()] == [second.id]
    assert row_counts(store) == {"organisation": 1, "assessment": 1, "respondent": 1, "answer": 0, "roadmap_action": 0}


def test_shared_organisation_stays_until_its_last_assessment_goes(
    store: Store, snapshot: QuestionnaireSnapshot
) -> None:
    first = store.create_assessment("Acme", snapshot, "2026", "en", industry="banking")
    second = store.create_assessment("ignored", snapshot, "2027", "en", organisation_id=first.organisation_id)
    assert second.organisation_name == "Acme" and second.industry == "banking"
    assert [a.title for a in store.list_assessments(first.organisation_id)] == ["2027", "2026"]
    store.delete_assessment(first.id)
    assert [o.name for o in store.list_organisations()] == ["Acme"]
    store.delete_assessment(second.id)
    assert store.list_organisations() == []
    with pytest.raises(NotFoundError):
        store.create_assessment("x", snapshot, "t", "en", organisation_id=999)


@pytest.mark.parametrize(
    "key",
    ["", "short", "a" * 31, "a" * 33, "a" * 31 + "!", "' OR 1=1 --" + "a" * 21, "a" * 31 + "\n", None, 12345],
)
def test_malformed_keys_return_none(store: Store, snapshot: QuestionnaireSnapshot, key: object) -> None:
    store.create_assessment("Acme", snapshot, "Check", "en")
    assert store.find_assessment_by_key(key) is None  # type: ignore[arg-type]
    assert store.find_respondent_by_token(key) is None  # type: ignore[arg-type]


def test_unknown_well_formed_key_returns_none(store: Store) -> None:
    assert store.find_assessment_by_key("A" * 32) is None


def test_tokens_are_unique_and_carry_192_random_bits(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    records = [store.create_assessment("Acme", snapshot, f"Check {i}", "en") for i in range(40)]
    tokens = [r.key for r in records] + [store.self_respondent(r.id).token for r in records]
    assert len(set(tokens)) == len(tokens) == 80
    for token in tokens:
        assert is_token_shaped(token) and len(token) == 32
        assert len(base64.urlsafe_b64decode(token)) == 24  # 192 bits
    assert store.find_respondent_by_token(tokens[40]).assessment_id == records[0].id  # type: ignore[union-attr]


def test_answer_upsert_keeps_one_row_with_the_latest_value(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id)
    for value in (0, 4, 2):
        store.save_answer(me.id, "base.cx.a", AnswerKind.VALUE, value)
    assert answer_rows(store) == 1
    assert store.load_answers(record.id) == [Answer("self", "base.cx.a", AnswerKind.VALUE, 2.0)]
    store.save_answer(me.id, "base.cx.a", "dk", 3)  # a number given with "dk" is dropped
    assert store.load_respondent_answers(me.id)["base.cx.a"] == Answer("self", "base.cx.a", AnswerKind.DONT_KNOW)
    assert answer_rows(store) == 1


def test_notes_are_kept_set_and_cleared(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id).id
    store.save_note(me, "top.ex.d", "  check with HR  ")
    assert store.load_answers(record.id) == [Answer("self", "top.ex.d", AnswerKind.UNANSWERED, note="check with HR")]
    store.save_answer(me, "top.ex.d", "value", 4)  # note=None keeps the note
    store.save_note(me, "top.ex.d", "HR confirmed")  # the note alone keeps the answer
    assert store.load_answers(record.id) == [Answer("self", "top.ex.d", AnswerKind.VALUE, 4.0, note="HR confirmed")]
    store.save_answer(me, "top.ex.d", "value", 2, note="")
    assert store.load_answers(record.id)[0].note is None
    store.save_answer(me, "top.ex.d", "value", 2, note="Ничего не внедрено — ґ ї є")
    assert store.load_answers(record.id)[0].note == "Ничего не внедрено — ґ ї є"


@pytest.mark.parametrize(
    ("kind", "value"),
    [("maybe", None), ("value", None), ("value", float("nan")), ("value", float("inf")), ("value", True)],
)
def test_bad_answers_are_refused(store: Store, snapshot: QuestionnaireSnapshot, kind: str, value: object) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    with pytest.raises(ValueError):
        store.save_answer(store.self_respondent(record.id).id, "base.cx.a", kind, value)  # type: ignore[arg-type]
    assert answer_rows(store) == 0


def test_answers_refused_for_unknown_revoked_or_closed(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id)
    with pytest.raises(NotFoundError):
        store.save_answer(me.id + 100, "base.cx.a", "value", 2)
    guest = store.add_respondent(record.id, "Guest", group="sales", email="g@example.com")
    store.set_revoked(guest.id)
    assert store.find_respondent_by_token(guest.token) is None
    with pytest.raises(AnswerRejectedError):
        store.save_answer(guest.id, "base.cx.a", "value", 2)
    store.set_status(record.id, "closed")
    with pytest.raises(AnswerRejectedError):
        store.save_answer(me.id, "base.cx.a", "value", 2)
    with pytest.raises(AnswerRejectedError):
        store.replace_answers(record.id, [])
    store.set_status(record.id, "collecting")
    store.save_answer(me.id, "base.cx.a", "value", 2)
    assert answer_rows(store) == 1
    with pytest.raises(ValueError):
        store.set_status(record.id, "archived")


def test_respondent_management(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    anna = store.add_respondent(record.id, "Anna", group="sales")
    with pytest.raises(ValueError, match="already exists"):
        store.add_respondent(record.id, "Anna")
    renewed = store.new_respondent_token(anna.id)
    assert renewed.token != anna.token and store.find_respondent_by_token(anna.token) is None
    assert store.find_respondent_by_token(renewed.token) == renewed
    done = store.set_submitted(anna.id)
    assert done.submitted_at is not None and done.submitted_at.tzinfo is not None
    moved = store.update_respondent(anna.id, group="", email="anna@example.com")
    assert (moved.group, moved.email) == (None, "anna@example.com")
    store.save_answer(anna.id, "base.cx.a", "value", 4)
    assert store.delete_respondent(anna.id) is True
    assert answer_rows(store) == 0
    assert [r.label for r in store.list_respondents(record.id)] == ["self"]


def test_replace_answers_creates_respondents_by_label_with_groups(
    store: Store, snapshot: QuestionnaireSnapshot
) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    store.save_answer(store.self_respondent(record.id).id, "base.cx.a", "value", 4)
    imported = [
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 2.0, "sales"),
        Answer("Anna", "base.ex.b", AnswerKind.VALUE, 1.5),  # group given once is enough
        Answer("Boris", "base.cx.a", AnswerKind.NOT_APPLICABLE, None, "support", "not our job"),
    ]
    assert store.replace_answers(record.id, imported) == 3
    assert store.load_answers(record.id) == [
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 2.0, "sales"),
        Answer("Anna", "base.ex.b", AnswerKind.VALUE, 1.5, "sales"),
        Answer("Boris", "base.cx.a", AnswerKind.NOT_APPLICABLE, None, "support", "not our job"),
    ]
    # self stays (with no answers), new respondents got their own tokens
    respondents = {r.label: r for r in store.list_respondents(record.id)}
    assert list(respondents) == ["self", "Anna", "Boris"]
    assert respondents["Boris"].group == "support" and is_token_shaped(respondents["Boris"].token)
    # importing again reuses respondents (same ids) and replaces their answers
    store.replace_answers(record.id, [Answer("Anna", "top.cx.c", AnswerKind.VALUE, 0.0, "sales")])
    assert store.load_answers(record.id) == [Answer("Anna", "top.cx.c", AnswerKind.VALUE, 0.0, "sales")]
    assert store.find_respondent(record.id, "Anna").id == respondents["Anna"].id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "bad",
    [
        Answer("Carl", "base.cx.a", AnswerKind.VALUE, None),  # no number
        Answer("Carl", "base.cx.a", "sometimes", None),  # type: ignore[arg-type]
        Answer("", "base.cx.a", AnswerKind.VALUE, 2.0),  # no respondent
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 2.0, "support"),  # Anna is in sales
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 3.0, "sales"),  # the same question twice (database)
    ],
)
def test_replace_answers_is_all_or_nothing(store: Store, snapshot: QuestionnaireSnapshot, bad: Answer) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    previous = [
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 4.0, "sales", "kept"),
        Answer("self", "top.ex.d", AnswerKind.DONT_KNOW),
    ]
    store.replace_answers(record.id, previous)
    before_respondents = store.list_respondents(record.id)
    new = [
        Answer("Dana", "top.cx.c", AnswerKind.VALUE, 2.0, "ops"),
        Answer("Anna", "base.cx.a", AnswerKind.VALUE, 0.0, "sales"),
        bad,
    ]
    with pytest.raises(ValueError):
        store.replace_answers(record.id, new)
    assert sorted(store.load_answers(record.id), key=lambda a: a.respondent) == previous
    assert store.list_respondents(record.id) == before_respondents


def test_targets_round_trip_and_validation(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en", targets={"levels": {"base": 90}})
    assert record.targets == {"levels": {"base": 90.0}, "aspects": {}}
    store.set_targets(record.id, {"levels": {"base": 75, "top": 60.5}, "aspects": {"cx": 100}})
    stored = store.get_targets(record.id)
    assert stored == {"levels": {"base": 75.0, "top": 60.5}, "aspects": {"cx": 100.0}}
    targets = to_targets(stored, default=80)
    assert (targets.for_level("top"), targets.for_level("other"), targets.for_aspect("cx")) == (60.5, 80, 100.0)
    bad_targets: list[dict[str, object]] = [
        {"levels": {"base": 101}},
        {"levels": {"base": "high"}},
        {"stages": {}},
        {"aspects": [1]},
    ]
    for bad in bad_targets:
        with pytest.raises(ValueError):
            store.set_targets(record.id, bad)
    assert store.get_targets(record.id) == stored
    with pytest.raises(NotFoundError):
        store.get_targets(record.id + 1)


def test_action_states(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    stored = store.save_action_state(
        record.id,
        ActionState("form-team", "in_progress", owner=" HR lead ", due_date=date(2027, 3, 1), authority="sanction"),
    )
    assert stored == ActionState("form-team", "in_progress", "HR lead", date(2027, 3, 1), "sanction")
    assert store.load_action_states(record.id) == {"form-team": stored}
    for bad in (ActionState("x", "someday"), ActionState("x", step=6), ActionState("x", is_new=True)):
        with pytest.raises(ValueError):
            store.save_action_state(record.id, bad)
    assert store.delete_action_state(record.id, "form-team") is True
    assert store.load_action_states(record.id) == {}
    with pytest.raises(NotFoundError):
        store.save_action_state(record.id + 1, ActionState("x"))


def test_assessment_and_organisation_updates(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en", notes="first visit")
    changed = store.update_assessment(record.id, title="Spring check", notes="")
    assert (changed.title, changed.language, changed.notes) == ("Spring check", "en", None)
    organisation = store.update_organisation(record.organisation_id, size="250+", notes="HQ in Kyiv")
    assert (organisation.name, organisation.size, organisation.notes) == ("Acme", "250+", "HQ in Kyiv")
    assert store.get_assessment(record.id).size == "250+"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        store.update_assessment(record.id, title="  ")
    with pytest.raises(NotFoundError):
        store.update_assessment(record.id + 1, title="x")


def test_answers_survive_a_new_engine(sqlite_url: str, snapshot: QuestionnaireSnapshot) -> None:
    first = Store.open(sqlite_url)
    record = first.create_assessment("Acme", snapshot, "Check", "en")
    first.save_answer(first.self_respondent(record.id).id, "base.cx.a", "value", 4, note="saved")
    first.dispose()
    second = Store.open(sqlite_url)
    found = second.find_assessment_by_key(record.key)
    assert found is not None and (found.id, found.title, found.created_at) == (record.id, "Check", record.created_at)
    assert second.load_answers(record.id) == [Answer("self", "base.cx.a", AnswerKind.VALUE, 4.0, note="saved")]
    second.dispose()


def test_answers_survive_a_killed_process(sqlite_url: str, snapshot: QuestionnaireSnapshot) -> None:
    store = Store.open(sqlite_url)
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id).id
    # Another process saves and dies without closing anything (as a killed server would).
    script = (
        "import os, sys\n"
        "from cxmaturity.storage import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "store.save_answer(int(sys.argv[2]), 'top.ex.d', 'value', 2, note='from the other process')\n"
        "os._exit(0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script, sqlite_url, str(me)], check=True, cwd=root, timeout=60)
    assert store.load_answers(record.id) == [
        Answer("self", "top.ex.d", AnswerKind.VALUE, 2.0, note="from the other process")
    ]
    store.dispose()


def test_save_answer_is_fast(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id).id
    questions = ["base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d"]
    store.save_answer(me, questions[0], "value", 0)  # warm the statement cache
    rounds = 300
    started = time.perf_counter()
    for index in range(rounds):
        store.save_answer(me, questions[index % 4], "value", index % 5)
    per_save_ms = (time.perf_counter() - started) * 1000 / rounds
    print(f"save_answer: {per_save_ms:.2f} ms")
    # ~0.4 ms here; the bound only catches a pathological regression (e.g. a statement rebuilt per call).
    assert per_save_ms < 10


def test_concurrent_writers_and_readers_on_sqlite(sqlite_url: str, snapshot: QuestionnaireSnapshot) -> None:
    setup = Store.open(sqlite_url)
    record = setup.create_assessment("Acme", snapshot, "Check", "en")
    people = [setup.add_respondent(record.id, f"P{i}").id for i in range(4)]
    questions = ["base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d"]
    errors: list[BaseException] = []

    def write(respondent_id: int) -> None:
        store = Store.open(sqlite_url, upgrade=False)  # one engine each, like separate processes
        try:
            for index in range(60):
                store.save_answer(respondent_id, questions[index % 4], "value", index % 5)
                store.load_answers(record.id)
        except BaseException as error:
            errors.append(error)
        finally:
            store.dispose()

    threads = [threading.Thread(target=write, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = setup.load_answers(record.id)
    assert len(stored) == 16
    # the last save of each question: index 56..59 -> values 1, 2, 3, 4
    assert {(a.respondent, a.question): a.value for a in stored} == {
        (f"P{i}", q): float(v) for i in range(4) for q, v in zip(questions, (1, 2, 3, 4), strict=True)
    }
    setup.dispose()


def test_upsert_fallback_for_other_databases(
    store: Store, snapshot: QuestionnaireSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    me = store.self_respondent(record.id).id
    # Databases without ON CONFLICT take the update-then-insert path.
    monkeypatch.setattr(store.engine.dialect, "name", "otherdb")
    store.save_answer(me, "base.cx.a", "value", 1, note="n")
    store.save_answer(me, "base.cx.a", "value", 3)
    store.save_note(me, "base.ex.b", "only a note")
    monkeypatch.undo()
    assert answer_rows(store) == 2
    assert store.load_answers(record.id) == [
        Answer("self", "base.cx.a", AnswerKind.VALUE, 3.0, note="n"),
        Answer("self", "base.ex.b", AnswerKind.UNANSWERED, note="only a note"),
    ]
