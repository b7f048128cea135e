"""The respondent-groups section: scores per group and where the groups disagree."""

from __future__ import annotations

from cxmaturity import palette
from cxmaturity.model import GapBetweenGroups
from cxmaturity.report.charts_shapes import rgb
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line


def write_groups(pdf: ReportDocument, ctx: ReportContext) -> None:
    """A level-by-group score grid and the perception gaps; called only when groups exist."""
    pdf.section(ctx.t("report.section.groups"))
    pdf.paragraph(ctx.t("report.groups.intro"), size=9.5, colour=MUTED)
    levels = ctx.questionnaire.levels
    names = list(ctx.card.groups)
    head_w = 44.0
    cell_w = (pdf.epw - head_w) / (len(levels) + 1)
    row_h = 8.0
    with pdf.style():
        top = pdf.y
        columns = [level.title.get(ctx.lang) for level in levels] + [ctx.t("report.groups.overall")]
        for index, label in enumerate(columns):
            size, lines = pdf.fit_label(label, cell_w - 1, 7.5, 5.5, 2, "B")
            pdf.set_font(FAMILY, "B", size)
            pdf.set_text_color(*INK)
            line_h = size * 0.42
            pdf.text_lines_at(
                pdf.l_margin + head_w + index * cell_w, top + 8 - line_h * len(lines), cell_w, lines, line_h, "C"
            )
        y = top + 9
        for group_index, name in enumerate(names):
            if y + row_h > pdf.page_break_trigger:
                pdf.add_page()
                y = pdf.y
            group = ctx.card.groups[name]
            pdf.set_fill_color(*rgb(palette.group_colour(group_index)))
            pdf.rect(pdf.l_margin, y + 2.5, 3, 3, style="F")
            pdf.set_font(FAMILY, "", 8.5)
            pdf.set_text_color(*INK)
            label = f"{name} ({len(group.respondents)})"
            pdf.text_lines_at(pdf.l_margin + 4, y + 2, head_w - 5, [pdf.truncate(label, head_w - 6)], 4)
            scores = [group.levels[level.id].score if level.id in group.levels else None for level in levels]
            scores.append(group.overall.score)
            for index, score in enumerate(scores):
                fill = palette.score_colour(score)
                left = pdf.l_margin + head_w + index * cell_w
                pdf.set_fill_color(*rgb(fill))
                pdf.set_draw_color(255, 255, 255)
                pdf.set_line_width(0.6)
                pdf.rect(left, y, cell_w, row_h, style="DF")
                pdf.set_font(FAMILY, "B", 8.5)
                pdf.set_text_color(*rgb(palette.text_colour_on(fill)))
                put_line(pdf, left, y + 2, cell_w, 4, ctx.num(score), "C")
            y += row_h
        pdf.set_y(y + 4)
    gap = ctx.card.perception_gap
    if gap is None:
        return
    pdf.heading(ctx.t("report.groups.gaps_title"), 2)
    entries: list[tuple[GapBetweenGroups, str]] = [(e, ctx.level_title(k)) for k, e in gap.levels.items()]
    entries += [(e, ctx.aspect_title(k)) for k, e in gap.aspects.items()]
    rows = [
        (
            name,
            ctx.t(
                "report.groups.gap_value",
                gap=ctx.num(entry.gap),
                high=entry.high,
                high_score=ctx.num(entry.high_score),
                low=entry.low,
                low_score=ctx.num(entry.low_score),
            ),
        )
        for entry, name in sorted(entries, key=lambda item: -item[0].gap)
    ]
    pdf.key_values(rows, key_width=55)
