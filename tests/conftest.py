"""Shared fixtures: the small test questionnaire and answer-building helpers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind, AnswerSet, Questionnaire
from cxmaturity.core.questionnaire import load_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """2 levels (base, top) x 2 aspects (cx, ex); scale 0/2/4; base.ex.b has weight 3."""
    return load_questionnaire(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def v1() -> Questionnaire:
    """The built-in questionnaire as released first (cx-pyramid 1.0.0, kept for the assessments started with it)."""
    from cxmaturity.core.registry import find_questionnaire

    return find_questionnaire("cx-pyramid@1.0.0")


@pytest.fixture(scope="session")
def v2() -> Questionnaire:
    """The current built-in questionnaire (cx-pyramid 2.0.0)."""
    from cxmaturity.core.registry import find_questionnaire

    return find_questionnaire("cx-pyramid")


def answers(rows: Iterable[tuple[str, str, object]], groups: dict[str, str] | None = None) -> AnswerSet:
    """Build an AnswerSet from (respondent, question, value) with value a number, 'na', 'dk' or None."""
    records = []
    for respondent, question, value in rows:
        group = (groups or {}).get(respondent)
        if value is None:
            records.append(Answer(respondent, question, AnswerKind.UNANSWERED, None, group))
        elif value in ("na", "dk"):
            records.append(Answer(respondent, question, AnswerKind(value), None, group))
        else:
            records.append(Answer(respondent, question, AnswerKind.VALUE, float(value), group))  # type: ignore[arg-type]
    return answer_set_from_records(records)
