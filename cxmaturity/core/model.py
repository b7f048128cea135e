"""Frozen data model shared by every part of cxmaturity.

Data flows one way: questionnaire file -> :class:`Questionnaire` -> answers
(:class:`AnswerSet`) -> :class:`ScoreCard` -> charts, roadmap, report.
Nothing here imports UI, plotting or database code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is only needed for type hints here
    import pandas as pd

#: Answer codes written in answer files and stored by the app.
NOT_APPLICABLE = "na"
DONT_KNOW = "dk"
#: Respondent groups a new assessment offers until the consultant edits them (shown translated).
DEFAULT_GROUPS = ("executives", "managers", "front line", "customers")


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Text:
    """A text in several languages; ``by_language`` maps a language code to the text."""

    by_language: Mapping[str, str]
    default_language: str

    def get(self, language: str | None = None) -> str:
        """Return the text in ``language``, falling back to the default language."""
        if language and language in self.by_language:
            return self.by_language[language]
        return self.by_language.get(self.default_language, next(iter(self.by_language.values()), ""))

    def as_dict(self) -> dict[str, str]:
        """Return a plain ``{language: text}`` copy (for JSON output)."""
        return dict(self.by_language)

    @staticmethod
    def plain(value: str, language: str = "en") -> Text:
        """Build a single-language text."""
        return Text(_frozen({language: value}), language)


@dataclass(frozen=True)
class ScaleOption:
    """One answer option of a scale: its numeric value and its label."""

    value: float
    label: Text


@dataclass(frozen=True)
class Scale:
    """An answer scale, defined once in a questionnaire and referenced by id."""

    id: str
    options: tuple[ScaleOption, ...]
    allow_na: bool = True
    allow_dont_know: bool = True

    @property
    def min_value(self) -> float:
        """Lowest option value."""
        return self.options[0].value

    @property
    def max_value(self) -> float:
        """Highest option value."""
        return self.options[-1].value

    @property
    def values(self) -> tuple[float, ...]:
        """All option values, strictly increasing."""
        return tuple(option.value for option in self.options)

    def normalise(self, value: float) -> float:
        """Map a scale value to 0..100: ``100 * (v - min) / (max - min)``."""
        return 100.0 * (value - self.min_value) / (self.max_value - self.min_value)

    def option_for(self, value: float) -> ScaleOption | None:
        """Return the option with this value, or None."""
        for option in self.options:
            if option.value == value:
                return option
        return None


@dataclass(frozen=True)
class Level:
    """A level of the customer-experience pyramid (ordered from the base).

    ``subtitle``: a few words shown with the title where the title alone misleads (the company's
    commitment to the customer, not the customer's loyalty).
    """

    id: str
    title: Text
    description: Text | None = None
    subtitle: Text | None = None

    def heading(self, language: str) -> str:
        """The title where a level first appears: with its subtitle after a dash when it has one
        ("Commitment — the company's commitment to each customer")."""
        title = self.title.get(language)
        return title if self.subtitle is None else f"{title} — {self.subtitle.get(language)}"


@dataclass(frozen=True)
class Aspect:
    """An aspect of the service model (CX, OX, EX, IT, TX)."""

    id: str
    title: Text
    description: Text | None = None


@dataclass(frozen=True)
class Question:
    """One question: which level x aspect cell it belongs to, its scale and weight."""

    id: str
    level: str
    aspect: str
    scale: str
    weight: float
    text: Text
    help: Text | None = None
    anchors: Mapping[float, Text] = field(default_factory=lambda: MappingProxyType({}))
    #: One plain line for self-respondents ("what this means"); ``help`` is the auditor's guidance.
    meaning: Text | None = None


class ItemKind(StrEnum):
    """What an item of a questionnaire asks (format 2).

    ``rating`` questions are scored on the pyramid; the metric kinds (``nps``,
    ``ces``, ``csat``, ``cli``) feed the customer metrics of :mod:`cxmaturity.voice`;
    ``choice`` asks for one option of a list (e.g. the main reason for a score);
    ``text`` asks for free text. Only ``rating`` questions are in ``Questionnaire.questions``.
    """

    RATING = "rating"
    NPS = "nps"
    CES = "ces"
    CSAT = "csat"
    CLI = "cli"
    CHOICE = "choice"
    TEXT = "text"


#: Kinds that hold a number on a scale and feed a customer metric.
METRIC_KINDS = (ItemKind.NPS, ItemKind.CES, ItemKind.CSAT, ItemKind.CLI)


@dataclass(frozen=True)
class Choice:
    """One option of a ``choice`` item: a permanent id (written in answer files) and its label."""

    id: str
    label: Text


@dataclass(frozen=True)
class SurveyItem:
    """An item that is not scored on the pyramid: a metric item, a single choice or open text.

    ``scale`` is set for the metric kinds, ``choices`` for ``choice`` items.
    """

    id: str
    kind: ItemKind
    text: Text
    help: Text | None = None
    scale: str | None = None
    choices: tuple[Choice, ...] = ()
    anchors: Mapping[float, Text] = field(default_factory=lambda: MappingProxyType({}))

    def choice_ids(self) -> tuple[str, ...]:
        """The ids of the options of a ``choice`` item, in file order."""
        return tuple(choice.id for choice in self.choices)


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire. Build it with :func:`cxmaturity.core.questionnaire.load_questionnaire`."""

    format: int
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    description: Text | None
    threshold: float
    target: float
    scales: Mapping[str, Scale]
    levels: tuple[Level, ...]
    aspects: tuple[Aspect, ...]
    questions: tuple[Question, ...]
    #: sha256 of the source file's bytes ("" when built in memory)
    source_hash: str = ""
    #: Items not scored on the pyramid (format 2): metric items, choices, open text, in file order.
    items: tuple[SurveyItem, ...] = ()
    #: Ids of every question and item in file order (empty: the questions, then the items).
    sequence: tuple[str, ...] = ()

    def item(self, item_id: str) -> SurveyItem:
        """Return the (non-rating) item with this id (KeyError if unknown)."""
        return {item.id: item for item in self.items}[item_id]

    def items_of(self, *kinds: ItemKind) -> tuple[SurveyItem, ...]:
        """Items of the given kinds, in file order."""
        return tuple(item for item in self.items if item.kind in kinds)

    def in_file_order(self) -> tuple[Question | SurveyItem, ...]:
        """Every question and item in the order the file lists them (the order to ask them in)."""
        by_id: dict[str, Question | SurveyItem] = {q.id: q for q in self.questions}
        by_id.update({item.id: item for item in self.items})
        order = self.sequence or tuple(by_id)
        return tuple(by_id[item_id] for item_id in order)

    @property
    def default_language(self) -> str:
        """The first declared language."""
        return self.languages[0]

    def question(self, question_id: str) -> Question:
        """Return the question with this id (KeyError if unknown)."""
        return self._questions_by_id[question_id]

    def level(self, level_id: str) -> Level:
        """Return the level with this id (KeyError if unknown)."""
        return {level.id: level for level in self.levels}[level_id]

    def aspect(self, aspect_id: str) -> Aspect:
        """Return the aspect with this id (KeyError if unknown)."""
        return {aspect.id: aspect for aspect in self.aspects}[aspect_id]

    def questions_of(self, level: str | None = None, aspect: str | None = None) -> tuple[Question, ...]:
        """Questions of a level, an aspect, or a level x aspect cell, in file order."""
        return tuple(
            q for q in self.questions if (level is None or q.level == level) and (aspect is None or q.aspect == aspect)
        )

    @property
    def _questions_by_id(self) -> Mapping[str, Question]:
        # Cached on the frozen instance without breaking immutability semantics.
        cache = self.__dict__.get("_qcache")
        if cache is None:
            cache = {q.id: q for q in self.questions}
            object.__setattr__(self, "_qcache", cache)
        return cache


class AnswerKind(StrEnum):
    """What a respondent gave for one question."""

    VALUE = "value"
    NOT_APPLICABLE = NOT_APPLICABLE
    DONT_KNOW = DONT_KNOW
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one question (the app's unit of saving)."""

    respondent: str
    question: str
    kind: AnswerKind
    value: float | None = None
    group: str | None = None
    note: str | None = None

    def code(self) -> str:
        """The answer as written in an answer file: a number, ``na``, ``dk`` or ``""``."""
        if self.kind is AnswerKind.VALUE and self.value is not None:
            return format_value(self.value)
        if self.kind is AnswerKind.UNANSWERED:
            return ""
        return str(self.kind.value)


def format_value(value: float) -> str:
    """Write a scale value without a useless ``.0`` (4.0 -> "4", 2.5 -> "2.5")."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class AnswerSet:
    """Answers in columnar form, ready for scoring.

    ``table`` has one row per (respondent, question) with columns
    ``respondent`` (str), ``group`` (str or None), ``question`` (str),
    ``kind`` (an :class:`AnswerKind` value as str), ``value`` (float, NaN unless
    kind is "value") and ``note`` (str or None). ``respondents`` lists every
    respondent in first-seen order, also those who answered nothing.

    Items of format 2 that hold no number keep the answer in ``note``: a ``choice``
    answer has the choice's id as its note and its position in the list (1, 2...)
    as its value; a ``text`` answer has the text as its note and the value 1.
    """

    table: pd.DataFrame
    respondents: tuple[str, ...]


@dataclass(frozen=True)
class Targets:
    """Target scores (0..100) per level and aspect; anything not listed uses ``default``."""

    default: float
    levels: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    aspects: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def for_level(self, level_id: str) -> float:
        """Target of a level."""
        return self.levels.get(level_id, self.default)

    def for_aspect(self, aspect_id: str) -> float:
        """Target of an aspect."""
        return self.aspects.get(aspect_id, self.default)


@dataclass(frozen=True)
class SetScore:
    """Score of a set of questions over respondents, with its distribution.

    ``score`` is the mean of the respondents' scores for the set (None when no
    respondent has a scored answer in it); ``n`` counts those respondents;
    ``stdev`` is the sample standard deviation (None for fewer than two).
    ``coverage`` is the answered share of (respondents x questions), and
    ``uncertainty`` the share of "don't know" among applicable answers.
    ``target``, ``gap`` and ``priority`` are filled for levels and aspects
    (``priority`` for levels only).
    """

    score: float | None
    n: int
    median: float | None = None
    min: float | None = None
    max: float | None = None
    stdev: float | None = None
    coverage: float | None = None
    uncertainty: float | None = None
    target: float | None = None
    gap: float | None = None
    priority: float | None = None


@dataclass(frozen=True)
class GapBetweenGroups:
    """Difference between the highest and lowest group score for one level or aspect."""

    gap: float
    high: str
    low: str
    high_score: float
    low_score: float


@dataclass(frozen=True)
class PerceptionGap:
    """Where respondent groups disagree, per level and per aspect.

    The groups are compared on the questions every group has a scored answer on;
    ``left_out`` names the questions some group scored and another did not (docs/methodology.md §4).
    """

    levels: Mapping[str, GapBetweenGroups]
    aspects: Mapping[str, GapBetweenGroups]
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreCard:
    """Everything the scoring contract computes for one set of answers.

    Mappings are ordered as in the questionnaire. ``cells`` is keyed by
    ``(level_id, aspect_id)``. ``questions`` holds per-question statistics
    (the score of a single answer, 0..100). ``groups`` is empty when the answers
    carry no groups; each group's card has no groups of its own.
    """

    questionnaire_id: str
    questionnaire_version: str
    threshold: float
    respondents: tuple[str, ...]
    overall: SetScore
    stage: float
    attained_levels: tuple[str, ...]
    unsupported_levels: tuple[str, ...]
    levels: Mapping[str, SetScore]
    aspects: Mapping[str, SetScore]
    cells: Mapping[tuple[str, str], SetScore]
    questions: Mapping[str, SetScore]
    groups: Mapping[str, ScoreCard] = field(default_factory=lambda: MappingProxyType({}))
    perception_gap: PerceptionGap | None = None

    @property
    def level_count(self) -> int:
        """Number of pyramid levels (the maximum stage)."""
        return len(self.levels)

    @property
    def has_answers(self) -> bool:
        """True when at least one answer was scored."""
        return self.overall.score is not None


def is_number(value: float | None) -> bool:
    """True for a real number (not None, not NaN)."""
    return value is not None and not math.isnan(value)
