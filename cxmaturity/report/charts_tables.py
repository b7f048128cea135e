"""The level x aspect heatmap, the score legend and the gap bars, drawn with fpdf2 primitives.

Functions return the height they used, so the caller can place what follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxmaturity.charts import palette
from cxmaturity.report.charts_shapes import rgb, score_row
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, PAPER_TINT, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line


def draw_heatmap(pdf: ReportDocument, ctx: ReportContext, x: float, y: float, w: float) -> float:
    """Levels (top of the pyramid first) x aspects, each cell filled by its score and labelled."""
    levels = list(reversed(ctx.questionnaire.levels))
    aspects = ctx.questionnaire.aspects
    if not levels or not aspects:
        return 0.0
    head_w = min(52.0, w * 0.3)
    cell_w = (w - head_w) / len(aspects)
    head_h, row_h = 11.0, 10.0
    with pdf.local_context():
        pdf.set_text_color(*INK)
        for column, aspect in enumerate(aspects):
            size, lines = pdf.fit_label(aspect.title.get(ctx.lang), cell_w - 1, 7.5, 5.5, 2, "B")
            pdf.set_font(FAMILY, "B", size)
            line_h = size * 0.42
            top = y + head_h - 1 - line_h * len(lines)
            pdf.text_lines_at(x + head_w + column * cell_w, top, cell_w, lines, line_h, "C")
        for row, level in enumerate(levels):
            top = y + head_h + row * row_h
            size, lines = pdf.fit_label(level.title.get(ctx.lang), head_w - 2, 8, 6, 2)
            pdf.set_font(FAMILY, "", size)
            pdf.set_text_color(*INK)
            line_h = size * 0.42
            pdf.text_lines_at(x, top + (row_h - line_h * len(lines)) / 2, head_w - 2, lines, line_h, "R")
            cells = [ctx.card.cells.get((level.id, aspect.id)) for aspect in aspects]
            scores = [cell.score if cell is not None else None for cell in cells]
            score_row(pdf, ctx, x + head_w, top, cell_w, row_h, scores)
    height = head_h + row_h * len(levels) + 2
    return height + draw_legend(pdf, ctx, x + head_w, y + height, w - head_w)


def draw_legend(pdf: ReportDocument, ctx: ReportContext, x: float, y: float, w: float) -> float:
    """The colour scale 0..100 with the threshold marked, and the colour of "no answers"."""
    steps = 20
    bar_w = min(w * 0.7, 100.0)
    step_w = bar_w / steps
    with pdf.local_context():
        for i in range(steps):
            pdf.set_fill_color(*rgb(palette.score_colour((i + 0.5) * 100 / steps)))
            pdf.rect(x + i * step_w, y + 1, step_w + 0.05, 3, style="F")
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(*MUTED)
        for value in (0, 50, 100):
            put_line(pdf, x + bar_w * value / 100 - 5, y + 4.2, 10, 3, str(value), "C")
        threshold_x = x + bar_w * ctx.card.threshold / 100
        pdf.set_draw_color(*rgb(palette.THRESHOLD_COLOUR))
        pdf.set_line_width(0.5)
        pdf.line(threshold_x, y, threshold_x, y + 5)
        put_line(
            pdf,
            threshold_x - 15,
            y + 7,
            30,
            3,
            ctx.t("report.chart.threshold", value=ctx.num(ctx.card.threshold, 0)),
            "C",
        )
        missing_x = x + bar_w + 5
        pdf.set_fill_color(*rgb(palette.MISSING_COLOUR))
        pdf.rect(missing_x, y + 1, 5, 3, style="F")
        put_line(
            pdf,
            missing_x + 6,
            y + 1,
            x + w - missing_x - 6,
            3,
            pdf.truncate(ctx.t("report.chart.no_answers"), x + w - missing_x - 8),
            "L",
        )
    return 11.0


@dataclass(frozen=True)
class GapRow:
    """One bar: a level or an aspect with its score, target, gap and (levels only) priority."""

    label: str
    score: float | None
    target: float | None
    gap: float | None
    priority: float | None


def gap_rows(ctx: ReportContext, kind: str) -> list[GapRow]:
    """Levels sorted by priority, or aspects sorted by gap, highest first (no answers last)."""
    rows: list[GapRow] = []
    if kind == "levels":
        for level in ctx.questionnaire.levels:
            s = ctx.card.levels.get(level.id)
            if s is not None:
                rows.append(GapRow(level.title.get(ctx.lang), s.score, s.target, s.gap, s.priority))
        return sorted(rows, key=lambda r: -(r.priority if r.priority is not None else -1.0))
    for aspect in ctx.questionnaire.aspects:
        s = ctx.card.aspects.get(aspect.id)
        if s is not None:
            rows.append(GapRow(aspect.title.get(ctx.lang), s.score, s.target, s.gap, None))
    return sorted(rows, key=lambda r: -(r.gap if r.gap is not None else -1.0))


def draw_gap_bars(
    pdf: ReportDocument, ctx: ReportContext, rows: Sequence[GapRow], x: float, y: float, w: float
) -> float:
    """Horizontal bars on a 0..100 track: the score filled, the gap to the target outlined."""
    label_w, value_w, row_h = min(50.0, w * 0.28), 50.0, 8.0
    track_x = x + label_w + 2
    track_w = w - label_w - value_w - 4
    with pdf.local_context():
        for index, row in enumerate(rows):
            top = y + index * row_h
            size, lines = pdf.fit_label(row.label, label_w, 8, 6, 2)
            pdf.set_font(FAMILY, "", size)
            pdf.set_text_color(*INK)
            line_h = size * 0.42
            pdf.text_lines_at(x, top + (row_h - line_h * len(lines)) / 2, label_w, lines, line_h, "R")
            pdf.set_fill_color(*PAPER_TINT)
            pdf.rect(track_x, top + 1.5, track_w, row_h - 3, style="F")
            score = max(0.0, min(100.0, row.score or 0.0))
            if row.score is not None:
                pdf.set_fill_color(*rgb(palette.score_colour(row.score)))
                pdf.rect(track_x, top + 1.5, track_w * score / 100, row_h - 3, style="F")
            if row.target is not None and row.gap:
                with pdf.local_context(fill_opacity=0.25):
                    pdf.set_fill_color(*rgb(palette.TARGET_COLOUR))
                    pdf.rect(
                        track_x + track_w * score / 100, top + 2.2, track_w * row.gap / 100, row_h - 4.4, style="F"
                    )
            if row.target is not None:
                target_x = track_x + track_w * max(0.0, min(100.0, row.target)) / 100
                pdf.set_draw_color(*rgb(palette.TARGET_COLOUR))
                pdf.set_line_width(0.7)
                pdf.line(target_x, top + 0.8, target_x, top + row_h - 0.8)
            pdf.set_font(FAMILY, "", 7.5)
            pdf.set_text_color(*MUTED)
            if row.priority is not None:
                text = ctx.t("report.chart.gap_priority", gap=ctx.num(row.gap), priority=ctx.num(row.priority))
            else:
                text = ctx.t("report.chart.gap_only", gap=ctx.num(row.gap))
            size, lines = pdf.fit_label(text, value_w, 7.5, 6.5, 2)
            pdf.set_font(FAMILY, "", size)
            line_h = size * 0.42
            pdf.text_lines_at(track_x + track_w + 2, top + (row_h - line_h * len(lines)) / 2, value_w, lines, line_h)
        # axis under the bars
        bottom = y + len(rows) * row_h
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.line(track_x, bottom + 0.5, track_x + track_w, bottom + 0.5)
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(*MUTED)
        for value in (0, 20, 40, 60, 80, 100):
            put_line(pdf, track_x + track_w * value / 100 - 5, bottom + 1, 10, 3, str(value), "C")
    return len(rows) * row_h + 5
