"""Evidence beside the respondents' answers: "self vs evidence", and which answers the results use.

The consultant's assessed values form an answer set of their own (label "evidence"),
scored by the same contract as everyone else's answers, so both sides are comparable
number for number. An assessment's ``results_source`` says what its results show:

- ``respondents``: the respondents' answers only (the default);
- ``evidence``: the assessed values only;
- ``both``: the two sources combined per question (docs/methodology.md, section 7); the
  evidence is a source with its own coverage, never one more respondent.

The respondents counted are those who submitted, plus the assessment's own answers
(see :mod:`cxmaturity.workspace.participation`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind, AnswerSet, Questionnaire, ScoreCard, SetScore, Targets
from cxmaturity.core.scoring import score_answers
from cxmaturity.core.sources import combine_cards
from cxmaturity.workspace.participation import Participation, counted_labels, keep_respondents, participation_of

if TYPE_CHECKING:
    from cxmaturity.storage import EvidenceRecord, Store

#: Respondent label of the answer set built from assessed values.
EVIDENCE_LABEL = "evidence"
#: What the results of an assessment may be computed from.
SOURCES = ("respondents", "evidence", "both")


def evidence_answers(questionnaire: Questionnaire, evidence: Mapping[str, EvidenceRecord]) -> list[Answer]:
    """One answer per question with an assessed value (questionnaire order); others stay unanswered.

    Evidence on questions the questionnaire does not have is left out.
    """
    return [
        Answer(EVIDENCE_LABEL, question.id, AnswerKind.VALUE, float(value))
        for question in questionnaire.questions
        if (found := evidence.get(question.id)) is not None and (value := found.value) is not None
    ]


def evidence_answer_set(questionnaire: Questionnaire, evidence: Mapping[str, EvidenceRecord]) -> AnswerSet:
    """The assessed values as an AnswerSet with the single respondent ``"evidence"``."""
    return answer_set_from_records(evidence_answers(questionnaire, evidence), respondents=[EVIDENCE_LABEL])


@dataclass(frozen=True)
class Difference:
    """Self (respondents) vs evidence for one question, level, aspect or the whole.

    ``difference`` is evidence minus self, in points (None unless both are scored):
    negative means the respondents rate themselves higher than the evidence supports.
    """

    section: str  # "overall", "level", "aspect" or "question"
    item_id: str
    self_score: float | None
    evidence_score: float | None

    @property
    def difference(self) -> float | None:
        """Evidence minus self, or None."""
        if self.self_score is None or self.evidence_score is None:
            return None
        return self.evidence_score - self.self_score


@dataclass(frozen=True)
class EvidenceComparison:
    """Both score cards and the differences, in questionnaire order."""

    self_card: ScoreCard
    evidence_card: ScoreCard
    overall: Difference
    levels: tuple[Difference, ...]
    aspects: tuple[Difference, ...]
    questions: tuple[Difference, ...]

    def largest(self, section: str = "question", limit: int | None = None) -> list[Difference]:
        """Differences of a section with both sides scored, the largest (absolute) first."""
        items = {"level": self.levels, "aspect": self.aspects, "question": self.questions}[section]
        scored = [item for item in items if item.difference is not None]
        scored.sort(key=lambda item: -abs(item.difference or 0.0))
        return scored[:limit] if limit is not None else scored


def _pairs(section: str, own: Mapping[str, SetScore], other: Mapping[str, SetScore]) -> tuple[Difference, ...]:
    return tuple(Difference(section, key, own[key].score, other[key].score) for key in own)


def compare_self_and_evidence(
    questionnaire: Questionnaire,
    answers: AnswerSet | Sequence[Answer],
    evidence: Mapping[str, EvidenceRecord],
    targets: Targets | None = None,
) -> EvidenceComparison:
    """Score the respondents' answers and the assessed values by the same contract and compare them."""
    own = answers if isinstance(answers, AnswerSet) else answer_set_from_records(answers)
    self_card = score_answers(questionnaire, own, targets)
    evidence_card = score_answers(questionnaire, evidence_answer_set(questionnaire, evidence), targets)
    return EvidenceComparison(
        self_card=self_card,
        evidence_card=evidence_card,
        overall=Difference("overall", "overall", self_card.overall.score, evidence_card.overall.score),
        levels=_pairs("level", self_card.levels, evidence_card.levels),
        aspects=_pairs("aspect", self_card.aspects, evidence_card.aspects),
        questions=_pairs("question", self_card.questions, evidence_card.questions),
    )


@dataclass(frozen=True)
class StoredResults:
    """An assessment's results as its settings ask.

    ``card`` is scored from ``source`` with the anonymity threshold; ``answers`` are the
    respondents' answers it counts (never the evidence); ``participation`` says who is counted
    and ``evidence_coverage`` the share of questions with an assessed value (None when the
    source leaves the evidence out).
    """

    questionnaire: Questionnaire
    card: ScoreCard
    source: str
    min_group_size: int
    answers: AnswerSet | None = None
    participation: Participation = field(default_factory=Participation)
    evidence_coverage: float | None = None


def results_card(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    evidence: Mapping[str, EvidenceRecord],
    source: str,
    targets: Targets | None = None,
    *,
    min_group_size: int = 1,
) -> tuple[ScoreCard, float | None]:
    """The results card for ``source`` and the evidence's coverage (None unless the source uses it).

    "both" combines the respondents' card and the evidence's card per question
    (:func:`cxmaturity.core.sources.combine_cards`): the evidence is never one more respondent.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if source == "respondents":
        return score_answers(questionnaire, answers, targets, min_group_size=min_group_size), None
    evidence_card = score_answers(questionnaire, evidence_answer_set(questionnaire, evidence), targets)
    if source == "evidence":
        return evidence_card, evidence_card.overall.coverage
    people = score_answers(questionnaire, answers, targets, min_group_size=min_group_size)
    return combine_cards(questionnaire, people, evidence_card, targets), evidence_card.overall.coverage


def score_assessment(
    store: Store,
    assessment_id: int,
    source: str | None = None,
    *,
    include_in_progress: bool = False,
    questionnaire: Questionnaire | None = None,
) -> StoredResults:
    """Score a stored assessment from ``source`` (default: its setting), hiding groups below its threshold.

    Counts the submitted respondents and the assessment's own ("self") answers; with
    ``include_in_progress`` also the respondents who started but did not submit.
    """
    from cxmaturity.storage import to_targets

    questionnaire = questionnaire or store.load_questionnaire(assessment_id)
    settings = store.get_settings(assessment_id)
    chosen = source or settings.results_source
    progress = store.respondent_states(assessment_id)  # pseudonyms for a results-only reader
    people = participation_of(progress, include_in_progress=include_in_progress)
    answers = answer_set_from_records([])
    if chosen != "evidence":
        labels = counted_labels(progress, include_in_progress=include_in_progress)
        answers = keep_respondents(store.load_answer_set(assessment_id), labels)
    evidence = store.load_evidence(assessment_id) if chosen != "respondents" else {}
    targets = to_targets(store.get_targets(assessment_id), questionnaire.target)
    card, coverage = results_card(
        questionnaire, answers, evidence, chosen, targets, min_group_size=settings.anonymity_threshold
    )
    return StoredResults(questionnaire, card, chosen, settings.anonymity_threshold, answers, people, coverage)


@dataclass(frozen=True)
class AnswerSummary:
    """The respondents' answers to one question, in the question's own scale values.

    ``mean`` and ``median`` are over value answers (None without any); ``counts`` holds
    how many respondents gave each option code (scale values as written, then ``na`` and
    ``dk``), in that order.
    """

    question_id: str
    n: int
    mean: float | None
    median: float | None
    counts: Mapping[str, int]


def answer_summaries(questionnaire: Questionnaire, answers: AnswerSet) -> dict[str, AnswerSummary]:
    """Per question (questionnaire order): count, mean, median and distribution of the answers."""
    from cxmaturity.core.model import DONT_KNOW, NOT_APPLICABLE, format_value

    table = answers.table
    kinds = table.groupby(["question", "kind"], observed=True).size().to_dict() if len(table) else {}
    valued = table[(table["kind"] == AnswerKind.VALUE.value) & table["value"].notna()] if len(table) else table
    values: dict[str, list[float]] = {
        str(key): group.astype(float).tolist() for key, group in valued.groupby("question", observed=True)["value"]
    }
    result: dict[str, AnswerSummary] = {}
    for question in questionnaire.questions:
        scale = questionnaire.scales[question.scale]
        given: list[float] = values.get(question.id, [])
        counts = {format_value(option.value): 0 for option in scale.options}
        for value in given:
            code = format_value(float(value))
            counts[code] = counts.get(code, 0) + 1
        if scale.allow_na:
            counts[NOT_APPLICABLE] = int(kinds.get((question.id, AnswerKind.NOT_APPLICABLE.value), 0))
        if scale.allow_dont_know:
            counts[DONT_KNOW] = int(kinds.get((question.id, AnswerKind.DONT_KNOW.value), 0))
        series = pd.Series(given, dtype=float)
        result[question.id] = AnswerSummary(
            question.id,
            len(series),
            float(series.mean()) if len(series) else None,
            float(series.median()) if len(series) else None,
            counts,
        )
    return result


@dataclass(frozen=True)
class GroupAnswers:
    """One group's value answers to one question: how many, their mean in scale values and on 0..100."""

    group: str
    n: int
    mean: float
    score: float


def group_answers(
    questionnaire: Questionnaire, answers: AnswerSet, min_group_size: int = 1
) -> tuple[dict[str, list[GroupAnswers]], int]:
    """Per question, each group's value answers (groups in first-seen order); and how many groups were left out.

    A group with fewer than ``min_group_size`` respondents is left out (the anonymity threshold),
    and so are answers without a group. "Not applicable" and "don't know" carry no value.
    """
    from cxmaturity.workspace.perception import group_sizes

    sizes = group_sizes(answers)
    shown = [group for group, size in sizes.items() if size >= max(1, min_group_size)]
    table = answers.table
    result: dict[str, list[GroupAnswers]] = {question.id: [] for question in questionnaire.questions}
    if not len(table) or not shown:
        return result, len(sizes) - len(shown)
    valued = table[(table["kind"] == AnswerKind.VALUE.value) & table["value"].notna() & table["group"].notna()]
    grouped = valued.groupby(["question", "group"], observed=True)["value"]
    means = grouped.mean().to_dict()
    counts = grouped.size().to_dict()
    for question in questionnaire.questions:
        scale = questionnaire.scales[question.scale]
        for group in shown:
            found = (question.id, group)
            if counts.get(found):
                mean = float(means[found])
                result[question.id].append(GroupAnswers(group, int(counts[found]), mean, scale.normalise(mean)))
    return result, len(sizes) - len(shown)
