"""No page shows an English technical message in the Russian or Ukrainian UI (issue 19).

The messages the core can raise are collected from the source of the wings below the UI
(every string in a ``raise`` and in a ``LocatedError``); pages are then driven into the
situations that raise them (a closed assessment, an answer file with errors, a duplicate
respondent, a questionnaire without or with a broken library of its own), in ru and uk,
and none of those English messages may appear in what the page shows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cxmaturity.ui.answering import value_key
from tests.any_questionnaire import questionnaire_with_library
from tests.app.conftest import BUILTIN, ROOT, no_exception, texts

CORE_WINGS = ("files", "core", "storage", "roadmap", "workspace")
CYRILLIC = re.compile(r"[а-яіїєґё]", re.IGNORECASE)


def _strings(node: ast.AST) -> list[str]:
    """The literal text of every string (and every literal part of an f-string) under ``node``."""
    return [part.value for part in ast.walk(node) if isinstance(part, ast.Constant) and isinstance(part.value, str)]


def core_messages() -> set[str]:
    """English fragments of the messages the core raises: at least three words, as they would show."""
    found: set[str] = set()
    for wing in CORE_WINGS:
        for path in (ROOT / "cxmaturity" / wing).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                is_located = (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "LocatedError"
                )
                is_report = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "report"
                if isinstance(node, ast.Raise) or is_located or is_report:
                    for text in _strings(node):
                        # Keys and ids are not messages; a message is a run of words.
                        fragment = text.strip(" :;,.()'\"")
                        if len(fragment.split()) >= 3 and not fragment.startswith("core_error."):
                            found.add(fragment)
    return found


MESSAGES = core_messages()


def test_the_core_messages_are_collected():
    # A few messages known to be raised, so that the scan below scans something real.
    for known in ("the assessment is closed", "no such questionnaire id or file", "is not an answer on this question"):
        assert any(known in message for message in MESSAGES), known


def english_messages_in(shown: str) -> list[str]:
    return sorted(message for message in MESSAGES if message in shown)


def errors_are_localized(at) -> None:  # type: ignore[no-untyped-def]
    shown = texts(at).replace("\\", "")
    assert english_messages_in(shown) == []
    for element in [*at.error, *at.warning]:
        assert CYRILLIC.search(str(element.value)), element.value


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_a_refused_answer_is_explained_in_the_ui_language(store, open_app, lang: str):
    record = store.create_assessment("Acme", BUILTIN, "Spring", lang)
    at = open_app("pages/answer.py", a=record.key, lang=lang)
    question = store.load_questionnaire(record.id).questions[0]
    store.set_status(record.id, "closed")  # closed in another tab: the next answer is refused
    at.radio(key=value_key(question.id)).set_value("3").run()
    no_exception(at)
    refused = {
        "ru": "Последний ответ не сохранён: оценка закрыта",
        "uk": "Останню відповідь не збережено: оцінку закрито",
    }
    assert refused[lang] in texts(at)
    errors_are_localized(at)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_an_answer_file_with_errors_is_explained_in_the_ui_language(store, open_app, lang: str):
    record = store.create_assessment("Acme", BUILTIN, "Spring", lang)
    bad = (
        b"respondent,question,value\n"
        b"self,communication.cx.channel-choice,7\n"
        b"self,no.such.question,2\n"
        b",communication.cx.clear-information,1\n"
    )
    at = open_app("pages/data.py", a=record.key, lang=lang)
    at.file_uploader(key="data.import.file").set_value(("bad.csv", bad, "text/csv")).run()
    no_exception(at)
    shown = texts(at).replace("\\", "")
    expected = {
        "ru": "bad.csv:3: question: в этой анкете нет вопроса с идентификатором no.such.question",
        "uk": "bad.csv:3: question: у цій анкеті немає запитання з кодом no.such.question",
    }
    assert expected[lang] in shown
    errors_are_localized(at)
    # A file the loader has no translated message for still shows a sentence in the UI language.
    at.file_uploader(key="data.import.file").set_value(("empty.csv", b"", "text/csv")).run()
    no_exception(at)
    errors_are_localized(at)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_a_duplicate_respondent_is_explained_in_the_ui_language(store, open_app, lang: str):
    record = store.create_assessment("Acme", BUILTIN, "Spring", lang)
    store.add_respondent(record.id, "Olga")
    at = open_app("pages/respondents.py", a=record.key, lang=lang)
    at.text_input(key="respondents.add.label").set_value("Olga")
    at.button(key="respondents.add.submit").click().run()
    no_exception(at)
    assert [element.value for element in at.error], "the duplicate was not refused"
    errors_are_localized(at)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_the_roadmap_of_a_questionnaire_without_usable_advice_speaks_the_ui_language(
    store, open_app, monkeypatch, tmp_path: Path, lang: str
):
    # One questionnaire on disk with a library that names a level it does not have, one only in the database.
    path = questionnaire_with_library(tmp_path / "questionnaires", level="nowhere")
    import cxmaturity.core.registry as registry

    monkeypatch.setattr(registry, "builtin_dir", lambda: tmp_path / "questionnaires")
    broken = store.create_assessment("Acme", path, "Spring", lang)
    only_in_db = store.create_assessment("Beta", ROOT / "tests" / "fixtures" / "mini.yaml", "Spring", lang)
    for record in (broken, only_in_db):
        me = store.self_respondent(record.id)
        for question in store.load_questionnaire(record.id).questions:
            store.save_answer(me.id, question.id, "value", 1.0)
        at = open_app("pages/roadmap.py", a=record.key, lang=lang)
        no_exception(at)
        assert [element.value for element in at.error] == []
        errors_are_localized(at)
        shown = texts(at)
        assert ("Шаг 4" if lang == "ru" else "Крок 4") in shown
        if record is broken:
            # The own library's problems are not shown in English; the page says who can list them.
            assert "python -m cxmaturity roadmap" in shown
