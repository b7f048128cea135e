"""The answer page while the database cannot be written: "not saved, retrying", the answers kept in the
tab, no traceback, and every one of them in the database once it can be written again.

The app's own engine is made read-only with SQLite's ``PRAGMA query_only`` on every new connection,
which fails each write with SQLite's "attempt to write a readonly database", as a read-only data
folder does (tests/storage/test_outages.py covers a real full disk, a read-only file and PostgreSQL).
"""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import Engine, event

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.i18n import translate
from cxmaturity.ui.answering import note_key, value_key
from cxmaturity.ui.context import database
from cxmaturity.ui.pending_saves import PENDING_STATE
from tests.app.conftest import BUILTIN, no_exception, texts

QUESTIONNAIRE = load_questionnaire(BUILTIN)
FIRST, SECOND, THIRD = (q.id for q in QUESTIONNAIRE.questions_of(level="communication")[:3])


def _read_only(connection, _record) -> None:  # type: ignore[no-untyped-def]
    connection.execute("PRAGMA query_only = 1")


def break_writes(engine: Engine) -> None:
    engine.dispose()
    event.listen(engine, "connect", _read_only)


def mend_writes(engine: Engine) -> None:
    event.remove(engine, "connect", _read_only)
    engine.dispose()


def saved(store, respondent_id):
    return {qid: (a.code(), a.note) for qid, a in store.load_respondent_answers(respondent_id).items()}


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_answers_given_while_the_database_is_read_only_wait_and_are_saved_after(open_app, store, lang):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    me = store.self_respondent(record.id).id
    at = open_app("pages/answer.py", a=record.key, lang=lang)
    at.radio(key=value_key(FIRST)).set_value("1").run()
    assert saved(store, me) == {FIRST: ("1", None)}

    engine = database().engine  # the app's own engine (cached once per process)
    break_writes(engine)
    try:
        at.radio(key=value_key(FIRST)).set_value("4")  # a changed answer
        at.radio(key=value_key(SECOND)).set_value("na")
        at.text_input(key=note_key(THIRD)).set_value("Kept while the disk was away")
        at.run()
        no_exception(at)
        assert not at.error  # a warning, not a failure, and no traceback
        warning = translate("deploy.not_saved_retrying", lang, count=3)
        assert [w.value for w in at.warning] == [warning]
        assert saved(store, me) == {FIRST: ("1", None)}  # nothing written yet
        assert len(at.session_state[PENDING_STATE]) == 3
        # The screen still counts them as given and shows them as chosen.
        assert at.radio(key=value_key(FIRST)).value == "4"
        assert at.radio(key=value_key(SECOND)).value == "na"
        at.button(key="answer.pending.retry").click().run()  # still read-only: still waiting
        no_exception(at)
        assert [w.value for w in at.warning] == [warning] and saved(store, me) == {FIRST: ("1", None)}
    finally:
        mend_writes(engine)

    at.button(key="answer.pending.retry").click().run()
    no_exception(at)
    assert saved(store, me) == {FIRST: ("4", None), SECOND: ("na", None), THIRD: ("", "Kept while the disk was away")}
    assert not at.warning
    assert translate("deploy.saved_after_retry", lang) in texts(at)


def test_a_page_the_database_cannot_serve_says_so_without_a_traceback(open_app, store, monkeypatch, caplog):
    store.create_assessment("Acme", BUILTIN, "Spring", "en")
    open_app()  # the app's engine exists and has served a page
    engine = database().engine

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        # What the driver says when the database cannot be opened (its server stopped, its folder gone).
        raise sqlite3.OperationalError("unable to open database file")

    engine.dispose()
    monkeypatch.setattr(engine.dialect, "connect", refuse)
    with caplog.at_level(logging.WARNING, logger="cxmaturity.ui"):
        at = open_app(lang="ru")
    no_exception(at)
    shown = texts(at)
    assert translate("deploy.page_unavailable", "ru", reference="")[:40] in shown
    assert "Traceback" not in shown and "OperationalError" not in shown and "sqlite" not in shown
    assert any("database unavailable" in record.getMessage() for record in caplog.records)


def test_a_submit_the_database_cannot_take_says_so_and_can_be_repeated(open_app, store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    olena = store.add_respondent(record.id, "Olena", group="front line")
    at = open_app(r=olena.token)
    at.radio(key=value_key(FIRST)).set_value("2").run()
    engine = database().engine
    break_writes(engine)
    try:
        at.button(key="respond.submit").click().run()
        at.button(key="respond.confirm_yes").click().run()
        no_exception(at)
        reason = translate("deploy.storage_unavailable", "en")
        assert [e.value for e in at.error] == [translate("respond.submit_failed", "en", reason=reason)]
        assert store.list_respondents(record.id)[-1].submitted_at is None
    finally:
        mend_writes(engine)
    at.button(key="respond.submit").click().run()
    at.button(key="respond.confirm_yes").click().run()
    no_exception(at)
    assert store.list_respondents(record.id)[-1].submitted_at is not None
    assert saved(store, olena.id) == {FIRST: ("2", None)}
