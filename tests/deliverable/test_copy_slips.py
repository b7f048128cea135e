"""The copy slips of the UX review's finding 20, checked in the PDF and the roadmap in en, ru and uk."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cxmaturity.roadmap.engine import in_sentence
from tests.deliverable.samples import executive

# What an executive alone reads about the source of the figures (lower case after the colon).
OWN = {
    "en": "The figures rest on: the executive's own answers (a self-assessment).",
    "ru": "Цифры основаны на данных: собственные ответы руководителя (самооценка).",
    "uk": "Цифри ґрунтуються на даних: власні відповіді керівника (самооцінка).",
}
# The roles of step 2 as they read mid-sentence: no capital except an initialism.
ROLES = {
    "en": "process owner, HR practitioner, finance controller",
    "ru": "владелец процесса, HR-специалист, финансовый контролёр",
    "uk": "власник процесу, HR-фахівець, фінансовий контролер",
}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_an_executive_alone_reads_their_own_answers_and_roles_in_lower_case(lang: str) -> None:
    text = _text(executive(lang))
    assert OWN[lang] in text
    assert ROLES[lang] in text
    for slip in ("Respondents' answers", "Ответы респондентов", "Відповіді респондентів", "HR-практик", "санкци"):
        assert slip not in text


def test_a_role_keeps_an_initialism() -> None:
    assert [in_sentence(n) for n in ("Process owner", "HR practitioner", "CX lead", "Финансовый контролёр", "X")] == [
        "process owner",
        "HR practitioner",
        "CX lead",
        "финансовый контролёр",
        "X",
    ]
