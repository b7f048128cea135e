"""The roadmap's data (Focus, Action, Step, NextStep, Roadmap, their JSON) and the scored view it is built from.

:mod:`cxmaturity.roadmap.engine` generates roadmaps; this module holds what a roadmap is made of and
:class:`Context`, which reads scores off a ScoreCard, matches library triggers against them
and words the "why" of every action. Split out to keep both modules small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxmaturity.core.model import Questionnaire, ScoreCard
from cxmaturity.i18n import format_number, translate
from cxmaturity.roadmap.coverage import level_position, specificity

if TYPE_CHECKING:
    from cxmaturity.journey.summary import TouchpointProblem
from cxmaturity.roadmap.recommendations import (
    LOW_BAND_LIMIT,
    Recommendation,
    RecommendationLibrary,
    Trigger,
    fill_placeholders,
)

#: Caps on area-specific actions per step, so that a roadmap stays something one can act on.
SPECIFIC_LIMITS: dict[int | str, int] = {1: 4, 2: 4, 3: 6, 5: 2, "next": 0}


@dataclass(frozen=True)
class Focus:
    """Where step 3 acts: a level, narrowed to an aspect when one is clearly weakest."""

    level: str | None
    aspect: str | None
    why: str
    score: float | None = None
    target: float | None = None
    band: str | None = None


@dataclass(frozen=True)
class Action:
    """One action of a roadmap, with texts in the roadmap's language."""

    id: str
    title: str
    description: str
    why: str
    level: str | None
    aspect: str | None
    authority: str
    effort: str
    impact: str
    owner: str
    metric: str
    horizon_days: int
    step: int | str
    owner_id: str = ""
    metric_id: str = ""
    band: str | None = None
    hypothesis: str | None = None
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One of the five steps: its number (1..5), title, a summary sentence and its actions."""

    number: int
    title: str
    summary: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class NextStep:
    """What follows the five steps: the re-assessment date and the following focus."""

    title: str
    summary: str
    reassess_on: dt.date
    following: Focus | None
    actions: tuple[Action, ...]
    #: the library's re-assessment cadence in days (the plan counts it from its own start; 0: unknown)
    cadence_days: int = 0
    #: the catalogue key of ``summary`` (under ``roadmap.``) and its values other than ``date``, so the
    #: sentence can be written again with the plan's re-assessment date
    summary_key: str = ""
    summary_values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Roadmap:
    """A generated roadmap. ``warnings`` (unsupported levels) come before the steps."""

    questionnaire_id: str
    library_id: str
    library_version: str
    language: str
    generated_on: dt.date
    at_target: bool
    focus: Focus
    steps: tuple[Step, ...]
    next: NextStep
    warnings: tuple[Action, ...] = ()
    #: ``(id, version)`` of the method library merged under the questionnaire's own, if any
    method_library: tuple[str, str] | None = None
    #: One sentence when the steps come from the method library alone (no advice of the questionnaire's own)
    notice: str | None = None
    #: The journey map's fix-first touchpoint that step 3 states as the problem and step 4 pilots (if any)
    touchpoint: TouchpointProblem | None = None

    def all_actions(self) -> tuple[Action, ...]:
        """Every action: warnings, then the steps in order, then ``next``."""
        return self.warnings + tuple(a for step in self.steps for a in step.actions) + self.next.actions


@dataclass(frozen=True)
class Area:
    """A scored part of the grid: a cell (level and aspect), a level, an aspect, or the whole."""

    level: str | None
    aspect: str | None
    score: float
    target: float
    band: str

    @property
    def gap(self) -> float:
        return max(0.0, self.target - self.score)


def band_of(score: float, threshold: float, target: float) -> str:
    """The band of a score: ``low`` (< 40), ``developing`` (< threshold), ``established`` (< target), ``target``."""
    if score >= target:
        return "target"
    if score >= threshold:
        return "established"
    return "low" if score < LOW_BAND_LIMIT else "developing"


class Context:
    """Scores, texts and formatting shared by the steps of one generation."""

    def __init__(self, card: ScoreCard, questionnaire: Questionnaire, library: RecommendationLibrary, lang: str):
        self.card = card
        self.q = questionnaire
        self.library = library
        self.lang = lang
        self.threshold = card.threshold
        self.level_ids = [level.id for level in questionnaire.levels]
        self.aspect_ids = [aspect.id for aspect in questionnaire.aspects]
        #: The focus level: ``{level}`` in a text about an aspect or the whole organisation names it.
        self.focus_level: str | None = None

    # -- areas ----------------------------------------------------------------------------------
    def _area(self, level: str | None, aspect: str | None, score: float | None, target: float) -> Area | None:
        if score is None:
            return None
        return Area(level, aspect, score, target, band_of(score, self.threshold, target))

    def level_target(self, level: str) -> float:
        result = self.card.levels.get(level)
        return result.target if result is not None and result.target is not None else self.q.target

    def aspect_target(self, aspect: str) -> float:
        result = self.card.aspects.get(aspect)
        return result.target if result is not None and result.target is not None else self.q.target

    def level_area(self, level: str) -> Area | None:
        result = self.card.levels.get(level)
        return None if result is None else self._area(level, None, result.score, self.level_target(level))

    def aspect_area(self, aspect: str) -> Area | None:
        result = self.card.aspects.get(aspect)
        return None if result is None else self._area(None, aspect, result.score, self.aspect_target(aspect))

    def cell_area(self, level: str, aspect: str) -> Area | None:
        result = self.card.cells.get((level, aspect))
        if result is None:
            return None
        # A cell is at target only when it meets both its level's and its aspect's target.
        target = (
            result.target if result.target is not None else max(self.level_target(level), self.aspect_target(aspect))
        )
        return self._area(level, aspect, result.score, target)

    def cells(self, level: str | None = None) -> list[Area]:
        found = (self.cell_area(lv, asp) for lv in self.level_ids if level in (None, lv) for asp in self.aspect_ids)
        return [area for area in found if area is not None]

    def weak_cells(self) -> list[Area]:
        """Cells below target, weakest first (ties: base level first, then aspect order)."""
        weak = [area for area in self.cells() if area.band != "target"]
        return sorted(
            weak, key=lambda a: (a.score, self.level_ids.index(a.level or ""), self.aspect_ids.index(a.aspect or ""))
        )

    def overall(self) -> Area:
        score = self.card.overall.score if self.card.overall.score is not None else 0.0
        return Area(None, None, score, self.q.target, band_of(score, self.threshold, self.q.target))

    # -- words ----------------------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        return translate(f"roadmap.{key}", self.lang, **values)

    def num(self, value: float, digits: int | None = None) -> str:
        # Whole numbers stay whole; otherwise one decimal, so 59.6 never reads as "60, under 60".
        if digits is None:
            digits = 0 if abs(value - round(value)) < 0.05 else 1
        return format_number(value, self.lang, digits)

    def level_title(self, level: str) -> str:
        return self.q.level(level).title.get(self.lang)

    def aspect_title(self, aspect: str) -> str:
        return self.q.aspect(aspect).title.get(self.lang)

    def name(self, area: Area) -> str:
        if area.level and area.aspect:
            return self.t("area.cell", level=self.level_title(area.level), aspect=self.aspect_title(area.aspect))
        if area.level:
            return self.level_title(area.level)
        if area.aspect:
            return self.aspect_title(area.aspect)
        return self.t("area.overall")

    def score_sentence(self, area: Area) -> str:
        """The scores of an area, in words and numbers."""
        return self.t(
            f"why.{area.band}",
            area=self.name(area),
            score=self.num(area.score),
            threshold=self.num(self.threshold),
            target=self.num(area.target),
            # Gaps are numbers: the texts give them the plural form of "points" they need.
            gap=area.gap,
            short=max(0.0, self.threshold - area.score),
        )

    def placeholders(self, area: Area) -> dict[str, str]:
        """The values of the texts' placeholders for an action about ``area`` (recommendations-format.md)."""
        level = area.level or self.focus_level or self.level_ids[0]
        index = self.level_ids.index(level)
        return {
            "area": self.name(area),
            "level": self.level_title(level),
            "base": self.level_title(self.level_ids[0]),
            "below": self.level_title(self.level_ids[max(0, index - 1)]),
        }

    def action(self, rec: Recommendation, area: Area, why: str) -> Action:
        values = self.placeholders(area)

        def text(value: Any) -> str:
            return fill_placeholders(value.get(self.lang), values)

        return Action(
            id=rec.id,
            title=text(rec.title),
            description=text(rec.description),
            why=f"{why} {text(rec.rationale)}",
            level=area.level,
            aspect=area.aspect,
            authority=rec.authority,
            effort=rec.effort,
            impact=rec.impact,
            owner=self.library.roles[rec.owner].get(self.lang),
            metric=self.library.metrics[rec.metric].get(self.lang),
            horizon_days=rec.horizon_days,
            step=rec.step,
            owner_id=rec.owner,
            metric_id=rec.metric,
            band=area.band,
            hypothesis=None if rec.hypothesis is None else text(rec.hypothesis),
            questions=tuple(text(question) for question in rec.questions),
        )

    # -- matching -------------------------------------------------------------------------------
    def scope(self, trigger: Trigger, area: Area) -> Area | None:
        """The area whose band a trigger is judged by when applied to ``area``.

        A trigger naming only levels is judged by the level's score, one naming only
        aspects by the aspect's score, anything narrower by ``area`` itself: advice
        about a level should say how the level is doing, not one of its cells.
        """
        if trigger.questions or trigger.is_general or (trigger.names_levels and trigger.aspects):
            return area
        if area.level is not None and area.aspect is not None:
            return self.level_area(area.level) if trigger.names_levels else self.aspect_area(area.aspect)
        return area

    def match(self, trigger: Trigger, area: Area, scoped: bool = True) -> Area | None:
        """The area ``trigger`` applies to within ``area`` (its scope), or None when it does not apply."""
        if trigger.levels and area.level not in trigger.levels:
            return None
        if trigger.aspects and area.aspect not in trigger.aspects:
            return None
        if trigger.positions and level_position(self.q, area.level) not in trigger.positions:
            return None
        if trigger.questions:
            if any(band in trigger.bands for band in self._question_bands(trigger.questions, area)):
                return area
            if not (trigger.names_levels and trigger.aspects):
                return None
            # Advice written for a cell applies at the cell's band too; its questions only add
            # a way in (the weakest single question brings up its own advice).
        scope = self.scope(trigger, area) if scoped else area
        return scope if scope is not None and scope.band in trigger.bands else None

    def _question_scores(self, question_ids: tuple[str, ...], area: Area) -> list[tuple[str, float]]:
        """``(question id, score)`` of the named questions that lie inside ``area`` and have a score."""
        found = []
        for question_id in question_ids:
            stats = self.card.questions.get(question_id)
            try:
                question = self.q.question(question_id)
            except KeyError:
                continue
            if area.level not in (None, question.level) or area.aspect not in (None, question.aspect):
                continue
            if stats is not None and stats.score is not None:
                found.append((question_id, stats.score))
        return found

    def _question_bands(self, question_ids: tuple[str, ...], area: Area) -> list[str]:
        return [band_of(score, self.threshold, area.target) for _, score in self._question_scores(question_ids, area)]

    def question_sentence(self, trigger: Trigger, area: Area) -> str | None:
        """When a question, not ``area``'s own band, brought the action up: that question and its score."""
        if not trigger.questions or area.band in trigger.bands:
            return None
        hits = [
            (score, question_id)
            for question_id, score in self._question_scores(trigger.questions, area)
            if band_of(score, self.threshold, area.target) in trigger.bands
        ]
        if not hits:
            return None
        score, question_id = min(hits)
        text = self.q.question(question_id).text.get(self.lang)
        return translate("roadmap_library.why.question", self.lang, question=text, score=self.num(score))

    def select(
        self, step: int | str, areas: list[Area], general: Area | None, general_why: str, scoped: bool = True
    ) -> list[Action]:
        """The step's general actions (matching ``general``), then specific ones for ``areas`` in order."""
        chosen: list[Action] = []
        specific: list[tuple[int, int, int, Recommendation, Area]] = []
        for position, rec in enumerate(self.library.actions_for_step(step)):
            if rec.trigger.perception_gap:
                continue
            if rec.trigger.is_general:
                if general is not None and general.band in rec.trigger.bands:
                    chosen.append(self.action(rec, general, general_why))
                continue
            for index, area in enumerate(areas):
                scope = self.match(rec.trigger, area, scoped)
                if scope is not None:
                    specific.append((index, -specificity(rec.trigger), position, rec, scope))
                    break
        specific.sort(key=lambda item: item[:3])
        specific = own_first(specific, lambda item: item[3])
        limit = SPECIFIC_LIMITS.get(step, len(specific))
        chosen += [self.action(rec, area, self.score_sentence(area)) for *_, rec, area in specific[:limit]]
        return chosen


def own_first(found: list[Any], recommendation: Any) -> list[Any]:
    """Area-specific advice of one step: the questionnaire's own when it has some, else the method's.

    ``recommendation(item)`` gives an item's :class:`Recommendation`. The method library's
    area-specific actions stand in only where the questionnaire's own library is silent.
    """
    own = [item for item in found if not recommendation(item).from_method]
    return own if own else found


# --- JSON -----------------------------------------------------------------------------------------


def _focus_json(focus: Focus | None) -> dict[str, Any] | None:
    if focus is None:
        return None
    return {
        "level": focus.level,
        "aspect": focus.aspect,
        "why": focus.why,
        "score": None if focus.score is None else round(focus.score, 2),
        "target": focus.target,
        "band": focus.band,
    }


def _touchpoint_json(problem: TouchpointProblem) -> dict[str, Any]:
    return {
        "id": problem.key,
        "name": problem.name,
        "stage": problem.stage,
        "critical_customer": round(problem.critical_customer, 2),
        "critical_company": round(problem.critical_company, 2),
        "performance": round(problem.performance, 2),
        "barriers": list(problem.barriers),
    }


def action_to_json(action: Action) -> dict[str, Any]:
    """One action as plain JSON data (also the row of a CSV/XLSX export)."""
    return {
        "id": action.id,
        "step": action.step,
        "title": action.title,
        "description": action.description,
        "why": action.why,
        "level": action.level,
        "aspect": action.aspect,
        "band": action.band,
        "authority": action.authority,
        "effort": action.effort,
        "impact": action.impact,
        "owner": action.owner,
        "owner_id": action.owner_id,
        "metric": action.metric,
        "metric_id": action.metric_id,
        "horizon_days": action.horizon_days,
        "hypothesis": action.hypothesis,
        "questions": list(action.questions),
    }


def roadmap_to_json(roadmap: Roadmap) -> dict[str, Any]:
    """The roadmap as plain JSON data: ``focus``, ``warnings``, five ``steps``, then ``next``."""
    return {
        "questionnaire": roadmap.questionnaire_id,
        "library": {"id": roadmap.library_id, "version": roadmap.library_version},
        "method_library": (
            None
            if roadmap.method_library is None
            else {"id": roadmap.method_library[0], "version": roadmap.method_library[1]}
        ),
        "notice": roadmap.notice,
        "language": roadmap.language,
        "generated_on": roadmap.generated_on.isoformat(),
        "at_target": roadmap.at_target,
        "focus": _focus_json(roadmap.focus),
        "warnings": [action_to_json(a) for a in roadmap.warnings],
        "steps": [
            {
                "number": s.number,
                "title": s.title,
                "summary": s.summary,
                "actions": [action_to_json(a) for a in s.actions],
            }
            for s in roadmap.steps
        ],
        **({} if roadmap.touchpoint is None else {"touchpoint": _touchpoint_json(roadmap.touchpoint)}),
        "next": {
            "title": roadmap.next.title,
            "summary": roadmap.next.summary,
            "reassess_on": roadmap.next.reassess_on.isoformat(),
            "following_focus": _focus_json(roadmap.next.following),
            "actions": [action_to_json(a) for a in roadmap.next.actions],
        },
    }
