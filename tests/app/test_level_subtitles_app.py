"""Where a level's title first appears in the app, its subtitle is beside it (issue #14)."""

from __future__ import annotations

import pytest

from tests.app.conftest import BUILTIN, no_exception, texts

COMMITMENT = {
    "en": "Commitment — the company’s commitment to each customer",
    "ru": "Приверженность — забота компании о каждом клиенте",
    "uk": "Прихильність — турбота компанії про кожного клієнта",
}
RESPONSIVENESS_UK = "Оперативність — швидке й повне розв’язання проблем клієнтів"


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_answering_screens_level_header(open_app, store, language):
    record = store.create_assessment("Acme", BUILTIN, "Spring", language)
    at = open_app("pages/answer.py", a=record.key, lang=language)
    at.radio(key="answer.section").set_value("commitment").run()
    no_exception(at)
    assert f"3. {COMMITMENT[language]}" in [header.value for header in at.subheader]


def test_the_results_levels_and_the_methodology_page(open_app, store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "uk")
    at = open_app("pages/results.py", a=record.key, lang="uk")
    no_exception(at)
    assert f"{RESPONSIVENESS_UK} · {COMMITMENT['uk']}" in [caption.value for caption in at.caption]
    at = open_app("pages/methodology.py", lang="ru")
    no_exception(at)
    assert f"**3. {COMMITMENT['ru']}**" in texts(at)
