"""Pages that need an assessment say so kindly; the language picker switches the whole UI."""

from __future__ import annotations

import pytest

from tests.app.conftest import BUILTIN, no_exception, page_titles, texts

NEEDS_ASSESSMENT = ("pages/answer.py", "pages/data.py")


@pytest.mark.parametrize("page", NEEDS_ASSESSMENT)
@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "No assessment is open."),
        ("not-a-key'; drop table assessment;--", "This link does not contain a valid assessment key."),
        ("x" * 500, "This link does not contain a valid assessment key."),
        (
            "token-shaped-but-nobodys-0123456",
            "No assessment matches this link.",
        ),  # a fixed id: parallel test workers must collect the same tests
    ],
)
def test_a_missing_malformed_or_unknown_key_gives_a_friendly_message(open_app, page, key, message):
    at = open_app(page, **({"a": key} if key else {}))
    no_exception(at)
    assert message in texts(at)
    assert [link.proto.label for link in at.get("page_link")] == ["Go to the Start page"]
    assert not at.radio and not at.file_uploader


def test_the_open_assessment_survives_a_page_change_without_the_url_key(open_app, store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    at = open_app("pages/answer.py", a=record.key)
    at.switch_page("pages/home.py").run()
    at.query_params.pop("a", None)  # switching pages clears the query string in a browser
    at.switch_page("pages/data.py").run()
    no_exception(at)
    assert at.title[0].value == "Data of this assessment"
    assert at.query_params["a"] == record.key


@pytest.mark.parametrize(
    ("language", "title", "nav_answer"),
    [
        ("ru", "Оценка зрелости клиентского опыта", "Ответы"),
        ("uk", "Оцінка зрілості клієнтського досвіду", "Відповіді"),
    ],
)
def test_switching_the_language_translates_the_ui_and_keeps_it_in_the_url(open_app, language, title, nav_answer):
    at = open_app()
    assert at.title[0].value == "Customer-experience maturity assessment"
    at.radio(key="ui.language.picker").set_value(language).run()
    no_exception(at)
    assert at.title[0].value == title
    assert at.query_params["lang"] == language
    assert at.text_input(key="start.organisation").label.startswith(("Название", "Назва"))
    # AppTest's page registry is only reliable after a first run: a link with ?lang= checks the menu.
    assert page_titles(open_app(lang=language))[1] == nav_answer
    # The choice holds on the next page too.
    at.switch_page("pages/methodology.py").run()
    no_exception(at)
    assert at.title[0].value in ("Как рассчитываются баллы", "Як обчислюють бали")


def test_a_link_with_lang_opens_in_that_language(open_app):
    at = open_app(lang="uk")
    assert at.title[0].value == "Оцінка зрілості клієнтського досвіду"
    assert page_titles(at)[:2] == ["Початок", "Відповіді"]
    assert at.radio(key="ui.language.picker").value == "uk"
