"""The executive summary on one page: the stage, what it means, the board's decisions, the key figures."""

from __future__ import annotations

from cxmaturity.charts import palette
from cxmaturity.core import readings
from cxmaturity.report.charts_shapes import rgb
from cxmaturity.report.charts_tables import draw_legend
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import ACCENT, INK, MUTED, PAPER_TINT, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.narrative import board_decisions, priority_reason, what_it_means
from cxmaturity.report.textflow import put_line
from cxmaturity.workspace.participation import with_participation
from cxmaturity.workspace.perception import largest_gaps


def write_summary(pdf: ReportDocument, ctx: ReportContext) -> None:
    """One page: the stage, what it means, the board's decisions, then the key figures and what they rest on."""
    card = ctx.card
    pdf.section(ctx.t("report.section.summary"))
    _stage_box(pdf, ctx)
    if not card.has_answers:
        pdf.paragraph(ctx.t("report.summary.no_answers"), size=10.5, bold=True)
        return
    meaning = what_it_means(ctx)
    if meaning:
        pdf.heading(ctx.t("deliverable.summary.meaning_title"), 2)
        pdf.paragraph(" ".join(meaning), size=10)
    decisions = board_decisions(ctx)
    if decisions:
        pdf.heading(ctx.t("deliverable.summary.decisions_title"), 2)
        _bullets(pdf, decisions)
    pdf.heading(ctx.t("deliverable.summary.figures_title"), 2)
    _levels_table(pdf, ctx)
    if card.unsupported_levels:
        warning = readings.unsupported_warning(card, ctx.questionnaire, ctx.lang)
        if warning:
            pdf.paragraph(warning, size=9, colour=MUTED)
    _top_gaps(pdf, ctx)
    _basis(pdf, ctx)
    gap = largest_perception_gap(ctx)
    if gap is not None:
        # The gap's text starts "{level}: ...": a dash, not a second colon, joins it to the title.
        pdf.paragraph(f"{ctx.t('report.summary.perception_title')} — {gap}", size=9.5)


def _bullets(pdf: ReportDocument, items: list[str]) -> None:
    """A list of short items, each after a bullet, wrapped under its own text."""
    with pdf.style():
        pdf.set_text_color(*INK)
        for item in items:
            pdf.set_font(FAMILY, "", 10)
            put_line(pdf, pdf.l_margin, pdf.y, 5, 5, "•")
            pdf.block(item, 10, indent=5, line_h=5)
            pdf.ln(0.6)
    pdf.ln(1.5)


def _basis(pdf: ReportDocument, ctx: ReportContext) -> None:
    """What the figures rest on, in one paragraph: the source, the coverage and who took part."""
    card = ctx.card
    evidence_only = ctx.workspace.source == "evidence"
    parts = [ctx.t("deliverable.summary.basis", source=ctx.source_phrase())]
    if ctx.workspace.evidence_coverage is not None:
        parts.append(f"{ctx.t('honest.report.evidence_coverage')}: {ctx.pct(ctx.workspace.evidence_coverage)}.")
    if not evidence_only:
        parts.append(readings.coverage_reading(card, ctx.lang))
    parts.append(ctx.participation_line())
    pdf.paragraph(" ".join(part for part in parts if part), size=9, colour=MUTED)


def _stage_box(pdf: ReportDocument, ctx: ReportContext) -> None:
    """A tinted box: the stage as ``2.7 / 5`` and the headline sentence beside it."""
    top = pdf.y
    box_w, box_h = 44.0, 26.0
    headline = with_participation(
        readings.stage_headline(ctx.card, ctx.questionnaire, ctx.lang), ctx.workspace.participation, ctx.lang
    )
    with pdf.local_context():
        pdf.set_font(FAMILY, "B", 11.5)
        lines = pdf.wrap_lines(headline, pdf.epw - box_w - 8, 5)
        height = max(box_h, len(lines) * 5.8 + 8)
        pdf.set_fill_color(*PAPER_TINT)
        pdf.rect(pdf.l_margin, top, pdf.epw, height, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(pdf.l_margin, top, box_w, height, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FAMILY, "B", 22)
        stage = ctx.stage()
        pdf.set_xy(pdf.l_margin, top + height / 2 - 8)
        pdf.cell(box_w, 10, stage, align="C")
        pdf.set_font(FAMILY, "", 9)
        pdf.set_xy(pdf.l_margin, top + height / 2 + 3)
        pdf.cell(box_w, 5, ctx.t("report.summary.stage_of", levels=ctx.card.level_count), align="C")
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "B", 11.5)
        text_top = top + (height - len(lines) * 5.8) / 2
        pdf.text_lines_at(pdf.l_margin + box_w + 5, text_top, pdf.epw - box_w - 8, lines, 5.8)
    pdf.set_y(top + height + 3)


def _levels_table(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Every level at a glance, top of the pyramid first: colour, score, target, status."""
    widths = (6.0, 74.0, 24.0, 24.0, 6.0, pdf.epw - 134.0)
    heads = (
        "",
        ctx.t("report.table.level"),
        ctx.t("report.table.score"),
        ctx.t("report.table.target"),
        "",
        ctx.t("report.level.status"),
    )
    aligns = ("L", "L", "R", "R", "L", "L")
    with pdf.style():
        pdf.set_font(FAMILY, "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.row(widths, heads, aligns, 5)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
        pdf.set_text_color(*INK)
        levels = list(enumerate(ctx.questionnaire.levels, start=1))
        for number, level in reversed(levels):
            s = ctx.card.levels.get(level.id)
            score = s.score if s is not None else None
            pdf.set_fill_color(*rgb(palette.score_colour(score)))
            pdf.rect(pdf.l_margin + 0.5, pdf.y + 0.9, 4, 3.6, style="F")
            if level.id in ctx.card.attained_levels:
                status = ctx.t("report.chart.attained")
            elif level.id in ctx.card.unsupported_levels:
                status = ctx.t("report.chart.unsupported")
            else:
                status = ""
            values = (
                "",
                f"{number}. {level.title.get(ctx.lang)}",
                ctx.num(score),
                ctx.num(s.target if s else None),
                "",
                status,
            )
            pdf.set_font(FAMILY, "", 9.5)
            pdf.row(widths, values, aligns, 5.4)
    pdf.ln(1)
    pdf.ensure_space(12)
    pdf.set_y(pdf.y + draw_legend(pdf, ctx, pdf.l_margin + 6, pdf.y, pdf.epw - 6) + 1)


def _top_gaps(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The three levels with the highest priority (gap weighted by closeness to the base)."""
    ranked = sorted(
        (
            (s.priority, level.id)
            for level in ctx.questionnaire.levels
            if (s := ctx.card.levels.get(level.id)) is not None and s.priority and s.priority > 0
        ),
        reverse=True,
    )[:3]
    pdf.heading(ctx.t("report.summary.top_gaps"), 2)
    if not ranked:
        pdf.paragraph(ctx.t("report.summary.no_gaps"), size=10)
        return
    columns = [
        (ctx.t("report.table.level"), 70.0, "L"),
        (ctx.t("report.table.score"), 27.0, "R"),
        (ctx.t("report.table.target"), 27.0, "R"),
        (ctx.t("report.table.gap"), 27.0, "R"),
        (ctx.t("report.table.priority"), pdf.epw - 151.0, "R"),
    ]
    with pdf.style():
        pdf.set_font(FAMILY, "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.row([c[1] for c in columns], [c[0] for c in columns], [c[2] for c in columns], 5)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
        pdf.set_text_color(*INK)
        for rank, (_priority, level_id) in enumerate(ranked, start=1):
            s = ctx.card.levels[level_id]
            values = [
                f"{rank}. {ctx.level_title(level_id)}",
                ctx.num(s.score),
                ctx.num(s.target),
                ctx.num(s.gap),
                ctx.num(s.priority),
            ]
            pdf.set_font(FAMILY, "", 9.5)
            pdf.row([c[1] for c in columns], values, [c[2] for c in columns], 5.4)
    pdf.ln(1)
    reason = priority_reason(ctx)
    if reason:
        pdf.paragraph(reason, size=9, colour=MUTED)


def largest_perception_gap(ctx: ReportContext) -> str | None:
    """One sentence on the widest disagreement between the visible respondent groups, or None."""
    gaps = largest_gaps(ctx.card, ctx.workspace.min_group_size, limit=1)
    if not gaps:
        return None
    entry = gaps[0].gap
    name = ctx.level_title(gaps[0].item_id) if gaps[0].section == "level" else ctx.aspect_title(gaps[0].item_id)
    return ctx.t(
        "report.summary.perception_gap",
        name=name,
        gap=entry.gap,
        high=ctx.group(entry.high),
        high_score=ctx.num(entry.high_score),
        low=ctx.group(entry.low),
        low_score=ctx.num(entry.low_score),
    )
