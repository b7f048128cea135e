"""Recommendation libraries (format 1): YAML -> validated :class:`RecommendationLibrary`.

A library is data, like a questionnaire: it lives beside the questionnaire it was
written for (``recommendations.yaml`` in the same folder) and holds the actions the
roadmap generator (:mod:`cxmaturity.roadmap.engine`) chooses from. Validation reports every
problem at once, located as ``FILE:LINE: field.path: message``:

1. shape: the pydantic schema below (unknown keys, missing keys, types, ranges);
2. meaning: duplicate ids, owners and metrics that are not defined, texts missing a
   declared language, pilots without a hypothesis;
3. against a questionnaire (:func:`cxmaturity.roadmap.coverage.validate_against`): levels,
   aspects and questions exist, and every level x aspect cell has advice for every band below target.

The JSON Schema in ``assessments/recommendations.schema.json`` is generated from the
same models: ``python -m cxmaturity schema`` writes it (and ``--check`` tells whether it is stale).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import Field

from cxmaturity.core.model import Text
from cxmaturity.core.schema_errors import validated_spec
from cxmaturity.core.spec_common import (
    DOTTED_ID_PATTERN,
    SEMVER_PATTERN,
    StrictSpec,
    TextChecker,
    TextField,
    build_text,
    json_schema_of,
)
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.yamlsource import Path_, YamlDocument, YamlProblem, read_yaml_file, read_yaml_text

#: File name of a questionnaire's library, in the questionnaire's folder.
LIBRARY_FILE_NAME = "recommendations.yaml"
#: Folder (inside a questionnaire's folder) holding its earlier versions, one folder per version.
VERSIONS_FOLDER = "versions"

#: Score bands an action can be triggered by, from the weakest. ``target`` (at or above
#: target) is for actions that sustain a result; the three others are "below target".
BANDS: tuple[str, ...] = ("low", "developing", "established", "target")
BANDS_BELOW_TARGET: tuple[str, ...] = BANDS[:3]
#: Upper limit of the ``low`` band (scores 0..100).
LOW_BAND_LIMIT = 40.0

STEPS: tuple[int | str, ...] = (1, 2, 3, 4, 5, "next")

ID_PATTERN = DOTTED_ID_PATTERN

Band = Literal["low", "developing", "established", "target"]
Step = Literal[1, 2, 3, 4, 5, "next"]
Position = Literal["base", "middle", "top"]

#: Where a level sits in its questionnaire: the first is the base, the last the top, any other the middle.
POSITIONS: tuple[str, ...] = ("base", "middle", "top")
#: Placeholders an action's texts may use; the roadmap fills them in the reader's language
#: from the questionnaire's own titles (docs/recommendations-format.md, "Placeholders").
PLACEHOLDERS: tuple[str, ...] = ("area", "level", "base", "below")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class TriggerSpec(StrictSpec):
    """When an action applies: where (levels, aspects, questions) and how weak (bands)."""

    levels: list[str] = Field(default_factory=list, description="Level ids; empty = any level.")
    aspects: list[str] = Field(default_factory=list, description="Aspect ids; empty = any aspect.")
    questions: list[str] = Field(
        default_factory=list,
        description="Question ids; when given, the action applies where these questions score in a band.",
    )
    positions: list[Position] = Field(
        default_factory=list,
        description="Level positions (base: the first level, top: the last, middle: any other); empty = any.",
    )
    bands: list[Band] = Field(
        min_length=1,
        description="Score bands: low (< 40), developing (40 to threshold), established (threshold to target), target.",
    )
    perception_gap: bool = Field(
        False,
        description="Only when respondent groups disagree (step 1: walk the path with the group that rates lower).",
    )


class ActionSpec(StrictSpec):
    """One recommended action."""

    id: str = Field(pattern=ID_PATTERN, description="Permanent id, unique in the library.")
    step: Step = Field(description='The roadmap step: 1..5 or "next".')
    trigger: TriggerSpec
    title: TextField
    description: TextField
    rationale: TextField = Field(description="Why the action matters (the roadmap adds the scores that triggered it).")
    authority: Literal["own", "management"] = Field(
        description="Within the team's own authority, or needs management's sanction."
    )
    effort: Literal["S", "M", "L"] = Field(description="S: days, M: weeks, L: months.")
    impact: Literal["low", "medium", "high"] = Field(description="Expected effect on the customer.")
    owner: str = Field(description="Key of a role under `roles`.")
    metric: str = Field(description="Key of a metric under `metrics`.")
    horizon_days: int = Field(ge=1, le=730, description="Days until a result is expected.")
    hypothesis: TextField = Field(
        None, description="Required for pilots (step 4): what should change, and how we will know."
    )
    questions: list[TextField] = Field(
        default_factory=list, description="Questions to answer while doing the action (e.g. for a retrospective)."
    )


class RoleSpec(StrictSpec):
    """A role that can own actions."""

    title: TextField


class MetricSpec(StrictSpec):
    """A metric an action is watched by."""

    name: TextField
    description: TextField = None


class LibrarySpec(StrictSpec):
    """A recommendation library file, format version 1."""

    format: Literal[1] = Field(description="File format version.")
    id: str = Field(pattern=ID_PATTERN, description="Permanent id of the library.")
    version: str = Field(pattern=SEMVER_PATTERN, description="Semantic version of the content.")
    questionnaire: str | None = Field(None, description="Id of the questionnaire the library was written for.")
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        min_length=1, description="Languages of the texts; the first is the default."
    )
    title: TextField
    reassessment_days: int = Field(90, ge=14, le=730, description="Days until the next assessment (at least).")
    other_version_questions: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        default_factory=list,
        description=(
            "Question ids that exist in only some versions of the questionnaire; triggers may name them, "
            "and a version without one ignores it."
        ),
    )
    roles: dict[Annotated[str, Field(pattern=ID_PATTERN)], RoleSpec] = Field(min_length=1)
    metrics: dict[Annotated[str, Field(pattern=ID_PATTERN)], MetricSpec] = Field(min_length=1)
    actions: list[ActionSpec] = Field(min_length=1)


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    """When a recommendation applies; empty ``levels``/``aspects`` mean "any"."""

    bands: tuple[str, ...]
    levels: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    perception_gap: bool = False
    positions: tuple[str, ...] = ()

    @property
    def is_general(self) -> bool:
        """True when the trigger names no level, aspect, question or position (it applies anywhere)."""
        return not (self.levels or self.aspects or self.questions or self.positions)

    @property
    def names_levels(self) -> bool:
        """True when the trigger picks levels, by id or by position."""
        return bool(self.levels or self.positions)


@dataclass(frozen=True)
class Recommendation:
    """One action of a library (the roadmap turns it into a :class:`cxmaturity.roadmap.engine.Action`)."""

    id: str
    step: int | str
    trigger: Trigger
    title: Text
    description: Text
    rationale: Text
    authority: str
    effort: str
    impact: str
    owner: str
    metric: str
    horizon_days: int
    hypothesis: Text | None = None
    questions: tuple[Text, ...] = ()
    #: True for an action that comes from the method library (not from the questionnaire's own).
    from_method: bool = False


@dataclass(frozen=True)
class RecommendationLibrary:
    """A validated library. Build it with :func:`load_library`."""

    format: int
    id: str
    version: str
    questionnaire: str | None
    languages: tuple[str, ...]
    title: Text
    reassessment_days: int
    roles: Mapping[str, Text]
    metrics: Mapping[str, Text]
    actions: tuple[Recommendation, ...]
    file: str = ""
    #: question ids of other versions of the questionnaire that triggers may name (ignored where absent)
    other_version_questions: frozenset[str] = frozenset()
    #: line of each dotted path in the source file, to locate cross-reference errors
    lines: Mapping[Path_, int] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)
    #: ``(id, version)`` of the method library merged in (:func:`cxmaturity.roadmap.method.merged`), if any
    method: tuple[str, str] | None = None
    #: False when none of the actions was written for the questionnaire (the method library alone)
    has_own_advice: bool = True
    #: How many problems kept the questionnaire's own library out (0 when it had none or it was used)
    own_problems: int = 0

    def actions_for_step(self, step: int | str) -> tuple[Recommendation, ...]:
        """The library's actions of one step, in file order."""
        return tuple(action for action in self.actions if action.step == step)


def library_json_schema() -> dict[str, Any]:
    """The JSON Schema of the library format, generated from the pydantic models."""
    return json_schema_of(LibrarySpec, "cxmaturity recommendation library, format 1")


def library_for(questionnaire_path: str | Path) -> Path:
    """The library that belongs to a questionnaire file: ``recommendations.yaml`` beside it.

    An earlier version kept as ``<folder>/versions/<version>/questionnaire.yaml`` without a library of
    its own shares the folder's library (one library can name the questions of several versions:
    ``other_version_questions``).
    """
    path = Path(questionnaire_path)
    beside = path.with_name(LIBRARY_FILE_NAME)
    shared = path.parent.parent.parent / LIBRARY_FILE_NAME
    if not beside.is_file() and path.parent.parent.name == VERSIONS_FOLDER and shared.is_file():
        return shared
    return beside


def load_library(path: str | Path) -> RecommendationLibrary:
    """Load and validate a library file; raises InputError listing every problem, located."""
    path = Path(path)
    try:
        document = read_yaml_file(path)
    except YamlProblem as problem:
        raise InputError([LocatedError(str(path), problem.line, problem.field, problem.message)]) from None
    except OSError as exc:
        raise InputError([LocatedError(str(path), None, "", f"cannot read the file: {exc.strerror}")]) from None
    return library_from_document(document)


def load_library_text(text: str, name: str = "<recommendations>") -> RecommendationLibrary:
    """Load and validate a library from YAML text (an upload or a stored snapshot)."""
    try:
        document = read_yaml_text(text, name)
    except YamlProblem as problem:
        raise InputError([LocatedError(name, problem.line, problem.field, problem.message)]) from None
    return library_from_document(document)


def library_from_document(document: YamlDocument) -> RecommendationLibrary:
    """Validate parsed YAML and build the library; raises InputError with all problems."""
    return _build(validated_spec(LibrarySpec, document, _check_meaning), document)


# --- meaning checks (read the raw data defensively: the schema pass reports wrong shapes) ---------


def _check_meaning(document: YamlDocument) -> list[LocatedError]:
    data: dict[str, Any] = document.data
    raw_languages = data.get("languages")
    languages = [x for x in raw_languages if isinstance(x, str)] if isinstance(raw_languages, list) else []
    check = TextChecker(document, languages)
    if len(set(languages)) != len(languages):
        check.add(("languages",), "a language is listed twice")
    check.text(data.get("title"), ("title",))
    roles: dict[Any, Any] = _mapping(data.get("roles"))
    metrics: dict[Any, Any] = _mapping(data.get("metrics"))
    for role_id, role in roles.items():
        if isinstance(role, dict):
            check.text(role.get("title"), ("roles", role_id, "title"))
    for metric_id, metric in metrics.items():
        if isinstance(metric, dict):
            check.text(metric.get("name"), ("metrics", metric_id, "name"))
            check.text(metric.get("description"), ("metrics", metric_id, "description"), required=False)
    actions: list[Any] = _sequence(data.get("actions"))
    first: dict[str, int] = {}
    for index, action in enumerate(actions):
        if not isinstance(action, dict):
            continue
        where: Path_ = ("actions", index)
        action_id = action.get("id")
        if isinstance(action_id, str):
            if action_id in first:
                check.add((*where, "id"), f"duplicate id {action_id!r} (first used by action {first[action_id]})")
            else:
                first[action_id] = index
        for key in ("title", "description", "rationale"):
            check.text(action.get(key), (*where, key))
            _check_placeholders(check, action.get(key), (*where, key))
        _check_placeholders(check, action.get("hypothesis"), (*where, "hypothesis"))
        check.text(action.get("hypothesis"), (*where, "hypothesis"), required=action.get("step") == 4)
        for number, question in enumerate(_sequence(action.get("questions"))):
            check.text(question, (*where, "questions", number))
        for key, defined, section in (("owner", roles, "roles"), ("metric", metrics, "metrics")):
            ref = action.get(key)
            if isinstance(ref, str) and defined and ref not in defined:
                check.add(
                    (*where, key), f"unknown {key} {ref!r}; define it under `{section}` ({', '.join(sorted(defined))})"
                )
        trigger = action.get("trigger")
        if isinstance(trigger, dict):
            bands = trigger.get("bands")
            if isinstance(bands, list) and len(set(map(str, bands))) != len(bands):
                check.add((*where, "trigger", "bands"), "a band is listed twice")
    return check.errors


def _check_placeholders(check: TextChecker, value: Any, where: Path_) -> None:
    texts = value.values() if isinstance(value, dict) else [value]
    for text in texts:
        if not isinstance(text, str):
            continue
        for name in dict.fromkeys(_PLACEHOLDER.findall(text)):
            if name not in PLACEHOLDERS:
                known = ", ".join("{" + known + "}" for known in PLACEHOLDERS)
                check.add(where, f"unknown placeholder {{{name}}}; a text may use {known}")


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every known ``{placeholder}`` replaced by its value (other braces stay as written)."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _build(spec: LibrarySpec, document: YamlDocument) -> RecommendationLibrary:
    def text(value: Any) -> Text:
        return build_text(value, spec.languages)

    actions = tuple(
        Recommendation(
            id=action.id,
            step=action.step,
            trigger=Trigger(
                bands=tuple(action.trigger.bands),
                levels=tuple(action.trigger.levels),
                aspects=tuple(action.trigger.aspects),
                questions=tuple(action.trigger.questions),
                perception_gap=action.trigger.perception_gap,
                positions=tuple(action.trigger.positions),
            ),
            title=text(action.title),
            description=text(action.description),
            rationale=text(action.rationale),
            authority=action.authority,
            effort=action.effort,
            impact=action.impact,
            owner=action.owner,
            metric=action.metric,
            horizon_days=action.horizon_days,
            hypothesis=None if action.hypothesis is None else text(action.hypothesis),
            questions=tuple(text(question) for question in action.questions),
        )
        for action in spec.actions
    )
    return RecommendationLibrary(
        format=spec.format,
        id=spec.id,
        version=spec.version,
        questionnaire=spec.questionnaire,
        languages=tuple(spec.languages),
        title=text(spec.title),
        reassessment_days=spec.reassessment_days,
        roles=MappingProxyType({key: text(role.title) for key, role in spec.roles.items()}),
        metrics=MappingProxyType({key: text(metric.name) for key, metric in spec.metrics.items()}),
        actions=actions,
        file=document.file,
        other_version_questions=frozenset(spec.other_version_questions),
        lines=MappingProxyType(dict(document.lines)),
    )
