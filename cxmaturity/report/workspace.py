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

from cxmaturity.core.model import AnswerSet, ScoreCard
from cxmaturity.workspace.evidence import EvidenceComparison, compare_self_and_evidence, score_assessment
from cxmaturity.workspace.waves import Trend, load_trend

if TYPE_CHECKING:
    from cxmaturity.storage import EvidenceRecord, Store


@dataclass(frozen=True)
class WorkspaceContext:
    """The workspace's part of a report; every field has an "absent" default.

    ``card`` is the assessment scored from ``source`` with the anonymity threshold
    (None when the caller's respondents-only card is already right);
    ``comparison`` is set only when evidence exists, ``trend`` only with previous waves.
    """

    source: str = "respondents"
    min_group_size: int = 1
    evidence: Mapping[str, EvidenceRecord] = field(default_factory=lambda: MappingProxyType({}))
    comparison: EvidenceComparison | None = None
    trend: Trend | None = None
    card: ScoreCard | None = None

    def fingerprint(self) -> str:
        """A short text naming this content, for caching built reports (same content, same text)."""
        parts: list[object] = [self.source, self.min_group_size]
        parts += [
            (r.question_id, r.text, r.link, r.value, r.rationale)
            for _, r in sorted(self.evidence.items(), key=lambda item: item[0])
        ]
        if self.trend is not None:
            trend = self.trend
            parts += [trend.labels, trend.overall, trend.stage, sorted(trend.levels.items())]
            parts += [sorted(trend.aspects.items()), trend.shared_only, trend.dropped_questions]
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
) -> WorkspaceContext:
    """Settings, evidence (with self vs evidence) and the trend of a stored assessment.

    ``answers`` (and optionally ``card``) are what the caller has already scored from
    ``source``: the app's results may come from the respondents, the evidence or both.
    They are used where they are what the report needs (the respondents' answers for
    self vs evidence, the card of the assessment's results source) and loaded or scored
    otherwise. The trend is computed only when the assessment has a previous wave; the
    comparison only when some evidence is recorded.
    """
    from cxmaturity.storage import to_targets

    settings = store.get_settings(assessment_id)
    evidence = store.load_evidence(assessment_id)
    comparison = None
    if evidence:
        record = store.get_assessment(assessment_id)
        questionnaire = store.load_questionnaire(assessment_id)
        # "Self" is the respondents alone, never answers that already hold the assessed values.
        own = answers if answers is not None and source == "respondents" else store.load_answer_set(assessment_id)
        targets = to_targets(record.targets, questionnaire.target) if record is not None else None
        comparison = compare_self_and_evidence(questionnaire, own, evidence, targets)
    trend = None
    if settings.previous_assessment_id is not None:
        found = load_trend(store, assessment_id)
        trend = found if len(found.labels) > 1 else None
    source_card = None
    if settings.results_source != "respondents":
        given = card if card is not None and source == settings.results_source else None
        source_card = given if given is not None else score_assessment(store, assessment_id).card
    return WorkspaceContext(
        source=settings.results_source,
        min_group_size=settings.anonymity_threshold,
        evidence=MappingProxyType(dict(evidence)),
        comparison=comparison,
        trend=trend,
        card=source_card,
    )
