"""The cover page: the organisation as the title, the assessment, date, prepared for / by,
the consultancy's name and logo (white-labelling) and a confidentiality line."""

from __future__ import annotations

import logging
import warnings

from cxmaturity.files.images import logo_type
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import ACCENT, INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY

LOGGER = logging.getLogger(__name__)
LOGO_BOX = (60.0, 30.0)  # width, height in mm


def write_cover(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The first page. Long texts shrink, then wrap, then end with ``…``: nothing leaves the page."""
    pdf.add_page()
    pdf.start_section(ctx.t("report.section.cover"))
    # Everything on the cover is placed explicitly; no automatic page break may move it.
    pdf.set_auto_page_break(False)
    width = pdf.epw
    with pdf.local_context():
        pdf.set_fill_color(*ACCENT)
        pdf.rect(0, 0, pdf.w, 10, style="F")
        top = 24.0
        if ctx.logo:
            top = _logo(pdf, ctx, top)
        if ctx.consultancy:
            pdf.set_text_color(*INK)
            size, lines = pdf.fit_label(ctx.consultancy, width - LOGO_BOX[0] - 6, 12, 9, 2, "B")
            pdf.set_font(FAMILY, "B", size)
            box_w = width - LOGO_BOX[0] - 6
            pdf.text_lines_at(pdf.l_margin + width - box_w, 26, box_w, lines, size * 0.48, "R")
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_xy(pdf.l_margin, top + 14)
        pdf.cell(width, 5, pdf.truncate(ctx.t("report.cover.kicker").upper(), width))
        y = top + 24
        pdf.set_text_color(*ACCENT)
        size, lines = pdf.fit_label(ctx.report_title(), width, 26, 14, 4, "B")
        pdf.set_font(FAMILY, "B", size)
        pdf.text_lines_at(pdf.l_margin, y, width, lines, size * 0.48)
        y += size * 0.48 * len(lines) + 6
        pdf.set_text_color(*INK)
        size, lines = pdf.fit_label(ctx.title, width, 14, 10, 3)
        pdf.set_font(FAMILY, "", size)
        pdf.text_lines_at(pdf.l_margin, y, width, lines, size * 0.48)
        y += size * 0.48 * len(lines) + 8
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
        _details(pdf, ctx, max(y + 8, 170.0))
        _confidential(pdf, ctx)
    pdf.set_auto_page_break(True, margin=18)


def _confidential(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The confidentiality line at the foot of the cover."""
    reader = ctx.prepared_for or ctx.organisation or ctx.t("deliverable.summary.the_organisation")
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*MUTED)
    lines = pdf.wrap_lines(ctx.t("deliverable.cover.confidential", reader=reader), pdf.epw, 3)
    pdf.text_lines_at(pdf.l_margin, pdf.h - 16 - 4.6 * len(lines), pdf.epw, lines, 4.6)


def _logo(pdf: ReportDocument, ctx: ReportContext, top: float) -> float:
    """Place the logo in a fixed box at the top left; an unreadable file is noted, not fatal."""
    box_w, box_h = LOGO_BOX
    try:
        logo_type(ctx.logo or b"")  # a PNG or JPEG, checked: anything else is not drawn
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. an SVG without viewBox: fpdf2 copes and says so
            pdf.image(ctx.logo, x=pdf.l_margin, y=top, w=box_w, h=box_h, keep_aspect_ratio=True)
    except Exception as error:
        LOGGER.warning("logo could not be read: %s", error)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin, top)
        pdf.cell(box_w, 5, ctx.t("report.cover.logo_unreadable"))
    return top + box_h


def _details(pdf: ReportDocument, ctx: ReportContext, y: float) -> None:
    """The facts block in the lower part of the cover."""
    rows = [
        (ctx.t("report.cover.organisation"), ctx.organisation),
        (ctx.t("deliverable.cover.assessment"), ctx.title),
        (ctx.t("report.cover.date"), ctx.date()),
        (ctx.t("report.cover.prepared_for"), ctx.prepared_for or ""),
        (ctx.t("report.cover.prepared_by"), ctx.prepared_by or ""),
        (ctx.t("report.cover.respondents"), str(len(ctx.card.respondents))),
    ]
    key_w = 52.0
    value_w = pdf.epw - key_w
    for key, value in rows:
        if not value:
            continue
        pdf.set_font(FAMILY, "", 9.5)
        size, lines = pdf.fit_label(value, value_w, 10.5, 8, 5, "B")
        line_h = size * 0.48
        if y + line_h * len(lines) > pdf.h - 34:
            break  # the cover never spills onto a second page
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "", 9.5)
        pdf.text_lines_at(pdf.l_margin, y, key_w - 2, [pdf.truncate(key, key_w - 2)], line_h)
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "B", size)
        pdf.text_lines_at(pdf.l_margin + key_w, y, value_w, lines, line_h)
        y += line_h * len(lines) + 2.5
