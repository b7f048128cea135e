"""What customers measured at each touchpoint: NPS, CSAT and CES from customer answers tagged with a touchpoint.

A customer answer file (the customer questionnaire, read by :mod:`cxmaturity.voice`) may carry a
column naming the touchpoint each answer is about. Its labels are matched to the map by the
touchpoint's id, or by its name (ignoring case) when that name is unique on the map; labels that
match nothing are returned too, so they are named to the user and never dropped in silence.
Under 30 answers a figure is indicative (:data:`cxmaturity.voice.intervals.INDICATIVE_BELOW`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pandas as pd

from cxmaturity.core.model import Questionnaire
from cxmaturity.core.readings import format_score
from cxmaturity.files.errors import InputError
from cxmaturity.i18n import format_number, translate
from cxmaturity.journey.figures import METRIC_NAMES, METRICS, Figure
from cxmaturity.journey.model import JourneyMap
from cxmaturity.voice.intervals import INDICATIVE_BELOW, Estimate
from cxmaturity.voice.metrics import VoiceMetrics, metrics_by_segment
from cxmaturity.voice.responses import Responses, read_responses

#: The questionnaire whose answers carry the measured figures.
CUSTOMER_QUESTIONNAIRE = "cx-pyramid-customer"


@dataclass(frozen=True)
class Measured:
    """The customers' figures per touchpoint key, and the column's labels that name no touchpoint."""

    by_touchpoint: Mapping[str, VoiceMetrics]
    unmatched: tuple[str, ...]


def read_customer_answers(data: bytes, name: str, questionnaire: Questionnaire) -> Responses:
    """A customer answer file's bytes read by the voice wing's one reader (its checks and located errors)."""
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".csv", ".xlsx") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_bytes(data)
        try:
            return read_responses(path, questionnaire)
        except InputError as error:  # the reader names its temporary path: name the user's file instead
            raise InputError(
                [replace(p, file=name, message=p.message.replace(str(path), name)) for p in error.errors]
            ) from None


def measured_by_touchpoint(
    questionnaire: Questionnaire, responses: Responses, column: str, journey: JourneyMap
) -> Measured:
    """The metrics per touchpoint named in ``column`` (``KeyError`` when the file has no such column).

    Labels are turned into touchpoint keys first, so "payment" and "Payment" count as one touchpoint.
    """
    keys = {point.key for point in journey.touchpoints}
    by_name: dict[str, list[str]] = {}
    for point in journey.touchpoints:
        by_name.setdefault(point.name.strip().casefold(), []).append(point.key)

    def key_of(label: str) -> str | None:
        named = by_name.get(label.strip().casefold(), [])
        return label.strip() if label.strip() in keys else named[0] if len(named) == 1 else None

    labels = responses.segments[column]
    mapping = {str(label): key_of(str(label)) for label in labels.categories}
    unmatched = tuple(label for label, key in mapping.items() if key is None)
    # Unmatched answers keep a label no key can take (keys never hold a space).
    tagged = cast(
        "pd.Categorical", pd.Categorical([mapping[str(label)] or f" {label}" for label in labels.astype(object)])
    )
    segments = metrics_by_segment(questionnaire, replace(responses, segments={column: tagged}), column)
    return Measured({key: metrics for key, metrics in segments.items() if key in keys}, unmatched)


def _figure(label: str, estimate: Estimate | None, shown: str, language: str) -> str | None:
    """``label`` and its figure; "too few answers" when there is no figure; None when the file lacks the item."""
    if estimate is None:
        return None
    if estimate.value is None:
        return translate("journey_ui.measured.too_few", language, metric=label, n=estimate.n)
    return f"{label} {shown}"


def measured_text(metrics: VoiceMetrics, language: str) -> str:
    """NPS, CSAT and CES in one line with the number of answers, "indicative" under 30 answers."""
    nps, csat, ces = metrics.nps, metrics.csat, metrics.ces
    parts = [
        _figure("NPS", nps, "" if nps is None or nps.value is None else _signed_points(nps.value, language), language),
        _figure("CSAT", csat, "" if csat is None or csat.value is None else
                format_number(csat.value * 100, language, 0) + ("%" if language == "en" else "\u00a0%"), language),
        _figure("CES", ces, "" if ces is None or ces.value is None else format_score(ces.value, language), language),
    ]  # fmt: skip
    text = ", ".join(part for part in parts if part) or "—"
    key = (
        "journey_ui.measured.line_indicative" if metrics.respondents < INDICATIVE_BELOW else "journey_ui.measured.line"
    )
    return translate(key, language, figures=text, n=metrics.respondents)


def _signed_points(value: float, language: str) -> str:
    return ("+" if round(value, 1) > 0 else "") + format_score(value, language)


def imported_figures(measured: Measured) -> tuple[list[Figure], list[tuple[str, str, int]]]:
    """The figures to store from a customer file, in map order: NPS in points, CSAT in percent, CES as answered.

    Also returns ``(touchpoint key, metric name, n)`` of each figure with too few answers to have a
    value: those are not stored, and are named to the user rather than dropped in silence.
    """
    figures: list[Figure] = []
    too_few: list[tuple[str, str, int]] = []
    for key, metrics in measured.by_touchpoint.items():
        for metric in METRICS:
            estimate: Estimate | None = getattr(metrics, metric)
            if estimate is None:
                continue
            if estimate.value is None:
                too_few.append((key, METRIC_NAMES[metric], estimate.n))
                continue
            value = estimate.value * 100 if metric == "csat" else estimate.value
            figures.append(Figure(key, metric, round(value, 4), estimate.n, "imported"))
    return figures, too_few
