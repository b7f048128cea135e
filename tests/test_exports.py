"""The roadmap plan: merging saved states, and CSV/XLSX exports that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire, find_questionnaire_path
from cxmaturity.core.scoring import score_answers
from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.plan import (
    WARNING_STEP,
    export_table,
    plan_rows,
    roadmap_csv,
    roadmap_xlsx,
    states_to_record,
    titles_of,
    unique_actions,
)
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.storage.records import ActionState

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def questionnaire():
    return find_questionnaire("cx-pyramid")


@pytest.fixture(scope="module")
def library():
    return load_library(library_for(find_questionnaire_path("cx-pyramid")))


def roadmap_for(questionnaire, library, value_of, lang="en"):
    records = [Answer("self", q.id, AnswerKind.VALUE, float(value_of(q))) for q in questionnaire.questions]
    card = score_answers(questionnaire, answer_set_from_records(records))
    return build_roadmap(card, questionnaire, library, lang, TODAY)


@pytest.fixture(scope="module")
def unsupported(questionnaire, library):
    """Weak base, strong top: the roadmap opens with warnings."""
    return roadmap_for(questionnaire, library, lambda q: 1 if q.level in ("communication", "responsiveness") else 4)


@pytest.fixture(scope="module")
def weak_top(questionnaire, library):
    return roadmap_for(questionnaire, library, lambda q: 4 if q.level in ("communication", "responsiveness") else 1)


def test_rows_follow_the_roadmap_and_carry_saved_states(unsupported, library):
    actions = unique_actions(unsupported)
    assert actions[0][0] == WARNING_STEP and actions[0][1].id.startswith("warning.unsupported.")
    target = unsupported.steps[2].actions[0]
    states = {
        target.id: ActionState(target.id, "planned", "Olga", dt.date(2027, 2, 1), "not_possible", "n", edited=True)
    }
    rows = plan_rows(unsupported, states, library)
    assert [r.action_id for r in rows] == [a.id for _s, a in actions]
    row = next(r for r in rows if r.action_id == target.id)
    assert (row.status, row.owner, row.authority, row.due_date, row.step) == (
        "planned",
        "Olga",
        "not_possible",
        dt.date(2027, 2, 1),
        3,
    )
    assert row.edited and not row.kept and not row.is_new
    untouched = next(r for r in rows if r.action_id != target.id and r.step == 1)
    assert (untouched.status, untouched.owner, untouched.authority) == ("proposed", None, untouched.authority)


def test_edited_actions_no_longer_proposed_are_kept(unsupported, weak_top, library):
    gone = next(a for _s, a in unique_actions(weak_top) if a.id not in {x.id for _t, x in unique_actions(unsupported)})
    states = {
        gone.id: ActionState(gone.id, "done", "Ivan", edited=True, title="Saved title", step=3),
        "library.unknown": ActionState("library.unknown", "planned", edited=True, title="Own action", step=2),
        "seen.only": ActionState("seen.only"),
    }
    rows = plan_rows(unsupported, states, library)
    kept = {r.action_id: r for r in rows if r.kept}
    assert set(kept) == {gone.id, "library.unknown"}
    # A library action keeps its library title in the roadmap's language; an unknown one its saved title.
    assert kept[gone.id].title == gone.title and kept[gone.id].status == "done" and kept[gone.id].owner == "Ivan"
    assert kept[gone.id].horizon_days == gone.horizon_days
    assert (kept["library.unknown"].title, kept["library.unknown"].step) == ("Own action", 2)


def test_new_actions_are_only_new_after_the_first_visit(unsupported, weak_top):
    first = states_to_record(weak_top, {})
    assert len(first) == len(unique_actions(weak_top)) and not any(new for _a, new in first)
    seen = {a.id: ActionState(a.id) for _s, a in unique_actions(weak_top)}
    later = states_to_record(unsupported, seen)
    assert later and all(new for _a, new in later)
    assert {a.id for a, _n in later} == {a.id for _s, a in unique_actions(unsupported)} - set(seen)
    # A state saved as new shows as new until somebody edits the action.
    action = later[0][0]
    marked = {**seen, action.id: ActionState(action.id, is_new=True, title=action.title)}
    assert next(r for r in plan_rows(unsupported, marked) if r.action_id == action.id).is_new
    edited = {**seen, action.id: ActionState(action.id, is_new=True, title=action.title, edited=True)}
    assert not next(r for r in plan_rows(unsupported, edited) if r.action_id == action.id).is_new


HOSTILE = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "\rCR", "plain"]


def hostile_rows(weak_top, library):
    rows = plan_rows(weak_top, {}, library)
    target = rows[0].action_id
    states = {
        target: ActionState(
            target, "planned", owner=HOSTILE[0], notes=HOSTILE[1], edited=True, due_date=dt.date(2027, 3, 1)
        )
    }
    rows = plan_rows(weak_top, states, library)
    # Library texts could start with a formula sign too: force one through the title.
    from dataclasses import replace

    return [replace(rows[0], title=HOSTILE[2], why=HOSTILE[3], description=HOSTILE[4]), *rows[1:]]


def test_export_table_neutralises_every_formula_cell(weak_top, library):
    table = export_table(hostile_rows(weak_top, library), "en")
    first = table[1]
    for cell in first:
        if isinstance(cell, str) and cell:
            assert cell[0] not in "=+-@\t\r", cell
    assert "'=1+1" in first and "'+SUM(A1)" in first and "'-2" in first and "'@cmd" in first and "'\tTAB" in first
    assert table[0][:3] == ["Step", "Action id", "Action"]


def test_csv_export(weak_top, library, questionnaire):
    data = roadmap_csv(hostile_rows(weak_top, library), "ru", titles_of(questionnaire, "ru"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][0] == "Шаг" and lines[0][14] == "Статус"
    row = lines[1]
    assert row[2] == "'-2" and row[15] == "'=1+1" and row[18] == "'+SUM(A1)"
    assert row[14] == "Запланировано" and row[17] == "2027-03-01"
    assert len(lines) == len(unique_actions(weak_top)) + 1
    # Every text cell of every row is safe.
    assert all(not cell or cell[0] not in "=+-@\t\r" for line in lines for cell in line)


def test_xlsx_export(weak_top, library, questionnaire):
    data = roadmap_xlsx(hostile_rows(weak_top, library), "uk", titles_of(questionnaire, "uk"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Дорожня карта"
    header = [c.value for c in sheet[1]]
    assert header[0] == "Крок" and header[17] == "Термін"
    values = [c.value for c in sheet[2]]
    assert values[2] == "'-2" and values[15] == "'=1+1" and values[18] == "'+SUM(A1)"
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
    assert sheet.cell(2, 18).value == dt.datetime(2027, 3, 1)
    assert isinstance(sheet.cell(2, 14).value, int)
    assert sheet.max_row == len(unique_actions(weak_top)) + 1
    level_names = {level.title.get("uk") for level in questionnaire.levels} | {""}
    assert all(sheet.cell(r, 7).value in level_names | {None} for r in range(2, sheet.max_row + 1))
