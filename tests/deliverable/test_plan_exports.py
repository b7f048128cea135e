"""The roadmap's CSV/XLSX exports carry the plan as the page, the Gantt chart and the PDF show it: whether
each action is in the plan, its computed start and due dates, and its owner."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import openpyxl

from cxmaturity.roadmap.plan import roadmap_csv, roadmap_xlsx
from cxmaturity.roadmap.schedule import build_plan
from tests.deliverable.test_schedule import TODAY, roadmap_rows


def edited_rows():
    """The schedule test's roadmap; the consultant names the walk's owner and dates an option left out."""
    rows = roadmap_rows()
    rows[0] = replace(rows[0], owner="=Olga Petrova")  # walk: a name that starts like a formula
    rows[2] = replace(rows[2], due_date=dt.date(2027, 2, 1))  # repeat-walk, among "more options"
    return rows


def by_id(lines: list[list[str]]) -> dict[str, dict[str, str]]:
    header = lines[0]
    return {line[1]: dict(zip(header, line, strict=True)) for line in lines[1:]}


def test_csv_carries_in_the_plan_the_computed_dates_and_the_owner() -> None:
    rows = edited_rows()
    data = roadmap_csv(rows, "en", plan=build_plan(rows, TODAY))
    table = by_id(list(csv.reader(io.StringIO(data.decode("utf-8-sig")))))
    walk, pilot, retro, repeat = table["walk"], table["pilot"], table["retro"], table["repeat-walk"]
    # Worked in test_schedule: walk 4-18 Jan, the pilot 17 Mar - 16 May, the retrospective 16-30 May.
    assert (walk["In the plan"], walk["Start"], walk["Due date"]) == ("Yes", "2027-01-04", "2027-01-18")
    assert walk["Owner"] == "'=Olga Petrova"
    assert (pilot["In the plan"], pilot["Start"], pilot["Due date"]) == ("Yes", "2027-03-17", "2027-05-16")
    assert (retro["Start"], retro["Due date"]) == ("2027-05-16", "2027-05-30")
    # An option left out has no computed dates; the due date the consultant set stays.
    assert (repeat["In the plan"], repeat["Start"], repeat["Due date"]) == ("No", "", "2027-02-01")


def test_the_same_terms_in_russian_and_ukrainian() -> None:
    rows = edited_rows()
    plan = build_plan(rows, TODAY)
    ru = by_id(list(csv.reader(io.StringIO(roadmap_csv(rows, "ru", plan=plan).decode("utf-8-sig")))))
    assert (ru["walk"]["В плане"], ru["walk"]["Начало"], ru["walk"]["Срок"]) == ("Да", "2027-01-04", "2027-01-18")
    assert (ru["repeat-walk"]["В плане"], ru["repeat-walk"]["Ответственный"]) == ("Нет", "")
    book = openpyxl.load_workbook(io.BytesIO(roadmap_xlsx(rows, "uk", plan=plan)))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    walk = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert walk["Код дії"] == "walk"
    assert (walk["У плані"], walk["Відповідальний"]) == ("Так", "'=Olga Petrova")
    # Real dates, so a spreadsheet sorts and filters them.
    assert (walk["Початок"], walk["Термін"]) == (dt.datetime(2027, 1, 4), dt.datetime(2027, 1, 18))
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
