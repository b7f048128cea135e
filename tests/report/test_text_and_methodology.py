"""Word wrapping, label fitting, the methodology texts and the report catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxmaturity.core.methodology import SECTION_IDS, methodology_sections
from cxmaturity.i18n import LANGUAGES, catalogue
from cxmaturity.report.document import ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import break_lines, text_width


@pytest.fixture
def pdf() -> ReportDocument:
    doc = ReportDocument("Org", "1 January 2026", "Label")
    doc.add_page()
    doc.set_font(FAMILY, "", 10)
    return doc


def test_break_lines_fits_the_width_and_keeps_every_word(pdf) -> None:  # type: ignore[no-untyped-def]
    text = "Кожне питання належить до одного рівня піраміди та одного аспекту сервісної моделі. " * 8
    lines = break_lines(pdf, text, 80)
    assert len(lines) > 5
    for line in lines:
        assert text_width(pdf, line) <= 80 - 2 * pdf.c_margin + 1e-6
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())
    # our measure agrees with fpdf2's own
    assert abs(text_width(pdf, lines[0]) - pdf.get_string_width(lines[0])) < 1e-6


def test_break_lines_keeps_hard_line_breaks_and_cuts_long_words(pdf) -> None:  # type: ignore[no-untyped-def]
    assert break_lines(pdf, "one\n\ntwo", 100) == ["one", "", "two"]
    pieces = break_lines(pdf, "y" * 400, 50)
    assert "".join(pieces) == "y" * 400 and len(pieces) > 3


def test_fit_label_shrinks_rather_than_splitting_a_word(pdf) -> None:  # type: ignore[no-untyped-def]
    size, lines = pdf.fit_label("Транзакційний досвід", 22, 7.5, 5.5, 2, "B")
    assert lines == ["Транзакційний", "досвід"]
    assert size <= 7.5
    size, lines = pdf.fit_label("word " * 60, 30, 8, 6, 2)
    assert size == 6 and len(lines) == 2 and lines[-1].endswith("…")


def test_truncate_and_rows_never_exceed_their_width(pdf) -> None:  # type: ignore[no-untyped-def]
    cut = pdf.truncate("Публічне акціонерне товариство " * 10, 60)
    assert cut.endswith("…") and text_width(pdf, cut) <= 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_methodology_sections_in_every_language(lang) -> None:  # type: ignore[no-untyped-def]
    sections = methodology_sections(lang)
    assert len(sections) == len(SECTION_IDS)
    for title, paragraphs in sections:
        assert title and not title.startswith("methodology.")
        assert paragraphs and all(len(p) > 40 for p in paragraphs)
    example = " ".join(methodology_sections(lang)[-1][1])
    # the worked example's numbers, written the way the language writes them
    decimal = "," if lang != "en" else "."
    for number in (f"66{decimal}7", f"58{decimal}3", f"2{decimal}75", "21", f"3{decimal}6"):
        assert number in example, number


def test_report_and_methodology_texts_exist_in_all_languages() -> None:
    entries = {key: texts for key, texts in catalogue().items() if key.startswith(("report.", "methodology."))}
    assert len(entries) > 100
    for key, texts in entries.items():
        for lang in LANGUAGES:
            assert texts.get(lang, "").strip(), f"{key} lacks {lang}"
        placeholders = [sorted(set(re.findall(r"\{(\w+)\}", texts[lang]))) for lang in LANGUAGES]
        assert placeholders[0] == placeholders[1] == placeholders[2], key


def test_every_report_key_used_in_the_code_exists() -> None:
    import cxmaturity.report

    used: set[str] = set()
    for path in Path(cxmaturity.report.__file__).parent.glob("*.py"):
        used |= set(re.findall(r'"(report\.[a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in catalogue())
    assert not missing
