"""The journey map, ratings, measured figures and KPI table of a stored assessment: checked here, kept by the store.

Every save first checks its input with located messages in the user's language
(:class:`~cxmaturity.files.errors.InputError`), so the store's own last-line checks never fire
for input that came through here; nothing is written when a check fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxmaturity.files.errors import InputError
from cxmaturity.journey.figures import Figure, check_figures, merge_imported
from cxmaturity.journey.kpis import Kpi, check_kpis
from cxmaturity.journey.model import JourneyMap, check_map, located, renumber
from cxmaturity.journey.ratings import Rating, check_ratings
from cxmaturity.journey.starter import starter_map
from cxmaturity.journey.summary import JourneySummary, summarise

if TYPE_CHECKING:
    from cxmaturity.storage import Store


def load_map(store: Store, assessment_id: int) -> JourneyMap:
    """The assessment's journey map (no stages when none was saved yet)."""
    record = store.load_journey(assessment_id)
    return JourneyMap(record.stages, record.touchpoints, record.links)


def ratings_lost(store: Store, assessment_id: int, journey: JourneyMap) -> int:
    """How many stored ratings saving ``journey`` would delete (those of touchpoints it leaves out)."""
    keys = {point.key for point in journey.touchpoints}
    return sum(1 for rating in store.load_ratings(assessment_id) if rating.touchpoint not in keys)


def figures_lost(store: Store, assessment_id: int, journey: JourneyMap) -> int:
    """How many stored measured figures saving ``journey`` would delete (those of touchpoints it leaves out)."""
    keys = {point.key for point in journey.touchpoints}
    return sum(1 for figure in store.load_figures(assessment_id) if figure.touchpoint not in keys)


def save_map(store: Store, assessment_id: int, journey: JourneyMap, language: str = "en") -> int:
    """Check and store the map (touchpoints numbered 1, 2, 3... within each stage); returns the ratings removed.

    Raises :class:`InputError` (nothing saved) for a map with problems.
    """
    checked = renumber(check_map(journey, language))
    return store.save_journey(assessment_id, checked.stages, checked.touchpoints, checked.links)


def use_starter(store: Store, assessment_id: int, kind: str, language: str) -> JourneyMap:
    """Store the starter map ``kind`` (``b2c``/``b2b``) in ``language`` for an assessment whose map is empty.

    Refused (:class:`InputError`) when the assessment already has touchpoints: they are never overwritten.
    """
    if store.load_journey(assessment_id).touchpoints:
        raise InputError([located("journey map", None, "", "map_not_empty", language)])
    journey = starter_map(kind, language)
    save_map(store, assessment_id, journey, language)
    return journey


def load_ratings(store: Store, assessment_id: int) -> tuple[Rating, ...]:
    """Every stored rating of the assessment's touchpoints."""
    return tuple(store.load_ratings(assessment_id))


def save_rating(store: Store, assessment_id: int, rating: Rating, language: str = "en") -> Rating:
    """Check and store one rater's rating of one touchpoint (replacing that rater's previous one)."""
    (checked,) = check_ratings([rating], load_map(store, assessment_id), language)
    return store.save_rating(assessment_id, checked)


def replace_ratings(store: Store, assessment_id: int, ratings: Sequence[Rating], language: str = "en") -> int:
    """Check and store all ratings at once (an import), replacing the stored ones; returns how many."""
    checked = check_ratings(ratings, load_map(store, assessment_id), language)
    return store.replace_ratings(assessment_id, checked)


def load_kpis(store: Store, assessment_id: int) -> tuple[Kpi, ...]:
    """The assessment's KPI table."""
    return tuple(store.load_kpis(assessment_id))


def save_kpis(store: Store, assessment_id: int, table: Sequence[Kpi], language: str = "en") -> None:
    """Check the KPI table against the stored map and store it (all or nothing)."""
    checked = check_kpis(table, load_map(store, assessment_id), language)
    store.save_kpis(assessment_id, checked)


def load_figures(store: Store, assessment_id: int) -> tuple[Figure, ...]:
    """What customers measured at the assessment's touchpoints, as stored."""
    return tuple(store.load_figures(assessment_id))


def save_figures(store: Store, assessment_id: int, figures: Sequence[Figure], language: str = "en") -> None:
    """Check the figures against the stored map and store them in place of the stored ones (all or nothing)."""
    store.save_figures(assessment_id, check_figures(figures, load_map(store, assessment_id), language))


def import_figures(store: Store, assessment_id: int, imported: Sequence[Figure], language: str = "en") -> int:
    """Store imported figures over the stored ones of the same touchpoint and metric (the others stay).

    Returns how many stored figures they replaced.
    """
    stored = load_figures(store, assessment_id)
    slots = {(figure.touchpoint, figure.metric) for figure in imported}
    save_figures(store, assessment_id, merge_imported(stored, imported), language)
    return sum(1 for figure in stored if (figure.touchpoint, figure.metric) in slots)


def load_summary(store: Store, assessment_id: int) -> JourneySummary:
    """The assessment's map, ratings, measured figures and KPI table read and combined, with the previous
    wave's changes.

    The previous wave is compared only when this actor may read its ratings (a refusal leaves it out).
    """
    previous_id = store.get_settings(assessment_id).previous_assessment_id
    previous: tuple[Rating, ...] | None = None
    if previous_id is not None:
        try:
            previous = load_ratings(store, previous_id)
        except PermissionError:  # AccessDenied: the earlier wave is not this actor's to read
            previous = None
    return summarise(
        load_map(store, assessment_id),
        load_ratings(store, assessment_id),
        load_kpis(store, assessment_id),
        previous,
        load_figures(store, assessment_id),
    )
