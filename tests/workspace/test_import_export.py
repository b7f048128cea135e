"""Survey-tool imports with a column mapping, and results/answers exports with formula neutralising."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from cxmaturity.core.model import Answer, AnswerKind, Questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.workspace.column_mapping import import_answers, read_mapped_answers, suggest_mapping
from cxmaturity.workspace.evidence import score_assessment
from cxmaturity.workspace.results_export import (
    answers_tables,
    export_assessment,
    results_tables,
    to_csv,
    to_csv_files,
    to_xlsx,
)

SURVEY = (
    b"Participant;Team;Item;Answer;Comment;Submitted\n"
    b"p1;sales;base.cx.a;4;fine;2026-01-01\n"
    b"p1;sales;base.ex.b;2;;2026-01-01\n"
    b"p2;support;base.cx.a;dk;;2026-01-02\n"
)
MAPPING = {"Participant": "respondent", "Team": "group", "Item": "question", "Answer": "value", "Comment": "note",
           "Submitted": None}  # fmt: skip


def test_suggested_mapping_recognises_common_names(mini: Questionnaire) -> None:
    columns = ["Participant", "Team", "Item", "Answer", "Comment", "Submitted", "BASE.CX.A"]
    assert suggest_mapping(columns, mini) == {**MAPPING, "BASE.CX.A": "base.cx.a"}


def test_import_with_a_mapping(store: Store, filled: AssessmentRecord, mini: Questionnaire) -> None:
    assert import_answers(store, filled.id, SURVEY, "survey.csv", MAPPING) == 3
    assert store.load_answers(filled.id) == [
        Answer("p1", "base.cx.a", AnswerKind.VALUE, 4.0, "sales", "fine"),
        Answer("p1", "base.ex.b", AnswerKind.VALUE, 2.0, "sales"),
        Answer("p2", "base.cx.a", AnswerKind.DONT_KNOW, None, "support"),
    ]
    wide = b"Name,Q1,Q2\nAnn,4,2\nBob,0,na\n"
    answers = read_mapped_answers(wide, "wide.csv", mini, {"Name": "respondent", "Q1": "base.cx.a", "Q2": "base.ex.b"})
    assert answers.respondents == ("Ann", "Bob") and len(answers.table) == 4


def test_every_bad_row_is_reported_by_their_column_and_nothing_is_imported(
    store: Store, filled: AssessmentRecord
) -> None:
    before = store.load_answers(filled.id)
    bad = SURVEY + b"p3;sales;base.cx.a;7;;x\np4;sales;nope;2;;x\n"
    with pytest.raises(InputError) as caught:
        import_answers(store, filled.id, bad, "survey.csv", MAPPING)
    located = [(e.line, e.field) for e in caught.value.errors]
    assert located == [(5, "Answer"), (6, "Item")]
    assert "'7' is not an answer" in str(caught.value)
    assert store.load_answers(filled.id) == before


def test_mistakes_in_the_mapping_are_reported_together(mini: Questionnaire) -> None:
    with pytest.raises(InputError) as caught:
        read_mapped_answers(SURVEY, "s.csv", mini, {"Missing": "note", "Team": "colour", "Item": "question",
                                                   "Comment": "question"})  # fmt: skip
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "s.csv:1: Missing: the file has no such column",
        "s.csv:1: Team: 'colour' is neither a column we read nor a question id",
        "s.csv:1: Item, Comment: several columns map onto 'question'",
    ]


def test_results_tables_hold_the_scores(store: Store, filled: AssessmentRecord) -> None:
    results = score_assessment(store, filled.id)
    tables = {t.name: t for t in results_tables(results.questionnaire, results.card, "ru", min_group_size=3)}
    assert tables["levels"].title == "Уровни" and tables["levels"].header[:3] == ("Код", "Название", "Балл")
    base = tables["levels"].rows[0]
    assert base[:4] == ("base", "Основа", round(412.5 / 7, 2), 7)
    assert base[8] == "низкая" and base[9] == 70.0  # agreement, target
    assert {row[0] for row in tables["groups"].rows} == {"executives", "front line"}
    assert ("executives", "уровень", "base", "Основа", 100.0, 3, 0.0) in tables["groups"].rows
    assert tables["cells"].rows[0] == ("base", "cx", round(300 / 7, 2), 7, pytest.approx(53.45, abs=0.01))


def test_exports_neutralise_formulas(store: Store, filled: AssessmentRecord, mini: Questionnaire) -> None:
    hostile = [
        Answer("=cmd|' /C calc'!A0", "base.cx.a", AnswerKind.VALUE, 2.0, "+group", "@SUM(A1)"),
        Answer("-1", "base.ex.b", AnswerKind.VALUE, 4.0, "+group", "\tTAB"),
        Answer("ok", "top.cx.c", AnswerKind.NOT_APPLICABLE, None, None, "\rCR"),
    ]
    tables = answers_tables(mini, hostile, store.load_evidence(filled.id), "en")
    answers_csv = list(csv.reader(io.StringIO(to_csv(tables[0]), newline="")))
    assert answers_csv[0] == ["Respondent", "Group", "Question ID", "Question", "Answer", "Note"]
    assert answers_csv[1] == ["'=cmd|' /C calc'!A0", "'+group", "base.cx.a", "A", "2", "'@SUM(A1)"]
    assert answers_csv[2][0] == "'-1" and answers_csv[2][5] == "'\tTAB"
    assert answers_csv[3][4:] == ["na", "'\rCR"]
    evidence_csv = list(csv.reader(io.StringIO(to_csv(tables[1]), newline="")))
    assert evidence_csv[2][:3] == ["base.ex.b", "B", '\'=HYPERLINK("http://x")']
    workbook = load_workbook(io.BytesIO(to_xlsx(tables)))
    assert workbook.sheetnames == ["Answers", "Evidence"]
    sheet = workbook["Answers"]
    assert sheet["A2"].value == "=cmd|' /C calc'!A0".join(["'", ""]) and sheet["A2"].data_type == "s"
    assert sheet["E2"].value == "2" and sheet["F2"].value == "'@SUM(A1)"
    assert workbook["Evidence"]["C3"].value == '\'=HYPERLINK("http://x")'
    assert workbook["Evidence"]["E2"].value == 2


def test_whole_assessment_export(store: Store, filled: AssessmentRecord) -> None:
    tables = export_assessment(store, filled.id, "uk")
    assert [t.name for t in tables] == ["levels", "aspects", "cells", "groups", "answers", "evidence"]
    files = to_csv_files(tables)
    assert files["answers.csv"].startswith("\ufeff".encode()) and len(files) == 6
    assert "Відповіді" in load_workbook(io.BytesIO(to_xlsx(tables))).sheetnames
    assert len(tables[4].rows) == 19


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_exported_answers_import_back_to_the_same_results(
    store: Store, filled: AssessmentRecord, mini: Questionnaire, lang: str
) -> None:
    from cxmaturity.workspace.results_export import export_assessment

    store.save_note(store.self_respondent(filled.id).id, "top.ex.d", "=1+1 is not a formula")
    tables = {t.name: t for t in export_assessment(store, filled.id, lang)}
    data = to_csv_files([tables["answers"]])["answers.csv"]
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    mapping = suggest_mapping(header, mini)
    assert sorted(v for v in mapping.values() if v) == ["group", "note", "question", "respondent", "value"]
    copy = store.create_assessment("Copy", "tests/fixtures/mini.yaml", "copy", "en", targets={"levels": {"base": 70}})
    assert import_answers(store, copy.id, data, "answers.csv", mapping) == 20
    assert store.load_answers(copy.id) == store.load_answers(filled.id)
    assert score_assessment(store, copy.id).card.levels == score_assessment(store, filled.id).card.levels
