"""The respondent-groups section: scores per group, agreement, and where the groups disagree.

Only the groups at or above the anonymity threshold appear (``ctx.groups()``); the
names of smaller groups are never written, their answers count in the totals only.
Group colours follow the screen (:func:`cxmaturity.charts.palette.group_colour`, by position).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cxmaturity.charts import palette
from cxmaturity.core.model import Aspect, Level, ScoreCard, SetScore
from cxmaturity.report.charts_shapes import draw_group_radar, draw_swatch_legend, rgb, score_row
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line
from cxmaturity.workspace.perception import agreement, gap_drivers, largest_gaps

#: How many of the largest perception gaps the section lists, and how many questions drive the largest.
GAP_ROWS = 6
DRIVER_ROWS = 6


def write_groups(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Group scores (grids and radars), agreement, the largest gaps and what drives the largest."""
    groups = ctx.groups()
    if not groups:
        return
    pdf.section(ctx.t("report.section.groups"))
    pdf.paragraph(ctx.t("report.groups.intro"), size=9.5, colour=MUTED)
    if ctx.hidden_groups():
        pdf.paragraph(ctx.t("workspace.group.hidden", n=ctx.workspace.min_group_size), size=9, colour=MUTED)
    pdf.heading(ctx.t("report.ws.groups.levels_title"), 2)
    _grid(pdf, ctx, groups, ctx.questionnaire.levels, "levels", with_overall=True)
    pdf.heading(ctx.t("report.ws.groups.aspects_title"), 2)
    _grid(pdf, ctx, groups, ctx.questionnaire.aspects, "aspects", with_overall=False)
    _radars(pdf, ctx, groups)
    _agreement(pdf, ctx)
    _gaps(pdf, ctx)


def _grid(
    pdf: ReportDocument,
    ctx: ReportContext,
    groups: Mapping[str, ScoreCard],
    items: Sequence[Level] | Sequence[Aspect],
    section: str,
    with_overall: bool,
) -> None:
    """One row per group, one coloured cell per level or aspect (and the overall score)."""
    head_w = 44.0
    columns = [item.title.get(ctx.lang) for item in items]
    if with_overall:
        columns.append(ctx.t("report.groups.overall"))
    cell_w = (pdf.epw - head_w) / len(columns)
    row_h = 8.0
    pdf.ensure_space(10 + row_h * min(len(groups), 4))
    with pdf.style():
        top = pdf.y
        for index, label in enumerate(columns):
            size, lines = pdf.fit_label(label, cell_w - 1, 7.5, 5.5, 2, "B")
            pdf.set_font(FAMILY, "B", size)
            pdf.set_text_color(*INK)
            line_h = size * 0.42
            pdf.text_lines_at(
                pdf.l_margin + head_w + index * cell_w, top + 8 - line_h * len(lines), cell_w, lines, line_h, "C"
            )
        y = top + 9
        for group_index, (name, group) in enumerate(groups.items()):
            if y + row_h > pdf.page_break_trigger:
                pdf.add_page()
                y = pdf.y
            pdf.set_fill_color(*rgb(palette.group_colour(group_index)))
            pdf.rect(pdf.l_margin, y + 2.5, 3, 3, style="F")
            pdf.set_font(FAMILY, "", 8.5)
            pdf.set_text_color(*INK)
            label = ctx.group_label(name, len(group.respondents))
            pdf.text_lines_at(pdf.l_margin + 4, y + 2, head_w - 5, [pdf.truncate(label, head_w - 6)], 4)
            sets: Mapping[str, SetScore] = getattr(group, section)
            scores = [sets[item.id].score if item.id in sets else None for item in items]
            if with_overall:
                scores.append(group.overall.score)
            score_row(pdf, ctx, pdf.l_margin + head_w, y, cell_w, row_h, scores)
            y += row_h
        pdf.set_y(y + 4)


def _radars(pdf: ReportDocument, ctx: ReportContext, groups: Mapping[str, ScoreCard]) -> None:
    """Levels and aspects radars side by side, the groups drawn together, and a colour legend."""
    height = 78.0
    pdf.ensure_space(height + 24)
    pdf.heading(ctx.t("report.ws.groups.radar_title"), 2)
    top = pdf.y
    half = pdf.epw / 2
    for offset, items, section, title_key in (
        (0.0, ctx.questionnaire.levels, "levels", "report.ws.groups.radar_levels"),
        (half, ctx.questionnaire.aspects, "aspects", "report.ws.groups.radar_aspects"),
    ):
        with pdf.local_context():
            pdf.set_font(FAMILY, "B", 9)
            pdf.set_text_color(*INK)
            put_line(pdf, pdf.l_margin + offset, top, half, 4, ctx.t(title_key), "C")
        series = []
        for index, group in enumerate(groups.values()):
            sets: Mapping[str, SetScore] = getattr(group, section)
            values = [sets[item.id].score if item.id in sets else None for item in items]
            series.append((palette.group_colour(index), values))
        labels = [item.title.get(ctx.lang) for item in items]
        draw_group_radar(pdf, ctx, labels, series, pdf.l_margin + offset, top + 5, half, height)
    pdf.set_y(top + height + 6)
    draw_swatch_legend(pdf, [(palette.group_colour(i), ctx.group(name)) for i, name in enumerate(groups)])


def _item_title(ctx: ReportContext, section: str, item_id: str) -> str:
    """A level's or aspect's title with what it is, e.g. ``Responsiveness (level)``."""
    title = ctx.level_title(item_id) if section == "level" else ctx.aspect_title(item_id)
    return f"{title} ({ctx.t(f'workspace.section.{section}')})"


def _agreement(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Spread of all respondents' scores per level and aspect, with the agreement in words."""
    pdf.heading(ctx.t("report.ws.groups.agreement_title"), 2)
    card = ctx.card
    rows = []
    for row in agreement(card):
        sets = card.levels if row.section == "level" else card.aspects
        s = sets[row.item_id]
        spread = "—" if s.min is None or s.max is None else f"{ctx.num(s.min)}–{ctx.num(s.max)}"
        rows.append(
            [
                _item_title(ctx, row.section, row.item_id),
                str(row.n),
                ctx.num(row.stdev, 1) if row.stdev is not None else "—",
                spread,
                ctx.t(f"workspace.agreement.{row.agreement}") if row.agreement else "—",
            ]
        )
    pdf.data_table(
        [
            (ctx.t("report.ws.col.item"), 64.0, "L"),
            (ctx.t("report.ws.col.respondents"), 26.0, "R"),
            (ctx.t("report.ws.col.stdev"), 38.0, "R"),
            (ctx.t("report.ws.col.range"), 24.0, "R"),
            (ctx.t("report.ws.col.agreement"), pdf.epw - 152.0, "R"),
        ],
        rows,
        max_lines=2,
    )
    pdf.paragraph(ctx.t("workspace.agreement.explained"), size=9, colour=MUTED)


def _gaps(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The largest perception gaps in words and numbers, then the questions behind the largest."""
    threshold = ctx.workspace.min_group_size
    gaps = largest_gaps(ctx.card, threshold)
    if not gaps:
        return
    pdf.ln(2)
    pdf.heading(ctx.t("report.groups.gaps_title"), 1)
    left_out = ctx.card.perception_gap.left_out if ctx.card.perception_gap is not None else ()
    if left_out:  # the groups are compared on the questions every group answered
        pdf.paragraph(ctx.t("content_q.groups.left_out", n=len(left_out)), size=9, colour=MUTED)
    first = gaps[0]
    first_name = _item_title(ctx, first.section, first.item_id)
    pdf.paragraph(
        ctx.t(
            "report.ws.gap.headline",
            name=first_name,
            high=ctx.group(first.gap.high),
            high_score=ctx.num(first.gap.high_score),
            low=ctx.group(first.gap.low),
            low_score=ctx.num(first.gap.low_score),
            gap=first.gap.gap,
        ),
        size=10,
        bold=True,
    )
    rows = [
        [
            _item_title(ctx, row.section, row.item_id),
            f"{ctx.group(row.gap.high)} ({ctx.num(row.gap.high_score)})",
            f"{ctx.group(row.gap.low)} ({ctx.num(row.gap.low_score)})",
            ctx.num(row.gap.gap),
        ]
        for row in gaps[:GAP_ROWS]
    ]
    pdf.data_table(
        [
            (ctx.t("report.ws.col.item"), 62.0, "L"),
            (ctx.t("report.ws.col.high_group"), 45.0, "L"),
            (ctx.t("report.ws.col.low_group"), 45.0, "L"),
            (ctx.t("report.ws.col.gap"), pdf.epw - 152.0, "R"),
        ],
        rows,
        max_lines=2,
    )
    drivers = gap_drivers(ctx.questionnaire, ctx.card, first.section, first.item_id, threshold)
    if not drivers:
        return
    pdf.heading(ctx.t("report.ws.gap.drivers_title", name=first_name), 2)
    pdf.paragraph(
        ctx.t(
            "report.ws.gap.drivers_intro",
            count=DRIVER_ROWS,
            high=ctx.group(first.gap.high),
            low=ctx.group(first.gap.low),
        ),
        size=9,
        colour=MUTED,
    )
    texts = {question.id: question.text.get(ctx.lang) for question in ctx.questionnaire.questions}
    pdf.data_table(
        [
            (ctx.t("report.ws.col.question"), 112.0, "L"),
            (ctx.group(first.gap.high), 20.0, "R"),
            (ctx.group(first.gap.low), 20.0, "R"),
            (ctx.t("report.ws.col.difference"), pdf.epw - 152.0, "R"),
        ],
        [
            [
                texts.get(driver.question_id, driver.question_id),
                ctx.num(driver.high_score),
                ctx.num(driver.low_score),
                ctx.num(driver.difference),
            ]
            for driver in drivers[:DRIVER_ROWS]
        ],
        max_lines=8,
    )
