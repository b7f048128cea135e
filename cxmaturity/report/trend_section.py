"""The trend section: scores across waves as line charts (fpdf2 lines) and the table of changes.

The numbers come from :mod:`cxmaturity.workspace.waves` (every wave scored by the same contract,
on the shared questions when the questionnaires differ, which the section then says).
"""

from __future__ import annotations

from collections.abc import Sequence

from cxmaturity.charts import palette
from cxmaturity.report.charts_shapes import draw_swatch_legend, rgb
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line
from cxmaturity.workspace.waves import Change, Trend, changes

Series = tuple[str, str, Sequence[float | None]]  # colour, label, one value per wave
CHART_H = 62.0


#: Millimetres the changes table's heading and its waves line take, and one of its rows (9 pt, up to two lines).
CHANGES_HEAD_H = 16.0
CHANGES_ROW_H = 5.5


def write_trend(pdf: ReportDocument, ctx: ReportContext) -> None:
    """A line chart of the levels, one of the aspects, then the changes since the previous and first wave."""
    trend = ctx.workspace.trend
    if trend is None:
        return
    pdf.section(ctx.t("report.ws.section.trend"))
    pdf.paragraph(ctx.t("report.ws.trend.intro", waves=len(trend.labels)), size=9.5, colour=MUTED)
    if trend.shared_only:
        shared = len(trend.cards[-1].questions)
        pdf.paragraph(
            ctx.t("workspace.waves.shared_only", n=shared, dropped=", ".join(trend.dropped_questions)),
            size=9.5,
            bold=True,
        )
    overall: Series = (palette.OVERALL_COLOUR, ctx.t("report.groups.overall"), trend.overall)
    levels = [
        (palette.level_colour(index), level.title.get(ctx.lang), trend.levels.get(level.id, ()))
        for index, level in enumerate(ctx.questionnaire.levels)
        if level.id in trend.levels
    ]
    aspects = [
        (palette.aspect_colour(index), aspect.title.get(ctx.lang), trend.aspects.get(aspect.id, ()))
        for index, aspect in enumerate(ctx.questionnaire.aspects)
        if aspect.id in trend.aspects
    ]
    for title_key, series in (
        ("report.ws.trend.levels_chart", [*levels, overall]),
        ("report.ws.trend.aspects_chart", aspects),
    ):
        if not series:
            continue
        pdf.ensure_space(CHART_H + 30)
        pdf.section(ctx.t(title_key), level=1, new_page=False)
        top = pdf.y
        _line_chart(pdf, ctx, trend, series, pdf.l_margin, top, pdf.epw, CHART_H)
        pdf.set_y(top + CHART_H + 3)
        draw_swatch_legend(pdf, [(colour, label) for colour, label, _ in series])
    # The table of changes stays on one page (a heading, a line and one row per level, aspect and the
    # overall score and stage): split, it left a page of five rows before the next chapter.
    pdf.ensure_space(CHANGES_HEAD_H + CHANGES_ROW_H * (len(changes(trend)) + 1))
    pdf.section(ctx.t("report.ws.trend.changes_title"), level=1, new_page=False)
    _changes_table(pdf, ctx, trend)


def _line_chart(
    pdf: ReportDocument,
    ctx: ReportContext,
    trend: Trend,
    series: Sequence[Series],
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    """Scores 0..100 (left axis) by wave (bottom axis), one line with dots per series; gaps stay open."""
    axis_w, label_h = 10.0, 9.0
    left, right = x + axis_w, x + w - 4
    bottom = y + h - label_h
    count = len(trend.labels)
    step = (right - left) / max(1, count - 1)

    def at(index: int, value: float) -> tuple[float, float]:
        px = left + step * index if count > 1 else (left + right) / 2
        return px, bottom - (bottom - y) * max(0.0, min(100.0, value)) / 100

    with pdf.local_context():
        pdf.set_line_width(0.2)
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(*MUTED)
        for ring in (0, 20, 40, 60, 80, 100):
            _, py = at(0, ring)
            pdf.set_draw_color(*RULE)
            pdf.line(left, py, right, py)
            put_line(pdf, x, py - 1.5, axis_w - 1, 3, str(ring), "R")
        pdf.set_draw_color(*rgb(palette.THRESHOLD_COLOUR))
        pdf.set_line_width(0.35)
        pdf.set_dash_pattern(dash=0.8, gap=0.8)
        _, ty = at(0, ctx.card.threshold)
        pdf.line(left, ty, right, ty)
        pdf.set_dash_pattern()
        slot = min(step if count > 1 else w, 60.0)
        pdf.set_text_color(*INK)
        for index, label in enumerate(trend.labels):
            px, _ = at(index, 0)
            size, lines = pdf.fit_label(label, slot - 2, 7.5, 6, 2, "")
            align = "C"
            box = px - slot / 2
            if count > 1 and index == 0:
                box, align = px - 2, "L"
            elif count > 1 and index == count - 1:
                box, align = px - slot + 2, "R"
            pdf.set_font(FAMILY, "", size)
            pdf.text_lines_at(box, bottom + 1.5, slot, lines, size * 0.42, align)
        pdf.set_line_width(0.7)
        for colour, _label, values in series:
            pdf.set_draw_color(*rgb(colour))
            pdf.set_fill_color(*rgb(colour))
            previous: tuple[float, float] | None = None
            for index, value in enumerate(values):
                if value is None:
                    previous = None
                    continue
                point = at(index, value)
                if previous is not None:
                    pdf.line(*previous, *point)
                pdf.circle(point[0], point[1], 0.8, style="F")
                previous = point


def _changes_table(pdf: ReportDocument, ctx: ReportContext, trend: Trend) -> None:
    """First, previous and latest wave, and the changes since the previous and since the first."""

    def name(change: Change) -> str:
        if change.section == "overall":
            return ctx.t("report.ws.trend.overall")
        if change.section == "stage":
            return ctx.t("report.ws.trend.stage")
        title = ctx.level_title(change.item_id) if change.section == "level" else ctx.aspect_title(change.item_id)
        return f"{title} ({ctx.t(f'workspace.section.{change.section}')})"

    # With two waves the first is the previous one: one column each, not two identical ones.
    two = len(trend.labels) == 2
    rows = []
    for change in changes(trend):
        digits = 1 if change.section == "stage" else None
        row = [name(change), ctx.num(change.first, digits)]
        if not two:
            row.append(ctx.num(change.previous, digits))
        row.append(ctx.num(change.last, digits))
        if not two:
            row.append(ctx.signed(change.since_previous, digits))
        row.append(ctx.signed(change.since_first, digits))
        rows.append(row)
    headings = ["report.ws.col.first", "report.ws.col.last", "report.ws.col.since_first"]
    if not two:
        headings = [
            "report.ws.col.first",
            "report.ws.col.previous",
            "report.ws.col.last",
            "report.ws.col.since_previous",
            "report.ws.col.since_first",
        ]
    rest = (pdf.epw - 63.0) / len(headings)
    pdf.paragraph(ctx.t("report.ws.trend.waves", waves=" → ".join(trend.labels)), size=9, colour=MUTED)
    pdf.data_table(
        [(ctx.t("report.ws.col.item"), 63.0, "L"), *[(ctx.t(key), rest, "R") for key in headings]],
        rows,
        max_lines=2,
    )
