"""The charts section: each drawing with its bookmark and the same one-line reading as the screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from cxmaturity.charts import palette
from cxmaturity.core import readings
from cxmaturity.core.model import Aspect, Level, Questionnaire, ScoreCard, SetScore
from cxmaturity.report.charts_shapes import RadarAxis, draw_pyramid, draw_radar, rgb
from cxmaturity.report.charts_tables import draw_gap_bars, draw_heatmap, gap_rows
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import MUTED, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line

Reading = Callable[[ScoreCard, Questionnaire, str], str]


def _reading(pdf: ReportDocument, ctx: ReportContext, reading: Reading) -> None:
    """The chart's one-line reading under it (the same sentence the screen shows)."""
    text = reading(ctx.card, ctx.questionnaire, ctx.lang)
    if text:
        pdf.paragraph(text, size=9, colour=MUTED)
    pdf.ln(3)


def _frame(pdf: ReportDocument, title: str, height: float) -> float:
    """Start a level-1 section for a chart, keeping its heading and drawing on one page."""
    pdf.ensure_space(height + 22)
    pdf.section(title, level=1, new_page=False)
    return pdf.y


def write_charts(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Pyramid, level radar, aspect radar, heatmap and gap bars, each with its reading."""
    pdf.section(ctx.t("report.section.charts"))
    top = _frame(pdf, ctx.t("report.chart.pyramid"), 80)
    draw_pyramid(pdf, ctx, pdf.l_margin, top + 2, pdf.epw, 76)
    pdf.set_y(top + 82)
    _reading(pdf, ctx, readings.pyramid_reading)

    _radar_block(
        pdf, ctx, "report.chart.level_radar", ctx.questionnaire.levels, ctx.card.levels, readings.level_radar_reading
    )
    _radar_block(
        pdf,
        ctx,
        "report.chart.aspect_radar",
        ctx.questionnaire.aspects,
        ctx.card.aspects,
        readings.aspect_radar_reading,
    )

    rows = len(ctx.questionnaire.levels)
    top = _frame(pdf, ctx.t("report.chart.heatmap"), 26 + rows * 10)
    used = draw_heatmap(pdf, ctx, pdf.l_margin, top, pdf.epw)
    pdf.set_y(top + used + 2)
    _reading(pdf, ctx, readings.heatmap_reading)

    level_rows = gap_rows(ctx, "levels")
    aspect_rows = gap_rows(ctx, "aspects")
    top = _frame(pdf, ctx.t("report.chart.gaps"), 36 + (len(level_rows) + len(aspect_rows)) * 8)
    pdf.paragraph(ctx.t("report.chart.gaps_levels"), size=9, bold=True)
    top = pdf.y
    used = draw_gap_bars(pdf, ctx, level_rows, pdf.l_margin, top, pdf.epw)
    pdf.set_y(top + used + 3)
    pdf.ensure_space(12 + len(aspect_rows) * 8)
    pdf.paragraph(ctx.t("report.chart.gaps_aspects"), size=9, bold=True)
    top = pdf.y
    used = draw_gap_bars(pdf, ctx, aspect_rows, pdf.l_margin, top, pdf.epw)
    pdf.set_y(top + used + 3)
    _reading(pdf, ctx, readings.gap_reading)


def _radar_block(
    pdf: ReportDocument,
    ctx: ReportContext,
    title_key: str,
    items: Sequence[Level] | Sequence[Aspect],
    sets: Mapping[str, SetScore],
    reading: Reading,
) -> None:
    """A framed radar of levels or aspects (score and target), its legend and its reading."""
    axes = [RadarAxis(item.title.get(ctx.lang), *_score_target(sets, item.id)) for item in items]
    top = _frame(pdf, ctx.t(title_key), 88)
    draw_radar(pdf, ctx, axes, pdf.l_margin, top, pdf.epw, 88)
    pdf.set_y(top + 88)
    _radar_legend(pdf, ctx)
    _reading(pdf, ctx, reading)


def _score_target(sets: Mapping[str, SetScore], key: str) -> tuple[float | None, float | None]:
    s = sets.get(key)
    return (s.score, s.target) if s is not None else (None, None)


def _radar_legend(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Legend of the radar's lines: score, target, threshold."""
    items = [
        (palette.SCORE_COLOUR, (0.0, 0.0), ctx.t("report.chart.legend_score")),
        (palette.TARGET_COLOUR, (2.0, 1.0), ctx.t("report.chart.legend_target")),
        (palette.THRESHOLD_COLOUR, (0.8, 0.8), ctx.t("report.chart.legend_threshold")),
    ]
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 7.5)
        pdf.set_text_color(*MUTED)
        widths = [pdf.get_string_width(label) + 12 for _, _, label in items]
        x = pdf.l_margin + (pdf.epw - sum(widths)) / 2
        y = pdf.y
        for (colour, (dash, gap), label), width in zip(items, widths, strict=True):
            pdf.set_draw_color(*rgb(colour))
            pdf.set_line_width(0.6)
            pdf.set_dash_pattern(dash=dash, gap=gap)
            pdf.line(x, y + 2, x + 7, y + 2)
            pdf.set_dash_pattern()
            put_line(pdf, x + 8, y, width - 8, 4, label, "L")
            x += width
    pdf.set_y(pdf.y + 6)
