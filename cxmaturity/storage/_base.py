"""Shared plumbing of the store: the engine, sessions, and row-to-record conversion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, select, update
from sqlalchemy.orm import Session, sessionmaker

from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.files.text import control_character
from cxmaturity.storage.records import AssessmentRecord, RespondentRecord, frozen_targets
from cxmaturity.storage.tables import Assessment, Organisation, Respondent, utc_now


class StoreBase:
    """Holds the engine and a session factory; every public call commits before returning."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # expire_on_commit=False: records are built after commit from loaded values.
        self._sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and maintenance scripts)."""
        return self._engine

    def dispose(self) -> None:
        """Close every pooled connection (the store is unusable afterwards only until reconnect)."""
        self._engine.dispose()


# Columns of an assessment record, joined with its organisation, in one query.
ASSESSMENT_COLUMNS: Sequence[Any] = (
    Assessment.id,
    Assessment.key,
    Assessment.organisation_id,
    Organisation.name,
    Organisation.industry,
    Organisation.size,
    Assessment.title,
    Assessment.language,
    Assessment.questionnaire_id,
    Assessment.questionnaire_version,
    Assessment.questionnaire_hash,
    Assessment.targets,
    Assessment.status,
    Assessment.created_at,
    Assessment.updated_at,
    Assessment.notes,
)


def assessment_query() -> Any:
    """``SELECT`` of :data:`ASSESSMENT_COLUMNS` (without the snapshot text)."""
    return select(*ASSESSMENT_COLUMNS).join(Organisation, Organisation.id == Assessment.organisation_id)


def assessment_record(row: Row[Any]) -> AssessmentRecord:
    """Build a record from a row of :func:`assessment_query`."""
    values = list(row)
    values[11] = frozen_targets(values[11] or {})
    return AssessmentRecord(*values)


def respondent_record(row: Respondent) -> RespondentRecord:
    """Build a record from an ORM respondent."""
    return RespondentRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        label=row.label,
        group=row.group_name,
        token=row.token,
        email=row.email,
        created_at=row.created_at,
        submitted_at=row.submitted_at,
        revoked=row.revoked,
    )


def touch_assessment(connection: Connection | Session, assessment_id: int) -> bool:
    """Set the assessment's ``updated_at`` to now; False when it does not exist."""
    result = connection.execute(update(Assessment).where(Assessment.id == assessment_id).values(updated_at=utc_now()))
    return bool(getattr(result, "rowcount", 0))


def check_clean(text: str, what: str) -> str:
    """``text`` with Windows line breaks made plain (``\r\n`` and ``\r`` -> ``\n``); raises
    ``ValueError`` naming the first control character (see :data:`cxmaturity.files.text.CONTROL_CHARACTERS`)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = control_character(text)
    if found is not None:
        raise ValueError(f"{what} holds an invisible control character ({found}); remove it")
    return text


def _fits(text: str, what: str, limit: int | None) -> str:
    # SQLite ignores VARCHAR lengths but PostgreSQL enforces them: check here so
    # both give the same readable error instead of a driver exception. Text columns
    # without a length of their own get MAX_TEXT_CHARS, so no path in (UI, import,
    # restore, CLI) can store a megabyte note.
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) > limit:
        raise ValueError(f"{what} is longer than {limit:,} characters")
    return check_clean(text, what)


def clean_text(value: str | None, what: str = "text", limit: int | None = None) -> str | None:
    """Strip text; empty becomes None (so "" clears an optional field); refuse it over ``limit``
    (default :data:`MAX_TEXT_CHARS`) or holding a control character other than tab and line break."""
    if value is None:
        return None
    stripped = value.strip()
    return _fits(stripped, what, limit) if stripped else None


def required_text(value: str, what: str, limit: int | None = None) -> str:
    """Strip text and refuse it empty, over ``limit`` characters or holding a control character."""
    stripped = (value or "").strip()
    if not stripped:
        raise ValueError(f"{what} must not be empty")
    return _fits(stripped, what, limit)
