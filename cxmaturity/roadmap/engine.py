"""The five-step roadmap: ScoreCard + recommendation library + language -> :class:`Roadmap`.

Pure and deterministic: the same inputs (including ``today``) give the same roadmap.
The rules are documented in ``docs/roadmap.md``; in short:

- the focus is the level with the highest priority gap (foundations first), narrowed to
  its weakest aspect when the aspects differ by at least :data:`ASPECT_SPREAD` points;
- step 1 walks the customer's path at the weakest cells (and with the group that rates
  lower when groups disagree), step 2 names the roles the weak aspects call for, step 3
  states the problem and lists candidate actions own-authority first, step 4 proposes
  one pilot, step 5 the retrospective and what to measure, ``next`` the re-assessment;
- every action carries ``why``: the scores that triggered it, in words and numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cxmaturity.core.model import GapBetweenGroups, PerceptionGap, Questionnaire, ScoreCard
from cxmaturity.i18n import format_date, translate
from cxmaturity.roadmap.coverage import AUTHORITY_ORDER, pilot_rank, specificity
from cxmaturity.roadmap.model import (
    SPECIFIC_LIMITS,
    Action,
    Area,
    Context,
    Focus,
    NextStep,
    Roadmap,
    Step,
    action_to_json,
    band_of,
    roadmap_to_json,
)
from cxmaturity.roadmap.recommendations import Recommendation, RecommendationLibrary
from cxmaturity.roadmap.schedule import DEFAULT_PER_STEP

if TYPE_CHECKING:
    # Only a journey map brings a touchpoint: the command line's roadmap never loads the journey wing.
    from cxmaturity.journey.summary import TouchpointProblem

__all__ = [
    "Action",
    "Focus",
    "NextStep",
    "Roadmap",
    "Step",
    "action_to_json",
    "band_of",
    "build_roadmap",
    "roadmap_to_json",
]

#: A level's aspects "differ" (and the focus narrows to the weakest) from this spread of cell scores.
ASPECT_SPREAD = 5.0
#: Groups "disagree" about a level or aspect from this difference of their scores.
PERCEPTION_GAP_MIN = 10.0
#: How many of the weakest cells step 1 points the walk at.
WEAKEST_CELLS = 3
#: How many weak aspects step 2 finds roles for.
WEAK_ASPECTS = 3
# Sort orders: own authority first (DOMAIN.md 7.3), then larger impact, then smaller effort.
_AUTHORITY_ORDER = AUTHORITY_ORDER
_IMPACT_ORDER = {"high": 0, "medium": 1, "low": 2}
_EFFORT_ORDER = {"S": 0, "M": 1, "L": 2}

# --- generation -----------------------------------------------------------------------------------


def build_roadmap(
    card: ScoreCard,
    questionnaire: Questionnaire,
    library: RecommendationLibrary,
    lang: str,
    today: dt.date,
    perception_gap: PerceptionGap | None = None,
    touchpoint: TouchpointProblem | None = None,
) -> Roadmap:
    """Generate the five-step roadmap for ``card`` in language ``lang``.

    ``today`` fixes the re-assessment date (the function never reads the clock);
    ``perception_gap`` defaults to ``card.perception_gap``. ``touchpoint`` (the journey map's
    worst fix-first touchpoint) becomes step 3's problem and step 4's pilot site.
    """
    ctx = Context(card, questionnaire, library, lang)
    notice = _notice(library, lang)
    disagreement_source = perception_gap if perception_gap is not None else card.perception_gap

    def make(focus: Focus, steps: list[Step], next_step: NextStep, at_target: bool) -> Roadmap:
        return Roadmap(
            questionnaire_id=questionnaire.id,
            library_id=library.id,
            library_version=library.version,
            language=lang,
            generated_on=today,
            at_target=at_target,
            focus=focus,
            steps=tuple(steps),
            next=next_step,
            warnings=tuple(_unsupported_warnings(ctx)),
            method_library=library.method,
            notice=notice,
            touchpoint=touchpoint,
        )

    if not card.has_answers:
        reassess = today + dt.timedelta(days=library.reassessment_days)
        steps = [Step(n, ctx.t(f"step.{n}.title"), ctx.t("summary.no_answers"), ()) for n in range(1, 6)]
        nothing = NextStep(ctx.t("step.next.title"), ctx.t("summary.no_answers"), reassess, None, ())
        return make(Focus(None, None, ctx.t("focus.no_answers")), steps, nothing, False)
    candidates = _focus_candidates(ctx)
    if not candidates:
        return make(*_sustaining(ctx, today), True)
    focus_area, focus_why = candidates[0]
    ctx.focus_level = focus_area.level
    focus = _focus(focus_area, focus_why)
    focus_sentence = ctx.score_sentence(focus_area)
    disagreement = _disagreement(ctx, disagreement_source, focus_area)
    steps = [
        _step1(ctx, focus_area, disagreement),
        _step2(ctx, focus_area, focus_sentence),
        _step3(ctx, focus_area, disagreement),
    ]
    pilot = _pilot(ctx, focus_area)
    steps.append(_step4(ctx, pilot))
    if touchpoint is not None:
        steps[2:4] = _at_touchpoint(steps[2], steps[3], touchpoint, lang)
    steps.append(_step5(ctx, focus_area, focus_sentence, pilot))
    following = _focus(*candidates[1]) if len(candidates) > 1 else None
    return make(focus, steps, _next(ctx, today, focus_area, focus_sentence, steps, following), False)


def _notice(library: RecommendationLibrary, lang: str) -> str | None:
    """The sentence saying the steps come from the method library alone, or None when there is own advice."""
    if library.has_own_advice:
        return None
    if library.own_problems:
        return translate("method_roadmap.notice.own_unusable", lang, count=library.own_problems)
    return translate("method_roadmap.notice.no_own", lang)


def _focus(area: Area, why: str) -> Focus:
    return Focus(area.level, area.aspect, why, area.score, area.target, area.band)


def _focus_candidates(ctx: Context) -> list[tuple[Area, str]]:
    """Focus areas in priority order (the first is the focus, the second the following focus)."""
    count = len(ctx.level_ids)
    ranked: list[tuple[float, int, Area]] = []
    for k, level in enumerate(ctx.level_ids):
        area = ctx.level_area(level)
        if area is None or area.gap <= 0:
            continue
        stored = ctx.card.levels[level].priority
        priority = stored if stored is not None else area.gap * (count - k) / count
        ranked.append((-priority, k, area))
    ranked.sort(key=lambda item: item[:2])
    result: list[tuple[Area, str]] = []
    for position, (negative_priority, _, area) in enumerate(ranked):
        key = "focus.level" if position == 0 else "following.level"
        why = ctx.t(
            key,
            level=ctx.name(area),
            score=ctx.num(area.score),
            gap=area.gap,
            target=ctx.num(area.target),
            priority=ctx.num(-negative_priority, 1),
        )
        cells = ctx.cells(area.level)
        if len(cells) > 1 and max(c.score for c in cells) - min(c.score for c in cells) >= ASPECT_SPREAD:
            weakest = min(cells, key=lambda c: (c.score, ctx.aspect_ids.index(c.aspect or "")))
            why += " " + ctx.t(
                "focus.narrowed", aspect=ctx.aspect_title(weakest.aspect or ""), score=ctx.num(weakest.score)
            )
            area = weakest
        result.append((area, why))
    if len(result) == 1:
        # One level left to improve: the following focus is its next-weakest cell below target.
        focus = result[0][0]
        others = [c for c in ctx.weak_cells() if c.level == focus.level and c.aspect not in (None, focus.aspect)]
        if others and focus.aspect is not None:
            result.append(
                (others[0], ctx.t("following.cell", area=ctx.name(others[0]), score=ctx.num(others[0].score)))
            )
    if not result:
        # Every level meets its target, yet a cell may not: it still gets a focus and advice.
        for position, cell in enumerate(ctx.weak_cells()[:2]):
            key = "focus.cell" if position == 0 else "following.cell"
            values = {"area": ctx.name(cell), "score": ctx.num(cell.score), "target": ctx.num(cell.target)}
            result.append((cell, ctx.t(key, **values)))
    return result


def _disagreement(ctx: Context, gap: PerceptionGap | None, focus: Area) -> tuple[Area, GapBetweenGroups] | None:
    """The level or aspect where groups disagree most (the focus level wins ties), if enough."""
    if gap is None:
        return None
    options: list[tuple[float, int, int, Area, GapBetweenGroups]] = []
    for order, level in enumerate(ctx.level_ids):
        found, area = gap.levels.get(level), ctx.level_area(level)
        if found is not None and area is not None:
            options.append((-found.gap, 0 if level == focus.level else 1, order, area, found))
    for order, aspect in enumerate(ctx.aspect_ids, start=len(ctx.level_ids)):
        found, area = gap.aspects.get(aspect), ctx.aspect_area(aspect)
        if found is not None and area is not None:
            options.append((-found.gap, 1, order, area, found))
    options = [option for option in options if -option[0] >= PERCEPTION_GAP_MIN]
    if not options:
        return None
    best = min(options, key=lambda option: option[:3])
    return best[3], best[4]


def _step1(ctx: Context, focus: Area, disagreement: tuple[Area, GapBetweenGroups] | None) -> Step:
    weakest = ctx.weak_cells()[:WEAKEST_CELLS]
    listed = ", ".join(f"{ctx.name(cell)} ({ctx.num(cell.score)})" for cell in weakest)
    # The walk goes to the touchpoints behind the weakest cells: judge every trigger by the cell.
    actions = ctx.select(1, weakest, focus, ctx.t("why.weakest", areas=listed), scoped=False)
    summary = ctx.t("summary.1", areas=listed)
    if disagreement is not None:
        actions += _perception_actions(ctx, 1, disagreement)
        summary += " " + ctx.t("summary.1.perception", **_perception_values(ctx, disagreement[1], disagreement[0]))
    return Step(1, ctx.t("step.1.title"), summary, tuple(actions))


def _perception_values(ctx: Context, found: GapBetweenGroups, area: Area) -> dict[str, object]:
    return {
        "area": ctx.name(area),
        "low": found.low,
        "low_score": ctx.num(found.low_score),
        "high": found.high,
        "high_score": ctx.num(found.high_score),
        "gap": found.gap,  # a number: the catalogue gives it its plural form
    }


def _perception_actions(ctx: Context, step: int, disagreement: tuple[Area, GapBetweenGroups]) -> list[Action]:
    """The step's perception-gap actions for the area where respondent groups disagree most."""
    area, found = disagreement
    why = ctx.t("why.perception", **_perception_values(ctx, found, area))
    return [
        ctx.action(rec, area, why)
        for rec in ctx.library.actions_for_step(step)
        if rec.trigger.perception_gap and ctx.match(rec.trigger, area) is not None
    ]


def _step2(ctx: Context, focus: Area, focus_sentence: str) -> Step:
    weak = sorted(
        (area for aspect in ctx.aspect_ids if (area := ctx.aspect_area(aspect)) is not None and area.band != "target"),
        key=lambda a: (a.score, ctx.aspect_ids.index(a.aspect or "")),
    )
    if focus.aspect is not None:
        # The aspect the work starts in always gets its role, even if another aspect is weaker.
        weak = [a for a in weak if a.aspect == focus.aspect] + [a for a in weak if a.aspect != focus.aspect]
    actions = ctx.select(2, [*weak[:WEAK_ASPECTS], focus], focus, focus_sentence)
    roles = list(dict.fromkeys(a.owner for a in actions if a.aspect is not None and a.level is None))
    if roles:
        summary = ctx.t("summary.2", roles=", ".join(in_sentence(role) for role in roles))
    elif not ctx.library.has_own_advice:
        # The method library knows no aspect's roles: name who to gather around the focus instead.
        summary = translate("method_roadmap.summary.2", ctx.lang, area=ctx.name(focus))
    else:
        summary = ctx.t("summary.2.none")
    return Step(2, ctx.t("step.2.title"), summary, tuple(actions))


def _step3(ctx: Context, focus: Area, disagreement: tuple[Area, GapBetweenGroups] | None) -> Step:
    general = ctx.select(3, [], focus, ctx.score_sentence(focus))
    # Closing the gap between how groups see the company is work of its own, not only a walk.
    if disagreement is not None:
        general += _perception_actions(ctx, 3, disagreement)
    # A whole-level focus also looks at the level's weak cells, but only for advice about the
    # level (an aspect-only action would be about every level, not this one).
    areas = [focus] if focus.aspect is not None else [focus, *(c for c in ctx.weak_cells() if c.level == focus.level)]
    specific = _specific_candidates(ctx, areas, focus.aspect is None)
    # Keep the most relevant candidates, then present them own-authority first (DOMAIN.md 7.3).
    chosen = sorted(specific, key=lambda item: item[0])[: SPECIFIC_LIMITS[3]]
    chosen.sort(
        key=lambda item: (
            _AUTHORITY_ORDER[item[1].authority],
            _IMPACT_ORDER[item[1].impact],
            _EFFORT_ORDER[item[1].effort],
            item[0],
        )
    )
    candidates = [ctx.action(rec, scope, _candidate_why(ctx, rec, scope)) for _, rec, scope in chosen]
    own = sum(1 for a in candidates if a.authority == "own")
    values = {
        "area": ctx.name(focus),
        "score": ctx.num(focus.score),
        "gap": focus.gap,
        "target": ctx.num(focus.target),
        "own": own,
        "management": len(candidates) - own,
    }
    summary = ctx.t("summary.3" if own else "summary.3.no_own", **values)
    return Step(3, ctx.t("step.3.title"), summary, tuple(general + candidates))


def _candidate_why(ctx: Context, rec: Recommendation, scope: Area) -> str:
    """The scores of the area, and the weak question when it (not the area's band) brought the action up."""
    question = ctx.question_sentence(rec.trigger, scope)
    return ctx.score_sentence(scope) + (f" {question}" if question else "")


def _specific_candidates(
    ctx: Context, areas: list[Area], levels_only: bool
) -> list[tuple[tuple[int, int, int], Recommendation, Area]]:
    """Step 3's area-specific candidates: the questionnaire's own judged by the focus, else the method's.

    The own library's coverage guarantee is per cell and band, so every own trigger is judged by
    the focus (a cell by the cell's score); the method library (merged under the own one) is used
    only where the questionnaire's own library has nothing for the focus, judged both ways.
    """
    # The questionnaire's own advice is judged by the focus itself: a weak cell inside a strong
    # level gets the advice written for its own band, not the level's.
    unscoped = _candidates(ctx, areas, levels_only, scoped=False)
    own = [item for item in unscoped if not item[1].from_method]
    if own:
        return own
    scoped = _candidates(ctx, areas, levels_only, scoped=True)
    # The method's advice for the level's band and for the cell's own band: both fit the focus.
    seen = {item[1].id for item in scoped}
    return scoped + [item for item in unscoped if item[1].id not in seen]


def _candidates(
    ctx: Context, areas: list[Area], levels_only: bool, scoped: bool
) -> list[tuple[tuple[int, int, int], Recommendation, Area]]:
    """Step-3 actions that apply to one of ``areas``: (relevance key, action, scope)."""
    found = []
    for position, rec in enumerate(ctx.library.actions_for_step(3)):
        trigger = rec.trigger
        if (
            trigger.is_general
            or trigger.perception_gap
            or (levels_only and not (trigger.names_levels or trigger.questions))
        ):
            continue
        for area in areas:
            scope = ctx.match(trigger, area, scoped)
            if scope is not None:
                found.append(((-specificity(trigger), _IMPACT_ORDER[rec.impact], position), rec, scope))
                break
    return found


def _pilot(ctx: Context, focus: Area) -> Action | None:
    """The single pilot: the most specific matching step-4 action (own authority wins ties).

    A whole-level focus also looks at the level's weak cells, weakest first, so that a pilot
    written for a cell (it depends on the aspect) still fits when the level's aspects are even.
    """
    areas = [focus]
    if focus.level is not None and focus.aspect is None:
        areas += [cell for cell in ctx.weak_cells() if cell.level == focus.level]
    # The questionnaire's own pilot wins over the method library's whenever one fits.
    options = [
        ((rec.from_method, index, *pilot_rank(rec, position)[1:]), rec)
        for position, rec in enumerate(ctx.library.actions_for_step(4))
        if not rec.trigger.perception_gap
        for index, area in enumerate(areas)
        if ctx.match(rec.trigger, area, scoped=False) is not None
    ]
    if not options:
        return None
    rec = min(options, key=lambda item: item[0])[1]
    return ctx.action(rec, focus, ctx.score_sentence(focus))


def _step4(ctx: Context, pilot: Action | None) -> Step:
    if pilot is None:
        return Step(4, ctx.t("step.4.title"), ctx.t("summary.4.none"), ())
    summary = ctx.t(
        "summary.4", title=pilot.title, hypothesis=pilot.hypothesis or "", metric=pilot.metric, days=pilot.horizon_days
    )
    return Step(4, ctx.t("step.4.title"), summary, (pilot,))


def _at_touchpoint(step3: Step, step4: Step, problem: TouchpointProblem, lang: str) -> list[Step]:
    """Steps 3 and 4 with the fix-first touchpoint as the problem and as the pilot's site.

    The candidate solutions stay in their order: within our own authority first (DOMAIN.md 7.3).
    """
    from cxmaturity.journey.summary import pilot_statement, problem_statement

    stated = Step(3, step3.title, f"{problem_statement(problem, lang)} {step3.summary}", step3.actions)
    piloted = Step(4, step4.title, f"{pilot_statement(problem, lang)} {step4.summary}", step4.actions)
    return [stated, piloted]


def _step5(ctx: Context, focus: Area, focus_sentence: str, pilot: Action | None) -> Step:
    actions = ctx.select(5, [focus], focus, focus_sentence)
    # What to measure is what the pilot promised to move.
    metric = pilot.metric if pilot is not None else actions[0].metric if actions else "—"
    summary = ctx.t("summary.5", metric=metric, area=ctx.name(focus))
    return Step(5, ctx.t("step.5.title"), summary, tuple(actions))


def in_sentence(name: str) -> str:
    """A role's name as it reads mid-sentence: "process owner", "финансовый контролёр"; an initialism
    stays as written ("HR practitioner", "CX lead")."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _reassessment_date(ctx: Context, today: dt.date, steps: list[Step]) -> dt.date:
    """Once the pilot has run and been analysed, but not earlier than the library's cadence.

    The steps follow each other (cxmaturity/roadmap/schedule.py): each lasts as long as the
    longest of the actions the default plan holds, so the analysis ends after their sum.
    """
    sequenced = sum(
        max((a.horizon_days for a in step.actions[: DEFAULT_PER_STEP[step.number]]), default=0) for step in steps
    )
    return today + dt.timedelta(days=max(ctx.library.reassessment_days, sequenced))


def _next(
    ctx: Context, today: dt.date, focus: Area, focus_sentence: str, steps: list[Step], following: Focus | None
) -> NextStep:
    reassess = _reassessment_date(ctx, today, steps)
    actions = ctx.select("next", [], focus, focus_sentence)
    date_text = format_date(reassess, ctx.lang)
    values: tuple[tuple[str, str], ...] = ()
    key = "summary.next.none"
    if following is not None:
        following_name = ctx.name(Area(following.level, following.aspect, 0.0, 0.0, "low"))
        key, values = "summary.next", (("following", following_name),)
    summary = ctx.t(key, date=date_text, **dict(values))
    cadence = ctx.library.reassessment_days
    return NextStep(ctx.t("step.next.title"), summary, reassess, following, tuple(actions), cadence, key, values)


def _sustaining(ctx: Context, today: dt.date) -> tuple[Focus, list[Step], NextStep]:
    """The roadmap when every level, aspect and cell meets its target: keep the result."""
    whole = ctx.overall()
    whole = Area(None, None, whole.score, whole.target, "target")
    why = ctx.t("focus.at_target", score=ctx.num(whole.score))
    steps = [
        Step(n, ctx.t(f"step.{n}.title"), ctx.t(f"summary.{n}.at_target"), tuple(ctx.select(n, [], whole, why)))
        for n in range(1, 6)
    ]
    reassess = _reassessment_date(ctx, today, steps)
    actions = ctx.select("next", [], whole, why)
    summary = ctx.t("summary.next.at_target", date=format_date(reassess, ctx.lang))
    cadence = ctx.library.reassessment_days
    next_step = NextStep(
        ctx.t("step.next.title"), summary, reassess, None, tuple(actions), cadence, "summary.next.at_target"
    )
    return Focus(None, None, why, whole.score, whole.target, "target"), steps, next_step


def _unsupported_warnings(ctx: Context) -> list[Action]:
    """One warning per unsupported level: strengthen the foundation before investing further up."""
    attained = len(ctx.card.attained_levels)
    if attained >= len(ctx.level_ids):
        return []
    base = ctx.level_ids[attained]
    base_area = ctx.level_area(base)
    warnings = []
    for level in ctx.card.unsupported_levels:
        area = ctx.level_area(level)
        if area is None:
            continue
        values = {
            "level": ctx.level_title(level),
            "base": ctx.level_title(base),
            "score": ctx.num(area.score),
            "base_score": ctx.num(base_area.score) if base_area is not None else "—",
            "threshold": ctx.num(ctx.threshold),
        }
        warnings.append(
            Action(
                id=f"warning.unsupported.{level}",
                title=ctx.t("warning.unsupported.title", **values),
                description=ctx.t("warning.unsupported.description", **values),
                why=ctx.t("warning.unsupported.why", **values),
                level=level,
                aspect=None,
                authority="management",
                effort="S",
                impact="high",
                owner=ctx.t("warning.owner"),
                metric=ctx.t("warning.metric", **values),
                horizon_days=ctx.library.reassessment_days,
                step=3,
                owner_id="sponsor",
                metric_id="level-score",
                band=area.band,
            )
        )
    return warnings
