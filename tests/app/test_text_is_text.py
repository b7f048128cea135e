"""Text is text: hostile text from a questionnaire and from users, drawn by every page, makes no link or image.

Streamlit draws Markdown (titles, captions, alerts, widget labels and radio options). Each of
those strings is rendered here with a CommonMark renderer that also turns bare URLs into links
(as GitHub-flavoured Markdown does) and must yield no ``<a>`` and no ``<img>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import yaml
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from cxmaturity.core.model import AnswerKind
from cxmaturity.storage import QuestionnaireSnapshot, Store
from tests.app.conftest import BUILTIN, no_exception

HOSTILE = (
    "Pwn ![pixel](http://127.0.0.1:9/p.png) [phish](https://evil.example/login) "
    "<img src=x onerror=alert(1)> www.evil.com HTTPS://EVIL.COM/x mail me@evil.com :red[x] $x$"
)
PAGES = (
    "pages/home.py", "pages/answer.py", "pages/results.py", "pages/roadmap.py", "pages/data.py",
    "pages/clients.py", "pages/respondents.py", "pages/groups.py", "pages/evidence.py", "pages/waves.py",
)  # fmt: skip
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
LABELLED_KINDS = ("radio", "selectbox", "checkbox", "toggle", "button", "text_input", "text_area", "number_input")
RENDERER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])


def hostile_questionnaire() -> QuestionnaireSnapshot:
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    data["levels"][0]["title"]["en"] = f"Level {HOSTILE}"
    data["levels"][0]["description"]["en"] = f"About {HOSTILE}"
    data["aspects"][0]["title"]["en"] = f"Aspect {HOSTILE}"
    for scale in data["scales"].values():
        scale["options"][0]["label"]["en"] = f"Option {HOSTILE}"
    data["questions"][0]["text"]["en"] = f"Question {HOSTILE}"
    data["questions"][0]["help"] = {lang: f"Help {HOSTILE}" for lang in ("en", "ru", "uk")}
    return QuestionnaireSnapshot.from_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "hostile.yaml")


def drawn_markdown(at: AppTest) -> Iterator[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    for kind in MARKDOWN_KINDS:
        for element in at.get(kind):
            yield str(element.value)
    for kind in LABELLED_KINDS:
        for widget in at.get(kind):
            yield str(widget.label)
            if kind == "radio":
                yield from (str(option) for option in widget.options)


def check_no_link_or_image(source: str, where: str) -> None:
    html = RENDERER.render(source)
    assert "<a " not in html and "<img" not in html, (where, source, html)
    # GFM also links "www." and e-mail addresses even with escaped punctuation: none of the hostile
    # text's may stay whole (the app's own strings, such as "Link (http:// or https://)", are not user text).
    # Inside code (an e-mail address shown to be copied exactly) GFM links nothing.
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    assert "Pwn" not in source or not re.search(r"(?i)(https?|www)[:.]|\w@", outside_code), (where, source)


@pytest.fixture
def hostile_assessment(store: Store) -> tuple[str, str]:
    record = store.create_assessment(f"Org {HOSTILE}", hostile_questionnaire(), f"Title {HOSTILE}", "en")
    person = store.add_respondent(record.id, f"Resp {HOSTILE}", group=f"Group {HOSTILE}", email="ann@example.com")
    questionnaire = store.load_questionnaire(record.id)
    first = questionnaire.questions[0].id
    store.save_answer(person.id, first, AnswerKind.VALUE, 0, note=f"Note {HOSTILE}")
    store.save_answer(store.self_respondent(record.id).id, first, AnswerKind.VALUE, 0, note=f"Mine {HOSTILE}")
    store.save_evidence(record.id, first, text=f"Evidence {HOSTILE}", rationale=f"Why {HOSTILE}", value=0)
    return record.key, person.token


def test_hostile_text_is_never_a_link_or_an_image_on_any_page(
    open_app: Callable[..., AppTest], hostile_assessment: tuple[str, str]
) -> None:
    key, token = hostile_assessment
    checked = 0
    seen_hostile = set()
    for page in PAGES:
        at = open_app(page, a=key)
        no_exception(at)
        for source in drawn_markdown(at):
            check_no_link_or_image(source, page)
            checked += 1
            if "phish" in source:
                seen_hostile.add(page)
    respondent = open_app(r=token)
    no_exception(respondent)
    for source in drawn_markdown(respondent):
        check_no_link_or_image(source, "respondent link")
        if "phish" in source:
            seen_hostile.add("respondent link")
    # The hostile text did reach the pages that show questionnaire or user text (it is shown, as text).
    assert {"pages/answer.py", "pages/evidence.py", "pages/respondents.py", "respondent link"} <= seen_hostile
    assert checked > 200


def test_the_renderer_would_catch_unescaped_text() -> None:
    # The check itself is sharp: the same text unescaped gives links and an image.
    html = RENDERER.render(HOSTILE)
    assert "<img" in html and '<a href="https://evil.example/login"' in html and '<a href="http://www.evil.com"' in html
