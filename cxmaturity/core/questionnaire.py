"""Questionnaire files (format 1): YAML -> validated :class:`~cxmaturity.core.model.Questionnaire`.

Validation runs in two passes and reports every problem at once, each located
as ``FILE:LINE: field.path: message``:

1. shape: the pydantic schema below (unknown keys, missing keys, types, ranges);
2. meaning: duplicate ids, references to unknown levels/aspects/scales, scale
   values not strictly increasing, anchors for values a scale lacks, texts
   missing a declared language, levels or aspects without questions.

The JSON Schema in ``assessments/questionnaire.schema.json`` is generated from
the same pydantic models (``python -m cxmaturity schema``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import Field

from cxmaturity.core.model import Aspect, Level, Question, Questionnaire, Scale, ScaleOption, Text
from cxmaturity.core.schema_errors import validated_spec
from cxmaturity.core.spec_common import (
    DOTTED_ID_PATTERN,
    ID_PATTERN,
    SEMVER_PATTERN,
    StrictSpec,
    TextChecker,
    TextField,
    build_text,
    json_schema_of,
)
from cxmaturity.core.survey_items import build_item, check_item, check_item_counts
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.yamlsource import Path_, YamlDocument, YamlProblem, read_yaml_file, read_yaml_text

# Re-exported: the registry and the recommendation format use the same id rule.
__all__ = ["ID_PATTERN", "load_questionnaire", "load_questionnaire_text", "questionnaire_json_schema"]
QUESTION_ID_PATTERN = DOTTED_ID_PATTERN
#: A question's `meaning` is one line a respondent reads on the card; a level's `subtitle` a few words.
MEANING_MAX_CHARS = 180
SUBTITLE_MAX_CHARS = 80


class OptionSpec(StrictSpec):
    """One answer option."""

    value: float = Field(description="The option's number; values increase strictly through the list.")
    label: TextField


class ScaleSpec(StrictSpec):
    """An answer scale, referenced by its key under `scales`."""

    options: list[OptionSpec] = Field(min_length=2, description="At least two options, values increasing.")
    allow_na: bool = Field(True, description='Offer "not applicable" (not scored).')
    allow_dont_know: bool = Field(True, description='Offer "don\'t know" (not scored, counted as uncertainty).')


class LevelSpec(StrictSpec):
    """A pyramid level; the list runs from the base to the top."""

    id: str = Field(pattern=ID_PATTERN, description="Permanent id.")
    title: TextField
    subtitle: TextField = None
    description: TextField = None


class AspectSpec(StrictSpec):
    """A service-model aspect (unordered)."""

    id: str = Field(pattern=ID_PATTERN, description="Permanent id.")
    title: TextField
    description: TextField = None


class ChoiceSpec(StrictSpec):
    """One option of a `choice` item."""

    id: str = Field(pattern=ID_PATTERN, description="Permanent id of the option, written in answer files.")
    label: TextField


class QuestionSpec(StrictSpec):
    """One question (a `rating` placed in a level x aspect cell) or, in format 2, another kind of item."""

    id: str = Field(pattern=QUESTION_ID_PATTERN, description="Permanent id, unique in the file.")
    kind: Literal["rating", "nps", "ces", "csat", "cli", "choice", "text"] = Field(
        "rating", description="What the item asks (format 2); `rating` questions are scored on the pyramid."
    )
    level: str | None = Field(None, description="Id of a level (rating questions only, required there).")
    aspect: str | None = Field(None, description="Id of an aspect (rating questions only, required there).")
    scale: str | None = Field(None, description="Key of a scale under `scales` (rating and metric items).")
    choices: list[ChoiceSpec] | None = Field(None, description="The options of a `choice` item.")
    weight: float = Field(1.0, gt=0, description="Relative weight inside every set the question belongs to.")
    text: TextField
    meaning: TextField = None
    help: TextField = None
    anchors: dict[float, TextField] = Field(
        default_factory=dict, description="What an option value means for this question."
    )


class QuestionnaireSpec(StrictSpec):
    """A questionnaire file, format version 1."""

    format: Literal[1, 2] = Field(description="File format version: 1, or 2 for items other than ratings.")
    id: str = Field(pattern=ID_PATTERN, description="Permanent id: lowercase letters, digits and '-'.")
    version: str = Field(pattern=SEMVER_PATTERN, description="Semantic version of the content, e.g. 1.0.0.")
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        min_length=1, description="Languages of the texts; the first is the default."
    )
    title: TextField
    description: TextField = None
    threshold: float = Field(60.0, ge=0, le=100, description="A level is attained at or above this score.")
    target: float = Field(80.0, ge=0, le=100, description="Default target of every level and aspect.")
    scales: dict[Annotated[str, Field(pattern=ID_PATTERN)], ScaleSpec] = Field(min_length=1)
    levels: list[LevelSpec] = Field(min_length=1)
    aspects: list[AspectSpec] = Field(min_length=1)
    questions: list[QuestionSpec] = Field(min_length=1)


def questionnaire_json_schema() -> dict[str, Any]:
    """The JSON Schema of the questionnaire format, generated from the pydantic models."""
    return json_schema_of(QuestionnaireSpec, "cxmaturity questionnaire, format 1 or 2")


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and fully validate a questionnaire file.

    Raises :class:`~cxmaturity.files.errors.InputError` listing every problem, located.
    """
    path = Path(path)
    try:
        document = read_yaml_file(path)
        raw = path.read_bytes()
    except YamlProblem as problem:
        raise InputError([LocatedError(str(path), problem.line, problem.field, problem.message)]) from None
    except OSError as exc:
        raise InputError([LocatedError(str(path), None, "", f"cannot read the file: {exc.strerror}")]) from None
    return questionnaire_from_document(document, hashlib.sha256(raw).hexdigest())


def load_questionnaire_text(text: str, name: str = "<questionnaire>") -> Questionnaire:
    """Load and validate a questionnaire from YAML text (e.g. a stored snapshot or an upload)."""
    try:
        document = read_yaml_text(text, name)
    except YamlProblem as problem:
        raise InputError([LocatedError(name, problem.line, problem.field, problem.message)]) from None
    return questionnaire_from_document(document, hashlib.sha256(text.encode("utf-8")).hexdigest())


def questionnaire_from_document(document: YamlDocument, source_hash: str) -> Questionnaire:
    """Validate parsed YAML and build the model; raises InputError with all problems."""
    return _build(validated_spec(QuestionnaireSpec, document, _check_meaning), source_hash)


# --- meaning checks -------------------------------------------------------------------------------
# They read the raw data defensively (skipping parts of the wrong shape, which the schema pass
# already reports) so that a file with both kinds of problems gets every message in one go.


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each mapping item of a list; anything else yields nothing."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _unique_ids(check: TextChecker, items: list[tuple[int, dict[str, Any]]], section: str) -> set[str]:
    """Report ids used twice in a section; return the set of ids."""
    first: dict[str, int] = {}
    for index, item in items:
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            check.add((section, index, "id"), f"duplicate id {item_id!r} (first used by item {first[item_id]})")
        else:
            first[item_id] = index
    return set(first)


def _check_meaning(document: YamlDocument) -> list[LocatedError]:
    data: dict[str, Any] = document.data
    raw_languages = data.get("languages")
    languages = [x for x in raw_languages if isinstance(x, str)] if isinstance(raw_languages, list) else []
    check = TextChecker(document, languages)
    if len(set(languages)) != len(languages):
        check.add(("languages",), "a language is listed twice")
    check.text(data.get("title"), ("title",))
    check.text(data.get("description"), ("description",), required=False)
    scale_values: dict[str, set[float]] = {}
    raw_scales = data.get("scales")
    scales: dict[Any, Any] = raw_scales if isinstance(raw_scales, dict) else {}
    for scale_id, scale in scales.items():
        options = _items(scale.get("options")) if isinstance(scale, dict) else []
        previous: float | None = None
        scale_values[str(scale_id)] = set()
        for index, option in options:
            value = _number(option.get("value"))
            if value is not None:
                if previous is not None and value <= previous:
                    check.add(("scales", scale_id, "options", index, "value"), "option values must increase strictly")
                previous = value
                scale_values[str(scale_id)].add(value)
            check.text(option.get("label"), ("scales", scale_id, "options", index, "label"))
    known: dict[str, set[str]] = {}
    for section in ("levels", "aspects"):
        items = _items(data.get(section))
        known[section] = _unique_ids(check, items, section)
        for index, item in items:
            check.text(item.get("title"), (section, index, "title"))
            check.text(item.get("description"), (section, index, "description"), required=False)
            if section == "levels":
                check.text(item.get("subtitle"), (section, index, "subtitle"), required=False)
                _check_one_line(check, item.get("subtitle"), (section, index, "subtitle"), SUBTITLE_MAX_CHARS)
    questions = _items(data.get("questions"))
    _unique_ids(check, questions, "questions")
    used: dict[str, set[str]] = {"levels": set(), "aspects": set()}
    check_item_counts(check, questions)
    for index, question in questions:
        where: Path_ = ("questions", index)
        check.text(question.get("text"), (*where, "text"))
        check.text(question.get("help"), (*where, "help"), required=False)
        check.text(question.get("meaning"), (*where, "meaning"), required=False)
        _check_one_line(check, question.get("meaning"), (*where, "meaning"), MEANING_MAX_CHARS)
        _check_scale_and_anchors(check, where, question, scale_values)
        if question.get("kind", "rating") != "rating":
            check_item(check, where, question, data.get("format"), scale_values)
            continue
        for key in ("level", "aspect", "scale"):
            if key not in question:
                check.add(where, f"a rating question needs `{key}`")
        for key, section in (("level", "levels"), ("aspect", "aspects")):
            ref = question.get(key)
            if not isinstance(ref, str):
                continue
            used[section].add(ref)
            if known[section] and ref not in known[section]:
                check.add((*where, key), f"unknown {key} {ref!r}; {section} are {', '.join(sorted(known[section]))}")
    for section, key in (("levels", "level"), ("aspects", "aspect")):
        for index, item in _items(data.get(section)):
            item_id = item.get("id")
            if questions and isinstance(item_id, str) and item_id not in used[section]:
                check.add((section, index, "id"), f"{key} {item_id!r} has no questions; add some or remove it")
    return check.errors


def _check_one_line(check: TextChecker, value: Any, path: Path_, max_chars: int) -> None:
    """A short text stays one line of at most ``max_chars`` characters in every language."""
    translations = value.items() if isinstance(value, dict) else [] if value is None else [(None, value)]
    for language, translation in translations:
        if not isinstance(translation, str):
            continue  # reported by check.text
        where = path if language is None else (*path, language)
        if "\n" in translation.strip():
            check.add(where, "keep this text to one line (no line break)")
        elif len(translation) > max_chars:
            check.add(where, f"keep this text to {max_chars} characters or fewer (it has {len(translation)})")


def _check_scale_and_anchors(
    check: TextChecker, where: Path_, question: dict[str, Any], scale_values: dict[str, set[float]]
) -> None:
    scale_id = question.get("scale")
    if isinstance(scale_id, str) and scale_values and scale_id not in scale_values:
        check.add((*where, "scale"), f"unknown scale {scale_id!r}; scales are {', '.join(sorted(scale_values))}")
    anchors = question.get("anchors")
    for value, anchor in anchors.items() if isinstance(anchors, dict) else []:
        allowed = scale_values.get(scale_id) if isinstance(scale_id, str) else None
        number = _number(value)
        if allowed is not None and number is not None and number not in allowed:
            check.add((*where, "anchors", value), f"the scale {scale_id!r} has no option with value {value}")
        check.text(anchor, (*where, "anchors", value))


# --- building the model ---------------------------------------------------------------------------


def _build(spec: QuestionnaireSpec, source_hash: str) -> Questionnaire:
    def text(value: Any) -> Text:
        return build_text(value, spec.languages)

    def optional_text(value: Any) -> Text | None:
        return None if value is None else text(value)

    scales = {
        scale_id: Scale(
            id=scale_id,
            options=tuple(ScaleOption(float(option.value), text(option.label)) for option in scale.options),
            allow_na=scale.allow_na,
            allow_dont_know=scale.allow_dont_know,
        )
        for scale_id, scale in spec.scales.items()
    }
    return Questionnaire(
        format=spec.format,
        id=spec.id,
        version=spec.version,
        languages=tuple(spec.languages),
        title=text(spec.title),
        description=optional_text(spec.description),
        threshold=float(spec.threshold),
        target=float(spec.target),
        scales=MappingProxyType(scales),
        levels=tuple(
            Level(level.id, text(level.title), optional_text(level.description), optional_text(level.subtitle))
            for level in spec.levels
        ),
        aspects=tuple(
            Aspect(aspect.id, text(aspect.title), optional_text(aspect.description)) for aspect in spec.aspects
        ),
        questions=tuple(
            Question(
                id=question.id,
                level=str(question.level),
                aspect=str(question.aspect),
                scale=str(question.scale),
                weight=float(question.weight),
                text=text(question.text),
                help=optional_text(question.help),
                meaning=optional_text(question.meaning),
                anchors=MappingProxyType({float(value): text(anchor) for value, anchor in question.anchors.items()}),
            )
            for question in spec.questions
            if question.kind == "rating"
        ),
        source_hash=source_hash,
        items=tuple(build_item(entry, text) for entry in spec.questions if entry.kind != "rating"),
        sequence=tuple(entry.id for entry in spec.questions),
    )
