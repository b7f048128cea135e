"""The levels chapter (each level's score and cells) and the appendix of every question with its answers."""

from __future__ import annotations

from cxmaturity.charts import palette
from cxmaturity.core.model import AnswerKind, Level, Question, SetScore
from cxmaturity.report.charts_shapes import rgb
from cxmaturity.report.context import QuestionAnswers, ReportContext
from cxmaturity.report.document import INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY


def write_levels(pdf: ReportDocument, ctx: ReportContext) -> None:
    """One chapter, the levels flowing one after another from the base of the pyramid up."""
    pdf.section(ctx.t("deliverable.report.levels"))
    for number, level in enumerate(ctx.questionnaire.levels, start=1):
        _write_level(pdf, ctx, number, level)


def write_question_detail(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The appendix of every question in words (no ids): what was answered and the notes, level by level."""
    if not ctx.question_detail:
        return
    pdf.section(ctx.t("deliverable.report.question_detail"), level=1, new_page=True)
    pdf.paragraph(ctx.t("deliverable.report.question_detail_intro"), size=9, colour=MUTED)
    for number, level in enumerate(ctx.questionnaire.levels, start=1):
        pdf.section(ctx.t("report.level.title", number=number, title=level.title.get(ctx.lang)), 2, new_page=False)
        for aspect in ctx.questionnaire.aspects:
            questions = ctx.questionnaire.questions_of(level.id, aspect.id)
            if not questions:
                continue
            cell = ctx.card.cells.get((level.id, aspect.id))
            heading = ctx.t(
                "report.level.cell_heading",
                aspect=aspect.title.get(ctx.lang),
                score=ctx.num(cell.score if cell else None),
            )
            pdf.ensure_space(24)
            pdf.heading(heading, 2)
            for question in questions:
                _question(pdf, ctx, question)


def _status(ctx: ReportContext, level_id: str) -> str:
    if level_id in ctx.card.attained_levels:
        return ctx.t("report.level.status_attained")
    if level_id in ctx.card.unsupported_levels:
        return ctx.t("report.level.status_unsupported")
    return ctx.t("report.level.status_not_attained")


def _write_level(pdf: ReportDocument, ctx: ReportContext, number: int, level: Level) -> None:
    s = ctx.card.levels.get(level.id) or SetScore(score=None, n=0)
    pdf.ensure_space(70)
    pdf.section(ctx.t("report.level.title", number=number, title=level.heading(ctx.lang)), 1, new_page=False)
    if level.description is not None:
        pdf.paragraph(level.description.get(ctx.lang), size=9.5, colour=MUTED)
    rows = [
        (ctx.t("report.table.score"), ctx.num(s.score)),
        (
            ctx.t("report.level.target_gap"),
            ctx.t(
                "report.level.target_gap_value",
                target=ctx.num(s.target),
                gap=ctx.num(s.gap),
                priority=ctx.num(s.priority),
            ),
        ),
        (ctx.t("report.level.status"), _status(ctx, level.id)),
        (
            ctx.t("report.level.coverage"),
            ctx.t("report.level.coverage_value", coverage=ctx.pct(s.coverage), uncertainty=ctx.pct(s.uncertainty)),
        ),
    ]
    if len(ctx.card.respondents) > 1:
        rows.append((ctx.t("report.level.spread"), spread_text(ctx, s)))
    pdf.key_values(rows, key_width=48)
    pdf.ln(1)
    _cells_table(pdf, ctx, level)


def spread_text(ctx: ReportContext, s: SetScore) -> str:
    """Median, range and standard deviation of the respondents' scores."""
    if s.score is None:
        return "—"
    return ctx.t(
        "report.level.spread_value",
        median=ctx.num(s.median),
        low=ctx.num(s.min),
        high=ctx.num(s.max),
        stdev=ctx.num(s.stdev),
        n=s.n,
    )


def _cells_table(pdf: ReportDocument, ctx: ReportContext, level: Level) -> None:
    """One row per aspect: a colour swatch, the aspect, its score, respondents and coverage."""
    widths = (6.0, 86.0, 28.0, 28.0, pdf.epw - 148.0)
    heads = (
        "",
        ctx.t("report.table.aspect"),
        ctx.t("report.table.score"),
        ctx.t("report.table.respondents"),
        ctx.t("report.table.coverage"),
    )
    pdf.ensure_space(8 + 6 * len(ctx.questionnaire.aspects))
    with pdf.style():
        aligns = ("L", "L", "R", "R", "R")
        pdf.set_font(FAMILY, "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.row(widths, heads, aligns, 5)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.y, pdf.l_margin + pdf.epw, pdf.y)
        pdf.set_text_color(*INK)
        pdf.set_font(FAMILY, "", 9)
        for aspect in ctx.questionnaire.aspects:
            cell = ctx.card.cells.get((level.id, aspect.id))
            if cell is None:
                continue
            pdf.ensure_space(6)
            pdf.set_fill_color(*rgb(palette.score_colour(cell.score)))
            pdf.rect(pdf.l_margin + 0.5, pdf.y + 1.2, 4, 3.6, style="F")
            values = ("", aspect.title.get(ctx.lang), ctx.num(cell.score), str(cell.n), ctx.pct(cell.coverage))
            pdf.row(widths, values, aligns, 6)
    pdf.ln(2)


def answer_text(ctx: ReportContext, question: Question, entry: QuestionAnswers | None) -> str:
    """What was answered: the option for one respondent, counts and statistics for several."""
    if entry is None or not entry.kinds:
        return ctx.t("report.answer.none")
    if len(ctx.card.respondents) == 1:
        kind = entry.single_kind
        if kind == AnswerKind.NOT_APPLICABLE.value:
            return ctx.t("report.answer.na")
        if kind == AnswerKind.DONT_KNOW.value:
            return ctx.t("report.answer.dk")
        if kind != AnswerKind.VALUE.value or entry.single_value is None:
            return ctx.t("report.answer.none")
        scale = ctx.questionnaire.scales[question.scale]
        option = scale.option_for(entry.single_value)
        label = option.label.get(ctx.lang) if option is not None else ""
        value = ctx.num(entry.single_value, 0 if float(entry.single_value).is_integer() else 1)
        score = ctx.num(scale.normalise(entry.single_value))
        return ctx.t("report.answer.single", value=value, label=label, score=score)
    stats = ctx.card.questions.get(question.id)
    parts = []
    if stats is not None and stats.score is not None:
        parts.append(ctx.t("report.answer.mean", score=ctx.num(stats.score)) + "; " + spread_text(ctx, stats))
    counts = [
        f"{ctx.num(value, 0 if value.is_integer() else 1)}: {count}" for value, count in sorted(entry.values.items())
    ]
    for kind, key in (
        (AnswerKind.NOT_APPLICABLE, "report.answer.na"),
        (AnswerKind.DONT_KNOW, "report.answer.dk"),
        (AnswerKind.UNANSWERED, "report.answer.none"),
    ):
        if entry.kinds.get(kind.value):
            counts.append(f"{ctx.t(key)}: {entry.kinds[kind.value]}")
    parts.append(ctx.t("report.answer.distribution", counts=" · ".join(counts)))
    return "\n".join(parts)


def _question(pdf: ReportDocument, ctx: ReportContext, question: Question) -> None:
    """The question's text, what was answered, and every note (notes wrap across pages)."""
    entry = ctx.per_question.get(question.id)
    pdf.ensure_space(16)
    with pdf.style():
        pdf.set_text_color(*INK)
        pdf.block(question.text.get(ctx.lang), 9.5, bold=True)
        pdf.set_text_color(*MUTED)
        pdf.block(answer_text(ctx, question, entry), 9, indent=4)
        if entry is not None and entry.notes:
            pdf.set_text_color(*INK)
            for respondent, note in entry.notes:
                # Names only when the consultant opted in (and every group is large enough).
                named = respondent and ctx.names_shown() and len(ctx.card.respondents) > 1
                prefix = f"{respondent}: " if named else ""
                pdf.block(ctx.t("report.answer.note", note=prefix + note), 9, indent=4)
    pdf.ln(2)
