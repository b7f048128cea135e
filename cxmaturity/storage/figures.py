"""What customers measured at each touchpoint (NPS, CSAT, CES), with the number of answers and the source.

A figure is imported from a customer answer file or typed by the consultant; it belongs to a
touchpoint of the journey map and goes with it when the touchpoint is deleted. The journey wing
(:mod:`cxmaturity.journey.figures`) checks figures with located messages in the user's language
before they are saved here; the checks below are the last line (plain ``ValueError``), and the
table's constraints the one after it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cxmaturity.auth import Access
from cxmaturity.storage._base import StoreBase, touch_assessment
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import NotFoundError
from cxmaturity.storage.tables import Assessment, Base, JourneyTouchpoint, utc_now

#: Each metric's range: NPS in points, CSAT as a percentage of satisfied answers, CES on its 1..7
#: scale (a 1..5 scale fits inside). Migration 0013_measured checks the same.
FIGURE_RANGES: Mapping[str, tuple[int, int]] = {"nps": (-100, 100), "csat": (0, 100), "ces": (1, 7)}
FIGURE_METRICS = tuple(FIGURE_RANGES)
#: Where a figure came from: a customer answer file, or the consultant's keyboard.
FIGURE_SOURCES = ("imported", "typed")


class TouchpointFigure(Base):
    """One measured figure of one touchpoint (one row per touchpoint and metric)."""

    __tablename__ = "touchpoint_figure"
    __table_args__ = (
        UniqueConstraint("touchpoint_id", "metric"),
        CheckConstraint(f"metric IN ({', '.join(repr(m) for m in FIGURE_METRICS)})", name="metric"),
        CheckConstraint(
            " OR ".join(
                f"(metric = '{metric}' AND value >= {low} AND value <= {high})"
                for metric, (low, high) in FIGURE_RANGES.items()
            ),
            name="value",
        ),
        CheckConstraint("n IS NULL OR n >= 1", name="n"),
        CheckConstraint(f"source IN ({', '.join(repr(s) for s in FIGURE_SOURCES)})", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("journey_touchpoint.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


@dataclass(frozen=True)
class FigureRecord:
    """One measured figure: ``metric`` of touchpoint ``touchpoint`` (its key) is ``value`` from ``n`` answers.

    ``n`` is None when a typed figure's number of answers is not known; ``source`` is ``imported``
    or ``typed``. The journey wing calls it ``Figure``.
    """

    touchpoint: str
    metric: str
    value: float
    n: int | None = None
    source: str = "typed"


def check_figure(figure: FigureRecord) -> None:
    """``ValueError`` for a figure the table would refuse (the last line behind the journey wing's checks)."""
    if figure.metric not in FIGURE_RANGES:
        raise ValueError(f"metric must be one of {FIGURE_METRICS}, not {figure.metric!r}")
    low, high = FIGURE_RANGES[figure.metric]
    value = figure.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{figure.metric} of {figure.touchpoint!r}: {value!r} is not a number")
    if not low <= value <= high:
        raise ValueError(f"{figure.metric} of {figure.touchpoint!r}: {value!r} is not {low}..{high}")
    if figure.n is not None and (isinstance(figure.n, bool) or not isinstance(figure.n, int) or figure.n < 1):
        raise ValueError(f"n of {figure.metric} of {figure.touchpoint!r}: {figure.n!r} is not a whole number from 1")
    if figure.source not in FIGURE_SOURCES:
        raise ValueError(f"source must be one of {FIGURE_SOURCES}, not {figure.source!r}")


def read_figures(session: Session, assessment_id: int) -> list[tuple[FigureRecord, datetime]]:
    """The stored figures with when each last changed, in map order, metrics as :data:`FIGURE_METRICS`."""
    rows = session.execute(
        select(TouchpointFigure, JourneyTouchpoint.key)
        .join(JourneyTouchpoint, JourneyTouchpoint.id == TouchpointFigure.touchpoint_id)
        .where(JourneyTouchpoint.assessment_id == assessment_id)
        .order_by(JourneyTouchpoint.stage_id, JourneyTouchpoint.position, JourneyTouchpoint.id)
    ).all()
    found = [(FigureRecord(key, row.metric, row.value, row.n, row.source), row.updated_at) for row, key in rows]
    rank = {metric: index for index, metric in enumerate(FIGURE_METRICS)}
    order = {key: index for index, key in enumerate(dict.fromkeys(key for _, key in rows))}
    return sorted(found, key=lambda item: (order[item[0].touchpoint], rank[item[0].metric]))


def write_figures(
    session: Session,
    assessment_id: int,
    figures: Sequence[FigureRecord],
    stamps: Sequence[datetime | None] | None = None,
) -> None:
    """Replace every figure of the assessment's touchpoints inside ``session``.

    ``stamps`` (a backup's) keep when each figure last changed; None stamps a figure now.
    """
    points = dict(
        session.execute(
            select(JourneyTouchpoint.key, JourneyTouchpoint.id).where(JourneyTouchpoint.assessment_id == assessment_id)
        ).all()
    )
    session.execute(delete(TouchpointFigure).where(TouchpointFigure.touchpoint_id.in_(list(points.values()))))
    session.flush()
    seen: set[tuple[str, str]] = set()
    now = utc_now()
    for index, figure in enumerate(figures):
        check_figure(figure)
        if figure.touchpoint not in points:
            raise ValueError(f"{figure.metric} figure: there is no touchpoint {figure.touchpoint!r}")
        if (figure.touchpoint, figure.metric) in seen:
            raise ValueError(f"{figure.metric} of {figure.touchpoint!r} is given twice")
        seen.add((figure.touchpoint, figure.metric))
        stamp = stamps[index] if stamps is not None else None
        session.add(
            TouchpointFigure(
                touchpoint_id=points[figure.touchpoint], metric=figure.metric, value=float(figure.value),
                n=figure.n, source=figure.source, updated_at=stamp or now,
            )
        )  # fmt: skip
    session.flush()


def figures_export(session: Session, assessment_id: int) -> list[dict[str, Any]]:
    """The figures as plain data for a backup, each with when it last changed."""
    return [{**asdict(figure), "updated_at": stamp} for figure, stamp in read_figures(session, assessment_id)]


def figures_import(session: Session, assessment_id: int, items: Sequence[Mapping[str, Any]]) -> None:
    """Store the output of :func:`figures_export` for a new assessment inside ``session``."""
    plain = [{key: value for key, value in item.items() if key != "updated_at"} for item in items]
    write_figures(
        session, assessment_id, [FigureRecord(**item) for item in plain], [i.get("updated_at") for i in items]
    )


class FigureStore(StoreBase):
    """The measured figures of an assessment's touchpoints."""

    @guarded(Access.RESULTS, "assessment")
    def load_figures(self, assessment_id: int) -> list[FigureRecord]:
        """Every stored figure of the assessment's touchpoints, in map order (empty when none was saved)."""
        with self._sessions() as session:
            if session.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist")
            return [figure for figure, _ in read_figures(session, assessment_id)]

    @guarded(Access.EDIT, "assessment")
    def save_figures(self, assessment_id: int, figures: Sequence[FigureRecord]) -> None:
        """Replace the assessment's figures, all or nothing (``ValueError``: nothing changed)."""
        with self._sessions.begin() as session:
            if session.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist")
            write_figures(session, assessment_id, figures)
            touch_assessment(session, assessment_id)
