"""The executive summary in words, written from the numbers: what this means, what the board decides,
and why the priorities rank as they do.

Pure functions of the report's context (scores, the plan); the summary page lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxmaturity.core.model import SetScore
from cxmaturity.i18n import format_date
from cxmaturity.report.context import ReportContext
from cxmaturity.roadmap.schedule import PlannedAction, reassessment_date

#: How many actions needing management's approval the decisions name one by one.
APPROVALS_LISTED = 2


@dataclass(frozen=True)
class RankedLevel:
    """A level below its target, with its gap, weight and priority (gap x weight)."""

    level_id: str
    title: str
    gap: float
    weight: float
    priority: float


def ranked_levels(ctx: ReportContext) -> list[RankedLevel]:
    """Levels with a gap, highest priority first (ties: the lower level first)."""
    count = len(ctx.questionnaire.levels)
    found = []
    for k, level in enumerate(ctx.questionnaire.levels):
        s: SetScore | None = ctx.card.levels.get(level.id)
        if s is None or not s.gap or s.gap <= 0 or s.priority is None:
            continue
        found.append(RankedLevel(level.id, level.title.get(ctx.lang), s.gap, (count - k) / count, s.priority))
    return sorted(found, key=lambda r: -r.priority)


def priority_reason(ctx: ReportContext) -> str | None:
    """One line on why the ranking is not simply by gap, with the numbers; the rule alone otherwise."""
    ranked = ranked_levels(ctx)
    if not ranked:
        return None
    for index, upper in enumerate(ranked):
        for lower in ranked[index + 1 :]:
            if lower.gap > upper.gap:
                return ctx.t(
                    "deliverable.summary.priority_reason",
                    first=upper.title,
                    first_gap=ctx.num(upper.gap),
                    second=lower.title,
                    second_gap=ctx.num(lower.gap),
                    first_weight=ctx.num(upper.weight, 1),
                    second_weight=ctx.num(lower.weight, 1),
                )
    return ctx.t("deliverable.summary.priority_rule")


def _pilot(ctx: ReportContext) -> PlannedAction | None:
    plan = ctx.the_plan()
    return next((a for a in plan.actions if a.row.step == 4), None) if plan is not None else None


def what_it_means(ctx: ReportContext) -> list[str]:
    """Three or four sentences: where the organisation stands, the gap that matters most, what to do first, what it takes."""
    card = ctx.card
    if not card.has_answers:
        return []
    sentences = [
        ctx.t(
            "deliverable.summary.stand",
            organisation=ctx.organisation or ctx.t("deliverable.summary.the_organisation"),
            overall=ctx.num(card.overall.score),
            attained=len(card.attained_levels),
            levels=card.level_count,
            threshold=ctx.num(card.threshold),
        )
    ]
    ranked = ranked_levels(ctx)
    if ranked:
        top = card.levels[ranked[0].level_id]
        sentences.append(
            ctx.t(
                "deliverable.summary.gap",
                level=ranked[0].title,
                score=ctx.num(top.score),
                target=ctx.num(top.target),
                gap=top.gap,  # a number: the catalogue gives it its plural form (1 балл, 2 балла, 30 баллов)
            )
        )
    else:
        sentences.append(ctx.t("deliverable.summary.no_gap"))
    plan = ctx.the_plan()
    if plan is not None and plan.actions:
        first = plan.actions[0]
        pilot = _pilot(ctx)
        if pilot is not None:
            sentences.append(
                ctx.t(
                    "deliverable.summary.first_and_pilot",
                    first=first.row.title,
                    pilot=pilot.row.title,
                    start=format_date(pilot.start, ctx.lang),
                    due=format_date(pilot.due, ctx.lang),
                )
            )
        else:
            sentences.append(ctx.t("deliverable.summary.first", first=first.row.title))
        approvals = sum(1 for a in plan.actions if a.row.authority == "management")
        weeks = max(1, round((plan.end - plan.start).days / 7))
        sentences.append(ctx.t("deliverable.summary.takes", n=len(plan.actions), weeks=weeks, approvals=approvals))
    return sentences


def board_decisions(ctx: ReportContext) -> list[str]:
    """What the board is asked to decide: the plan and its sponsor, approvals, the pilot team's time, the next assessment."""
    plan = ctx.the_plan()
    if plan is None or not plan.actions or not ctx.card.has_answers:
        return []
    decisions = [
        ctx.t(
            "deliverable.decide.plan",
            start=format_date(plan.start, ctx.lang),
            end=format_date(plan.end, ctx.lang),
        )
    ]
    approvals = [a for a in plan.actions if a.row.authority == "management"]
    for action in approvals[:APPROVALS_LISTED]:
        decisions.append(ctx.t("deliverable.decide.approve", title=action.row.title))
    if len(approvals) > APPROVALS_LISTED:
        decisions.append(ctx.t("deliverable.decide.more_approvals", n=len(approvals) - APPROVALS_LISTED))
    pilot = _pilot(ctx)
    if pilot is not None:
        decisions.append(
            ctx.t(
                "deliverable.decide.pilot",
                start=format_date(pilot.start, ctx.lang),
                due=format_date(pilot.due, ctx.lang),
            )
        )
    following = getattr(ctx.roadmap, "next", None)
    if following is not None:
        reassess = reassessment_date(plan, following)
        decisions.append(ctx.t("deliverable.decide.reassess", date=format_date(reassess, ctx.lang)))
    return decisions
