"""Answer files: long, wide, XLSX; every bad row or cell located, all at once."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from cxmaturity.core.answers import read_answers, read_answers_bytes, records_from_answer_set, write_answers_csv
from cxmaturity.core.model import AnswerKind
from cxmaturity.files.errors import InputError

LONG = "respondent,group,question,value,note\nann,exec,base.cx.a,4,fine\nann,exec,base.ex.b,na,\nbob,front,base.cx.a,dk,\nbob,front,top.cx.c,,\n"


def errors_of(data: bytes, name: str, questionnaire) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_answers_bytes(data, name, questionnaire)
    return [str(e) for e in caught.value.errors]


def test_long_csv_reads_kinds_values_groups_and_notes(mini):
    answers = read_answers_bytes(LONG.encode(), "a.csv", mini)
    records = records_from_answer_set(answers)
    assert answers.respondents == ("ann", "bob")
    assert [(r.respondent, r.question, r.kind, r.value, r.group) for r in records] == [
        ("ann", "base.cx.a", AnswerKind.VALUE, 4.0, "exec"),
        ("ann", "base.ex.b", AnswerKind.NOT_APPLICABLE, None, "exec"),
        ("bob", "base.cx.a", AnswerKind.DONT_KNOW, None, "front"),
        ("bob", "top.cx.c", AnswerKind.UNANSWERED, None, "front"),
    ]
    assert records[0].note == "fine" and records[1].note is None


def test_bom_and_semicolons_are_accepted(mini):
    data = "\ufeff" + LONG.replace(",", ";")
    answers = read_answers_bytes(data.encode("utf-8"), "a.csv", mini)
    assert len(answers.table) == 4


def test_wide_csv_becomes_long_in_questionnaire_order(mini):
    wide = "respondent,group,top.cx.c,base.cx.a\nann,exec,2,4\nbob,front,na,\n"
    records = records_from_answer_set(read_answers_bytes(wide.encode(), "w.csv", mini))
    assert [(r.respondent, r.question, r.code()) for r in records] == [
        ("ann", "top.cx.c", "2"),
        ("ann", "base.cx.a", "4"),
        ("bob", "top.cx.c", "na"),
        ("bob", "base.cx.a", ""),
    ]


def test_every_bad_row_and_cell_is_reported_with_row_and_column(mini):
    bad = (
        "respondent,question,value\n"
        "ann,base.cx.a,5\n"  # not on the scale (0, 2, 4)
        ",base.cx.a,4\n"  # no respondent
        "ann,base.cx.z,4\n"  # unknown question
        "ann,base.cx.a,2\n"  # duplicate of row 2
        "bob,top.ex.d,maybe\n"  # not a value
    )
    assert errors_of(bad.encode(), "bad.csv", mini) == [
        "bad.csv:2: value: '5' is not an answer on this question's scale (allowed: 0, 2, 4, na, dk, or empty)",
        "bad.csv:3: respondent: the respondent is empty; give every row a respondent name or code",
        "bad.csv:4: question: unknown question id 'base.cx.z' (see `python -m cxmaturity show`)",
        "bad.csv:5: question: this respondent already answered this question (first at row 2)",
        "bad.csv:6: value: 'maybe' is not an answer on this question's scale (allowed: 0, 2, 4, na, dk, or empty)",
    ]


def test_wide_errors_name_the_question_column(mini):
    wide = "respondent,base.cx.a,no.such.q\nann,3,4\n"
    assert errors_of(wide.encode(), "w.csv", mini) == [
        "w.csv:1: no.such.q: not a question id of this questionnaire",
        "w.csv:2: base.cx.a: '3' is not an answer on this question's scale (allowed: 0, 2, 4, na, dk, or empty)",
    ]


def test_respondent_in_two_groups_is_an_error(mini):
    data = "respondent,group,question,value\nann,exec,base.cx.a,4\nann,front,top.cx.c,4\n"
    assert errors_of(data.encode(), "g.csv", mini) == [
        "g.csv:2: group: this respondent appears in more than one group",
        "g.csv:3: group: this respondent appears in more than one group",
    ]


def test_structural_problems(mini):
    assert errors_of(b"", "e.csv", mini) == ["e.csv: the file is empty"]
    assert errors_of(b"name,value\nx,1\n", "c.csv", mini) == ["c.csv:1: no 'respondent' column (found: name, value)"]
    assert errors_of(b"respondent,question\nx,base.cx.a\n", "c.csv", mini) == [
        "c.csv:1: a long answer file needs the column(s) value"
    ]
    assert errors_of("respondent,question,value\nann,base.cx.a,café\xff".encode("latin-1"), "l.csv", mini) == [
        "l.csv:2: the file is not UTF-8 text; save it as CSV UTF-8"
    ]
    assert errors_of(b"PK\x03\x04 not really", "x.xlsx", mini)[0].startswith("x.xlsx: not a readable .xlsx workbook")


def test_xlsx_long_file_reads_numbers_and_codes(mini, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "question", "value"])
    sheet.append(["ann", "base.cx.a", 4])
    sheet.append(["ann", "top.ex.d", "dk"])
    sheet.append([None, None, None])
    sheet.append(["bob", "base.cx.a", 7])
    path = tmp_path / "a.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_answers(path, mini)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:5: value: '7' is not an answer on this question's scale (allowed: 0, 2, 4, na, dk, or empty)"
    ]
    buffer = io.BytesIO()
    sheet.delete_rows(5)
    book.save(buffer)
    answers = read_answers_bytes(buffer.getvalue(), "ok.xlsx", mini)
    assert [r.code() for r in records_from_answer_set(answers)] == ["4", "dk"]


def test_csv_export_round_trips_and_neutralises_formulas(mini):
    data = "respondent,group,question,value,note\n=cmd,@grp,base.cx.a,4,+SUM(A1)\nbob,,top.cx.c,dk,plain\n"
    records = records_from_answer_set(read_answers_bytes(data.encode(), "a.csv", mini))
    exported = write_answers_csv(records)
    assert "'=cmd,'@grp,base.cx.a,4,'+SUM(A1)" in exported
    again = records_from_answer_set(read_answers_bytes(exported.encode(), "b.csv", mini))
    assert again == records
