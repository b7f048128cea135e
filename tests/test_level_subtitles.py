"""Level subtitles: the glossary's subtitle shown where a level's title first appears (issue #14).

Readers take «Приверженность» / «Прихильність» (Commitment) for the customer's loyalty; the
subtitle says it is the company's commitment to each customer. The questionnaires carry the
glossary's subtitles; the answering screen, the Results page, the Methodology page and the PDF's
level pages show them.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.i18n.glossary import load_glossary
from tests.report.helpers import full_text, report

LANGUAGES = ("en", "ru", "uk")
QUESTIONNAIRES = ("cx-pyramid", "cx-pyramid@1.0.0", "cx-pyramid-customer")


def _glossary_subtitles() -> dict[str, dict[str, str]]:
    levels = load_glossary()["levels"]
    return {
        level_id: {language: entry[language]["subtitle"] for language in LANGUAGES}
        for level_id, entry in levels.items()
        if "subtitle" in entry["en"]
    }


@pytest.mark.parametrize("ref", QUESTIONNAIRES)
def test_every_shipped_questionnaire_carries_the_glossarys_subtitles(ref: str) -> None:
    expected = _glossary_subtitles()
    assert set(expected) == {"responsiveness", "commitment"}
    questionnaire = find_questionnaire(ref)
    for level in questionnaire.levels:
        if level.id in expected:
            assert level.subtitle is not None and level.subtitle.as_dict() == expected[level.id], (ref, level.id)
        else:
            assert level.subtitle is None, (ref, level.id)


def test_the_heading_is_the_title_then_the_subtitle() -> None:
    questionnaire = find_questionnaire("cx-pyramid")
    assert questionnaire.level("commitment").heading("ru") == "Приверженность — забота компании о каждом клиенте"
    assert questionnaire.level("commitment").heading("en") == "Commitment — the company’s commitment to each customer"
    assert questionnaire.level("communication").heading("uk") == "Комунікація"  # no subtitle: the title alone


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_level_page_shows_the_subtitle(language: str) -> None:
    questionnaire = find_questionnaire("cx-pyramid")
    answers = answer_set_from_records([Answer("ceo", q.id, AnswerKind.VALUE, 2.0) for q in questionnaire.questions])
    text = full_text(report(questionnaire, answers, language)[0])
    level_word = {"en": "Level", "ru": "Уровень", "uk": "Рівень"}[language]
    assert f"{level_word} 3: {questionnaire.level('commitment').heading(language)}" in text
    assert f"{level_word} 2: {questionnaire.level('responsiveness').heading(language)}" in text
