"""Stored text is clean on every path in, on SQLite and PostgreSQL alike, and old bad text still exports."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.files.errors import InputError
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.storage.tables import AnswerRow, Organisation
from cxmaturity.workspace.backup import backup_data, restore_backup
from cxmaturity.workspace.results_export import export_assessment, to_xlsx
from tests.storage.test_storage_postgres import cluster, pg_store  # noqa: F401 - fixtures

HOSTILE = ["bad\x00nul", "bell\x07", "vertical\x0btab", "escape\x1b[31m", "delete\x7f"]


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, store: Store) -> Iterator[Store]:
    yield store if request.param == "sqlite" else request.getfixturevalue("pg_store")


def _assessment(store: Store, snapshot: QuestionnaireSnapshot) -> tuple[int, int]:
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    person = store.add_respondent(record.id, "Ann", group="sales")
    return record.id, person.id


@pytest.mark.parametrize("text", HOSTILE)
def test_every_write_refuses_control_characters(any_store: Store, snapshot: QuestionnaireSnapshot, text: str) -> None:
    assessment_id, person_id = _assessment(any_store, snapshot)
    writes = [
        lambda: any_store.save_note(person_id, "base.cx.a", text),
        lambda: any_store.save_answer(person_id, "base.cx.a", AnswerKind.VALUE, 2, note=text),
        lambda: any_store.add_respondent(assessment_id, text),
        lambda: any_store.create_assessment(text, snapshot, "T", "en"),
        lambda: any_store.save_evidence(assessment_id, "base.cx.a", text=text),
        lambda: any_store.replace_answers(
            assessment_id, [Answer("Bob", "base.cx.a", AnswerKind.VALUE, 1.0, None, text)]
        ),
    ]
    for write in writes:
        with pytest.raises(ValueError, match="invisible control character"):
            write()
    # Nothing of it was stored (the same on both databases: no driver error on PostgreSQL's NUL).
    assert any_store.load_answers(assessment_id) == []
    assert [r.label for r in any_store.list_respondents(assessment_id)] == ["self", "Ann"]  # "self": the executive


def test_text_has_a_length_limit_and_line_breaks_are_kept(any_store: Store, snapshot: QuestionnaireSnapshot) -> None:
    assessment_id, person_id = _assessment(any_store, snapshot)
    with pytest.raises(ValueError, match="longer than 10,000 characters"):
        any_store.save_note(person_id, "base.cx.a", "x" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(ValueError, match="longer than 10,000 characters"):
        any_store.replace_answers(
            assessment_id, [Answer("Bob", "base.cx.a", AnswerKind.VALUE, 1.0, None, "y" * (MAX_TEXT_CHARS + 1))]
        )
    any_store.save_note(person_id, "base.cx.a", "first line\r\nsecond\tline\rthird")
    assert [a.note for a in any_store.load_answers(assessment_id)] == ["first line\nsecond\tline\nthird"]


def test_a_backup_with_control_characters_is_refused_and_nothing_stored(
    store: Store, snapshot: QuestionnaireSnapshot
) -> None:
    assessment_id, person_id = _assessment(store, snapshot)
    store.save_answer(person_id, "base.cx.a", AnswerKind.VALUE, 2, note="fine")
    data = backup_data(store, assessment_id)
    assert data["respondents"][1]["label"] == "Ann"
    data["respondents"][1]["answers"][0]["note"] = "bad\x0bnote"
    before = len(store.list_assessments())
    with pytest.raises(InputError) as caught:
        restore_backup(store, json.dumps(data))
    assert [str(e) for e in caught.value.errors] == [
        "backup.json: respondents[1].answers[0].note: holds an invisible control character (U+000B at position 4); remove it"
    ]
    assert len(store.list_assessments()) == before


def test_text_stored_before_the_rule_still_exports_to_xlsx(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    assessment_id, person_id = _assessment(store, snapshot)
    store.save_answer(person_id, "base.cx.a", AnswerKind.VALUE, 2, note="placeholder")
    # Written behind storage's back, as an older version of the app stored it.
    with store.engine.begin() as connection:
        connection.execute(update(AnswerRow).values(note="old\x0bnote\x00 =1+1\x07"))
        connection.execute(update(Organisation).values(name="Org\x07 name"))
    workbook = load_workbook(io.BytesIO(to_xlsx(export_assessment(store, assessment_id, "en"))))
    cells = [str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert "oldnote =1+1" in cells
    assert not any(ch in cell for cell in cells for ch in "\x00\x07\x0b")
