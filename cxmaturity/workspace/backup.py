"""Full backup of one assessment as JSON, and restoring it into another installation.

The file holds the organisation, the assessment with its questionnaire snapshot and
targets, settings, respondents (groups, tokens, answers and notes), evidence and the
roadmap action states, under ``"format": "cxmaturity-assessment"`` and a
``format_version``. It carries no database ids: restoring creates new ones and keeps
the key and tokens unless they are already used here (then fresh ones are made, and
old links stop working for the copy). Export -> restore -> export gives the same file
(with a fresh key or token only where one collided).
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from cxmaturity.files.errors import InputError, LocatedError

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, Store

FORMAT = "cxmaturity-assessment"
FORMAT_VERSION = 1
#: Backups larger than this are refused before parsing.
MAX_BACKUP_BYTES = 20 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationData(_Strict):
    """The organisation of the assessment."""

    name: str = Field(min_length=1, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    size: str | None = Field(default=None, max_length=100)
    notes: str | None = None
    created_at: AwareDatetime


class AssessmentData(_Strict):
    """The assessment itself, with the questionnaire text it was started with."""

    key: str
    title: str = Field(min_length=1, max_length=300)
    language: str = Field(min_length=1, max_length=16)
    questionnaire_id: str = Field(min_length=1, max_length=100)
    questionnaire_version: str = Field(min_length=1, max_length=50)
    questionnaire_hash: str = Field(max_length=64)
    questionnaire_snapshot: str = Field(min_length=1)
    targets: dict[Literal["levels", "aspects"], dict[str, float]]
    status: Literal["collecting", "closed"]
    created_at: AwareDatetime
    updated_at: AwareDatetime
    notes: str | None = None


class SettingsData(_Strict):
    """Workspace settings; the previous wave is named by its key."""

    group_names: list[str]
    anonymity_threshold: int = Field(ge=1, le=1000)
    results_source: Literal["respondents", "evidence", "both"]
    previous_assessment_key: str | None = None


class AnswerData(_Strict):
    """One stored answer (or a note on an unanswered question)."""

    question: str = Field(min_length=1, max_length=100)
    kind: Literal["value", "na", "dk", "unanswered"]
    value: float | None = None
    note: str | None = None
    updated_at: AwareDatetime


class RespondentData(_Strict):
    """One respondent with their personal-link token and answers."""

    label: str = Field(min_length=1, max_length=200)
    group: str | None = Field(default=None, max_length=200)
    token: str
    email: str | None = Field(default=None, max_length=320)
    created_at: AwareDatetime
    submitted_at: AwareDatetime | None = None
    revoked: bool = False
    answers: list[AnswerData]


class EvidenceData(_Strict):
    """The consultant's evidence on one question."""

    question: str = Field(min_length=1, max_length=100)
    text: str | None = None
    link: str | None = Field(default=None, max_length=2000)
    value: float | None = None
    rationale: str | None = None
    updated_at: AwareDatetime


class ActionData(_Strict):
    """The state of one roadmap action."""

    action_id: str = Field(min_length=1, max_length=100)
    status: Literal["proposed", "planned", "in_progress", "done", "dropped"]
    owner: str | None = None
    due_date: date | None = None
    authority: str | None = None
    notes: str | None = None
    title: str | None = None
    step: int | None = Field(default=None, ge=1, le=5)
    edited: bool = False
    is_new: bool = False


class Backup(_Strict):
    """A whole assessment; see the module docstring."""

    format: Literal["cxmaturity-assessment"]
    format_version: Literal[1]
    organisation: OrganisationData
    assessment: AssessmentData
    settings: SettingsData
    respondents: list[RespondentData]
    evidence: list[EvidenceData]
    actions: list[ActionData]


def backup_data(store: Store, assessment_id: int) -> dict[str, Any]:
    """The backup of an assessment as JSON-ready data (validated against :class:`Backup`)."""
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, **store.export_assessment_data(assessment_id)}
    return Backup.model_validate(data).model_dump(mode="json")


def backup_json(store: Store, assessment_id: int) -> str:
    """The backup as indented UTF-8 JSON text (non-ASCII kept readable)."""
    return json.dumps(backup_data(store, assessment_id), ensure_ascii=False, indent=2) + "\n"


def _path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location)


def parse_backup(data: bytes | str, name: str = "backup.json") -> Backup:
    """Check size, JSON syntax and structure; raises :class:`InputError` with every problem located.

    Structure errors are located by JSON path (``respondents.2.answers.0.kind``,
    list positions counted from 0); syntax errors by line.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BACKUP_BYTES:
        limit = MAX_BACKUP_BYTES // (1024 * 1024)
        raise InputError([LocatedError(name, None, "", f"the file is larger than {limit} MB")])
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError([LocatedError(name, None, "", "the file is not UTF-8 text")]) from None
    except json.JSONDecodeError as error:
        raise InputError([LocatedError(name, error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    if isinstance(document, dict) and document.get("format") == FORMAT and document.get("format_version") != 1:
        found = document.get("format_version")
        message = f"format_version {found!r} is not supported (this version reads {FORMAT_VERSION})"
        raise InputError([LocatedError(name, None, "format_version", message)])
    try:
        return Backup.model_validate(document)
    except ValidationError as error:
        errors = [
            LocatedError(name, None, _path(tuple(item["loc"])), item["msg"]) for item in error.errors(include_url=False)
        ]
        raise InputError(errors) from None


def restore_backup(store: Store, data: bytes | str, name: str = "backup.json") -> AssessmentRecord:
    """Restore a backup as a new assessment; all or nothing.

    Raises :class:`InputError` for a file that is too large, not JSON, or does not
    match the format, and for content the store refuses (bad questionnaire, links,
    values or duplicates), located where possible.
    """
    backup = parse_backup(data, name)
    try:
        return store.import_assessment_data(backup.model_dump())
    except InputError:
        raise
    except ValueError as error:
        raise InputError([LocatedError.of(name, None, "", error)]) from None
