"""Everything the journey's screens, the roadmap and the PDF show, worked out once from a map,
its ratings and the KPI table: the combined ratings, the matrix, the fix-first list, the emotion
curve, the level ladder, the waves' changes, and the fix-first touchpoint as the roadmap's problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cxmaturity.core.readings import format_score, quoted_title
from cxmaturity.i18n import translate
from cxmaturity.journey.figures import Figure, by_touchpoint, figures_text
from cxmaturity.journey.kpis import Kpi
from cxmaturity.journey.matrix import (
    EmotionPoint,
    LadderStep,
    LevelChange,
    MatrixPoint,
    criticality_matrix,
    emotion_curve,
    fix_first,
    level_changes,
    level_ladder,
    stage_bands,
)
from cxmaturity.journey.model import JourneyMap
from cxmaturity.journey.ratings import CombinedRating, Rating, combine_ratings
from cxmaturity.journey.readings import signed


@dataclass(frozen=True)
class JourneySummary:
    """A map with its ratings combined and read: what every surface of the journey shows."""

    journey: JourneyMap
    ratings: tuple[Rating, ...]
    combined: Mapping[str, CombinedRating]
    points: list[MatrixPoint]
    first: list[MatrixPoint]
    curve: list[EmotionPoint]
    bands: list[tuple[str, int, int]]
    ladder: list[LadderStep]
    kpis: tuple[Kpi, ...] = ()
    #: (moved up the pyramid, got worse) since the previous wave; None without a rated previous wave
    changes: tuple[list[LevelChange], list[LevelChange]] | None = None
    positions: Mapping[str, int] = field(default_factory=dict)
    #: What customers measured at each touchpoint (NPS, CSAT, CES), by touchpoint key
    measured: Mapping[str, tuple[Figure, ...]] = field(default_factory=dict)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every stored figure, in journey order."""
        return tuple(figure for point in self.journey.ordered() for figure in self.measured.get(point.key, ()))

    @property
    def has_map(self) -> bool:
        """True when the map holds at least one touchpoint."""
        return bool(self.journey.touchpoints)


def summarise(
    journey: JourneyMap,
    ratings: Sequence[Rating],
    kpis: Sequence[Kpi] = (),
    previous: Sequence[Rating] | None = None,
    figures: Sequence[Figure] = (),
) -> JourneySummary:
    """The summary of ``journey`` rated by ``ratings``; ``previous`` are the previous wave's ratings, if any;
    ``figures`` what customers measured at its touchpoints."""
    combined = combine_ratings(ratings)
    points = criticality_matrix(journey, combined)
    changes = None
    if previous:
        changes = level_changes(combine_ratings(previous), journey, combined)
    return JourneySummary(
        journey=journey,
        ratings=tuple(ratings),
        combined=combined,
        points=points,
        first=fix_first(points),
        curve=emotion_curve(journey, combined),
        bands=stage_bands(journey),
        ladder=level_ladder(journey, combined),
        kpis=tuple(kpis),
        changes=changes,
        positions={point.key: index + 1 for index, point in enumerate(journey.ordered())},
        measured=by_touchpoint(figures),
    )


@dataclass(frozen=True)
class TouchpointProblem:
    """The worst fix-first touchpoint, as step 3 of the roadmap states it and step 4 pilots it."""

    key: str
    name: str
    stage: str
    critical_customer: float
    critical_company: float
    performance: float
    barriers: tuple[str, ...]
    moment_of_truth: bool
    effort: float | None = None
    completeness: float | None = None
    emotion: float | None = None
    #: what customers measured there (NPS, CSAT, CES), if anything
    measured: tuple[Figure, ...] = ()


def fix_first_problem(summary: JourneySummary) -> TouchpointProblem | None:
    """The first touchpoint of the fix-first list with its barriers, or None when the list is empty."""
    if not summary.first:
        return None
    worst = summary.first[0]
    point = worst.touchpoint
    rating = summary.combined[point.key]
    assert worst.performance is not None  # the fix-first list holds rated performances only
    return TouchpointProblem(
        key=point.key,
        name=point.name,
        stage=point.stage,
        critical_customer=worst.customer,
        critical_company=worst.company,
        performance=worst.performance,
        barriers=tuple(dict.fromkeys(link.text for link in summary.journey.barriers_of(point.key))),
        moment_of_truth=point.moment_of_truth,
        effort=rating.mean("effort"),
        completeness=rating.mean("completeness"),
        emotion=rating.mean("emotion"),
        measured=summary.measured.get(point.key, ()),
    )


def problem_statement(problem: TouchpointProblem, language: str) -> str:
    """The one-paragraph problem of step 3: the touchpoint, its stage, criticality, performance and barriers."""
    parts = []
    for field_name, value in (("effort", problem.effort), ("completeness", problem.completeness)):
        if value is not None:
            parts.append(translate(f"journey_ui.problem.{field_name}", language, value=format_score(value, language)))
    if problem.emotion is not None:
        parts.append(translate("journey_ui.problem.emotion", language, value=signed(problem.emotion, language)))
    text = translate(
        "journey_ui.problem.statement",
        language,
        name=quoted_title(problem.name, language),
        stage=quoted_title(problem.stage, language),
        customer=format_score(problem.critical_customer, language),
        company=format_score(problem.critical_company, language),
        performance=format_score(problem.performance, language),
        details=", ".join(parts),
    )
    if problem.measured:
        text += " " + translate(
            "journey_ui2.problem.measured", language, figures=figures_text(problem.measured, language)
        )
    if problem.moment_of_truth:
        text += " " + translate("journey_ui.problem.moment", language)
    if problem.barriers:
        barriers = "; ".join(quoted_title(barrier, language) for barrier in problem.barriers)
        text += " " + translate("journey_ui.problem.barriers", language, barriers=barriers)
    else:
        text += " " + translate("journey_ui.problem.no_barriers", language)
    return text


def pilot_statement(problem: TouchpointProblem, language: str) -> str:
    """The sentence of step 4 that points the pilot at the fix-first touchpoint."""
    return translate(
        "journey_ui.problem.pilot",
        language,
        name=quoted_title(problem.name, language),
        stage=quoted_title(problem.stage, language),
        performance=format_score(problem.performance, language),
    )
