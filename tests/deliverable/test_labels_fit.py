"""No label is cut or runs out of its box, and the executive summary holds on one page, in any chart or table of the report, in en, ru and uk.

Every label the report places goes through the document's text helpers, which measure it with
fpdf2's string widths (the embedded font's advance widths) against its box; with
``ReportDocument.label_log`` set, each cut (an ellipsis, a word split in two, lines dropped) and
each overflow is recorded. Both kinds of report are built: an executive alone and a consultant's
second wave with groups, evidence and a named plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxmaturity.i18n import translate
from cxmaturity.report.document import ReportDocument
from cxmaturity.storage import Store

from .samples import LANGS, consultant, executive


@pytest.fixture
def label_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, float, float]]]:
    log: list[tuple[str, float, float]] = []
    monkeypatch.setattr(ReportDocument, "label_log", log)
    yield log


def summary_on_one_page(pdf: bytes, lang: str) -> bool:
    """The executive summary is page 2 alone: page 3 opens the charts."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return translate("report.section.summary", lang) in (pages[1].extract_text() or "") and translate(
        "report.section.charts", lang
    ) in (pages[2].extract_text() or "")


@pytest.mark.parametrize("lang", LANGS)
def test_no_label_is_cut_in_the_executive_report(lang: str, label_log: list[tuple[str, float, float]]) -> None:
    pdf = executive(lang)
    assert label_log == []
    assert summary_on_one_page(pdf, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_label_is_cut_in_the_consultants_report(
    lang: str, label_log: list[tuple[str, float, float]], tmp_path: Path
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'labels.sqlite3'}")
    try:
        pdf = consultant(lang, store)
    finally:
        store.dispose()
    assert label_log == []
    assert summary_on_one_page(pdf, lang)


def test_the_log_catches_a_cut_label(label_log: list[tuple[str, float, float]]) -> None:
    # The measure itself: a name far wider than the cover's line is cut, and the cut is recorded.
    pdf = ReportDocument("Org", "today", "label")
    pdf.add_page()
    assert pdf.truncate("A very long name " * 20, 40.0).endswith("…")
    assert label_log and label_log[0][1] == 40.0 and label_log[0][2] > 40.0
