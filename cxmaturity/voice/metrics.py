"""The customer metrics of a set of respondents, overall and per segment.

- NPS: promoters (9-10) minus detractors (0-6), in points, with the shares and counts;
- CSAT: the share of the top two answers of the satisfaction item (4-5 of 1..5, 9-10 of 1..10);
- CSI: the mean satisfaction, and the mean as a percentage of the scale's maximum;
- CES: the mean effort answer ("they made it easy for me", 1..7 or 1..5), and the share of
  its top two answers;
- CLI: each respondent's mean of the three loyalty items (1..6), rescaled to 0..100
  (1 -> 0, 6 -> 100), then the mean over respondents.

Each figure is an :class:`~cxmaturity.voice.intervals.Estimate` with its 95% interval; a metric
whose item the file does not hold is absent (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cxmaturity.core.model import ItemKind, Questionnaire
from cxmaturity.voice.differences import Difference, mean_difference, nps_difference, share_difference
from cxmaturity.voice.intervals import (
    Estimate,
    NpsEstimate,
    mean_estimate,
    mean_from_moments,
    nps_counts,
    nps_estimate,
    share_estimate,
)
from cxmaturity.voice.responses import Responses

#: The metrics in the order they are reported.
METRIC_NAMES = ("nps", "csat", "csi", "ces", "cli")


@dataclass(frozen=True)
class VoiceMetrics:
    """The metrics of one set of respondents; a metric is None when the answers do not hold it."""

    respondents: int
    nps: NpsEstimate | None = None
    csat: Estimate | None = None
    csi: Estimate | None = None
    csi_percent_of_max: Estimate | None = None
    ces: Estimate | None = None
    ces_top_answers: Estimate | None = None
    cli: Estimate | None = None


def _top_two_counts(values: np.ndarray, scale_values: tuple[float, ...]) -> tuple[int, int]:
    """(answers among the scale's top two options, all answers); NaN (no answer) is skipped."""
    return int(np.count_nonzero(values >= scale_values[-2])), int(
        np.count_nonzero(~np.isnan(values))
    )  # NaN >= x is False


def _top_two(values: np.ndarray, scale_values: tuple[float, ...]) -> Estimate:
    return share_estimate(*_top_two_counts(values, scale_values))


class MetricItems:
    """Which item of the questionnaire feeds which metric, with the scale values it needs."""

    def __init__(self, questionnaire: Questionnaire, responses: Responses):
        def first(kind: ItemKind) -> str | None:
            ids = [item.id for item in questionnaire.items_of(kind) if item.id in responses.numbers]
            return ids[0] if ids else None

        def scale_of(item_id: str | None) -> tuple[float, ...]:
            scale = questionnaire.item(item_id).scale if item_id else None
            return questionnaire.scales[scale].values if scale else ()

        self.nps = first(ItemKind.NPS)
        self.csat = first(ItemKind.CSAT)
        self.ces = first(ItemKind.CES)
        self.nps_scale = scale_of(self.nps)
        self.csat_scale = scale_of(self.csat)
        self.ces_scale = scale_of(self.ces)
        self.cli = [i.id for i in questionnaire.items_of(ItemKind.CLI) if i.id in responses.numbers]
        self.cli_scale = scale_of(self.cli[0] if self.cli else None)


def respondent_cli(responses: Responses, items: MetricItems) -> np.ndarray | None:
    """Each respondent's CLI on 0..100: the mean of the loyalty items they answered, rescaled."""
    if not items.cli:
        return None
    # Item by item rather than stacked: no 3 x 100,000 copy, and no NaN-aware reductions.
    answered = np.zeros(len(responses), dtype=np.int64)
    totals = np.zeros(len(responses))
    for item_id in items.cli:
        values = responses.numbers[item_id]
        given = ~np.isnan(values)
        answered += given
        totals += np.where(given, values, 0.0)
    mean = np.divide(totals, answered, out=np.full(answered.shape, np.nan), where=answered > 0)
    low, high = items.cli_scale[0], items.cli_scale[-1]
    rescaled: np.ndarray = 100.0 * (mean - low) / (high - low)
    return rescaled


def compute_metrics(
    responses: Responses,
    items: MetricItems,
    rows: np.ndarray | None = None,
    cli: np.ndarray | None = None,
) -> VoiceMetrics:
    """The metrics of the respondents selected by ``rows`` (a boolean mask or row positions; default: all).

    ``cli`` is :func:`respondent_cli` computed once for all respondents (computed here if None).
    """
    numbers = responses.numbers

    def column(item_id: str) -> np.ndarray:
        values = numbers[item_id]
        return values if rows is None else values[rows]

    count = len(responses) if rows is None else int(np.count_nonzero(rows) if rows.dtype == bool else rows.size)
    result: dict[str, Any] = {"respondents": count}
    if items.nps:
        result["nps"] = nps_estimate(*nps_counts(column(items.nps)))
    if items.csat:
        satisfaction = column(items.csat)
        result["csat"] = _top_two(satisfaction, items.csat_scale)
        result["csi"] = mean_estimate(satisfaction, items.csat_scale[0], items.csat_scale[-1])
        result["csi_percent_of_max"] = result["csi"].scaled(100.0 / items.csat_scale[-1])
    if items.ces:
        effort = column(items.ces)
        result["ces"] = mean_estimate(effort, items.ces_scale[0], items.ces_scale[-1])
        result["ces_top_answers"] = _top_two(effort, items.ces_scale)
    if items.cli:
        per_respondent = cli if cli is not None else respondent_cli(responses, items)
        assert per_respondent is not None  # items.cli is not empty
        result["cli"] = mean_estimate(per_respondent if rows is None else per_respondent[rows], 0.0, 100.0)
    return VoiceMetrics(**result)


def voice_metrics(questionnaire: Questionnaire, responses: Responses) -> VoiceMetrics:
    """The metrics of every respondent of ``responses``."""
    return compute_metrics(responses, MetricItems(questionnaire, responses))


def metrics_by_segment(questionnaire: Questionnaire, responses: Responses, column: str) -> dict[str, VoiceMetrics]:
    """The metrics per value of a segment column, ordered by the value; an empty cell is the segment ``""``.

    Each figure is the one :func:`compute_metrics` gives for the segment's respondents alone, counted
    for every segment at once: one table of answer counts per item and segment (one ``np.bincount``
    pass per item), from which the NPS, top-two shares and means of every segment follow.
    Raises KeyError when ``responses`` has no such segment column.
    """
    items = MetricItems(questionnaire, responses)
    labels = responses.segments[column]
    # One more code for a respondent without a label (never made by the readers): counted, then dropped.
    codes = np.asarray(labels.codes).astype(np.intp)
    groups = len(labels.categories)
    codes[codes < 0] = groups
    people = np.bincount(codes, minlength=groups + 1)[:groups]
    by_metric: dict[str, list[Estimate]] = {}
    if items.nps:
        scale = np.asarray(items.nps_scale)
        counts = _answer_counts(responses.numbers[items.nps], scale, codes, groups)
        promoters = counts[:, scale >= 9].sum(axis=1)
        passives = counts[:, (scale >= 7) & (scale < 9)].sum(axis=1)
        detractors = counts[:, scale < 7].sum(axis=1)
        by_metric["nps"] = [
            nps_estimate(int(promoters[k]), int(passives[k]), int(detractors[k])) for k in range(groups)
        ]
    if items.csat:
        counts = _answer_counts(responses.numbers[items.csat], np.asarray(items.csat_scale), codes, groups)
        by_metric["csat"] = _top_two_of_counts(counts)
        by_metric["csi"] = _means_of_counts(
            counts, np.asarray(items.csat_scale), items.csat_scale[0], items.csat_scale[-1]
        )
        by_metric["csi_percent_of_max"] = [e.scaled(100.0 / items.csat_scale[-1]) for e in by_metric["csi"]]
    if items.ces:
        counts = _answer_counts(responses.numbers[items.ces], np.asarray(items.ces_scale), codes, groups)
        by_metric["ces"] = _means_of_counts(
            counts, np.asarray(items.ces_scale), items.ces_scale[0], items.ces_scale[-1]
        )
        by_metric["ces_top_answers"] = _top_two_of_counts(counts)
    if items.cli:
        by_metric["cli"] = _cli_by_segment(responses, items, codes, groups)
    result = {}
    for code, label in sorted(enumerate(labels.categories), key=lambda pair: str(pair[1])):
        figures = {name: estimates[code] for name, estimates in by_metric.items()}
        result[str(label)] = VoiceMetrics(int(people[code]), **figures)  # type: ignore[arg-type]
    return result


def _answer_counts(values: np.ndarray, scale: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """How many answers of each segment code fell on each scale value: an array (groups, len(scale)).

    ``values`` hold scale values or NaN (no answer), as the readers make them; a metric item's scale is
    whole numbers in a row (0..10, 1..7...; the questionnaire loader checks it); ``codes`` run from 0 to
    ``groups`` (the last one is dropped). One pass: each answer's position on the scale, then one
    ``np.bincount`` of (code, position) pairs; no answer is the extra position ``len(scale)``.
    """
    size = len(scale)
    position = np.where(np.isnan(values), float(size), values - scale[0]).astype(np.intp)
    counted = np.bincount(codes * (size + 1) + position, minlength=(groups + 1) * (size + 1))
    table: np.ndarray = counted.reshape(groups + 1, size + 1)[:groups, :size]
    return table


def _cli_by_segment(responses: Responses, items: MetricItems, codes: np.ndarray, groups: int) -> list[Estimate]:
    """Per segment code: the mean CLI with its t interval (as :func:`compute_metrics`), from counts.

    A respondent's CLI depends only on how many loyalty items they answered (``answered``) and the sum
    of their answers' positions on the 1..6 scale (``total``): each (total, answered) pair is counted
    per segment in one ``np.bincount``, then turned into its CLI by :func:`respondent_cli`'s formula.
    """
    low, high = items.cli_scale[0], items.cli_scale[-1]
    most = len(items.cli)
    total = np.zeros(len(responses), dtype=np.intp)
    answered = np.zeros(len(responses), dtype=np.intp)
    for item_id in items.cli:
        values = responses.numbers[item_id]
        given = ~np.isnan(values)
        answered += given
        total += np.where(given, values - low, 0.0).astype(np.intp)
    pairs = (int(high - low) * most + 1) * (most + 1)
    counted = np.bincount(codes * pairs + total * (most + 1) + answered, minlength=(groups + 1) * pairs)
    counts = counted.reshape(groups + 1, pairs)[:groups]
    pair_total, pair_answered = np.divmod(np.arange(pairs), most + 1)
    counts = counts[:, pair_answered > 0]  # no loyalty answer: no CLI
    pair_total, pair_answered = pair_total[pair_answered > 0], pair_answered[pair_answered > 0]
    cli = 100.0 * ((pair_total + pair_answered * low) / pair_answered - low) / (high - low)
    return _means_of_counts(counts, cli, 0.0, 100.0)


def _top_two_of_counts(counts: np.ndarray) -> list[Estimate]:
    """Per segment: the share of the scale's top two answers (as :func:`_top_two`), from its answer counts."""
    answered, top = counts.sum(axis=1), counts[:, -2:].sum(axis=1)
    return [share_estimate(int(top[k]), int(answered[k])) for k in range(len(counts))]


def _means_of_counts(counts: np.ndarray, values: np.ndarray, lowest: float, highest: float) -> list[Estimate]:
    """Per segment: the mean with its t interval (as :func:`mean_estimate`), from how many answers
    of each segment took each of ``values`` (``counts``: segments x values)."""
    n = counts.sum(axis=1)
    means = np.divide(counts @ values, n, out=np.zeros(len(counts)), where=n > 0)
    # Deviations from each segment's own mean: all-equal answers give exactly 0 (no spread).
    squares = (counts * (values[None, :] - means[:, None]) ** 2).sum(axis=1)
    return [
        mean_from_moments(int(n[k]), float(means[k]), float(squares[k]), lowest, highest) for k in range(len(counts))
    ]


def _difference_of(
    name: str, a: tuple[Responses, MetricItems, np.ndarray | None], b: tuple[Responses, MetricItems, np.ndarray | None]
) -> Difference | None:
    """One metric of ``a`` minus the same metric of ``b``; None when either side lacks its item."""

    def column(side: tuple[Responses, MetricItems, np.ndarray | None], item_id: str | None) -> np.ndarray | None:
        responses, _, rows = side
        if item_id is None or item_id not in responses.numbers:
            return None
        values = responses.numbers[item_id]
        return values if rows is None else values[rows]

    items_a, items_b = a[1], b[1]
    if name == "nps":
        values_a, values_b = column(a, items_a.nps), column(b, items_b.nps)
        if values_a is None or values_b is None:
            return None
        return nps_difference(nps_estimate(*nps_counts(values_a)), nps_estimate(*nps_counts(values_b)))
    if name == "csat":
        values_a, values_b = column(a, items_a.csat), column(b, items_b.csat)
        if values_a is None or values_b is None:
            return None
        return share_difference(
            *_top_two_counts(values_a, items_a.csat_scale), *_top_two_counts(values_b, items_b.csat_scale)
        )
    if name == "cli":
        cli_a = respondent_cli(a[0], items_a)
        cli_b = respondent_cli(b[0], items_b)
        if cli_a is None or cli_b is None:
            return None
        return mean_difference(cli_a if a[2] is None else cli_a[a[2]], cli_b if b[2] is None else cli_b[b[2]])
    item_a = {"csi": items_a.csat, "ces": items_a.ces}[name]
    item_b = {"csi": items_b.csat, "ces": items_b.ces}[name]
    values_a, values_b = column(a, item_a), column(b, item_b)
    if values_a is None or values_b is None:
        return None
    return mean_difference(values_a, values_b)


def metric_differences(
    questionnaire: Questionnaire,
    a: Responses,
    b: Responses,
    rows_a: np.ndarray | None = None,
    rows_b: np.ndarray | None = None,
) -> dict[str, Difference]:
    """Each metric both sides hold: ``a`` minus ``b`` with its 95% interval and verdict.

    ``a`` and ``b`` are two waves (two files), or one file twice with ``rows_a`` and ``rows_b``
    selecting two segments. NPS is in points, CSAT a share (0..1), CSI and CES on their scale,
    CLI on 0..100.
    """
    side_a = (a, MetricItems(questionnaire, a), rows_a)
    side_b = (b, MetricItems(questionnaire, b), rows_b)
    result = {}
    for name in METRIC_NAMES:
        difference = _difference_of(name, side_a, side_b)
        if difference is not None:
            result[name] = difference
    return result


def segment_differences(
    questionnaire: Questionnaire, responses: Responses, column: str, first: str, second: str
) -> dict[str, Difference]:
    """Each metric of segment ``first`` minus segment ``second`` of a segment column."""
    labels = responses.segments[column]
    rows = {label: np.asarray(labels == label) for label in (first, second)}
    return metric_differences(questionnaire, responses, responses, rows[first], rows[second])
