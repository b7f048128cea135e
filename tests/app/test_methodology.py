"""Methodology page: the same sections as the report's appendix, in every language."""

from __future__ import annotations

import pytest

from cxmaturity.core.methodology import methodology_sections
from cxmaturity.i18n import LANGUAGES
from tests.app.conftest import no_exception, texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_methodology_page_shows_every_section_and_paragraph(open_app, language):
    at = open_app("pages/methodology.py", lang=language)
    no_exception(at)
    sections = methodology_sections(language)
    # The pyramid's five levels come first (with the subtitles, tests/app/test_level_subtitles_app.py).
    assert [s.value for s in at.subheader][1:] == [title for title, _ in sections]
    shown = texts(at)
    for _, paragraphs in sections:
        for paragraph in paragraphs:
            assert paragraph in shown
    assert len(sections) >= 5 and any(
        "example" in title.lower() or "пример" in title.lower() or "приклад" in title.lower() for title, _ in sections
    )
