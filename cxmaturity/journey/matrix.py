"""What the combined ratings show: the emotion curve, the criticality matrix with the fix-first
list, and each touchpoint's pyramid level today against its target.

The rule (docs/journey.md): a touchpoint is critical for a side when its mean criticality is
at least :data:`CRITICAL_FROM` (3.5 on the 1-5 scale, i.e. it rounds to 4 or 5). The "fix
first" quadrant holds the touchpoints critical for both the customer and the company. Of
those, the ones performing below :data:`WEAK_BELOW` (50 of 100) go into the fix-first list,
worst performance first; ties go to the higher summed criticality, then to moments of
truth, then to the earlier place in the journey.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxmaturity.journey.model import JourneyMap, Touchpoint
from cxmaturity.journey.ratings import CombinedRating

CRITICAL_FROM = 3.5
WEAK_BELOW = 50.0
#: Quadrants of the criticality matrix; "both" is the fix-first quadrant.
QUADRANTS = ("both", "customer", "company", "neither")


@dataclass(frozen=True)
class MatrixPoint:
    """One touchpoint on the criticality matrix."""

    touchpoint: Touchpoint
    position: int
    customer: float
    company: float
    performance: float | None
    quadrant: str


@dataclass(frozen=True)
class EmotionPoint:
    """One touchpoint on the emotion curve (mean emotion -2..+2 and the raters' spread)."""

    touchpoint: Touchpoint
    position: int
    emotion: float
    spread: float


@dataclass(frozen=True)
class LadderStep:
    """One touchpoint's pyramid level today and the level it should reach (means of the raters)."""

    touchpoint: Touchpoint
    position: int
    now: float
    target: float | None

    @property
    def gap(self) -> float:
        """Levels still to climb (0 when there is no target or it is reached)."""
        return max(0.0, (self.target or 0.0) - self.now)


def quadrant(customer: float, company: float) -> str:
    """The matrix quadrant of a pair of criticality means (see :data:`QUADRANTS`)."""
    for_customer, for_company = customer >= CRITICAL_FROM, company >= CRITICAL_FROM
    if for_customer and for_company:
        return "both"
    if for_customer:
        return "customer"
    return "company" if for_company else "neither"


def criticality_matrix(journey: JourneyMap, combined: Mapping[str, CombinedRating]) -> list[MatrixPoint]:
    """Every touchpoint rated on both criticalities, in journey order, with its quadrant."""
    points = []
    for position, point in enumerate(journey.ordered()):
        rating = combined.get(point.key)
        if rating is None:
            continue
        customer, company = rating.mean("critical_customer"), rating.mean("critical_company")
        if customer is None or company is None:
            continue
        points.append(MatrixPoint(point, position, customer, company, rating.performance, quadrant(customer, company)))
    return points


def fix_first(points: list[MatrixPoint]) -> list[MatrixPoint]:
    """The fix-first list: quadrant "both", performance below :data:`WEAK_BELOW`, ranked (module docstring)."""
    weak = [p for p in points if p.quadrant == "both" and p.performance is not None and p.performance < WEAK_BELOW]
    return sorted(
        weak,
        key=lambda p: (p.performance, -(p.customer + p.company), not p.touchpoint.moment_of_truth, p.position),
    )


def emotion_curve(journey: JourneyMap, combined: Mapping[str, CombinedRating]) -> list[EmotionPoint]:
    """The touchpoints with a rated emotion, in journey order."""
    curve = []
    for position, point in enumerate(journey.ordered()):
        spread = combined[point.key].values.get("emotion") if point.key in combined else None
        if spread is not None:
            curve.append(EmotionPoint(point, position, spread.mean, spread.spread))
    return curve


def stage_bands(journey: JourneyMap) -> list[tuple[str, int, int]]:
    """Each stage with the first and last position of its touchpoints in journey order (empty stages left out)."""
    bands: dict[str, list[int]] = {}
    for position, point in enumerate(journey.ordered()):
        bands.setdefault(point.stage, []).append(position)
    return [(stage, bands[stage][0], bands[stage][-1]) for stage in journey.stages if stage in bands]


def level_ladder(journey: JourneyMap, combined: Mapping[str, CombinedRating]) -> list[LadderStep]:
    """The touchpoints with a rated level today, in journey order, with their target level."""
    steps = []
    for position, point in enumerate(journey.ordered()):
        rating = combined.get(point.key)
        now = None if rating is None else rating.mean("level_now")
        if rating is not None and now is not None:
            steps.append(LadderStep(point, position, now, rating.mean("level_target")))
    return steps


def unrated(journey: JourneyMap, combined: Mapping[str, CombinedRating]) -> list[Touchpoint]:
    """Touchpoints missing a criticality for the customer or the company (they are not on the matrix)."""
    return [
        point
        for point in journey.ordered()
        if point.key not in combined
        or combined[point.key].mean("critical_customer") is None
        or combined[point.key].mean("critical_company") is None
    ]


@dataclass(frozen=True)
class LevelChange:
    """A touchpoint's pyramid level (raters' mean) in the previous wave and in this one."""

    touchpoint: Touchpoint
    before: float
    after: float

    @property
    def change(self) -> float:
        """Levels gained (negative: lost)."""
        return self.after - self.before


def level_changes(
    previous: Mapping[str, CombinedRating], journey: JourneyMap, current: Mapping[str, CombinedRating]
) -> tuple[list[LevelChange], list[LevelChange]]:
    """What moved up the pyramid and what got worse since the previous wave (touchpoints matched by key).

    Each list is ordered by the size of the change, largest first, then by place in the journey;
    touchpoints rated in only one of the waves, and those that did not move, are in neither.
    """
    changes = []
    for point in journey.ordered():
        before = previous[point.key].mean("level_now") if point.key in previous else None
        after = current[point.key].mean("level_now") if point.key in current else None
        if before is not None and after is not None and after != before:
            changes.append(LevelChange(point, before, after))
    up = sorted((c for c in changes if c.change > 0), key=lambda c: -c.change)
    down = sorted((c for c in changes if c.change < 0), key=lambda c: c.change)
    return up, down
