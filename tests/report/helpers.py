"""Shared helpers of the report tests: build a report and read it back with pypdf."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from cxmaturity.core.model import AnswerSet, Questionnaire, ScoreCard
from cxmaturity.core.scoring import score_answers
from cxmaturity.report import build_report

from .factory import CREATED


def report(
    questionnaire: Questionnaire, answers: AnswerSet, lang: str = "en", **options: Any
) -> tuple[bytes, ScoreCard]:
    """Score the answers and build the report with a fixed creation date."""
    card = score_answers(questionnaire, answers)
    options.setdefault("organisation", "Acme Retail")
    options.setdefault("created", CREATED)
    return build_report(card, questionnaire, lang, answers=answers, **options), card


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def squash(text: str) -> str:
    """Whitespace collapsed, so that wrapped lines compare as one sentence."""
    return re.sub(r"\s+", " ", text)


def full_text(pdf: bytes) -> str:
    return squash(" ".join(page_texts(pdf)))


def outline_titles(pdf: bytes) -> list[str]:
    """Every bookmark title, depth first."""
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader(pdf).outline)
    return titles
