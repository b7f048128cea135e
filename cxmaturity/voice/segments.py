"""One metric per segment, sorted, with the segments below the anonymity threshold held back.

A segment with fewer respondents than the threshold is never shown (its figure could point at
a person); the view says how many segments, and how many respondents, were held back.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxmaturity.core.model import Questionnaire
from cxmaturity.voice.intervals import Estimate
from cxmaturity.voice.metrics import METRIC_NAMES, VoiceMetrics, metrics_by_segment
from cxmaturity.voice.responses import Responses


def metric_of(metrics: VoiceMetrics, name: str) -> Estimate | None:
    """The estimate of one metric by its name (``nps``, ``csat``, ``csi``, ``ces``, ``cli``); None if absent."""
    if name not in METRIC_NAMES:
        raise ValueError(f"unknown metric {name!r}; one of {', '.join(METRIC_NAMES)}")
    estimate: Estimate | None = getattr(metrics, name)
    return estimate


@dataclass(frozen=True)
class SegmentRow:
    """One segment shown: its label (``""``: no value), its respondents and the chosen metric."""

    label: str
    respondents: int
    estimate: Estimate


@dataclass(frozen=True)
class SegmentView:
    """The segments shown (best first, "not enough answers" last) and what was held back."""

    column: str
    metric: str
    rows: tuple[SegmentRow, ...]
    hidden_segments: int
    hidden_respondents: int


def segment_view(
    questionnaire: Questionnaire, responses: Responses, column: str, metric: str, min_size: int
) -> SegmentView:
    """``metric`` per value of the segment ``column``, segments under ``min_size`` respondents held back.

    Rows are sorted by the figure, highest first; segments without a figure come last, by label.
    Raises KeyError for an unknown segment column and ValueError for an unknown metric.
    """
    by_segment = metrics_by_segment(questionnaire, responses, column)
    shown: list[SegmentRow] = []
    hidden = hidden_people = 0
    for label, metrics in by_segment.items():
        if metrics.respondents == 0:
            continue  # a category no respondent of this selection has
        if metrics.respondents < max(min_size, 1):
            hidden += 1
            hidden_people += metrics.respondents
            continue
        estimate = metric_of(metrics, metric)
        if estimate is not None:
            shown.append(SegmentRow(label, metrics.respondents, estimate))
    shown.sort(key=lambda row: (row.estimate.value is None, -(row.estimate.value or 0.0), row.label))
    return SegmentView(column, metric, tuple(shown), hidden, hidden_people)
