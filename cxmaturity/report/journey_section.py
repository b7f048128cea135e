"""The journey sections of the PDF: the map as a table (stages as columns), the emotion curve, the
criticality matrix with the fix-first list, the touchpoints' ratings, and the service model's KPI table.

Charts are drawn as vectors with fpdf2 from the journey wing's values; every label is numbered
(touchpoints in journey order, 1, 2, 3...) and named in full in the tables, which wrap their text
instead of cutting it. Stages beyond :data:`STAGES_PER_TABLE` continue in a second table.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from cxmaturity.charts import palette
from cxmaturity.core.readings import format_score
from cxmaturity.journey import readings
from cxmaturity.journey.figures import figures_text
from cxmaturity.journey.kpis import cause_and_effect, kpi_flags
from cxmaturity.journey.matrix import CRITICAL_FROM, WEAK_BELOW
from cxmaturity.journey.summary import JourneySummary
from cxmaturity.report.charts_shapes import draw_swatch_legend, rgb
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line

STAGES_PER_TABLE = 5
CURVE_H = 60.0
MATRIX_SIDE = 80.0
MOMENT = "★"


def write_journey(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Every journey section, in order; nothing without a journey the reader may see, the KPI table only with rows."""
    summary: JourneySummary | None = ctx.workspace.journey
    if summary is None:
        return
    if summary.has_map:
        pdf.section(ctx.t("journey_ui.report.section"))
        pdf.paragraph(ctx.t("journey_ui.report.intro"), size=9.5, colour=MUTED)
        _map_table(pdf, ctx, summary)
        _emotion_curve(pdf, ctx, summary)
        _matrix(pdf, ctx, summary)
        _ratings_table(pdf, ctx, summary)
        _figures_table(pdf, ctx, summary)
    if summary.kpis:
        _kpi_table(pdf, ctx, summary, new_page=not summary.has_map)


def _map_table(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary) -> None:
    """Stages as columns, their touchpoints below in order (numbered, moments of truth starred)."""
    pdf.section(ctx.t("journey_ui.report.map"), level=1, new_page=False)
    by_stage: dict[str, list[str]] = {stage: [] for stage in summary.journey.stages}
    for point in summary.journey.ordered():
        mark = f" {MOMENT}" if point.moment_of_truth else ""
        by_stage[point.stage].append(f"{summary.positions[point.key]}. {point.name}{mark}")
    stages = list(summary.journey.stages)
    for start in range(0, len(stages), STAGES_PER_TABLE):
        chunk = stages[start : start + STAGES_PER_TABLE]
        width = pdf.epw / len(chunk)
        depth = max((len(by_stage[stage]) for stage in chunk), default=0)
        rows = [[by_stage[stage][i] if i < len(by_stage[stage]) else "" for stage in chunk] for i in range(depth)]
        pdf.data_table([(stage, width, "L") for stage in chunk], rows, size=8.5, max_lines=6)
    pdf.paragraph(ctx.t("journey_ui.report.moment_note", mark=MOMENT), size=8, colour=MUTED)


def _emotion_curve(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary) -> None:
    """The mean emotion (-2..+2) after each touchpoint, stages as alternating bands, moments of truth starred."""
    pdf.ensure_space(CURVE_H + 40)
    pdf.section(ctx.t("journey_ui.chart.emotion.title"), level=1, new_page=False)
    count = len(summary.positions)
    x0, top = pdf.l_margin + 12, pdf.y
    width, height = pdf.epw - 14, CURVE_H
    step = width / max(1, count)

    def at(position: int, emotion: float) -> tuple[float, float]:
        return x0 + step * (position + 0.5), top + height / 2 - emotion * (height / 2 - 3) / 2

    with pdf.local_context():
        for index, (_stage, first, last) in enumerate(summary.bands):
            pdf.set_fill_color(*((230, 241, 248) if index % 2 == 0 else (252, 243, 226)))
            pdf.rect(x0 + step * first, top, step * (last - first + 1), height, style="F")
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(*MUTED)
        pdf.set_line_width(0.2)
        for value in (-2, -1, 0, 1, 2):
            _, y = at(0, value)
            pdf.set_draw_color(*(rgb(palette.THRESHOLD_COLOUR) if value == 0 else RULE))
            pdf.line(x0, y, x0 + width, y)
            put_line(pdf, pdf.l_margin, y - 1.5, 11, 3, readings.signed(value, ctx.lang), "R")
        points = [at(p.position, p.emotion) for p in summary.curve]
        pdf.set_draw_color(*rgb(palette.SCORE_COLOUR))
        pdf.set_line_width(0.6)
        for start, end in pairwise(points):
            pdf.line(*start, *end)
        for point, (x, y) in zip(summary.curve, points, strict=True):
            colour = palette.TARGET_COLOUR if point.touchpoint.moment_of_truth else palette.SCORE_COLOUR
            radius = 1.5 if point.touchpoint.moment_of_truth else 1.0
            pdf.set_fill_color(*rgb(colour))
            pdf.ellipse(x - radius, y - radius, 2 * radius, 2 * radius, style="F")
        pdf.set_text_color(*INK)
        every = max(1, round(count / 25))  # numbers stay apart however long the journey
        for position in range(0, count, every):
            x, _ = at(position, 0)
            put_line(pdf, x - step * every / 2, top + height + 0.5, step * every, 3, str(position + 1), "C")
    pdf.set_y(top + height + 5)
    bands = [
        ("#e6f1f8" if i % 2 == 0 else "#fcf3e2", f"{i + 1}. {stage}") for i, (stage, _, _) in enumerate(summary.bands)
    ]
    draw_swatch_legend(pdf, [*bands, (palette.TARGET_COLOUR, ctx.t("journey_ui.chart.emotion.moment"))])
    pdf.paragraph(readings.emotion_reading(summary.curve, ctx.lang), size=9.5)


def _matrix(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary) -> None:
    """Customer (across) against company (up) criticality, the fix-first quadrant shaded, then the fix-first list."""
    pdf.ensure_space(MATRIX_SIDE + 40)
    pdf.section(ctx.t("journey_ui.chart.matrix.title"), level=1, new_page=False)
    side = MATRIX_SIDE
    x0 = pdf.l_margin + (pdf.epw - side) / 2
    top = pdf.y

    def at(customer: float, company: float) -> tuple[float, float]:
        return x0 + (customer - 0.5) / 5 * side, top + side - (company - 0.5) / 5 * side

    with pdf.local_context():
        corner_x, corner_y = at(CRITICAL_FROM, 5.5)
        pdf.set_fill_color(251, 228, 214)
        pdf.rect(corner_x, corner_y, x0 + side - corner_x, at(0, CRITICAL_FROM)[1] - corner_y, style="F")
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.rect(x0, top, side, side)
        pdf.set_font(FAMILY, "", 6.5)
        pdf.set_text_color(*MUTED)
        for value in (1, 2, 3, 4, 5):
            x, y = at(value, value)
            put_line(pdf, x - 3, top + side + 0.5, 6, 3, str(value), "C")
            put_line(pdf, x0 - 7, y - 1.5, 6, 3, str(value), "R")
        pdf.set_font(FAMILY, "B", 7.5)
        pdf.set_text_color(*rgb(palette.TARGET_COLOUR))
        put_line(pdf, corner_x, top + 1, x0 + side - corner_x - 1, 3.5, ctx.t("journey_ui.chart.matrix.fix_first"), "R")
        pdf.set_font(FAMILY, "", 6)
        pdf.set_text_color(*INK)
        seen: dict[tuple[float, float], int] = {}
        for point in summary.points:
            spot = (round(point.customer, 1), round(point.company, 1))
            rank = seen.get(spot, 0)
            seen[spot] = rank + 1
            x, y = at(*spot)
            # Touchpoints sharing a spot stack downwards: the next spot is half a step (8 mm) away.
            y += (rank % 2) * 3.4
            x += (rank // 2) * 4.0
            weak = point.performance is not None and point.performance < WEAK_BELOW
            colour = palette.TARGET_COLOUR if weak else palette.SCORE_COLOUR
            pdf.set_fill_color(*rgb(palette.MISSING_COLOUR if point.performance is None else colour))
            pdf.ellipse(x - 1.3, y - 1.3, 2.6, 2.6, style="F")
            put_line(pdf, x + 1.2, y - 1.6, 6, 3, str(point.position + 1))
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "", 7)
        put_line(pdf, x0, top + side + 3.5, side, 3.5, ctx.t("journey_ui.chart.axis.customer"), "C")
    pdf.set_y(top + side + 9)
    pdf.paragraph(ctx.t("journey_ui.report.matrix_axes"), size=8, colour=MUTED)
    draw_swatch_legend(
        pdf,
        [(palette.TARGET_COLOUR, ctx.t("journey_ui.chart.matrix.weak")),
         (palette.SCORE_COLOUR, ctx.t("journey_ui.chart.matrix.fine")),
         (palette.MISSING_COLOUR, ctx.t("journey_ui.chart.matrix.unknown"))],
    )  # fmt: skip
    pdf.paragraph(readings.matrix_reading(summary.points, summary.first, ctx.lang), size=9.5)
    if summary.first:
        rows = [
            [str(rank), f"{summary.positions[p.touchpoint.key]}. {p.touchpoint.name}", p.touchpoint.stage,
             format_score(p.customer, ctx.lang), format_score(p.company, ctx.lang),
             format_score(p.performance, ctx.lang),
             "; ".join(link.text for link in summary.journey.barriers_of(p.touchpoint.key)) or "—"]
            for rank, p in enumerate(summary.first, start=1)
        ]  # fmt: skip
        w = pdf.epw
        pdf.section(ctx.t("journey_ui.fix_first.heading"), level=2, new_page=False)
        pdf.data_table(
            [("#", w * 0.04, "R"), (ctx.t("journey_ui.col.touchpoint"), w * 0.23, "L"),
             (ctx.t("journey_ui.col.stage"), w * 0.12, "L"), (ctx.t("journey_ui.col.critical_customer"), w * 0.13, "R"),
             (ctx.t("journey_ui.col.critical_company"), w * 0.13, "R"), (ctx.t("journey_ui.col.performance"), w * 0.11, "R"),
             (ctx.t("journey_ui.report.barriers"), w * 0.24, "L")],
            rows, size=8, max_lines=6,
        )  # fmt: skip


def _spread(summary: JourneySummary, key: str, field: str, lang: str) -> str:
    rating = summary.combined.get(key)
    found = None if rating is None else rating.values.get(field)
    if found is None:
        return "—"
    if field == "emotion":  # signed values: "from -2 to -1" reads better with an ellipsis than a dash
        text, low, high = (readings.signed(v, lang) for v in (found.mean, found.low, found.high))
        return text if found.spread == 0 else f"{text} ({low}…{high})"
    text = format_score(found.mean, lang)
    return text if found.spread == 0 else f"{text} ({format_score(found.low, lang)}–{format_score(found.high, lang)})"


def _ratings_table(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary) -> None:
    """Every touchpoint's combined ratings: level today and target, emotion, criticality, performance."""
    pdf.section(ctx.t("journey_ui.report.ratings"), level=1, new_page=False)
    fields = ("level_now", "level_target", "emotion", "critical_customer", "critical_company")
    rows = []
    for point in summary.journey.ordered():
        rating = summary.combined.get(point.key)
        performance = None if rating is None else rating.performance
        rows.append(
            [f"{summary.positions[point.key]}. {point.name}", str(0 if rating is None else len(rating.raters)),
             *(_spread(summary, point.key, field, ctx.lang) for field in fields),
             "—" if performance is None else format_score(performance, ctx.lang)]
        )  # fmt: skip
    w = pdf.epw
    columns = [(ctx.t("journey_ui.col.touchpoint"), w * 0.24, "L"), (ctx.t("journey_ui.col.raters"), w * 0.09, "R")]
    columns += [(ctx.t(f"journey_ui.col.{field}"), w * 0.11, "R") for field in fields]
    columns.append((ctx.t("journey_ui.col.performance"), w * 0.12, "R"))
    pdf.data_table(columns, rows, size=8, max_lines=6)
    pdf.paragraph(readings.ladder_reading(summary.ladder, ctx.lang), size=9.5)
    if summary.changes is not None:
        pdf.paragraph(readings.wave_reading(*summary.changes, ctx.lang), size=9.5)


def _figures_table(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary) -> None:
    """What customers measured at each touchpoint (only the touchpoints with a stored figure)."""
    rows = [
        [f"{summary.positions[point.key]}. {point.name}", point.stage,
         figures_text(summary.measured[point.key], ctx.lang)]
        for point in summary.journey.ordered()
        if summary.measured.get(point.key)
    ]  # fmt: skip
    if not rows:
        return
    w = pdf.epw
    pdf.section(ctx.t("journey_ui2.figures.heading"), level=2, new_page=False)
    pdf.data_table(
        [(ctx.t("journey_ui.col.touchpoint"), w * 0.3, "L"), (ctx.t("journey_ui.col.stage"), w * 0.15, "L"),
         (ctx.t("journey_ui.col.measured"), w * 0.55, "L")],
        rows, size=8, max_lines=6,
    )  # fmt: skip


def _kpi_table(pdf: ReportDocument, ctx: ReportContext, summary: JourneySummary, new_page: bool) -> None:
    """The service model's indicators, their flags and cause-and-effect chains."""
    pdf.section(ctx.t("journey_ui.kpi.heading"), level=0 if new_page else 1, new_page=new_page)
    table = summary.kpis

    def number(value: float | None) -> str:
        return "—" if value is None else format_score(value, ctx.lang)

    rows: list[Sequence[str]] = [
        [k.name, k.aspect, number(k.current), number(k.target), k.unit or "", k.source or "—", k.owner or "",
         k.frequency or "", k.linked_to or "—"]
        for k in table
    ]  # fmt: skip
    w = pdf.epw
    shares = (("indicator", 0.2, "L"), ("aspect", 0.07, "L"), ("current", 0.09, "R"), ("target", 0.09, "R"),
              ("unit", 0.08, "L"), ("source", 0.13, "L"), ("owner", 0.11, "L"), ("frequency", 0.09, "L"),
              ("linked_to", 0.14, "L"))  # fmt: skip
    pdf.data_table([(ctx.t(f"journey_ui.kpi.col.{c}"), w * s, a) for c, s, a in shares], rows, size=8, max_lines=6)
    flags = kpi_flags(table, summary.journey)
    for index, found in flags.items():
        names = ", ".join(ctx.t(f"journey.flag.{flag}") for flag in found)
        pdf.paragraph(f"{table[index].name}: {names}", size=8.5, colour=MUTED)
    pdf.section(ctx.t("journey_ui.kpi.chains"), level=2, new_page=False)
    for chain in cause_and_effect(table, summary.journey):
        labels = [
            ctx.t("journey_ui.kpi.touchpoint", name=end.label) if end.kind == "touchpoint" else end.label
            for end in chain
        ]
        pdf.paragraph(" → ".join(labels), size=9)
