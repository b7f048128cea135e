"""The roadmap as a one-page plan: the focus, a Gantt chart with its dependencies, the plan's table,
then the planned actions in detail, step by step.

The report shows exactly the consultant's plan (:class:`cxmaturity.roadmap.schedule.Plan`: their
selection, dates and owners); the actions left as "more options" are not printed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cxmaturity.charts import palette
from cxmaturity.i18n import format_date
from cxmaturity.report.charts_shapes import draw_swatch_legend, rgb
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import ACCENT, INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line
from cxmaturity.roadmap.plan import WARNING_STEP
from cxmaturity.roadmap.schedule import STEP_ORDER, Plan, PlannedAction, reassessment_date

#: Width of the Gantt's label column and the height of one bar's row, in mm.
LABEL_W = 66.0
ROW_H = 6.6


def focus_text(ctx: ReportContext, focus: Any) -> str:
    """The focus in words: ``Level × Aspect`` when it names them, else its text."""
    level = getattr(focus, "level", None)
    aspect = getattr(focus, "aspect", None)
    if level or aspect:
        names = [ctx.level_title(level) if level else "", ctx.aspect_title(aspect) if aspect else ""]
        return " × ".join(name for name in names if name)
    text = ctx.text(focus)
    return ctx.level_title(text) if any(lv.id == text for lv in ctx.questionnaire.levels) else text


def measured_metrics(ctx: ReportContext) -> str:
    """The customer metrics measured for this assessment, as the roadmap cites them ("" without any)."""
    voice = ctx.workspace.voice
    if voice is None:
        return ""
    from cxmaturity.voice.metrics import METRIC_NAMES
    from cxmaturity.voice.readings import metric_citation
    from cxmaturity.voice.segments import metric_of

    found = [(name, metric_of(voice.metrics, name)) for name in METRIC_NAMES]
    return "; ".join(metric_citation(name, e, ctx.lang) for name, e in found if e is not None and e.enough)


def step_label(ctx: ReportContext, step: int | str) -> str:
    """``Step 3. Choose where to act``, the warnings' or "what comes next" label."""
    if step == WARNING_STEP:
        return ctx.t("report.roadmap.warnings")
    if step == "next":
        return ctx.t("report.roadmap.next")
    return ctx.t("report.roadmap.step", number=step, title=ctx.t(f"roadmap.step.{step}.title"))


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date, lang: str) -> str:
    """A date for a table cell: ``4 Jan 2027`` in English, ``04.01.2027`` in Russian and Ukrainian."""
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}" if lang == "en" else day.strftime("%d.%m.%Y")


def month_label(day: dt.date, lang: str) -> str:
    """A month on the time axis: ``Jan 2027`` / ``01.2027`` (a month name alone would need its own case in ru/uk)."""
    return f"{_EN_MONTHS[day.month - 1]} {day.year}" if lang == "en" else day.strftime("%m.%Y")


def owner_of(action: PlannedAction) -> str:
    """The person the consultant named, else the role the library proposes."""
    return action.row.owner or action.row.role


def write_roadmap(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The plan on one page, then its actions in detail; nothing without a roadmap."""
    roadmap, plan = ctx.roadmap, ctx.the_plan()
    if roadmap is None or plan is None:
        return
    pdf.section(ctx.t("report.section.roadmap"))
    notice = getattr(roadmap, "notice", None)
    if notice:
        # The steps come from the method library alone: one sentence says so, before the focus.
        pdf.paragraph(ctx.text(notice), size=9, colour=MUTED)
    focus = getattr(roadmap, "focus", None)
    if focus is not None and (focus.level or focus.aspect):
        pdf.paragraph(ctx.t("report.roadmap.focus", focus=focus_text(ctx, focus)), size=10.5, bold=True)
    cited = measured_metrics(ctx)
    if cited:
        # The roadmap cites what customers said, with its uncertainty: a baseline the steps can be judged by.
        pdf.paragraph(ctx.t("voice_ui.report.roadmap_metrics", metrics=cited), size=9.5)
    pdf.paragraph(
        ctx.t(
            "deliverable.report.plan_intro",
            n=len(plan.actions),
            start=format_date(plan.start, ctx.lang),
            end=format_date(plan.end, ctx.lang),
        ),
        size=9.5,
    )
    reassess = reassessment_date(plan, roadmap.next)
    if plan.actions:
        draw_gantt(pdf, ctx, plan, reassess)
        _plan_table(pdf, ctx, plan)
    pdf.paragraph(ctx.t("report.roadmap.reassess", date=format_date(reassess, ctx.lang)), size=9.5)
    _details(pdf, ctx, roadmap, plan)


def draw_gantt(pdf: ReportDocument, ctx: ReportContext, plan: Plan, reassess: dt.date) -> None:
    """Bars from start to due date on a time axis, one colour per step, an arrow where a step waits for another.

    Labels are the actions' whole titles, wrapped onto up to three lines beside their bar.
    """
    actions = plan.actions
    first = plan.start
    last = max(plan.end, reassess)
    span = max(1, (last - first).days)
    height = ROW_H * len(actions) + 9
    pdf.ensure_space(height + 12)
    top = pdf.y
    left = pdf.l_margin + LABEL_W + 2
    width = pdf.epw - LABEL_W - 4

    def x_of(day: dt.date) -> float:
        return left + width * (day - first).days / span

    with pdf.local_context():
        _time_axis(pdf, ctx, first, last, x_of, top, ROW_H * len(actions))
        rows: dict[str, float] = {}
        for index, action in enumerate(actions):
            y = top + index * ROW_H
            rows[action.row.action_id] = y
            size, lines = pdf.fit_label(action.row.title, LABEL_W, 7.5, 6.5, 2)
            pdf.set_font(FAMILY, "", size)
            pdf.set_text_color(*INK)
            line_h = size * 0.38
            pdf.text_lines_at(pdf.l_margin, y + (ROW_H - line_h * len(lines)) / 2, LABEL_W, lines, line_h, "R")
            colour = palette.STEP_COLOURS.get(action.row.step, palette.THRESHOLD_COLOUR)
            pdf.set_fill_color(*rgb(colour))
            opacity = 0.35 if action.row.status in ("done", "dropped") else 1.0
            with pdf.local_context(fill_opacity=opacity):
                bar_w = max(0.8, x_of(action.due) - x_of(action.start))
                pdf.rect(x_of(action.start), y + 1.6, bar_w, ROW_H - 3.2, style="F")
        _arrows(pdf, plan, rows, x_of)
        # the re-assessment date
        pdf.set_draw_color(*rgb(palette.THRESHOLD_COLOUR))
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.0, gap=0.8)
        pdf.line(x_of(reassess), top, x_of(reassess), top + ROW_H * len(actions))
        pdf.set_dash_pattern()
    pdf.set_y(top + height)
    steps = [step for step in STEP_ORDER if any(a.row.step == step for a in actions)]
    draw_swatch_legend(pdf, [(palette.STEP_COLOURS[step], step_label(ctx, step)) for step in steps])
    with pdf.style():
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "", 9)
        pdf.paragraph(ctx.t("deliverable.report.gantt_legend"), size=9, colour=MUTED)


def _time_axis(
    pdf: ReportDocument, ctx: ReportContext, first: dt.date, last: dt.date, x_of: Any, top: float, height: float
) -> None:
    """A thin line at the first day of every month (every second or third on a long plan), dated below."""
    months = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    every = 1 if len(months) <= 8 else 2 if len(months) <= 16 else 3
    pdf.set_font(FAMILY, "", 7)
    for index, month in enumerate(months):
        x = x_of(month)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        pdf.line(x, top, x, top + height)
        if index % every == 0:
            pdf.set_text_color(*MUTED)
            label = month_label(month, ctx.lang)
            put_line(pdf, x - 12, top + height + 0.8, 24, 3.5, label, "C")
    pdf.set_draw_color(*RULE)
    pdf.line(x_of(first), top + height, x_of(last), top + height)


def _arrows(pdf: ReportDocument, plan: Plan, rows: dict[str, float], x_of: Any) -> None:
    """From the end of the step a step waits for, down to the start of that step's first bar."""
    pdf.set_draw_color(85, 85, 85)
    pdf.set_fill_color(85, 85, 85)
    pdf.set_line_width(0.3)
    seen: set[int | str] = set()
    for action in plan.actions:
        if action.depends_on is None or action.row.step in seen:
            continue
        seen.add(action.row.step)
        before = max((a for a in plan.actions if a.row.step == action.depends_on), key=lambda a: a.due)
        x0, y0 = x_of(before.due), rows[before.row.action_id] + ROW_H / 2
        x1, y1 = x_of(action.start), rows[action.row.action_id] + ROW_H / 2
        pdf.line(x0, y0, x0, y1)
        if x1 > x0 + 0.5:
            pdf.line(x0, y1, x1, y1)
        # the arrow's head, pointing right at the waiting bar's start
        pdf.polygon([(x1, y1), (x1 - 1.4, y1 - 0.9), (x1 - 1.4, y1 + 0.9)], style="F")


def _plan_table(pdf: ReportDocument, ctx: ReportContext, plan: Plan) -> None:
    """Step, action, owner, start and due date, and who decides, for every action in the plan.

    Kept whole: on the chart's page when it fits there, else at the top of the next.
    """
    pdf.ensure_space(10 + 9.5 * len(plan.actions))
    rows = [
        [
            str(action.row.step) if isinstance(action.row.step, int) else "",
            action.row.title,
            owner_of(action),
            f"{short_date(action.start, ctx.lang)} – {short_date(action.due, ctx.lang)}",
            ctx.t(f"deliverable.report.decides.{action.row.authority}"),
        ]
        for action in plan.actions
    ]
    pdf.data_table(
        [
            (ctx.t("deliverable.report.col.step"), 11.0, "R"),
            (ctx.t("deliverable.report.col.action"), 67.0, "L"),
            (ctx.t("deliverable.report.col.owner"), 32.0, "L"),
            (ctx.t("deliverable.report.col.dates"), 44.0, "L"),
            (ctx.t("deliverable.report.col.decides"), pdf.epw - 154.0, "L"),
        ],
        rows,
        size=9,
        max_lines=4,
    )


def _details(pdf: ReportDocument, ctx: ReportContext, roadmap: Any, plan: Plan) -> None:
    """The planned actions step by step: what to do, who, when, how it is measured and why."""
    steps = {getattr(step, "number", None): step for step in getattr(roadmap, "steps", ())}
    pdf.section(ctx.t("deliverable.report.details"), level=1, new_page=False)
    for step in STEP_ORDER:
        members = [action for action in plan.actions if action.row.step == step]
        if not members:
            continue
        pdf.section(step_label(ctx, step), level=2, new_page=False)
        summary = getattr(steps.get(step), "summary", None) if isinstance(step, int) else None
        if summary:
            pdf.paragraph(ctx.text(summary), size=9, colour=MUTED)
        for action in members:
            _action(pdf, ctx, action)


def _action(pdf: ReportDocument, ctx: ReportContext, action: PlannedAction) -> None:
    """One action: title, description, owner / dates / metric (why it is proposed is the step's summary)."""
    row = action.row
    pdf.ensure_space(20)
    top, page = pdf.y, pdf.page
    with pdf.style():
        pdf.set_text_color(*INK)
        pdf.block(row.title, 10, indent=4, bold=True)
        if row.description:
            pdf.block(row.description, 9.5, indent=4)
        facts = [
            ctx.t("report.roadmap.owner", owner=owner_of(action)),
            ctx.t(
                "deliverable.plan.dates",
                start=format_date(action.start, ctx.lang),
                due=format_date(action.due, ctx.lang),
            ),
        ]
        if row.metric:
            facts.append(ctx.t("report.roadmap.metric", metric=row.metric))
        pdf.set_text_color(*ACCENT)
        pdf.block(" · ".join(facts), 9, indent=4)
        if pdf.page == page and pdf.y > top:  # accent bar beside an action that stayed on one page
            pdf.set_fill_color(*ACCENT)
            pdf.rect(pdf.l_margin, top + 0.8, 1.2, pdf.y - top - 1.6, style="F")
    pdf.ln(2.5)
