"""The roadmap section: focus, warnings, five steps with their actions, and what comes next.

The roadmap is read duck-typed (``focus``, ``steps[i].number/title/summary/actions``,
``action.title/description/owner/horizon_days/metric/why``; ``warnings`` and
``next`` when present), so the report does not depend on how it is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cxmaturity.i18n import format_date
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import ACCENT, INK, MUTED, ReportDocument


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


def write_roadmap(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The whole roadmap; called only when a roadmap was given."""
    roadmap = ctx.roadmap
    pdf.section(ctx.t("report.section.roadmap"))
    notice = getattr(roadmap, "notice", None)
    if notice:
        # The steps come from the method library alone: one sentence says so, before the focus.
        pdf.paragraph(ctx.text(notice), size=9.5, colour=MUTED)
        pdf.ln(1)
    focus = getattr(roadmap, "focus", None)
    if focus is not None:
        pdf.paragraph(ctx.t("report.roadmap.focus", focus=focus_text(ctx, focus)), size=11, bold=True)
        why = getattr(focus, "why", None)
        if why:
            pdf.paragraph(ctx.text(why), size=9.5, colour=MUTED)
        pdf.ln(2)
    cited = measured_metrics(ctx)
    if cited:
        # The roadmap cites what customers said, with its uncertainty: a baseline the steps can be judged by.
        pdf.paragraph(ctx.t("voice_ui.report.roadmap_metrics", metrics=cited), size=9.5)
        pdf.ln(1)
    warnings = tuple(getattr(roadmap, "warnings", ()) or ())
    if warnings:
        pdf.heading(ctx.t("report.roadmap.warnings"), 2)
        _actions(pdf, ctx, warnings)
    for step in getattr(roadmap, "steps", ()) or ():
        number = getattr(step, "number", "")
        pdf.section(ctx.t("report.roadmap.step", number=number, title=ctx.text(step.title)), level=1, new_page=False)
        summary = getattr(step, "summary", None)
        if summary:
            pdf.paragraph(ctx.text(summary), size=9.5, colour=MUTED)
        _actions(pdf, ctx, getattr(step, "actions", ()) or ())
    following = getattr(roadmap, "next", None)
    if following is not None:
        title = ctx.text(getattr(following, "title", "")) or ctx.t("report.roadmap.next")
        pdf.section(title, level=1, new_page=False)
        summary = getattr(following, "summary", None)
        if summary:
            pdf.paragraph(ctx.text(summary), size=9.5, colour=MUTED)
        when = getattr(following, "reassess_on", None)
        if isinstance(when, dt.date):
            pdf.paragraph(ctx.t("report.roadmap.reassess", date=format_date(when, ctx.lang)), size=9.5)
        _actions(pdf, ctx, getattr(following, "actions", ()) or ())


def _actions(pdf: ReportDocument, ctx: ReportContext, actions: Iterable[Any]) -> None:
    """Each action: title, description, owner / horizon / metric, and why it is proposed."""
    for action in actions:
        pdf.ensure_space(22)
        top, page = pdf.y, pdf.page
        with pdf.style():
            pdf.set_text_color(*INK)
            pdf.block(ctx.text(getattr(action, "title", "")), 10, indent=4, bold=True)
            description = ctx.text(getattr(action, "description", ""))
            if description:
                pdf.block(description, 9.5, indent=4)
            facts = []
            if getattr(action, "owner", None):
                facts.append(ctx.t("report.roadmap.owner", owner=ctx.text(action.owner)))
            horizon = getattr(action, "horizon_days", None)
            if horizon:
                facts.append(ctx.t("report.roadmap.horizon", days=horizon))
            if getattr(action, "metric", None):
                facts.append(ctx.t("report.roadmap.metric", metric=ctx.text(action.metric)))
            if facts:
                pdf.set_text_color(*ACCENT)
                pdf.block(" · ".join(facts), 8.5, indent=4)
            why = ctx.text(getattr(action, "why", ""))
            if why:
                pdf.set_text_color(*MUTED)
                pdf.block(ctx.t("report.roadmap.why", why=why), 8.5, indent=4)
            if pdf.page == page and pdf.y > top:  # accent bar beside an action that stayed on one page
                pdf.set_fill_color(*ACCENT)
                pdf.rect(pdf.l_margin, top + 0.8, 1.2, pdf.y - top - 1.6, style="F")
        pdf.ln(2.5)
