"""Expert ratings of touchpoints: one or several raters, combined with their spread shown.

Each rater rates a touchpoint on the pyramid level it reaches today and should reach (1-5),
Gartner's four questions (trigger: the customer or the company starts it; effort 1-5;
completeness 1-5; emotion afterwards -2..+2) and how critical it is for the customer and
for the company (1-5 each). Any field may stay empty; a value outside its range is refused
with a located message. The criticality matrix and the fix-first list are in
:mod:`cxmaturity.journey.matrix`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.journey.model import NAME_LIMIT, JourneyMap, located
from cxmaturity.storage.journey import RATING_RANGES as STORED_RANGES
from cxmaturity.storage.journey import TOUCHPOINT_TRIGGERS, RatingRecord

#: Every numeric field of a rating with its allowed range (whole numbers); the database checks the same.
RATING_RANGES = STORED_RANGES
TRIGGERS = TOUCHPOINT_TRIGGERS
#: One rater's rating of one touchpoint: the storage's record, one definition for both wings.
Rating = RatingRecord


def rating_errors(
    ratings: Sequence[Rating],
    journey: JourneyMap,
    language: str = "en",
    source: str = "ratings",
    lines: Sequence[int] | None = None,
) -> list[LocatedError]:
    """Every problem of a list of ratings: unknown touchpoint, empty rater, out-of-range values, repeats."""
    keys = {point.key for point in journey.touchpoints}
    errors: list[LocatedError] = []
    seen: dict[tuple[str, str], int] = {}

    def error(line: int, field: str, what: str, **values: object) -> None:
        errors.append(located(source, line, field, what, language, **values))

    for index, rating in enumerate(ratings):
        line = lines[index] if lines is not None else index + 1
        if rating.touchpoint not in keys:
            error(line, "touchpoint", "unknown_touchpoint", id=rating.touchpoint)
        rater = rating.rater.strip()
        if not rater:
            error(line, "rater", "empty")
        elif len(rater) > NAME_LIMIT:
            error(line, "rater", "too_long", limit=NAME_LIMIT)
        for field, (low, high) in RATING_RANGES.items():
            value = getattr(rating, field)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                error(line, field, "out_of_range", value=value, low=low, high=high)
        if rating.trigger is not None and rating.trigger not in TRIGGERS:
            error(line, "trigger", "bad_trigger", value=rating.trigger)
        slot = (rating.touchpoint, rater.casefold())
        if rater and slot in seen:
            error(line, "rater", "duplicate_rating", rater=rater, other=seen[slot])
        seen.setdefault(slot, line)
    return errors


def check_ratings(
    ratings: Sequence[Rating], journey: JourneyMap, language: str = "en", source: str = "ratings"
) -> tuple[Rating, ...]:
    """The ratings when all are valid for ``journey``; else :class:`InputError` listing every problem."""
    errors = rating_errors(ratings, journey, language, source)
    if errors:
        raise InputError(errors)
    return tuple(ratings)


@dataclass(frozen=True)
class Spread:
    """Several raters' values of one field: their mean, lowest and highest, and how many rated it."""

    mean: float
    low: float
    high: float
    count: int

    @property
    def spread(self) -> float:
        """Highest minus lowest value (0 when the raters agree or only one rated)."""
        return self.high - self.low


@dataclass(frozen=True)
class CombinedRating:
    """All ratings of one touchpoint combined: a :class:`Spread` per rated field, and the trigger votes."""

    touchpoint: str
    raters: tuple[str, ...]
    values: Mapping[str, Spread]
    trigger_votes: Mapping[str, int]

    def mean(self, field: str) -> float | None:
        """The raters' mean of ``field``, or None when nobody rated it."""
        found = self.values.get(field)
        return None if found is None else found.mean

    @property
    def trigger(self) -> str | None:
        """``customer`` or ``company`` by majority; ``mixed`` on a tie; None when nobody said."""
        customer, company = self.trigger_votes.get("customer", 0), self.trigger_votes.get("company", 0)
        if customer == company:
            return None if customer == 0 else "mixed"
        return "customer" if customer > company else "company"

    @property
    def performance(self) -> float | None:
        """How well the touchpoint performs today, 0 (worst) to 100 (best); see :func:`performance_score`."""
        return performance_score(self.mean("effort"), self.mean("completeness"), self.mean("emotion"))


def performance_score(effort: float | None, completeness: float | None, emotion: float | None) -> float | None:
    """The mean of the answered parts, each turned to 0..100: low effort, full completeness, good emotion.

    effort 1 -> 100 and 5 -> 0; completeness 1 -> 0 and 5 -> 100; emotion -2 -> 0 and +2 -> 100.
    None when none of the three is rated.
    """
    parts = []
    if effort is not None:
        parts.append((5 - effort) / 4 * 100)
    if completeness is not None:
        parts.append((completeness - 1) / 4 * 100)
    if emotion is not None:
        parts.append((emotion + 2) / 4 * 100)
    return sum(parts) / len(parts) if parts else None


def combine_ratings(ratings: Iterable[Rating]) -> dict[str, CombinedRating]:
    """Ratings combined per touchpoint key (touchpoints nobody rated are absent)."""
    grouped: dict[str, list[Rating]] = {}
    for rating in ratings:
        grouped.setdefault(rating.touchpoint, []).append(rating)
    combined: dict[str, CombinedRating] = {}
    for key, group in grouped.items():
        values: dict[str, Spread] = {}
        for field in RATING_RANGES:
            numbers = [getattr(r, field) for r in group if getattr(r, field) is not None]
            if numbers:
                values[field] = Spread(sum(numbers) / len(numbers), min(numbers), max(numbers), len(numbers))
        votes = {trigger: sum(1 for r in group if r.trigger == trigger) for trigger in TRIGGERS}
        combined[key] = CombinedRating(key, tuple(r.rater for r in group), values, votes)
    return combined
