"""Segment columns of an imported customer file (branch, product, channel...), stored per respondent.

An import writes them in the same transaction as the answers (:func:`write_segments`, called by
``replace_rows``) and the next import replaces them, so the Customer voice page offers the file's
own columns after a refresh or a restart. An empty cell stores nothing: the page reads it as
"not given", like a respondent who answered through a personal link.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, ForeignKey, Integer, Select, String, UniqueConstraint, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from cxmaturity.auth import Access
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.files.text import control_character
from cxmaturity.storage._base import StoreBase
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.tables import SEGMENT_NAME_CHARS, SEGMENT_VALUE_CHARS, Base, Respondent


class RespondentSegment(Base):
    """One respondent's value in one segment column of an imported customer file (replaced by each import).

    Declared here, beside its only users, to keep tables.py small; the package imports this module
    (through the store), so the table is always part of ``Base.metadata``.
    """

    __tablename__ = "respondent_segment"
    __table_args__ = (UniqueConstraint("respondent_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(SEGMENT_NAME_CHARS))
    value: Mapped[str] = mapped_column(String(SEGMENT_VALUE_CHARS))


#: Segment columns: column name -> {respondent label -> value}.
SegmentColumns = Mapping[str, Mapping[str, str]]


def _check(name: str, values: Mapping[str, str]) -> None:
    checks = [("name", name, SEGMENT_NAME_CHARS), *(("value", v, SEGMENT_VALUE_CHARS) for v in values.values())]
    for what, text, limit in checks:
        if not isinstance(text, str) or len(text) > limit or control_character(text) is not None:
            raise KeyedValueError(
                f"segment column {name[:60]!r}: its {what} must be text of at most {limit} characters "
                "without control characters",
                "voice_ui2.error.segment_refused",
                column=name[:60],
            )
    if not name.strip():
        raise KeyedValueError("a segment column has no name", "voice_ui2.error.segment_refused", column="")


def write_segments(
    connection: Connection, assessment_id: int, ids: Mapping[str, int], segments: SegmentColumns
) -> None:
    """Replace the assessment's stored segments by ``segments`` inside the caller's transaction.

    ``ids`` maps respondent labels to their ids; a label missing from it raises ``KeyedValueError``.
    """
    mine = select(Respondent.id).where(Respondent.assessment_id == assessment_id).scalar_subquery()
    connection.execute(delete(RespondentSegment).where(RespondentSegment.respondent_id.in_(mine)))
    rows: list[dict[str, object]] = []
    for name, values in segments.items():
        _check(name, values)
        for label, value in values.items():
            if label not in ids:
                raise KeyedValueError(
                    f"segment column {name[:60]!r}: respondent {label[:60]!r} has no answers in this import",
                    "voice_ui2.error.segment_refused",
                    column=name[:60],
                )
            if value.strip():
                rows.append({"respondent_id": ids[label], "name": name.strip(), "value": value.strip()})
    if rows:
        connection.execute(insert(RespondentSegment), rows)


def export_segments(connection: Connection, assessment_id: int) -> dict[int, dict[str, str]]:
    """The stored segments as respondent id -> {column name -> value} (for backups)."""
    found: dict[int, dict[str, str]] = {}
    for respondent_id, name, value in connection.execute(_query(assessment_id)):
        found.setdefault(respondent_id, {})[name] = value
    return found


def _query(assessment_id: int) -> Select[int, str, str]:
    return (
        select(RespondentSegment.respondent_id, RespondentSegment.name, RespondentSegment.value)
        .join(Respondent, Respondent.id == RespondentSegment.respondent_id)
        .where(Respondent.assessment_id == assessment_id)
        .order_by(RespondentSegment.id)
    )


class SegmentStore(StoreBase):
    """Read the segment columns an import stored."""

    @guarded(Access.RESULTS, "assessment")
    def load_segments(self, assessment_id: int) -> dict[str, dict[int, str]]:
        """The stored segments as column name -> {respondent id -> value}, columns in the file's order.

        A results-only reader may read them: the page shows a segment only at or above the
        anonymity threshold, as it does groups, and the values name no respondent.
        """
        columns: dict[str, dict[int, str]] = {}
        with self._engine.connect() as connection:
            for respondent_id, name, value in connection.execute(_query(assessment_id)):
                columns.setdefault(name, {})[respondent_id] = value
        return columns
