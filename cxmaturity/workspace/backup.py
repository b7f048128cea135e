"""Full backup of one assessment as JSON, and restoring it into another installation.

The file holds the organisation, the assessment with its questionnaire snapshot and
targets, settings, respondents (groups, tokens, answers and notes), evidence, the
roadmap action states, the journey map with its ratings, measured figures and KPI table, and each
customer's segment values (an imported file's own columns) and callback state, under
``"format": "cxmaturity-assessment"`` and a
``format_version``. It carries no database ids: restoring creates new ones and keeps
the key and tokens unless they are already used here (then fresh ones are made, and
old links stop working for the copy). Export -> restore -> export gives the same file
(with a fresh key or token only where one collided).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from cxmaturity.core.questionnaire import load_questionnaire_text
from cxmaturity.core.registry import shipped_ref
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.jsonsource import read_json_bytes
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.files.text import control_character
from cxmaturity.i18n import LANGUAGES
from cxmaturity.journey.figures import ROW_FIELDS, Figure, figure_errors
from cxmaturity.journey.kpis import Kpi, kpi_errors
from cxmaturity.journey.model import JourneyMap, Link, Touchpoint, link_errors, stage_errors, touchpoint_errors
from cxmaturity.journey.ratings import Rating, rating_errors
from cxmaturity.roadmap.method import own_library_beside
from cxmaturity.storage.tables import SEGMENT_NAME_CHARS, SEGMENT_VALUE_CHARS

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, Store

FORMAT = "cxmaturity-assessment"
FORMAT_VERSION = 1
#: Backups larger than this are refused before parsing.
MAX_BACKUP_BYTES = 20 * 1024 * 1024
#: Characters of the questionnaire snapshot a backup may carry (the shipped questionnaire has ~230,000).
MAX_SNAPSHOT_CHARS = 2_000_000

#: Checks that need the restoring user (e.g. "the previous wave is an assessment you own"): the
#: team-mode wing passes one to :func:`restore_backup`; it returns the located problems.
AccessCheck = Callable[["Backup"], list[LocatedError]]


class _Strict(BaseModel):
    # strict: `true` is not a number, "3" is not an integer; dates are still read from ISO text.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _when(**kwargs: Any) -> Any:
    return Field(strict=False, **kwargs)  # JSON has no date type: ISO 8601 text is the one form


class OrganisationData(_Strict):
    """The organisation of the assessment."""

    name: str = Field(min_length=1, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    size: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    created_at: AwareDatetime = _when()


class AssessmentData(_Strict):
    """The assessment itself, with the questionnaire text it was started with."""

    key: str
    title: str = Field(min_length=1, max_length=300)
    language: str = Field(min_length=1, max_length=16)
    questionnaire_id: str = Field(min_length=1, max_length=100)
    questionnaire_version: str = Field(min_length=1, max_length=50)
    questionnaire_hash: str = Field(max_length=64)
    questionnaire_snapshot: str = Field(min_length=1, max_length=MAX_SNAPSHOT_CHARS)
    targets: dict[Literal["levels", "aspects"], dict[str, float]]
    status: Literal["collecting", "closed"]
    created_at: AwareDatetime = _when()
    updated_at: AwareDatetime = _when()
    notes: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    #: the executive's own assessment (Start); absent in backups written before it was stored
    self_assessment: bool = False


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
    note: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    updated_at: AwareDatetime = _when()


class CallbackData(_Strict):
    """The callback of one customer (owner, due time, status), as the Customer voice page saved it."""

    owner: str | None = Field(default=None, max_length=200)
    due_at: AwareDatetime | None = _when(default=None)
    status: Literal["open", "called", "solved", "lesson_recorded"]
    called_at: AwareDatetime | None = _when(default=None)
    lesson: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    updated_at: AwareDatetime = _when()


_SegmentName = Annotated[str, StringConstraints(min_length=1, max_length=SEGMENT_NAME_CHARS)]
_SegmentValue = Annotated[str, StringConstraints(min_length=1, max_length=SEGMENT_VALUE_CHARS)]


class RespondentData(_Strict):
    """One respondent with their personal-link token and answers."""

    label: str = Field(min_length=1, max_length=200)
    group: str | None = Field(default=None, max_length=200)
    token: str
    email: str | None = Field(default=None, max_length=320)
    created_at: AwareDatetime = _when()
    submitted_at: AwareDatetime | None = _when(default=None)
    revoked: bool = False
    answers: list[AnswerData]
    #: The segment columns of an imported customer file (branch, product...): column name -> value.
    segments: dict[_SegmentName, _SegmentValue] = {}
    callback: CallbackData | None = None


class EvidenceData(_Strict):
    """The consultant's evidence on one question."""

    question: str = Field(min_length=1, max_length=100)
    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    link: str | None = Field(default=None, max_length=2000)
    value: float | None = None
    rationale: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    updated_at: AwareDatetime = _when()


class ActionData(_Strict):
    """The state of one roadmap action."""

    action_id: str = Field(min_length=1, max_length=100)
    status: Literal["proposed", "planned", "in_progress", "done", "dropped"]
    owner: str | None = Field(default=None, max_length=200)
    due_date: date | None = _when(default=None)
    authority: str | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    step: int | None = Field(default=None, ge=1, le=5)
    edited: bool = False
    is_new: bool = False
    #: the consultant's plan: in it (true), among "more options" (false), the default (null); when it starts
    in_plan: bool | None = None
    start_date: date | None = _when(default=None)


class TouchpointData(_Strict):
    """One touchpoint of the journey map (``stage`` names a stage of ``JourneyData.stages``)."""

    key: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=200)
    stage: str = Field(min_length=1, max_length=200)
    channel: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    moment_of_truth: bool = False
    order: int = 0


class LinkData(_Strict):
    """A driver or barrier between two touchpoints, named by their keys."""

    kind: Literal["driver", "barrier"]
    source: str = Field(min_length=1, max_length=50)
    target: str = Field(min_length=1, max_length=50)
    text: str = Field(min_length=1)


_Scale = Field(default=None, ge=1, le=5)


class RatingData(_Strict):
    """One rater's rating of one touchpoint."""

    touchpoint: str = Field(min_length=1, max_length=50)
    rater: str = Field(min_length=1, max_length=200)
    level_now: int | None = _Scale
    level_target: int | None = _Scale
    trigger: Literal["customer", "company"] | None = None
    effort: int | None = _Scale
    completeness: int | None = _Scale
    emotion: int | None = Field(default=None, ge=-2, le=2)
    critical_customer: int | None = _Scale
    critical_company: int | None = _Scale
    updated_at: AwareDatetime = _when()


class KpiData(_Strict):
    """One row of the service-model KPI table."""

    name: str = Field(min_length=1, max_length=200)
    aspect: Literal["CX", "OX", "EX", "IT", "TX"]
    current: float | None = None
    target: float | None = None
    unit: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    frequency: str | None = Field(default=None, max_length=200)
    linked_to: str | None = Field(default=None, max_length=200)


class FigureData(_Strict):
    """What customers measured at one touchpoint: one metric, its number of answers and its source."""

    touchpoint: str = Field(min_length=1, max_length=50)
    metric: Literal["nps", "csat", "ces"]
    value: float
    n: int | None = Field(default=None, ge=1)
    source: Literal["imported", "typed"]
    updated_at: AwareDatetime = _when()


class JourneyData(_Strict):
    """The journey map, its ratings, the measured figures and the KPI table (absent in backups made before
    they existed)."""

    stages: list[str] = []
    touchpoints: list[TouchpointData] = []
    links: list[LinkData] = []
    ratings: list[RatingData] = []
    kpis: list[KpiData] = []
    figures: list[FigureData] = []


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
    journey: JourneyData = Field(default_factory=JourneyData)


def backup_data(store: Store, assessment_id: int) -> dict[str, Any]:
    """The backup of an assessment as JSON-ready data (validated against :class:`Backup`)."""
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, **store.export_assessment_data(assessment_id)}
    return Backup.model_validate(data).model_dump(mode="json")


def backup_json(store: Store, assessment_id: int) -> str:
    """The backup as indented UTF-8 JSON text (non-ASCII kept readable)."""
    return json.dumps(backup_data(store, assessment_id), ensure_ascii=False, indent=2) + "\n"


def located_path(location: tuple[int | str, ...]) -> str:
    """A JSON path as people read it: ``respondents[2].answers[1].question`` (positions from 0)."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_backup(data: bytes | str, name: str = "backup.json") -> Backup:
    """Check size, JSON syntax and structure; raises :class:`InputError` with every problem located.

    Nesting is checked before parsing; a key twice in one object, ``true`` for a number, ``"3"``
    for an integer and text over its limit are refused. Structure errors are located by JSON path
    (``respondents[2].answers[0].kind``, positions counted from 0); syntax errors by line.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    document = read_json_bytes(raw, name, MAX_BACKUP_BYTES)
    if isinstance(document, dict) and document.get("format") == FORMAT and document.get("format_version") != 1:
        found = document.get("format_version")
        message = f"format_version {found!r} is not supported (this version reads {FORMAT_VERSION})"
        raise InputError([LocatedError(name, None, "format_version", message)])
    unclean = [
        LocatedError(name, None, located_path(where), f"holds an invisible control character ({found}); remove it")
        for where, found in _control_characters(document, ())
    ]
    if unclean:
        raise InputError(unclean)
    try:
        return Backup.model_validate(document)
    except ValidationError as error:
        errors = [
            LocatedError(name, None, located_path(tuple(item["loc"])), item["msg"])
            for item in error.errors(include_url=False)
        ]
        raise InputError(errors) from None


#: Field names of the journey checks that the backup spells otherwise.
_BACKUP_FIELDS = {"id": "key", "from": "source", "to": "target", "indicator": "name"} | {
    field: "n" if field.endswith("_n") else "value" for field in ROW_FIELDS
}


def journey_errors(backup: Backup, name: str = "backup.json") -> list[LocatedError]:
    """Problems of the backup's journey map, ratings, measured figures and KPI table, located by JSON path
    (``journey.touchpoints[3].stage``, positions from 0), with the journey wing's messages."""
    part = backup.journey
    journey = JourneyMap(
        tuple(part.stages),
        tuple(Touchpoint(**point.model_dump()) for point in part.touchpoints),
        tuple(Link(**link.model_dump()) for link in part.links),
    )
    ratings = [Rating(**rating.model_dump(exclude={"updated_at"})) for rating in part.ratings]
    kpis = [Kpi(**row.model_dump()) for row in part.kpis]
    figures = [Figure(**figure.model_dump(exclude={"updated_at"})) for figure in part.figures]
    sections = (
        # No stages at all is an assessment without a map (a KPI table may still be there).
        ("stages", stage_errors(journey.stages, "en", name) if journey.stages or journey.touchpoints else []),
        ("touchpoints", touchpoint_errors(journey, "en", name)),
        ("links", link_errors(journey, "en", name)),
        ("ratings", rating_errors(ratings, journey, "en", name)),
        ("kpis", kpi_errors(kpis, journey, "en", name)),
        ("figures", figure_errors(figures, journey, "en", name)),
    )
    return [
        LocatedError(
            name,
            None,
            # The same JSON path as every other refusal of a backup: journey.ratings[0].effort.
            ".".join(
                [f"journey.{section}" + (f"[{error.line - 1}]" if error.line else ""),
                 *([_BACKUP_FIELDS.get(error.field, error.field)] if error.field and section != "stages" else [])]
            ),
            error.message,
        )
        for section, errors in sections
        for error in errors
    ]  # fmt: skip


def _control_characters(value: Any, where: tuple[int | str, ...]) -> list[tuple[tuple[int | str, ...], str]]:
    # The document is at most MAX_NESTING deep (checked before parsing), so this cannot recurse far.
    if isinstance(value, str):
        found = control_character(value)
        return [] if found is None else [(where, found)]
    if isinstance(value, dict):
        return [hit for key, item in value.items() for hit in _control_characters(item, (*where, key))]
    if isinstance(value, list):
        return [hit for index, item in enumerate(value) for hit in _control_characters(item, (*where, index))]
    return []


def check_references(backup: Backup, name: str = "backup.json") -> None:
    """Refuse answers and evidence on questions the snapshot's questionnaire lacks, a language the
    app does not have, and library actions (those without a title of their own) that its shipped
    recommendation library lacks."""
    questionnaire = load_questionnaire_text(
        backup.assessment.questionnaire_snapshot, f"{name}: assessment.questionnaire_snapshot"
    )
    questions = {question.id for question in questionnaire.questions}
    # A customer's answers also go to the metric items (NPS, CES...), the reason and the comment.
    answerable = questions | {item.id for item in questionnaire.items}
    errors = [
        LocatedError(name, None, f"respondents[{r}].answers[{a}].question", f"{answer.question!r} is not a question of the questionnaire")
        for r, respondent in enumerate(backup.respondents)
        for a, answer in enumerate(respondent.answers)
        if answer.question not in answerable
    ]  # fmt: skip
    errors += [
        LocatedError(name, None, f"evidence[{e}].question", f"{item.question!r} is not a question of the questionnaire")
        for e, item in enumerate(backup.evidence)
        if item.question not in questions
    ]
    if backup.assessment.language not in LANGUAGES:
        message = f"{backup.assessment.language!r} is not a language of the app ({', '.join(LANGUAGES)})"
        errors.append(LocatedError(name, None, "assessment.language", message))
    library_actions = [(index, action) for index, action in enumerate(backup.actions) if not action.title]
    library = None
    if library_actions:
        try:
            library = own_library_beside(shipped_ref(questionnaire.id, questionnaire.version), questionnaire)
        except InputError:
            library = None
    if library_actions and library is not None:  # a questionnaire without a library has nothing to check against
        known = {action.id for action in library.actions}
        errors += [
            LocatedError(name, None, f"actions[{index}].action_id", f"{action.action_id!r} is not an action of the recommendation library")
            for index, action in library_actions
            if action.action_id not in known
        ]  # fmt: skip
    if errors:
        raise InputError(errors)


def restore_backup(
    store: Store, data: bytes | str, name: str = "backup.json", access_check: AccessCheck | None = None
) -> AssessmentRecord:
    """Restore a backup as a new assessment; all or nothing.

    Raises :class:`InputError` for a file that is too large, not JSON, or does not
    match the format, for answers, evidence or actions naming what does not exist, for what
    ``access_check`` refuses (the hook of team mode: a previous wave the restoring user may
    not reach), and for content the store refuses (bad questionnaire, links, values or
    duplicates), located where possible.
    """
    backup = parse_backup(data, name)
    problems = journey_errors(backup, name)
    if problems:
        raise InputError(problems)
    check_references(backup, name)
    if access_check is not None:
        refused = access_check(backup)
        if refused:
            raise InputError(refused)
    try:
        return store.import_assessment_data(backup.model_dump())
    except InputError:
        raise
    except ValueError as error:
        raise InputError([LocatedError.of(name, None, "", error)]) from None
