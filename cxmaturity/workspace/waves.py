"""Waves: re-assessing an organisation, and the trend across a chain of assessments.

A new wave repeats a previous assessment (same questionnaire snapshot, groups and
respondent labels, new tokens, no answers) and points back to it. The trend scores
every wave by the same contract. When the waves' questionnaires differ (e.g. a newer
version), every wave is rescored on the questions all of them share (same id, level
and aspect), and the trend says so: ``shared_only`` and the ``dropped_questions``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from cxmaturity.core.comparable import restrict, shared_questions
from cxmaturity.core.model import AnswerKind, AnswerSet, Questionnaire, ScoreCard, Targets
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.workspace.evidence import results_card, score_assessment

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, EvidenceRecord, QuestionnaireSnapshot, Store


class _Versioned(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...


T = TypeVar("T", bound=_Versioned)


def start_wave(
    store: Store, previous_id: int, title: str, *, questionnaire: QuestionnaireSnapshot | None = None
) -> AssessmentRecord:
    """Start the next wave after ``previous_id`` (see :meth:`Store.start_wave`)."""
    return store.start_wave(previous_id, title, questionnaire=questionnaire)


def wave_chain(store: Store, assessment_id: int) -> list[AssessmentRecord]:
    """The assessment and the waves before it, oldest first (follows ``previous_assessment_id``)."""
    chain: list[AssessmentRecord] = []
    seen: set[int] = set()
    current: int | None = assessment_id
    while current is not None and current not in seen:  # a loop of links cannot hang us
        seen.add(current)
        record = store.get_assessment(current)
        if record is None:
            break
        chain.append(record)
        current = store.get_settings(current).previous_assessment_id
    return chain[::-1]


@dataclass(frozen=True)
class Wave:
    """One wave to compare: a label (e.g. its title or date), its questionnaire, answers and targets.

    ``evidence`` and ``source`` score the wave as its results do ("respondents", "evidence" or
    "both", see :func:`cxmaturity.workspace.evidence.results_card`).
    """

    label: str
    questionnaire: Questionnaire
    answers: AnswerSet
    targets: Targets | None = None
    evidence: Mapping[str, EvidenceRecord] = dataclasses.field(default_factory=dict)
    source: str = "respondents"


@dataclass(frozen=True)
class Trend:
    """Scores by wave (oldest first); lists hold one value per wave (None when not scored)."""

    labels: tuple[str, ...]
    cards: tuple[ScoreCard, ...]
    overall: tuple[float | None, ...]
    stage: tuple[float, ...]
    levels: dict[str, tuple[float | None, ...]]
    aspects: dict[str, tuple[float | None, ...]]
    shared_only: bool
    dropped_questions: tuple[str, ...]
    compositions: tuple[Composition, ...] = ()

    def answered(self, index: int) -> bool:
        """True when wave ``index`` (0-based, -1 for the newest) has anything its scores come from."""
        return not self.compositions or self.compositions[index].answered


@dataclass(frozen=True)
class Composition:
    """Who a wave's scores come from.

    ``respondents`` counts the respondents with at least one answer (not "unanswered"),
    ``groups`` the same per group (first-seen order; respondents without a group are not in it),
    ``evidence`` the questions with an assessed value the scores use (0 when the source leaves
    the evidence out).
    """

    respondents: int
    groups: Mapping[str, int]
    evidence: int

    @property
    def answered(self) -> bool:
        """True when there is anything to score: an answer or an assessed value."""
        return self.respondents > 0 or self.evidence > 0


def composition(questionnaire: Questionnaire, wave: Wave) -> Composition:
    """Who ``wave``'s scores come from, counted on ``questionnaire``'s questions (the compared ones)."""
    asked = {question.id for question in questionnaire.questions}
    table = wave.answers.table
    given = table[(table["kind"] != AnswerKind.UNANSWERED.value) & table["question"].astype(str).isin(asked)]
    people = given.drop_duplicates("respondent")
    groups: dict[str, int] = {}
    for group in people["group"]:
        if isinstance(group, str) and group:
            groups[group] = groups.get(group, 0) + 1
    evidence = 0
    if wave.source != "respondents":
        evidence = sum(1 for qid in asked if (found := wave.evidence.get(qid)) is not None and found.value is not None)
    return Composition(len(people), groups, evidence)


@dataclass(frozen=True)
class CompositionChange:
    """How the answering waves differ in who answered: a reason to read a change with care.

    ``groups`` maps each group that answered in some answering waves but not in all of them to
    the numbers (1-based) of the waves it answered in; ``evidence_waves`` lists the waves whose
    scores use assessed values, when not every answering wave's do (empty otherwise).
    """

    groups: Mapping[str, tuple[int, ...]]
    evidence_waves: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.groups or self.evidence_waves)


def composition_change(compositions: Sequence[Composition]) -> CompositionChange:
    """Groups and sources that are not the same in every wave with answers (waves without any are skipped)."""
    answering = [(number, c) for number, c in enumerate(compositions, start=1) if c.answered]
    seen: dict[str, list[int]] = {}
    for number, found in answering:
        for group, size in found.groups.items():
            if size:
                seen.setdefault(group, []).append(number)
    groups = {group: tuple(numbers) for group, numbers in seen.items() if len(numbers) < len(answering)}
    with_evidence = tuple(number for number, found in answering if found.evidence)
    evidence_waves = with_evidence if len(with_evidence) < len(answering) else ()
    return CompositionChange(groups, evidence_waves)


def trend(waves: Sequence[Wave]) -> Trend:
    """Score each wave; on questions all waves share when their questionnaires differ."""
    if not waves:
        raise KeyedValueError("a trend needs at least one wave", "core_error.no_wave")
    questionnaires = [wave.questionnaire for wave in waves]
    shared, dropped = shared_questions(questionnaires)
    shared_only = bool(dropped)
    cards = []
    compositions = []
    for wave in waves:
        questionnaire = restrict(wave.questionnaire, shared) if shared_only else wave.questionnaire
        cards.append(results_card(questionnaire, wave.answers, wave.evidence, wave.source, wave.targets)[0])
        compositions.append(composition(questionnaire, wave))
    # Levels and aspects as the newest questionnaire names them.
    last = questionnaires[-1]

    def series(section: str, item_id: str) -> tuple[float | None, ...]:
        values = []
        for card in cards:
            found = getattr(card, section).get(item_id)
            values.append(None if found is None else found.score)
        return tuple(values)

    return Trend(
        labels=tuple(wave.label for wave in waves),
        cards=tuple(cards),
        overall=tuple(card.overall.score for card in cards),
        stage=tuple(card.stage for card in cards),
        levels={level.id: series("levels", level.id) for level in last.levels},
        aspects={aspect.id: series("aspects", aspect.id) for aspect in last.aspects},
        shared_only=shared_only,
        dropped_questions=dropped,
        compositions=tuple(compositions),
    )


@dataclass(frozen=True)
class Change:
    """How one level, aspect, the overall score or the stage moved across the waves."""

    section: str  # "overall", "stage", "level" or "aspect"
    item_id: str
    first: float | None
    previous: float | None
    last: float | None

    @property
    def since_previous(self) -> float | None:
        """Last minus the wave before it (None when either is missing)."""
        return None if self.last is None or self.previous is None else self.last - self.previous

    @property
    def since_first(self) -> float | None:
        """Last minus the first wave (None when either is missing)."""
        return None if self.last is None or self.first is None else self.last - self.first


def changes(result: Trend) -> list[Change]:
    """The table of changes: overall, stage, each level, each aspect."""

    def row(section: str, item_id: str, values: Sequence[float | None]) -> Change:
        previous = values[-2] if len(values) > 1 else None
        return Change(section, item_id, values[0], previous, values[-1])

    rows = [row("overall", "overall", result.overall), row("stage", "stage", result.stage)]
    rows += [row("level", key, values) for key, values in result.levels.items()]
    rows += [row("aspect", key, values) for key, values in result.aspects.items()]
    return rows


def by_largest_change(rows: Sequence[Change]) -> list[Change]:
    """The overall, level and aspect rows, largest absolute change since the previous wave first.

    Ties (and rows without a change since the previous wave) are ordered by the change
    since the first wave; rows with no change at all come last, in their given order.
    The stage is left out: it counts levels, not points, so it would not sort with them.
    """

    def size(value: float | None) -> float:
        return -1.0 if value is None else abs(value)

    kept = [row for row in rows if row.section != "stage"]
    return sorted(kept, key=lambda row: (-size(row.since_previous), -size(row.since_first)))


def newer_questionnaires(entries: Sequence[T], questionnaire_id: str, version: str) -> list[T]:
    """The entries (anything with ``id`` and ``version``) of the same questionnaire in a newer version.

    Versions compare as dotted numbers (``1.10.0`` after ``1.9.2``); an entry whose version
    is not made of numbers is offered when it differs from ``version``. Newest first.
    """

    def key(text: str) -> tuple[int, ...] | None:
        parts = text.split(".")
        return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None

    current = key(version)
    found = []
    for entry in entries:
        if entry.id != questionnaire_id or entry.version == version:
            continue
        candidate = key(entry.version)
        if current is None or candidate is None or candidate > current:
            found.append(entry)
    return sorted(found, key=lambda entry: key(entry.version) or (), reverse=True)


def later_waves(store: Store, assessment_id: int) -> list[AssessmentRecord]:
    """The waves started after this one (following the links forward), oldest first.

    When two waves were started from the same assessment, the newest of them is followed.
    """
    record = store.get_assessment(assessment_id)
    if record is None:
        return []
    summaries = store.list_assessment_summaries(record.organisation_id)
    following: dict[int, AssessmentRecord] = {}
    for summary in sorted(summaries, key=lambda s: (s.assessment.created_at, s.assessment.id)):
        if summary.previous_assessment_id is not None:
            following[summary.previous_assessment_id] = summary.assessment
    later: list[AssessmentRecord] = []
    seen = {assessment_id}
    current = following.get(assessment_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        later.append(current)
        current = following.get(current.id)
    return later


def load_trend(store: Store, assessment_id: int) -> Trend:
    """The trend of a stored assessment's chain of waves, each scored from its own results source."""
    from cxmaturity.storage import to_targets

    waves = []
    for record in wave_chain(store, assessment_id):
        # Each wave counts the answers its own results count (submitted respondents by default).
        stored = score_assessment(store, record.id)
        answers = stored.answers
        assert answers is not None
        evidence = store.load_evidence(record.id) if stored.source != "respondents" else {}
        targets = to_targets(record.targets, stored.questionnaire.target)
        waves.append(Wave(record.title, stored.questionnaire, answers, targets, evidence, stored.source))
    return trend(waves)
