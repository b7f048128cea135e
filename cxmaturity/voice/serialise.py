"""The metrics as plain JSON: what `python -m cxmaturity metrics` prints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxmaturity.voice.intervals import Estimate, NpsEstimate
from cxmaturity.voice.metrics import VoiceMetrics

NOT_ENOUGH_ANSWERS = "not enough answers"


def estimate_to_json(estimate: Estimate) -> dict[str, Any]:
    """``{value, ci_low, ci_high, n, indicative}``; with too few answers the numbers are null and a note says so."""
    result: dict[str, Any] = {
        "value": estimate.value,
        "ci_low": estimate.ci_low,
        "ci_high": estimate.ci_high,
        "n": estimate.n,
        "indicative": estimate.indicative,
    }
    if not estimate.enough:
        result["note"] = NOT_ENOUGH_ANSWERS
    return result


def _interval(estimate: Estimate) -> dict[str, Any]:
    return {"value": estimate.value, "ci_low": estimate.ci_low, "ci_high": estimate.ci_high}


def _nps_to_json(nps: NpsEstimate) -> dict[str, Any]:
    result = estimate_to_json(nps)
    for kind in ("promoters", "passives", "detractors"):
        result[kind] = nps.share(getattr(nps, kind))
    result["counts"] = {kind: getattr(nps, kind) for kind in ("promoters", "passives", "detractors")}
    return result


def metrics_to_json(metrics: VoiceMetrics) -> dict[str, Any]:
    """One object per metric the answers hold (``nps``, ``csat``, ``csi``, ``ces``, ``cli``).

    ``nps`` is in points (-100..+100) and adds the shares (0..1) of promoters, passives and
    detractors and their counts; ``csat`` is a share (0..1); ``csi`` is the mean answer and adds
    ``percent_of_max``; ``ces`` is the mean answer and adds ``top_answers`` (a share); ``cli`` is 0..100.
    """
    result: dict[str, Any] = {}
    if metrics.nps is not None:
        result["nps"] = _nps_to_json(metrics.nps)
    if metrics.csat is not None:
        result["csat"] = estimate_to_json(metrics.csat)
    if metrics.csi is not None and metrics.csi_percent_of_max is not None:
        result["csi"] = {**estimate_to_json(metrics.csi), "percent_of_max": _interval(metrics.csi_percent_of_max)}
    if metrics.ces is not None and metrics.ces_top_answers is not None:
        result["ces"] = {**estimate_to_json(metrics.ces), "top_answers": _interval(metrics.ces_top_answers)}
    if metrics.cli is not None:
        result["cli"] = estimate_to_json(metrics.cli)
    return result


def report_to_json(
    overall: VoiceMetrics, segment: str | None = None, segments: Mapping[str, VoiceMetrics] | None = None
) -> dict[str, Any]:
    """The CLI's document: the overall metrics, and with a segment column the same objects per value."""
    result: dict[str, Any] = {"respondents": overall.respondents, **metrics_to_json(overall)}
    if segment is not None and segments is not None:
        result["segment"] = segment
        result["segments"] = {
            label: {"respondents": metrics.respondents, **metrics_to_json(metrics)}
            for label, metrics in segments.items()
        }
    return result
