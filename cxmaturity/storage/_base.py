"""Shared plumbing of the store: the engine, sessions, and row-to-record conversion."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, NoReturn, Self

from sqlalchemy import Connection, Engine, Row, select, update
from sqlalchemy.orm import Session, sessionmaker

from cxmaturity.auth import PERSONAL, Access, Actor
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.files.text import control_character
from cxmaturity.storage.guard import AccessDenied, reach, visible_organisations, write_audit
from cxmaturity.storage.records import SELF_LABEL, AssessmentRecord, RespondentRecord, frozen_targets
from cxmaturity.storage.tables import Assessment, Organisation, Respondent, utc_now


class StoreBase:
    """Holds the engine, a session factory and the acting user; every public call commits before returning."""

    def __init__(self, engine: Engine, actor: Actor = PERSONAL) -> None:
        self._engine = engine
        # expire_on_commit=False: records are built after commit from loaded values.
        self._sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self._actor = actor

    @property
    def actor(self) -> Actor:
        """Who this store acts for (personal mode unless bound with :meth:`acting_as`)."""
        return self._actor

    def acting_as(self, actor: Actor) -> Self:
        """The same database seen by ``actor``: every guarded method applies their access."""
        bound = copy.copy(self)
        bound._actor = actor
        return bound

    def audit(self, action: str, target: str | None = None, outcome: str = "ok") -> None:
        """Add a line to the audit log in the actor's name (never answer values, notes or secrets)."""
        with self._engine.begin() as connection:
            write_audit(connection, self._actor, action, target, outcome)

    def reach(self, by: str, target: int) -> Access:
        """How far the actor reaches into the client of an assessment, respondent or organisation id."""
        if self._actor.sees_everything:
            return Access.OWN
        with self._engine.connect() as connection:
            return reach(connection, self._actor, by, target)

    def require(self, level: Access, by: str, target: int, action: str, *, respondent_may: bool = False) -> None:
        """Refuse (``AccessDenied``, with an audit line) unless the actor has ``level`` on the target's client."""
        if self._actor.sees_everything:
            return  # personal mode and admins: no query at all on the hot path
        with self._engine.connect() as connection:
            have = reach(connection, self._actor, by, target, respondent_may=respondent_may)
        if have < level:
            self.refuse(action, f"{by} {target}")

    def refuse(self, action: str, target: str | None = None) -> NoReturn:
        """Write the refusal to the audit log and raise :class:`AccessDenied`."""
        self.audit(f"access.refused:{action}", target, "refused")
        raise AccessDenied("you may not open or change this")

    def _visible_organisations(self) -> set[int] | None:
        if self._actor.sees_everything:
            return None
        with self._engine.connect() as connection:
            return visible_organisations(connection, self._actor)

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
    Assessment.self_assessment,
)


def assessment_query() -> Any:
    """``SELECT`` of :data:`ASSESSMENT_COLUMNS` (without the snapshot text)."""
    return select(*ASSESSMENT_COLUMNS).join(Organisation, Organisation.id == Assessment.organisation_id)


def assessment_record(row: Row[Any]) -> AssessmentRecord:
    """Build a record from a row of :func:`assessment_query`."""
    values = list(row)
    values[11] = frozen_targets(values[11] or {})
    return AssessmentRecord(*values)


def pseudonyms(connection: Connection, assessment_id: int) -> dict[str, str]:
    """Label -> the name a results-only reader sees: ``#1``, ``#2``... in the order respondents were
    added (the assessment's own "self" keeps its name: it is nobody's name, and results need it)."""
    labels = connection.scalars(
        select(Respondent.label).where(Respondent.assessment_id == assessment_id).order_by(Respondent.id)
    ).all()
    numbered = (label for label in labels if label != SELF_LABEL)
    return {SELF_LABEL: SELF_LABEL, **{label: f"#{n}" for n, label in enumerate(numbered, start=1)}}


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
        raise KeyedValueError(
            f"{what} holds an invisible control character ({found}); remove it",
            "core_error.control_character",
            character=found,
        )
    return text


def _fits(text: str, what: str, limit: int | None) -> str:
    # SQLite ignores VARCHAR lengths but PostgreSQL enforces them: check here so
    # both give the same readable error instead of a driver exception. Text columns
    # without a length of their own get MAX_TEXT_CHARS, so no path in (UI, import,
    # restore, CLI) can store a megabyte note.
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) > limit:
        raise KeyedValueError(f"{what} is longer than {limit:,} characters", "core_error.text_too_long", limit=limit)
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
        raise KeyedValueError(f"{what} must not be empty", "core_error.text_empty")
    return _fits(stripped, what, limit)
