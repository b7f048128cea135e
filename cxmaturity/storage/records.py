"""What the storage layer hands out: frozen records, value checks and errors.

Pages and the CLI only ever see these, never SQLAlchemy objects, so a session
closing or a row changing cannot surprise them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cxmaturity.core.model import Targets
from cxmaturity.core.questionnaire import load_questionnaire_text
from cxmaturity.files.errors import InputError, KeyedError, KeyedValueError, LocatedError
from cxmaturity.files.yamlsource import MAX_FILE_BYTES
from cxmaturity.storage.tokens import is_token_shaped as is_token_shaped  # re-exported for the storage modules
from cxmaturity.storage.tokens import new_token as new_token

#: Label of the respondent every new assessment starts with (the self-assessment).
SELF_LABEL = "self"

# secrets.token_urlsafe(24) -> 24 random bytes = 192 bits, 32 URL-safe characters.


class StorageError(KeyedError):
    """Base class of the storage layer's own errors (a catalogue key tells the UI how to say them)."""


class NotFoundError(StorageError, LookupError):
    """The assessment or respondent does not exist (any more)."""


class AnswerRejectedError(StorageError):
    """The answer cannot be saved: the respondent is revoked or the assessment is closed."""


class StorageUnavailableError(StorageError):
    """The database cannot be reached or written right now (connection dropped, server restarting,
    disk full, data folder read-only). Nothing was written; the same call may succeed later."""


@dataclass(frozen=True)
class QuestionnaireSnapshot:
    """The questionnaire an assessment is started with: identity plus the full YAML text."""

    id: str
    version: str
    hash: str
    text: str

    @staticmethod
    def from_text(text: str, name: str = "<questionnaire>") -> QuestionnaireSnapshot:
        """Validate questionnaire YAML text and take it; the hash is the sha256 of its UTF-8 bytes.

        Raises :class:`cxmaturity.files.errors.InputError` (located at ``name``) for an invalid text.
        """
        questionnaire = load_questionnaire_text(text, name)
        return QuestionnaireSnapshot(questionnaire.id, questionnaire.version, questionnaire.source_hash, text)

    @staticmethod
    def from_file(path: str | Path) -> QuestionnaireSnapshot:
        """Validate a questionnaire file and take its text (read once, so hash and text agree).

        Raises :class:`cxmaturity.files.errors.InputError` for an invalid, unreadable,
        non-UTF-8 or over-5-MB file.
        """
        source = Path(path)
        try:
            if source.stat().st_size > MAX_FILE_BYTES:
                raise _file_error(source, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            text = source.read_bytes().decode("utf-8")
        except OSError as error:
            raise _file_error(source, f"cannot read the file: {error.strerror}") from None
        except UnicodeDecodeError:
            raise _file_error(source, "the file is not UTF-8 text") from None
        return QuestionnaireSnapshot.from_text(text, str(source))


def _file_error(path: Path, message: str) -> InputError:
    return InputError([LocatedError(str(path), None, "", message)])


@dataclass(frozen=True)
class AssessmentRecord:
    """An assessment with its organisation (the questionnaire text: ``Store.load_snapshot``)."""

    id: int
    key: str
    organisation_id: int
    organisation_name: str
    industry: str | None
    size: str | None
    title: str
    language: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    targets: Mapping[str, Mapping[str, float]]
    status: str
    created_at: datetime
    updated_at: datetime
    notes: str | None
    #: The executive's own assessment, started on Start; never listed among consulting clients.
    self_assessment: bool = False

    @property
    def is_closed(self) -> bool:
        """True when no more answers are accepted."""
        return self.status == "closed"


@dataclass(frozen=True)
class OrganisationRecord:
    """An organisation (one may have several assessments over time)."""

    id: int
    name: str
    industry: str | None
    size: str | None
    notes: str | None
    created_at: datetime


@dataclass(frozen=True)
class RespondentRecord:
    """One respondent of an assessment; ``token`` is the secret of their personal link."""

    id: int
    assessment_id: int
    label: str
    group: str | None
    token: str
    email: str | None
    created_at: datetime
    submitted_at: datetime | None
    revoked: bool


@dataclass(frozen=True)
class ActionState:
    """The consultant's state of one roadmap action within an assessment.

    ``title`` and ``step`` describe an action the consultant wrote (``is_new``)
    or rewrote (``edited``); both stay None for a library action as it is.
    ``authority`` says who can decide it (e.g. own team, needs management, not
    possible yet); the roadmap module defines the codes.
    """

    action_id: str
    status: str = "proposed"
    owner: str | None = None
    due_date: date | None = None
    authority: str | None = None
    notes: str | None = None
    title: str | None = None
    step: int | None = None
    edited: bool = False
    is_new: bool = False
    #: True: in the plan; False: among "more options"; None: the roadmap's default choice
    in_plan: bool | None = None
    #: When the action starts; None: when the step it depends on ends
    start_date: date | None = None


@dataclass(frozen=True)
class Branding:
    """The consultancy's name and logo (PNG or JPEG bytes, checked on upload); empty when not set."""

    consultancy: str | None = None
    logo: bytes | None = None
    logo_type: str | None = None

    @property
    def is_set(self) -> bool:
        """True when a name or a logo was saved."""
        return bool(self.consultancy or self.logo)


def check_targets(targets: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Validate ``{"levels": {id: n}, "aspects": {id: n}}`` (0..100) and return a plain copy.

    Either part may be missing; anything else raises ``ValueError``.
    """
    unknown = set(targets) - {"levels", "aspects"}
    if unknown:
        raise KeyedValueError(
            f"targets: unknown part(s) {sorted(unknown)}; expected 'levels' and 'aspects'", "core_error.targets_shape"
        )
    clean: dict[str, dict[str, float]] = {"levels": {}, "aspects": {}}
    for part in ("levels", "aspects"):
        entries = targets.get(part) or {}
        if not isinstance(entries, Mapping):
            raise KeyedValueError(f"targets.{part}: expected a mapping of id to a number", "core_error.targets_shape")
        for key, number in entries.items():
            if not isinstance(key, str) or not key:
                raise KeyedValueError(f"targets.{part}: ids must be non-empty text", "core_error.targets_shape")
            if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
                raise KeyedValueError(f"targets.{part}.{key}: expected a number", "core_error.target_number", id=key)
            if not 0 <= number <= 100:
                raise KeyedValueError(
                    f"targets.{part}.{key}: {number} is outside 0..100", "core_error.target_range", id=key, value=number
                )
            clean[part][key] = float(number)
    return clean


def frozen_targets(targets: Mapping[str, Any]) -> Mapping[str, Mapping[str, float]]:
    """A read-only copy of stored targets, with both parts present."""
    return MappingProxyType({part: MappingProxyType(dict(targets.get(part) or {})) for part in ("levels", "aspects")})


def to_targets(targets: Mapping[str, Mapping[str, float]], default: float) -> Targets:
    """Turn stored targets into the scoring model's :class:`Targets` (``default`` for the rest)."""
    return Targets(
        default=default,
        levels=MappingProxyType(dict(targets.get("levels") or {})),
        aspects=MappingProxyType(dict(targets.get("aspects") or {})),
    )


@dataclass(frozen=True)
class AssessmentSettings:
    """Workspace settings of an assessment (defaults until the consultant changes them).

    ``results_source`` is "respondents", "evidence" or "both" (see docs/workspace.md);
    ``previous_assessment_id`` is the wave this assessment repeats (None for a first wave).
    """

    assessment_id: int
    group_names: tuple[str, ...]
    anonymity_threshold: int
    previous_assessment_id: int | None
    results_source: str


@dataclass(frozen=True)
class EvidenceRecord:
    """The consultant's evidence on one question; ``value`` is an assessed scale value or None."""

    question_id: str
    text: str | None
    link: str | None
    value: float | None
    rationale: str | None
    updated_at: datetime


#: Progress states of a respondent, in the order a respondent moves through them.
PROGRESS_STATES = ("not_opened", "started", "completed")


@dataclass(frozen=True)
class RespondentProgress:
    """How far one respondent got: ``state`` is one of :data:`PROGRESS_STATES`.

    "completed": submitted; "started": at least one answer or note saved; "not_opened": nothing saved.
    ``answered`` counts the questions with an answer (value, na or dk).
    """

    respondent: RespondentRecord
    state: str
    answered: int
    last_saved_at: datetime | None


@dataclass(frozen=True)
class ProgressCounts:
    """Respondents of an assessment by progress state (revoked respondents are not counted)."""

    not_opened: int = 0
    started: int = 0
    completed: int = 0

    @property
    def total(self) -> int:
        """Every counted respondent."""
        return self.not_opened + self.started + self.completed


@dataclass(frozen=True)
class AssessmentSummary:
    """A line of the assessments list: the record, its respondents' progress and its previous wave."""

    assessment: AssessmentRecord
    progress: ProgressCounts
    previous_assessment_id: int | None
