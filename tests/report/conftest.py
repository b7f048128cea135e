"""Fixtures of the report tests; fpdf2's missing-glyph warnings fail the test that caused them."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from cxmaturity.core.model import Questionnaire

from .factory import make_questionnaire


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return make_questionnaire()


class _GlyphWarningTrap(logging.Handler):
    """Turns fpdf2's log messages about missing glyphs into test failures."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "glyph" in message.lower():
            self.messages.append(message)


@pytest.fixture(autouse=True)
def no_missing_glyphs() -> Iterator[_GlyphWarningTrap]:
    """Fail any report test during which fpdf2 reports a missing glyph.

    A test that provokes the warning on purpose clears ``messages`` itself.
    """
    trap = _GlyphWarningTrap()
    logger = logging.getLogger("fpdf")
    logger.addHandler(trap)
    try:
        yield trap
    finally:
        logger.removeHandler(trap)
    assert not trap.messages, f"fpdf2 reported missing glyphs: {trap.messages}"
