"""A stored assessment's customer answers, as the Customer voice page and the PDF read them.

Counted like the results: the submitted respondents (and, on request, those in progress).
Respondents come as the store shows them to the actor (pseudonyms and no e-mail for a
results-only reader), so contacts are never loaded for someone who may not see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cxmaturity.core.model import METRIC_KINDS, ItemKind, Questionnaire
from cxmaturity.voice.metrics import METRIC_NAMES, MetricItems, VoiceMetrics, compute_metrics, respondent_cli
from cxmaturity.voice.painmap import PainMap, pain_map, reason_items
from cxmaturity.voice.responses import Responses
from cxmaturity.voice.segments import SegmentView, metric_of, segment_view
from cxmaturity.voice.stored import GROUP, responses_from_answers
from cxmaturity.workspace.participation import counted_labels, keep_respondents

if TYPE_CHECKING:
    from cxmaturity.storage import Store


def asks_metrics(questionnaire: Questionnaire) -> bool:
    """True when the questionnaire has a customer metric item (NPS, CES, CSAT or CLI)."""
    return bool(questionnaire.items_of(*METRIC_KINDS))


@dataclass(frozen=True)
class StoredVoice:
    """The counted customers' answers, one row per respondent, with their times and visible contacts."""

    questionnaire: Questionnaire
    responses: Responses
    answered_at: dict[str, datetime | None]
    contacts: dict[str, str]
    respondent_ids: dict[str, int]


def load_voice(store: Store, assessment_id: int, *, include_in_progress: bool = False) -> StoredVoice:
    """The assessment's counted answers as customer responses, with the weekday and hour segments and the
    segment columns of an imported file."""
    questionnaire = store.load_questionnaire(assessment_id)
    progress = store.respondent_states(assessment_id)
    labels = counted_labels(progress, include_in_progress=include_in_progress)
    answers = keep_respondents(store.load_answer_set(assessment_id), labels)
    answered_at = {e.respondent.label: e.respondent.submitted_at or e.last_saved_at for e in progress}
    contacts = {e.respondent.label: e.respondent.email for e in progress if e.respondent.email}
    label_of = {e.respondent.id: e.respondent.label for e in progress}
    file_columns = {
        name: {label_of[rid]: value for rid, value in values.items() if rid in label_of}
        for name, values in store.load_segments(assessment_id).items()
    }
    responses = responses_from_answers(questionnaire, answers, answered_at, file_columns)
    ids = {e.respondent.label: e.respondent.id for e in progress}
    return StoredVoice(questionnaire, responses, answered_at, contacts, ids)


@dataclass(frozen=True)
class VoiceSummary:
    """What the PDF shows of the customer's voice: the metrics, the main metric by group, the pain map."""

    metrics: VoiceMetrics
    by_group: SegmentView | None
    pain: PainMap | None
    pain_among_detractors: PainMap | None
    reasons: dict[str, dict[str, str]]  # choice id -> label, per language (en, ru, uk as the file has them)

    @property
    def headline_metric(self) -> str | None:
        """The first metric the answers hold (NPS before CSAT, CSI, CES, CLI)."""
        return next((name for name in METRIC_NAMES if metric_of(self.metrics, name) is not None), None)


def voice_summary(voice: StoredVoice, min_group_size: int) -> VoiceSummary:
    """The figures of the report's customer-voice section (groups below ``min_group_size`` held back)."""
    from cxmaturity.voice.painmap import detractors

    questionnaire, responses = voice.questionnaire, voice.responses
    items = MetricItems(questionnaire, responses)
    metrics = compute_metrics(responses, items, None, respondent_cli(responses, items))
    by_group = None
    headline = next((name for name in METRIC_NAMES if metric_of(metrics, name) is not None), None)
    if headline is not None and len(responses):
        by_group = segment_view(questionnaire, responses, GROUP, headline, min_group_size)
    pain = worst = None
    reasons: dict[str, dict[str, str]] = {}
    found = [item for item in reason_items(questionnaire) if item in responses.choices]
    if found:
        pain = pain_map(responses, found[0])
        mask = detractors(responses, questionnaire)
        worst = pain_map(responses, found[0], mask) if mask is not None else None
        item = questionnaire.item(found[0])
        assert item.kind is ItemKind.CHOICE
        reasons = {choice.id: choice.label.as_dict() for choice in item.choices}
    return VoiceSummary(metrics, by_group, pain, worst, reasons)
