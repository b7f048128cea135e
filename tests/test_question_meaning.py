"""The one-line "what this means" for self-respondents and the level subtitles (review §2.2 item 6, issue #14).

A question's `meaning` is a plain line for front-line staff and managers; its `help` stays the
auditor's guidance ("what to look at, then Evidence: ..."). Both are validated in the format.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.questionnaire import MEANING_MAX_CHARS, load_questionnaire_text
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.files.errors import InputError

CX = find_questionnaire("cx-pyramid")
# The auditor's words, which a self-respondent's line must not carry.
AUDIT_WORDS = {
    "en": ("Evidence", "Ask ", "Look at"),
    "ru": ("Подтверждение", "Попросите"),
    "uk": ("Підтвердження", "Попросіть"),
}


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_every_question_of_2_0_0_has_a_plain_one_line_meaning(language: str) -> None:
    for question in CX.questions:
        assert question.meaning is not None, question.id
        line = question.meaning.get(language)
        assert line and "\n" not in line and len(line) <= MEANING_MAX_CHARS, question.id
        assert not any(word in line for word in AUDIT_WORDS[language]), (question.id, line)
        assert line != question.text.get(language) and line != question.help.get(language)  # type: ignore[union-attr]


MINI = """
format: 1
id: tiny
version: 1.0.0
languages: [en, ru]
title: {en: Tiny, ru: Мини}
scales:
  yes-no:
    options:
      - {value: 0, label: {en: "No", ru: "Нет"}}
      - {value: 1, label: {en: "Yes", ru: "Да"}}
levels:
  - {id: base, title: {en: Base, ru: База}, subtitle: SUBTITLE}
aspects:
  - {id: cx, title: {en: CX, ru: CX}}
questions:
  - id: base.cx.a
    level: base
    aspect: cx
    scale: yes-no
    text: {en: "We do it.", ru: "Мы это делаем."}
    meaning: MEANING
"""


def _load(meaning: str, subtitle: str = '{en: "the base", ru: "основа"}'):  # type: ignore[no-untyped-def]
    return load_questionnaire_text(MINI.replace("MEANING", meaning).replace("SUBTITLE", subtitle), "tiny.yaml")


def test_a_meaning_and_a_subtitle_load_in_every_language() -> None:
    questionnaire = _load('{en: "In short: we do it.", ru: "Коротко: делаем."}')
    assert questionnaire.questions[0].meaning.get("ru") == "Коротко: делаем."  # type: ignore[union-attr]
    assert questionnaire.levels[0].subtitle.get("en") == "the base"  # type: ignore[union-attr]
    assert _load('{en: "x", ru: "y"}', "null").levels[0].subtitle is None  # both are optional


@pytest.mark.parametrize(
    ("meaning", "subtitle", "expected"),
    [
        ('{en: "Only English"}', None, "tiny.yaml:22: questions.0.meaning: missing the ru text"),
        ('{en: "Two\\nlines", ru: "Да"}', None, "questions.0.meaning.en: keep this text to one line"),
        ('{en: "' + "x" * 181 + '", ru: "Да"}', None, "keep this text to 180 characters or fewer (it has 181)"),
        (
            '{en: "ok", ru: "да"}',
            '{en: "' + "y" * 81 + '", ru: "z"}',
            "tiny.yaml:13: levels.0.subtitle.en: keep this text to 80",
        ),
    ],
)
def test_a_bad_meaning_or_subtitle_is_named_with_its_place(meaning: str, subtitle: str | None, expected: str) -> None:
    with pytest.raises(InputError) as raised:
        _load(meaning, subtitle) if subtitle is not None else _load(meaning)
    assert expected in str(raised.value)
    assert "tiny.yaml:" in str(raised.value)
