"""What the consultant workspace adds to a report: results source, anonymity, evidence, trend.

:func:`load_workspace_context` gathers it from a stored assessment in one call; the
app's download button and the tests use it. A report built without it (the command
line, from an answers file) shows every group of the card and says the results use
the respondents' answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from cxmaturity.auth import Access
from cxmaturity.core.model import AnswerSet, ScoreCard
from cxmaturity.journey.stored import load_summary
from cxmaturity.journey.summary import JourneySummary
from cxmaturity.workspace.evidence import EvidenceComparison, compare_self_and_evidence, score_assessment
from cxmaturity.workspace.participation import REPORT_MIN_GROUP_SIZE, SELF_LABEL, Participation, may_list_participants
from cxmaturity.workspace.voice_data import VoiceSummary, asks_metrics, load_voice, voice_summary
from cxmaturity.workspace.waves import Trend, load_trend

if TYPE_CHECKING:
    from cxmaturity.storage import EvidenceRecord, Store


@dataclass(frozen=True)
class WorkspaceContext:
    """The workspace's part of a report; every field has an "absent" default.

    ``card`` is the assessment scored from ``source`` with the anonymity threshold (None when
    the caller's card is already right); ``participation`` says who is counted and
    ``evidence_coverage`` how much the evidence covers; ``participants`` lists respondents'
    names only when the consultant opted in and every group reaches the threshold (empty
    otherwise: by default a report names no one). ``comparison`` is set only when evidence
    exists, ``trend`` only with previous waves.
    """

    source: str = "respondents"
    min_group_size: int = 1
    evidence: Mapping[str, EvidenceRecord] = field(default_factory=lambda: MappingProxyType({}))
    comparison: EvidenceComparison | None = None
    trend: Trend | None = None
    card: ScoreCard | None = None
    participation: Participation | None = None
    evidence_coverage: float | None = None
    participants: tuple[str, ...] = ()
    #: The customer's voice (NPS, CSAT, CES, CLI, the pain map): set when the questionnaire asks customer metrics.
    voice: VoiceSummary | None = None
    #: the journey map, its ratings and the KPI table (None when the reader may not see the ratings)
    journey: JourneySummary | None = None

    @property
    def size_floor(self) -> int:
        """The smallest group whose size the report may print: the threshold, never below the default."""
        return max(self.min_group_size, REPORT_MIN_GROUP_SIZE)

    def fingerprint(self) -> str:
        """A short text naming this content, for caching built reports (same content, same text)."""
        parts: list[object] = [self.source, self.min_group_size, self.participation, self.evidence_coverage]
        parts += [self.participants]
        parts += [
            (r.question_id, r.text, r.link, r.value, r.rationale)
            for _, r in sorted(self.evidence.items(), key=lambda item: item[0])
        ]
        if self.trend is not None:
            trend = self.trend
            parts += [trend.labels, trend.overall, trend.stage, sorted(trend.levels.items())]
            parts += [sorted(trend.aspects.items()), trend.shared_only, trend.dropped_questions]
        if self.voice is not None:
            parts += [repr(self.voice)]
        if self.journey is not None:
            parts += [self.journey.journey, self.journey.ratings, self.journey.kpis, self.journey.changes]
            parts += [self.journey.figures]
        if self.card is not None:
            parts += [self.card.overall.score, sorted((k, v.score, v.n) for k, v in self.card.levels.items())]
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def load_workspace_context(
    store: Store,
    assessment_id: int,
    answers: AnswerSet | None = None,
    *,
    source: str = "respondents",
    card: ScoreCard | None = None,
    participation: Participation | None = None,
    evidence_coverage: float | None = None,
    list_participants: bool = False,
) -> WorkspaceContext:
    """Settings, who is counted, evidence (with self vs evidence) and the trend of a stored assessment.

    ``answers``, ``card``, ``participation`` and ``evidence_coverage`` are what the caller has
    already scored from ``source`` (the app's results, which may count respondents in
    progress); they are used when ``source`` is the assessment's results source, and scored
    from its settings otherwise. ``answers`` are always the respondents' alone, so self vs
    evidence compares people with the evidence. ``list_participants`` names the counted
    respondents in the appendix, only when :func:`may_list_participants`.
    """
    settings = store.get_settings(assessment_id)
    evidence = store.load_evidence(assessment_id)
    if card is None or answers is None or source != settings.results_source:
        stored = score_assessment(store, assessment_id)
        answers, card = stored.answers, stored.card
        participation, evidence_coverage = stored.participation, stored.evidence_coverage
    assert answers is not None
    comparison = None
    if evidence:
        from cxmaturity.storage import to_targets

        questionnaire = store.load_questionnaire(assessment_id)
        targets = to_targets(store.get_targets(assessment_id), questionnaire.target)
        comparison = compare_self_and_evidence(questionnaire, answers, evidence, targets)
    trend = None
    if settings.previous_assessment_id is not None:
        found = load_trend(store, assessment_id)
        trend = found if len(found.labels) > 1 else None
    participants: tuple[str, ...] = ()
    if list_participants and may_list_participants(answers, settings.anonymity_threshold):
        participants = tuple(label for label in answers.respondents if label != SELF_LABEL)
    voice = None
    if asks_metrics(store.load_questionnaire(assessment_id)):
        # A report names no one: the summary holds figures only, groups below the threshold held back.
        floor = max(settings.anonymity_threshold, REPORT_MIN_GROUP_SIZE)
        voice = voice_summary(load_voice(store, assessment_id), floor)
    journey = load_summary(store, assessment_id) if store.reach("assessment", assessment_id) >= Access.READ else None
    return WorkspaceContext(
        source=settings.results_source,
        min_group_size=settings.anonymity_threshold,
        evidence=MappingProxyType(dict(evidence)),
        comparison=comparison,
        trend=trend,
        card=card,
        participation=participation,
        evidence_coverage=evidence_coverage,
        participants=participants,
        voice=voice,
        journey=journey,
    )
