"""Data page, workspace tools: the column-mapping import, result exports, JSON backup and restore."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.storage import Store
from cxmaturity.ui.data_io import export_files
from cxmaturity.ui.mapping_view import map_key
from cxmaturity.ui.shell import plain
from cxmaturity.workspace.evidence import score_assessment
from tests.app.conftest import BUILTIN, no_exception, texts

QUESTIONNAIRE = load_questionnaire(BUILTIN)
CHANNEL, STATUS, FIRST = (
    "communication.cx.channel-choice",
    "communication.cx.proactive-status",
    "responsiveness.cx.first-contact-resolution",
)


def stored(store, record):
    return sorted((a.respondent, a.group, a.question, a.kind, a.value, a.note) for a in store.load_answers(record.id))


def filled(store, name="Acme"):
    record = store.create_assessment(name, BUILTIN, "Spring", "en")
    store.add_respondent(record.id, "=cmd|' /C calc'!A0", group="executives")
    answers = [
        Answer("=cmd|' /C calc'!A0", CHANNEL, AnswerKind.VALUE, 4.0, "executives", '=HYPERLINK("http://x")'),
        Answer("=cmd|' /C calc'!A0", STATUS, AnswerKind.NOT_APPLICABLE, None, "executives", "+1 for this"),
        Answer("ana", CHANNEL, AnswerKind.VALUE, 1.0, "front line", None),
        Answer("ana", FIRST, AnswerKind.DONT_KNOW, None, "front line", "@ask the boss"),
        Answer("ben", FIRST, AnswerKind.VALUE, 3.0, "front line", None),
    ]
    store.replace_answers(record.id, answers)
    store.save_evidence(record.id, CHANNEL, text="-2 complaints a week", link="https://example.com/x", value=3)
    return record


def scores(store, record):
    card = score_assessment(store, record.id).card
    return (
        card.overall.score,
        card.stage,
        {key: entry.score for key, entry in card.levels.items()},
        {key: entry.score for key, entry in card.aspects.items()},
    )


def upload(at, key, name, data, mime="text/csv"):
    at.file_uploader(key=key).set_value((name, data, mime))
    at.run()
    no_exception(at)


SURVEY = (
    b"Participant,Team,Channel choice (Q1),E-mail,Comment\n"
    b"p1,executives,4,p1@example.com,\n"
    b"p2,front line,2,p2@example.com,\n"
    b"p3,front line,dk,,\n"
)


def test_a_survey_file_is_imported_through_the_mapping_step(open_app, store):
    record = filled(store)
    at = open_app("pages/data.py", a=record.key)
    upload(at, "data.import.file", "survey.csv", SURVEY)
    page = texts(at)
    assert "Match the file's columns" in page
    # The guesses: participant -> respondent, team -> group; the rest is left for the user.
    assert [at.selectbox(key=map_key(i)).value for i in range(5)] == ["respondent", "group", "", "", "note"]
    assert at.dataframe[0].value["Participant"].tolist() == ["p1", "p2", "p3"]  # the preview
    # A wide file's "Comment" is not a question: a located error names their column.
    assert plain("survey.csv:1: Comment: not a question id of this questionnaire") in texts(at)
    at.selectbox(key=map_key(4)).set_value("").run()
    # Nothing mapped onto a question yet: no answers, so no import that would only wipe the stored ones.
    assert "With these column choices the file holds no answers" in texts(at)
    assert not [b for b in at.button if b.key == "data.import.apply"]
    at.selectbox(key=map_key(2)).set_value(CHANNEL).run()
    no_exception(at)
    assert "The file is valid: 3 answers from 3 respondents." in texts(at)
    assert "Importing deletes the 5 answers saved now by 3 respondents" in texts(at)
    at.button(key="data.import.apply").click().run()
    no_exception(at)
    assert "Imported 3 answers." in [s.value for s in at.success]
    assert "The assessment now holds the answers of 3 respondents from the file." in texts(at)
    assert stored(store, record) == [
        ("p1", "executives", CHANNEL, AnswerKind.VALUE, 4.0, None),
        ("p2", "front line", CHANNEL, AnswerKind.VALUE, 2.0, None),
        ("p3", "front line", CHANNEL, AnswerKind.DONT_KNOW, None, None),
    ]


def test_every_bad_row_is_shown_and_nothing_is_stored(open_app, store):
    record = filled(store)
    before = stored(store, record)
    bad = (
        "Participant,Team,Item,Score\n"
        f"p1,executives,{CHANNEL},9\n"
        f"p2,executives,{CHANNEL},2\n"
        "p3,executives,no.such.question,2\n"
        f"p4,executives,{STATUS},maybe\n"
    ).encode()
    at = open_app("pages/data.py", a=record.key)
    upload(at, "data.import.file", "bad.csv", bad)
    assert [at.selectbox(key=map_key(i)).value for i in range(4)] == ["respondent", "group", "question", "value"]
    errors = [e.value for e in at.error]
    assert errors[0] == "The file was not imported: 3 problems to fix. Nothing has changed."
    shown = [error.replace("\\", "") for error in errors[1:]]  # shown escaped (plain)
    assert len(shown) == 3
    # Each names the file, the row in the file and the file's own column.
    assert [s.split(":")[:3] for s in shown] == [["bad.csv", "2", " Score"], ["bad.csv", "4", " Item"],
                                                 ["bad.csv", "5", " Score"]]  # fmt: skip
    assert not [b for b in at.button if b.key == "data.import.apply"]
    assert stored(store, record) == before


def test_more_than_fifty_errors_are_all_listed(open_app, store):
    record = filled(store)
    before = stored(store, record)
    rows = "".join(f"p{i},{CHANNEL},7\n" for i in range(60))
    at = open_app("pages/data.py", a=record.key)
    upload(at, "data.import.file", "many.csv", f"Participant,Item,Answer\n{rows}".encode())
    errors = [e.value for e in at.error]
    assert errors[0] == "The file was not imported: 60 problems to fix. Nothing has changed."
    assert len(errors) == 1 + 50
    table = at.dataframe[-1].value
    assert table["Row"].tolist() == list(range(2, 62))
    assert set(table["Column"]) == {"Answer"}
    assert stored(store, record) == before


def prepared(at, kind):
    """The file one click on its download button gives (AppTest does not run a button's deferred ``data``:
    the page's own builder for that button is called instead, as Streamlit calls it on the click)."""
    no_exception(at)
    assert f"datapage.download.{kind}" in [b.key for b in at.get("download_button")]
    assert not [b for b in at.button if b.key.startswith("datapage.prepare")]  # one click, no "prepare" first
    store = Store.open()  # the app's database (CXM_DATA_DIR)
    key = at.query_params["a"]
    record = store.find_assessment_by_key(key[0] if isinstance(key, list) else key)
    build, _name, _mime = export_files(store, record, "en", "")[kind]  # AppTest's page root is ""
    try:
        return build()
    finally:
        store.dispose()


def test_exported_answers_import_back_with_the_same_scores(open_app, store):
    source = filled(store, "Source")
    target = store.create_assessment("Target", BUILTIN, "Spring", "en")
    at = open_app("pages/data.py", a=source.key)
    files = zipfile.ZipFile(io.BytesIO(prepared(at, "zip")))
    assert sorted(files.namelist()) == ["answers.csv", "aspects.csv", "cells.csv", "evidence.csv", "groups.csv",
                                        "levels.csv", "respondent_links.csv"]  # fmt: skip
    answers_csv = files.read("answers.csv")
    at = open_app("pages/data.py", a=target.key)
    upload(at, "data.import.file", "answers.csv", answers_csv)
    # Our own export's headers are recognised; "Question" (the text) is ignored.
    header = ["Respondent", "Group", "Question ID", "Question", "Answer", "Note"]
    assert answers_csv.decode("utf-8-sig").splitlines()[0] == ",".join(header)
    assert [at.selectbox(key=map_key(i)).value for i in range(6)] == ["respondent", "group", "question", "", "value",
                                                                      "note"]  # fmt: skip
    at.button(key="data.import.apply").click().run()
    no_exception(at)
    assert "Imported 5 answers." in [s.value for s in at.success]
    assert scores(store, target) == scores(store, source)
    # Notes come back as written (the leading ' only protects them inside spreadsheets).
    assert stored(store, target) == stored(store, source)


def test_the_xlsx_export_neutralises_formulas(open_app, store):
    record = filled(store)
    at = open_app("pages/data.py", a=record.key)
    workbook = load_workbook(io.BytesIO(prepared(at, "xlsx")))
    assert workbook.sheetnames == ["Levels", "Aspects", "Cells", "Groups", "Answers", "Evidence", "Respondents' links"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    texts_ = [cell for cell in cells if isinstance(cell, str)]
    assert not [cell for cell in texts_ if cell[:1] in ("=", "+", "-", "@")]
    answers = list(workbook["Answers"].iter_rows(values_only=True))
    assert answers[0] == ("Respondent", "Group", "Question ID", "Question", "Answer", "Note")
    assert answers[1][0] == "'=cmd|' /C calc'!A0" and answers[1][5] == '\'=HYPERLINK("http://x")'
    assert list(workbook["Evidence"].iter_rows(values_only=True))[1][2] == "'-2 complaints a week"
    levels = {row[0]: row[2] for row in workbook["Levels"].iter_rows(min_row=2, values_only=True)}
    card = score_assessment(store, record.id).card
    assert levels == {key: round(entry.score, 2) if entry.score is not None else None
                      for key, entry in card.levels.items()}  # fmt: skip
    # Every invited respondent's personal link (the app's address is unknown to AppTest, so links are relative).
    people = {p.label: p.token for p in store.list_respondents(record.id)}
    links = list(workbook["Respondents' links"].iter_rows(values_only=True))
    assert links[0] == ("Respondent", "Group", "E-mail", "Personal link")
    hostile = "=cmd|' /C calc'!A0"
    assert links[1:] == [(f"'{hostile}", "executives", None, f"/?r={people[hostile]}"),
                         ("ana", "front line", None, f"/?r={people['ana']}"),
                         ("ben", "front line", None, f"/?r={people['ben']}")]  # fmt: skip
    # Columns as wide as their content (within 8..60 characters), scores with at most two decimals.
    sheet = workbook["Answers"]
    assert sheet.column_dimensions["A"].width == len("=cmd|' /C calc'!A0") + 1 + 2  # the leading ' counts
    assert sheet.column_dimensions["E"].width == 8  # "Answer" and "4", at least 8
    assert sheet.column_dimensions["D"].width == 60  # the questions' texts are longer: capped
    assert workbook["Levels"]["C2"].number_format == "0.0#"  # a score; the answer codes ("4", "na") stay text


def test_a_backup_restores_as_a_new_assessment_with_the_same_scores(open_app, store):
    record = filled(store)
    at = open_app("pages/data.py", a=record.key)
    data = prepared(at, "backup")
    assert json.loads(data)["assessment"]["title"] == "Spring"
    # Restoring into this installation: the key is taken, so the copy gets a fresh one.
    upload(at, "datapage.restore.file", "backup.json", data, "application/json")
    assert "This backup holds the assessment Spring of Acme: 4 respondents, 5 saved answers." in texts(at)
    at.button(key="datapage.restore.apply").click().run()
    no_exception(at)
    restored = [r for r in store.list_assessments() if r.id != record.id]
    assert len(restored) == 1
    copy = restored[0]
    assert (copy.organisation_name, copy.title) == ("Acme", "Spring") and copy.organisation_id != record.organisation_id
    assert at.query_params["a"] in (copy.key, [copy.key])
    assert "Restored the assessment Spring of Acme. It is open now." in [s.value for s in at.success]
    assert scores(store, copy) == scores(store, record)
    assert store.load_evidence(copy.id)[CHANNEL].value == 3.0


def test_a_bad_backup_gives_located_messages(open_app, store):
    record = filled(store)
    at = open_app("pages/data.py", a=record.key)
    document = json.loads(prepared(at, "backup"))
    document["respondents"][1]["answers"][0]["kind"] = "maybe"
    del document["settings"]["results_source"]
    upload(at, "datapage.restore.file", "broken.json", json.dumps(document).encode(), "application/json")
    errors = [e.value.replace("\\", "") for e in at.error]  # located messages are shown escaped (plain)
    assert errors == [
        "The backup was not restored: 2 problems found. Nothing has changed.",
        "broken.json: settings.results_source: Field required",
        "broken.json: respondents[1].answers[0].kind: Input should be 'value', 'na', 'dk' or 'unanswered'",
    ]
    assert not [b for b in at.button if b.key == "datapage.restore.apply"]
    upload(at, "datapage.restore.file", "notjson.json", b"{oops", "application/json")
    assert "notjson.json:1: not valid JSON" in [e.value for e in at.error][1].replace("\\", "")
    assert len(store.list_assessments()) == 1


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_data_page_reads_in_other_languages(open_app, store, language):
    record = filled(store)
    at = open_app("pages/data.py", a=record.key, lang=language)
    no_exception(at)
    labels = {b.key: b.proto.label for b in at.get("download_button")}
    expected = {"ru": ("Скачать CSV-файлы (ZIP)", "Скачать резервную копию (JSON)"),
                "uk": ("Завантажити CSV-файли (ZIP)", "Завантажити резервну копію (JSON)")}  # fmt: skip
    assert (labels["datapage.download.zip"], labels["datapage.download.backup"]) == expected[language]
