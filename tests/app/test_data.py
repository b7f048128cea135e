"""Data page: export, import (errors shown, nothing changed), round trip, delete with confirmation."""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import read_answers_bytes, records_from_answer_set
from cxmaturity.core.model import AnswerKind
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.ui.data_io import MAX_UPLOAD_BYTES, export_csv, export_file_name
from cxmaturity.ui.shell import plain
from tests.app.conftest import BUILTIN, no_exception, texts

QUESTIONNAIRE = load_questionnaire(BUILTIN)


def filled(store, name="Acme"):
    record = store.create_assessment(name, BUILTIN, "Spring", "en")
    me = store.self_respondent(record.id).id
    store.save_answer(me, "communication.cx.channel-choice", "value", 3, note='=HYPERLINK("http://x")')
    store.save_answer(me, "communication.cx.proactive-status", "na", note="not our business")
    store.save_answer(me, "communication.cx.clear-information", "dk")
    store.save_note(me, "communication.ox.touchpoint-map", "only a note")
    return record


def stored(store, record):
    return sorted((a.respondent, a.question, a.kind, a.value, a.note) for a in store.load_answers(record.id))


def test_export_is_the_core_long_csv_and_formula_safe(open_app, store):
    record = filled(store)
    text = export_csv(record)
    assert text.splitlines()[0] == "respondent,group,question,value,note"
    assert "communication.cx.channel-choice,3,\"'=HYPERLINK" in text
    back = records_from_answer_set(read_answers_bytes(text.encode(), "export.csv", QUESTIONNAIRE))
    assert sorted((a.respondent, a.question, a.kind, a.value, a.note) for a in back) == stored(store, record)
    assert export_file_name(record).startswith("cxm-answers-acme-")
    at = open_app("pages/data.py", a=record.key)
    no_exception(at)
    assert "Download the answers (CSV)" in [b.proto.label for b in at.get("download_button")]


def test_an_import_with_errors_shows_each_located_error_and_changes_nothing(open_app, store):
    record = filled(store)
    before = stored(store, record)
    bad = (
        b"respondent,question,value\n"
        b"self,communication.cx.channel-choice,7\n"
        b"self,no.such.question,2\n"
        b"self,communication.cx.clear-information,maybe\n"
    )
    at = open_app("pages/data.py", a=record.key)
    at.file_uploader(key="data.import.file").set_value(("bad.csv", bad, "text/csv"))
    at.run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert errors[0].startswith("The file was not imported: 3 problems to fix.")
    with pytest.raises(InputError) as expected:
        read_answers_bytes(bad, "bad.csv", QUESTIONNAIRE)
    assert [str(e)[:9] for e in expected.value.errors] == ["bad.csv:2", "bad.csv:3", "bad.csv:4"]
    assert errors[1:] == [plain(str(error)) for error in expected.value.errors]
    assert not [b for b in at.button if b.key == "data.import.apply"]
    assert stored(store, record) == before


def test_an_upload_over_5_mb_is_refused(open_app, store):
    record = filled(store)
    before = stored(store, record)
    at = open_app("pages/data.py", a=record.key)
    at.file_uploader(key="data.import.file").set_value(("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "text/csv"))
    at.run()
    assert [e.value for e in at.error] == [
        "The file is larger than 5 MB and was not read. Split it or remove unneeded columns."
    ]
    assert stored(store, record) == before


def test_export_then_import_round_trip_and_the_answer_page_shows_the_import(open_app, store):
    source = filled(store, "Source")
    target = store.create_assessment("Target", BUILTIN, "Spring", "en")
    target_me = store.self_respondent(target.id).id
    at = open_app("pages/answer.py", a=target.key)
    at.radio(key="q.communication.cx.channel-choice.value").set_value("0").run()  # widget state to be replaced
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.import.file").set_value(("answers.csv", export_csv(source).encode(), "text/csv"))
    at.run()
    no_exception(at)
    assert "The file is valid: 4 answers from 1 respondent." in texts(at)
    at.button(key="data.import.apply").click().run()
    no_exception(at)
    assert "Imported 4 answers." in [s.value for s in at.success]
    assert stored(store, target) == stored(store, source)
    at.switch_page("pages/answer.py").run()
    assert at.radio(key="q.communication.cx.channel-choice.value").value == "3"
    assert at.radio(key="q.communication.cx.proactive-status.value").value == "na"
    assert at.text_input(key="q.communication.ox.touchpoint-map.note").value == "only a note"
    saved = store.load_respondent_answers(target_me)
    assert saved["communication.cx.clear-information"].kind is AnswerKind.DONT_KNOW


def test_delete_needs_a_confirmation(open_app, store):
    record = filled(store, "Doomed <i>Ltd</i>")
    keep = store.create_assessment("Keeper", BUILTIN, "Spring", "en")
    at = open_app("pages/data.py", a=record.key)
    at.button(key="data.delete").click().run()
    assert r"Delete the assessment of Doomed \<i\>Ltd\</i\> with all its answers?" in texts(at)
    at.button(key="data.delete.cancel").click().run()
    assert store.get_assessment(record.id) is not None
    at.button(key="data.delete").click().run()
    at.button(key="data.delete.confirm").click().run()
    no_exception(at)
    assert store.get_assessment(record.id) is None
    assert [r.id for r in store.list_assessments()] == [keep.id]
    assert at.title[0].value == "Customer-experience maturity assessment"
    assert "a" not in at.query_params
    assert r"The assessment of Doomed \<i\>Ltd\</i\> has been deleted." in [s.value for s in at.success]
    # The deleted key now gives the friendly message.
    again = open_app("pages/answer.py", a=record.key)
    assert "No assessment matches this link." in texts(again)


def test_an_xlsx_in_wide_form_is_imported(open_app, store):
    import io

    from openpyxl import Workbook

    record = filled(store)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["respondent", "group", "communication.cx.channel-choice", "communication.cx.proactive-status"])
    sheet.append(["self", None, 4, "dk"])
    sheet.append(["ceo", "executives", 1, "na"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = open_app("pages/data.py", a=record.key)
    at.file_uploader(key="data.import.file").set_value(
        ("answers.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    at.run()
    assert "The file is valid: 4 answers from 2 respondents." in texts(at)
    at.button(key="data.import.apply").click().run()
    no_exception(at)
    assert stored(store, record) == [
        ("ceo", "communication.cx.channel-choice", AnswerKind.VALUE, 1.0, None),
        ("ceo", "communication.cx.proactive-status", AnswerKind.NOT_APPLICABLE, None, None),
        ("self", "communication.cx.channel-choice", AnswerKind.VALUE, 4.0, None),
        ("self", "communication.cx.proactive-status", AnswerKind.DONT_KNOW, None, None),
    ]
