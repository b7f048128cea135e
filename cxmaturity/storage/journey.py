"""The journey map, expert ratings and KPI table of an assessment: records and repository.

The records are the journey wing's values too (``Touchpoint``, ``Link``, ``Rating`` and ``Kpi`` in
``cxmaturity/journey/``): one definition, so nothing is converted between the two.

The journey wing (``cxmaturity/journey/``) checks a map, ratings and a KPI table with located
messages in the user's language before it saves them here; the checks below are the last
line (plain ``ValueError``), and the tables' constraints the one after it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxmaturity.auth import Access
from cxmaturity.storage._base import StoreBase, clean_text, required_text, touch_assessment
from cxmaturity.storage.figures import figures_export, figures_import
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import NotFoundError
from cxmaturity.storage.tables import (
    JOURNEY_LINK_KINDS,
    KPI_ASPECTS,
    RATING_RANGES,
    TOUCHPOINT_TRIGGERS,
    Assessment,
    JourneyLink,
    JourneyStage,
    JourneyTouchpoint,
    ServiceKpi,
    TouchpointRating,
    utc_now,
)

_TEXT = 200
__all__ = [
    "JOURNEY_LINK_KINDS",
    "KPI_ASPECTS",
    "RATING_RANGES",
    "TOUCHPOINT_TRIGGERS",
    "JourneyRecord",
    "JourneyStore",
    "KpiRecord",
    "LinkRecord",
    "RatingRecord",
    "TouchpointRecord",
]


@dataclass(frozen=True)
class TouchpointRecord:
    """One place where the customer meets the company (the journey wing calls it ``Touchpoint``).

    ``key`` is the touchpoint's stable id within the map (ratings and KPI links follow it);
    ``stage`` is the stage's name; ``order`` sorts touchpoints within their stage.
    """

    key: str
    name: str
    stage: str
    channel: str | None = None
    owner: str | None = None
    moment_of_truth: bool = False
    order: int = 0


@dataclass(frozen=True)
class LinkRecord:
    """A driver that moves the customer from one touchpoint to the next, or a barrier that holds them back.

    ``source`` and ``target`` are touchpoint keys (the journey wing calls it ``Link``).
    """

    kind: str
    source: str
    target: str
    text: str


@dataclass(frozen=True)
class JourneyRecord:
    """An assessment's whole stored map (empty lists when none was saved)."""

    stages: tuple[str, ...]
    touchpoints: tuple[TouchpointRecord, ...]
    links: tuple[LinkRecord, ...]


@dataclass(frozen=True)
class RatingRecord:
    """One rater's rating of one touchpoint, named by its key; None: not rated (the journey wing: ``Rating``)."""

    touchpoint: str
    rater: str
    level_now: int | None = None
    level_target: int | None = None
    trigger: str | None = None
    effort: int | None = None
    completeness: int | None = None
    emotion: int | None = None
    critical_customer: int | None = None
    critical_company: int | None = None


@dataclass(frozen=True)
class KpiRecord:
    """One row of the service-model KPI table; None: empty (the journey wing calls it ``Kpi``)."""

    name: str
    aspect: str
    current: float | None = None
    target: float | None = None
    unit: str | None = None
    source: str | None = None
    owner: str | None = None
    frequency: str | None = None
    linked_to: str | None = None


def _check_rating(rating: RatingRecord) -> None:
    for column, (low, high) in RATING_RANGES.items():
        value = getattr(rating, column)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high):
            raise ValueError(f"{column} of {rating.touchpoint!r} by {rating.rater!r}: {value!r} is not {low}..{high}")
    if rating.trigger is not None and rating.trigger not in TOUCHPOINT_TRIGGERS:
        raise ValueError(f"trigger must be one of {TOUCHPOINT_TRIGGERS}, not {rating.trigger!r}")


def _number(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a number, not {value!r}")
    return float(value)


def _exists(session: Session, assessment_id: int) -> None:
    if session.get(Assessment, assessment_id) is None:
        raise NotFoundError(f"assessment {assessment_id} does not exist")


def write_journey(
    session: Session,
    assessment_id: int,
    stages: Sequence[str],
    touchpoints: Sequence[TouchpointRecord],
    links: Sequence[LinkRecord],
) -> int:
    """Make the stored map equal to the given one inside ``session``; returns the ratings removed.

    Touchpoints are matched by key, so a touchpoint that stays (renamed, moved) keeps its ratings;
    the ratings of a touchpoint left out are deleted with it.
    """
    names = [required_text(stage, "stage", _TEXT) for stage in stages]
    if len({name.casefold() for name in names}) != len(names):
        raise ValueError("a stage is listed twice")
    old_stages = {
        row.name.casefold(): row
        for row in session.scalars(select(JourneyStage).where(JourneyStage.assessment_id == assessment_id))
    }
    stage_rows: dict[str, JourneyStage] = {}
    for position, name in enumerate(names, start=1):
        stage_row = old_stages.pop(name.casefold(), None) or JourneyStage(assessment_id=assessment_id, name=name)
        stage_row.name, stage_row.position = name, position
        session.add(stage_row)
        stage_rows[name.casefold()] = stage_row
    session.flush()
    old_points = {
        row.key: row
        for row in session.scalars(select(JourneyTouchpoint).where(JourneyTouchpoint.assessment_id == assessment_id))
    }
    wanted = {point.key for point in touchpoints}
    if len(wanted) != len(touchpoints):
        raise ValueError("a touchpoint key is used twice")
    gone = [row.id for key, row in old_points.items() if key not in wanted]
    removed = 0
    if gone:
        removed = (
            session.scalar(
                select(func.count()).select_from(TouchpointRating).where(TouchpointRating.touchpoint_id.in_(gone))
            )
            or 0
        )
        session.execute(delete(JourneyTouchpoint).where(JourneyTouchpoint.id.in_(gone)))
    # Two touchpoints may swap names within a stage: park every kept one under a unique
    # placeholder first, so the (stage, name) constraint never sees a passing duplicate.
    for key, kept in old_points.items():
        if key in wanted:
            kept.name = f"\u2063{kept.id}"
    session.flush()
    point_rows: dict[str, JourneyTouchpoint] = {}
    for point in touchpoints:
        stage = stage_rows.get(point.stage.strip().casefold())
        if stage is None:
            raise ValueError(f"touchpoint {point.key!r}: there is no stage {point.stage!r}")
        point_row = old_points.get(point.key) or JourneyTouchpoint(assessment_id=assessment_id, key=point.key)
        point_row.stage_id = stage.id
        point_row.name = required_text(point.name, "touchpoint name", _TEXT)
        point_row.channel = clean_text(point.channel, "channel", _TEXT)
        point_row.owner = clean_text(point.owner, "owner", _TEXT)
        point_row.moment_of_truth = bool(point.moment_of_truth)
        point_row.position = point.order
        session.add(point_row)
        point_rows[point.key] = point_row
    session.flush()
    for unused in old_stages.values():  # stages left out; their touchpoints have moved or gone
        session.delete(unused)
    session.execute(delete(JourneyLink).where(JourneyLink.assessment_id == assessment_id))
    for position, link in enumerate(links, start=1):
        if link.kind not in JOURNEY_LINK_KINDS:
            raise ValueError(f"link kind must be one of {JOURNEY_LINK_KINDS}, not {link.kind!r}")
        if link.source not in point_rows or link.target not in point_rows:
            raise ValueError(f"link {link.source!r} -> {link.target!r} names a touchpoint not on the map")
        session.add(
            JourneyLink(
                assessment_id=assessment_id, kind=link.kind, source_id=point_rows[link.source].id,
                target_id=point_rows[link.target].id, text=required_text(link.text, "link text"), position=position,
            )
        )  # fmt: skip
    session.flush()
    return int(removed)


def read_journey(session: Session, assessment_id: int) -> JourneyRecord:
    """The stored map of an assessment, stages and touchpoints in order."""
    stages = list(
        session.scalars(
            select(JourneyStage).where(JourneyStage.assessment_id == assessment_id).order_by(JourneyStage.position)
        )
    )
    names = {stage.id: stage.name for stage in stages}
    rank = {stage.id: index for index, stage in enumerate(stages)}
    points = sorted(
        session.scalars(select(JourneyTouchpoint).where(JourneyTouchpoint.assessment_id == assessment_id)),
        key=lambda row: (rank[row.stage_id], row.position, row.id),
    )
    keys = {row.id: row.key for row in points}
    links = session.scalars(
        select(JourneyLink).where(JourneyLink.assessment_id == assessment_id).order_by(JourneyLink.position)
    )
    return JourneyRecord(
        tuple(names[stage.id] for stage in stages),
        tuple(
            TouchpointRecord(p.key, p.name, names[p.stage_id], p.channel, p.owner, p.moment_of_truth, p.position)
            for p in points
        ),
        tuple(LinkRecord(link.kind, keys[link.source_id], keys[link.target_id], link.text) for link in links),
    )


def _rating_values(rating: RatingRecord) -> dict[str, Any]:
    _check_rating(rating)
    values = {column: getattr(rating, column) for column in RATING_RANGES}
    return {**values, "trigger": rating.trigger}


def read_ratings(session: Session, assessment_id: int) -> list[tuple[RatingRecord, datetime]]:
    """The stored ratings with when each was last changed, in map order then as first saved."""
    rows = session.execute(
        select(TouchpointRating, JourneyTouchpoint.key)
        .join(JourneyTouchpoint, JourneyTouchpoint.id == TouchpointRating.touchpoint_id)
        .where(JourneyTouchpoint.assessment_id == assessment_id)
        .order_by(TouchpointRating.id)
    ).all()
    return [
        (
            RatingRecord(key, row.rater, trigger=row.trigger, **{c: getattr(row, c) for c in RATING_RANGES}),
            row.updated_at,
        )
        for row, key in rows
    ]


def write_ratings(
    session: Session, assessment_id: int, ratings: Sequence[RatingRecord], stamps: Sequence[datetime] | None = None
) -> None:
    """Replace every rating of the assessment's touchpoints inside ``session``."""
    points = dict(
        session.execute(
            select(JourneyTouchpoint.key, JourneyTouchpoint.id).where(JourneyTouchpoint.assessment_id == assessment_id)
        ).all()
    )
    session.execute(delete(TouchpointRating).where(TouchpointRating.touchpoint_id.in_(list(points.values()))))
    now = utc_now()
    for index, rating in enumerate(ratings):
        if rating.touchpoint not in points:
            raise ValueError(f"rating by {rating.rater!r}: there is no touchpoint {rating.touchpoint!r}")
        session.add(
            TouchpointRating(
                touchpoint_id=points[rating.touchpoint], rater=required_text(rating.rater, "rater", _TEXT),
                updated_at=stamps[index] if stamps is not None else now, **_rating_values(rating),
            )
        )  # fmt: skip
    session.flush()


def write_kpis(session: Session, assessment_id: int, table: Sequence[KpiRecord]) -> None:
    """Replace the assessment's KPI table inside ``session``."""
    session.execute(delete(ServiceKpi).where(ServiceKpi.assessment_id == assessment_id))
    session.flush()
    for position, row in enumerate(table, start=1):
        if row.aspect not in KPI_ASPECTS:
            raise ValueError(f"KPI {row.name!r}: aspect must be one of {KPI_ASPECTS}, not {row.aspect!r}")
        session.add(
            ServiceKpi(
                assessment_id=assessment_id, position=position, name=required_text(row.name, "indicator", _TEXT),
                aspect=row.aspect, current=_number(row.current, "current value"), target=_number(row.target, "target"),
                unit=clean_text(row.unit, "unit", _TEXT), source=clean_text(row.source, "source", _TEXT),
                owner=clean_text(row.owner, "owner", _TEXT), frequency=clean_text(row.frequency, "frequency", _TEXT),
                linked_to=clean_text(row.linked_to, "linked indicator", _TEXT),
            )
        )  # fmt: skip
    session.flush()


def read_kpis(session: Session, assessment_id: int) -> list[KpiRecord]:
    """The stored KPI table in its order."""
    rows = session.scalars(
        select(ServiceKpi).where(ServiceKpi.assessment_id == assessment_id).order_by(ServiceKpi.position)
    )
    return [
        KpiRecord(r.name, r.aspect, r.current, r.target, r.unit, r.source, r.owner, r.frequency, r.linked_to)
        for r in rows
    ]


def _rating_row(session: Session, touchpoint_id: int, rater: str) -> TouchpointRating | None:
    # SQLite's lower() knows only ASCII: compare Cyrillic names in Python (a touchpoint has few raters).
    wanted = rater.casefold()
    rows = session.scalars(select(TouchpointRating).where(TouchpointRating.touchpoint_id == touchpoint_id))
    return next((row for row in rows if row.rater.casefold() == wanted), None)


def _refusing_duplicates(write: Any, session: Session, *arguments: Any) -> Any:
    # A repeated name (stage, touchpoint in a stage, rater of a touchpoint, indicator) breaks a
    # unique constraint; say so plainly. The transaction is rolled back: nothing changes.
    try:
        return write(session, *arguments)
    except IntegrityError as error:
        raise ValueError(f"refused, nothing changed: a name is used twice ({error.orig})") from None


class JourneyStore(StoreBase):
    """Journey maps, touchpoint ratings and KPI tables of assessments."""

    @guarded(Access.RESULTS, "assessment")
    def load_journey(self, assessment_id: int) -> JourneyRecord:
        """The assessment's journey map (no stages and no touchpoints when none was saved)."""
        with self._sessions() as session:
            _exists(session, assessment_id)
            return read_journey(session, assessment_id)

    @guarded(Access.EDIT, "assessment")
    def save_journey(
        self,
        assessment_id: int,
        stages: Sequence[str],
        touchpoints: Sequence[TouchpointRecord],
        links: Sequence[LinkRecord],
    ) -> int:
        """Replace the map, all or nothing; returns how many ratings went with touchpoints left out.

        A touchpoint keeps its ratings while its key stays. ``ValueError`` (nothing changed) for a
        touchpoint on an unknown stage, a repeated stage or key, or a link to an unknown touchpoint.
        """
        with self._sessions.begin() as session:
            _exists(session, assessment_id)
            removed = _refusing_duplicates(write_journey, session, assessment_id, stages, touchpoints, links)
            touch_assessment(session, assessment_id)
            return int(removed)

    @guarded(Access.READ, "assessment")
    def load_ratings(self, assessment_id: int) -> list[RatingRecord]:
        """Every stored rating of the assessment's touchpoints, as first saved."""
        with self._sessions() as session:
            _exists(session, assessment_id)
            return [rating for rating, _ in read_ratings(session, assessment_id)]

    @guarded(Access.EDIT, "assessment")
    def save_rating(self, assessment_id: int, rating: RatingRecord) -> RatingRecord:
        """Store one rater's rating of one touchpoint, replacing that rater's previous one.

        Raters are matched ignoring case ("ann" replaces "Ann"'s rating and takes the new spelling).
        """
        rater = required_text(rating.rater, "rater", _TEXT)
        values = _rating_values(rating)
        with self._sessions.begin() as session:
            _exists(session, assessment_id)
            touchpoint_id = session.scalar(
                select(JourneyTouchpoint.id).where(
                    JourneyTouchpoint.assessment_id == assessment_id, JourneyTouchpoint.key == rating.touchpoint
                )
            )
            if touchpoint_id is None:
                raise ValueError(f"there is no touchpoint {rating.touchpoint!r}")
            row = _rating_row(session, touchpoint_id, rater) or TouchpointRating(touchpoint_id=touchpoint_id)
            row.rater = rater
            for column, value in values.items():
                setattr(row, column, value)
            row.updated_at = utc_now()
            session.add(row)
            touch_assessment(session, assessment_id)
        return replace(rating, rater=rater)

    @guarded(Access.EDIT, "assessment")
    def delete_rating(self, assessment_id: int, touchpoint: str, rater: str) -> bool:
        """Remove one rater's rating of a touchpoint (rater matched ignoring case); False when there was none."""
        with self._sessions.begin() as session:
            touchpoint_id = session.scalar(
                select(JourneyTouchpoint.id).where(
                    JourneyTouchpoint.assessment_id == assessment_id, JourneyTouchpoint.key == touchpoint
                )
            )
            row = None if touchpoint_id is None else _rating_row(session, touchpoint_id, rater.strip())
            if row is None:
                return False
            session.delete(row)
            touch_assessment(session, assessment_id)
            return True

    @guarded(Access.EDIT, "assessment")
    def replace_ratings(self, assessment_id: int, ratings: Sequence[RatingRecord]) -> int:
        """Replace every rating of the assessment (an import), all or nothing; returns how many were stored."""
        with self._sessions.begin() as session:
            _exists(session, assessment_id)
            _refusing_duplicates(write_ratings, session, assessment_id, ratings)
            touch_assessment(session, assessment_id)
        return len(ratings)

    @guarded(Access.RESULTS, "assessment")
    def load_kpis(self, assessment_id: int) -> list[KpiRecord]:
        """The assessment's KPI table in its order (empty when none was saved)."""
        with self._sessions() as session:
            _exists(session, assessment_id)
            return read_kpis(session, assessment_id)

    @guarded(Access.EDIT, "assessment")
    def save_kpis(self, assessment_id: int, table: Sequence[KpiRecord]) -> None:
        """Replace the KPI table, all or nothing (``ValueError``: nothing changed)."""
        with self._sessions.begin() as session:
            _exists(session, assessment_id)
            _refusing_duplicates(write_kpis, session, assessment_id, table)
            touch_assessment(session, assessment_id)


def journey_export(session: Session, assessment_id: int) -> dict[str, Any]:
    """The map, ratings and measured figures (with when each changed) and KPI table as plain data for a backup."""
    journey = read_journey(session, assessment_id)
    return {
        "stages": list(journey.stages),
        "touchpoints": [asdict(point) for point in journey.touchpoints],
        "links": [asdict(link) for link in journey.links],
        "ratings": [{**asdict(r), "updated_at": stamp} for r, stamp in read_ratings(session, assessment_id)],
        "kpis": [asdict(row) for row in read_kpis(session, assessment_id)],
        "figures": figures_export(session, assessment_id),
    }


def journey_import(session: Session, assessment_id: int, data: Mapping[str, Any]) -> None:
    """Store the output of :func:`journey_export` for a new assessment inside ``session``."""
    write_journey(
        session,
        assessment_id,
        data.get("stages", []),
        [TouchpointRecord(**point) for point in data.get("touchpoints", [])],
        [LinkRecord(**link) for link in data.get("links", [])],
    )
    ratings = [dict(item) for item in data.get("ratings", [])]
    stamps = [item.pop("updated_at") for item in ratings]
    write_ratings(session, assessment_id, [RatingRecord(**item) for item in ratings], stamps)
    write_kpis(session, assessment_id, [KpiRecord(**row) for row in data.get("kpis", [])])
    figures_import(session, assessment_id, data.get("figures", []))


def journey_copy(session: Session, previous_id: int, new_id: int) -> None:
    """Copy the map and the KPI table inside ``session`` (not the ratings nor the measured figures: a new
    wave is rated and measured afresh)."""
    journey = read_journey(session, previous_id)
    write_journey(session, new_id, journey.stages, journey.touchpoints, journey.links)
    write_kpis(session, new_id, read_kpis(session, previous_id))
