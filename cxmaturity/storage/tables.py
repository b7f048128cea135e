"""SQLAlchemy ORM tables. Private to the storage package: pages get records, never these.

Keep this file and the migrations in step: ``tests/storage`` compares the
migrated schema with these models and fails on any drift.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from cxmaturity.core.model import DEFAULT_GROUPS as DEFAULT_GROUPS  # re-exported for the storage modules

#: Named constraints, so later migrations (and SQLite's batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ASSESSMENT_STATUSES = ("collecting", "closed")
ANSWER_KINDS = ("value", "na", "dk", "unanswered")
ACTION_STATUSES = ("proposed", "planned", "in_progress", "done", "dropped")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone, so values are normalised to UTC on the way in and
    tagged as UTC on the way out; PostgreSQL uses ``timestamptz`` underneath.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base with the naming convention and the UTC timestamp type."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Organisation(Base):
    """The organisation being assessed; several assessments over time may share one."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Assessment(Base):
    """One measurement of one organisation with a frozen copy of its questionnaire."""

    __tablename__ = "assessment"
    __table_args__ = (CheckConstraint(_in("status", ASSESSMENT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The secret in the assessment's URL; whoever has it may open the assessment.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16))
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    questionnaire_hash: Mapped[str] = mapped_column(String(64))
    # The whole YAML text as it was at the start: later edits of the file never
    # change the meaning of answers already given.
    questionnaire_snapshot: Mapped[str] = mapped_column(Text)
    targets: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="collecting")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    notes: Mapped[str | None] = mapped_column(Text)
    # The executive's own assessment, started on Start (not a consulting client's): migration 0011_self.
    self_assessment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Respondent(Base):
    """Someone answering an assessment; ``token`` is the secret of a personal link."""

    __tablename__ = "respondent"
    __table_args__ = (UniqueConstraint("assessment_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    group_name: Mapped[str | None] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    submitted_at: Mapped[datetime | None] = mapped_column()
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AnswerRow(Base):
    """One respondent's answer to one question (also carries the note)."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("respondent_id", "question_id"),
        CheckConstraint(_in("kind", ANSWER_KINDS), name="kind"),
        # A number exactly when the kind is "value", so readers never guess.
        CheckConstraint(
            "(kind = 'value' AND value IS NOT NULL) OR (kind <> 'value' AND value IS NULL)",
            name="value_matches_kind",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class RoadmapAction(Base):
    """The consultant's state of one roadmap action (library action or a new one)."""

    __tablename__ = "roadmap_action"
    __table_args__ = (
        UniqueConstraint("assessment_id", "action_id"),
        CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    action_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    authority: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    # Text of an action the consultant wrote or rewrote (None: the library's text).
    title: Mapped[str | None] = mapped_column(Text)
    # Roadmap step (1..5) of an action that is not in the library.
    step: Mapped[int | None] = mapped_column(Integer)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    # The consultant's choice: in the plan (True), left among "more options" (False), or the default (None).
    in_plan: Mapped[bool | None] = mapped_column(Boolean)
    # When the action starts (None: when the step it depends on ends).
    start_date: Mapped[date | None] = mapped_column(Date)


#: States of a customer on the callback list (the voice's inner loop), in the order they move through them.
CALLBACK_STATUSES = ("open", "called", "solved", "lesson_recorded")


class VoiceCallback(Base):
    """The callback of one customer (a detractor or a high-effort answer): owner, due time, status.

    A row exists once someone changed the default (open, due 48 hours after the answer).
    ``called_at`` is set when the status first leaves "open", for the share called back on time.
    """

    __tablename__ = "voice_callback"
    __table_args__ = (
        UniqueConstraint("respondent_id"),
        CheckConstraint(_in("status", CALLBACK_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"))
    owner: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="open")
    called_at: Mapped[datetime | None] = mapped_column()
    lesson: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


#: Characters of a segment column's name and of one of its values (an imported file's branch, product...).
#: The table is ``RespondentSegment`` in storage/segments.py (registered on Base when the package loads).
SEGMENT_NAME_CHARS, SEGMENT_VALUE_CHARS = 100, 200


#: Groups with fewer respondents than this are not shown separately (anonymity).
DEFAULT_ANONYMITY_THRESHOLD = 3
#: Which answers the results are computed from.
RESULT_SOURCES = ("respondents", "evidence", "both")


class AssessmentSetting(Base):
    """Workspace settings of an assessment (one row, absent until first changed).

    A table of its own rather than new assessment columns: adding a foreign key to
    ``assessment`` would make SQLite rebuild that table, and dropping the old copy
    would cascade-delete every respondent while foreign keys are on.
    """

    __tablename__ = "assessment_setting"
    __table_args__ = (CheckConstraint(_in("results_source", RESULT_SOURCES), name="results_source"),)

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    # None: DEFAULT_GROUPS.
    group_names: Mapped[list[str] | None] = mapped_column(JSON)
    anonymity_threshold: Mapped[int] = mapped_column(Integer, default=DEFAULT_ANONYMITY_THRESHOLD)
    # The wave this assessment repeats; kept (as NULL) when that one is deleted.
    previous_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL"), index=True
    )
    results_source: Mapped[str] = mapped_column(String(20), default="respondents")


class Evidence(Base):
    """The consultant's evidence on one question: text, link, and an assessed value with its rationale."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(2000))
    value: Mapped[float | None] = mapped_column(Float)
    rationale: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


# --- journey map, expert ratings and the KPI table (revision 0007; docs/journey.md) ---------------

JOURNEY_LINK_KINDS = ("driver", "barrier")
KPI_ASPECTS = ("CX", "OX", "EX", "IT", "TX")
TOUCHPOINT_TRIGGERS = ("customer", "company")
#: Each rating column with its allowed range; the journey wing checks them first with located messages.
RATING_RANGES = {
    "level_now": (1, 5),
    "level_target": (1, 5),
    "effort": (1, 5),
    "completeness": (1, 5),
    "emotion": (-2, 2),
    "critical_customer": (1, 5),
    "critical_company": (1, 5),
}


def _between(column: str) -> CheckConstraint:
    low, high = RATING_RANGES[column]
    return CheckConstraint(f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})", name=column)


class JourneyStage(Base):
    """A stage of an assessment's journey map, in ``position`` order."""

    __tablename__ = "journey_stage"
    __table_args__ = (UniqueConstraint("assessment_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))


class JourneyTouchpoint(Base):
    """A touchpoint of a journey map; ``key`` is its stable id within the assessment."""

    __tablename__ = "journey_touchpoint"
    __table_args__ = (UniqueConstraint("assessment_id", "key"), UniqueConstraint("stage_id", "name"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    # No ON DELETE action: a stage cannot be deleted while a touchpoint uses it (checked at the
    # statement's end, so deleting the whole assessment still cascades to both).
    stage_id: Mapped[int] = mapped_column(ForeignKey("journey_stage.id"), index=True)
    key: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    moment_of_truth: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)


class JourneyLink(Base):
    """A driver or barrier from one touchpoint to another."""

    __tablename__ = "journey_link"
    __table_args__ = (CheckConstraint(_in("kind", JOURNEY_LINK_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(ForeignKey("journey_touchpoint.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("journey_touchpoint.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class TouchpointRating(Base):
    """One rater's rating of one touchpoint (None: not rated)."""

    __tablename__ = "touchpoint_rating"
    __table_args__ = (
        UniqueConstraint("touchpoint_id", "rater"),
        CheckConstraint(f"trigger IS NULL OR {_in('trigger', TOUCHPOINT_TRIGGERS)}", name="trigger"),
        *(_between(column) for column in RATING_RANGES),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("journey_touchpoint.id", ondelete="CASCADE"))
    rater: Mapped[str] = mapped_column(String(200))
    level_now: Mapped[int | None] = mapped_column(Integer)
    level_target: Mapped[int | None] = mapped_column(Integer)
    trigger: Mapped[str | None] = mapped_column(String(20))
    effort: Mapped[int | None] = mapped_column(Integer)
    completeness: Mapped[int | None] = mapped_column(Integer)
    emotion: Mapped[int | None] = mapped_column(Integer)
    critical_customer: Mapped[int | None] = mapped_column(Integer)
    critical_company: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class ServiceKpi(Base):
    """A row of the service-model KPI table; ``linked_to`` names another row, NPS/CSI/CES/CLI or a touchpoint."""

    __tablename__ = "service_kpi"
    __table_args__ = (
        UniqueConstraint("assessment_id", "name"),
        CheckConstraint(_in("aspect", KPI_ASPECTS), name="aspect"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    aspect: Mapped[str] = mapped_column(String(2))
    current: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    frequency: Mapped[str | None] = mapped_column(String(200))
    linked_to: Mapped[str | None] = mapped_column(String(200))


# Team mode (migration 0003) -------------------------------------------------------------

USER_ROLES = ("admin", "consultant", "viewer")
GRANTS = ("owner", "editor", "viewer")


class UserAccount(Base):
    """A person who signs in (team mode). ``email`` is stored normalised: one account per address."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(_in("role", USER_ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # argon2id PHC string; None for an account that signs in only through the identity provider.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ClientGrant(Base):
    """A user's tie to a client (organisation): its owner, or shared as editor or viewer.

    A table of its own rather than an owner column on ``organisation`` (see 0002 on why).
    """

    __tablename__ = "client_grant"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id"),
        CheckConstraint(_in("grant", GRANTS), name="grant"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    grant: Mapped[str] = mapped_column(String(20))


class UserSession(Base):
    """A local-account sign-in. Only the SHA-256 of the secret is kept."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime] = mapped_column()
    # Set on sign-out, a password change, disabling the account or an admin ending it.
    ended_at: Mapped[datetime | None] = mapped_column()


class PasswordReset(Base):
    """A one-time password-reset link (only the SHA-256 of its token is kept)."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class SignInFailure(Base):
    """One failed sign-in, counted per account and per client address within the lockout window."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "account:<e-mail>" or "address:<client address>"; an unknown e-mail is counted the same way.
    subject: Mapped[str] = mapped_column(String(400), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)


class SignInLock(Base):
    """An account or address locked until ``until`` (kept in the database: holds across restarts and servers)."""

    __tablename__ = "sign_in_lock"

    subject: Mapped[str] = mapped_column(String(400), primary_key=True)
    until: Mapped[datetime] = mapped_column()


class AuditEvent(Base):
    """Who did what, when, from where. Never answer values, notes, passwords or secrets."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(400))
    address: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(400))
    outcome: Mapped[str] = mapped_column(String(20))


class Branding(Base):
    """The consultancy's name and logo, one row for the whole installation (white-labelling)."""

    __tablename__ = "branding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultancy: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    # "image/png" or "image/jpeg", checked when the logo was uploaded
    logo_type: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
