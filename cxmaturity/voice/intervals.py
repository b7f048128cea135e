"""Confidence intervals of the customer metrics (95%), from counts or from answers.

- NPS: the adjusted-Wald interval (Rocks 2016; Sauro & Lewis): add 0.75 detractor, 1.5 passive
  and 0.75 promoter (n + 3 in all), then p' - d' +- z sqrt(((p' + d') - (p' - d')^2) / (n + 3)).
  The interval never collapses, even when every answer is a promoter's; it is clipped to
  -100..+100. The figure itself is the observed NPS, in points.
- A share (CSAT top-two-box, CES top answers): the Wilson score interval.
- A mean (CSI, CES, CLI): Student's t interval, from scipy.

Fewer than :data:`MIN_ANSWERS` answers give no figure ("not enough answers"), never a division
by zero; under :data:`INDICATIVE_BELOW` answers a figure is marked indicative.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: Confidence level of every interval.
CONFIDENCE = 0.95
#: Two-sided normal quantile of :data:`CONFIDENCE` (1.959963...).
Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
#: Fewer answers than this give no figure: "not enough answers".
MIN_ANSWERS = 2
#: Under this many answers a figure is "indicative" (its interval is still shown).
INDICATIVE_BELOW = 30


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% interval and the number of answers behind it.

    ``value``, ``ci_low`` and ``ci_high`` are None when there are fewer than
    :data:`MIN_ANSWERS` answers.
    """

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int

    @property
    def enough(self) -> bool:
        """False when there are too few answers for a figure ("not enough answers")."""
        return self.value is not None

    @property
    def indicative(self) -> bool:
        """True under :data:`INDICATIVE_BELOW` answers: read the figure as a hint, not a measure."""
        return self.n < INDICATIVE_BELOW

    def scaled(self, factor: float) -> Estimate:
        """The same estimate with the figure and its interval multiplied by ``factor``."""
        if self.value is None or self.ci_low is None or self.ci_high is None:
            return self
        return Estimate(self.value * factor, self.ci_low * factor, self.ci_high * factor, self.n)


@dataclass(frozen=True)
class Proportion:
    """``k`` of ``n`` (people at a threshold, callbacks on time...); ``share`` is None when n is 0."""

    k: int
    n: int

    @property
    def share(self) -> float | None:
        """k / n, or None without anyone (never a division by zero)."""
        return self.k / self.n if self.n else None


def not_enough(n: int) -> Estimate:
    """The estimate of a set with too few answers: no figure, no interval."""
    return Estimate(None, None, None, n)


@dataclass(frozen=True)
class NpsEstimate(Estimate):
    """The NPS in points (-100..+100) with the shares (0..1) and counts of each kind of answer."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    def share(self, count: int) -> float | None:
        """``count`` as a share of all answers (None without answers)."""
        return count / self.n if self.n else None


def adjusted_nps(promoters: int, passives: int, detractors: int) -> tuple[float, float, float]:
    """The adjusted-Wald centre and variance of the NPS as a fraction, and the adjusted sample size.

    Returns ``(centre, variance, n_adjusted)`` with centre = p' - d' and
    variance = ((p' + d') - (p' - d')^2) / n_adjusted.
    """
    n_adjusted = promoters + passives + detractors + 3.0
    p = (promoters + 0.75) / n_adjusted
    d = (detractors + 0.75) / n_adjusted
    return p - d, ((p + d) - (p - d) ** 2) / n_adjusted, n_adjusted


def nps_estimate(promoters: int, passives: int, detractors: int) -> NpsEstimate:
    """The NPS of these counts with its adjusted-Wald 95% interval (see the module's docstring)."""
    n = promoters + passives + detractors
    counts = {"promoters": promoters, "passives": passives, "detractors": detractors}
    if n < MIN_ANSWERS:
        return NpsEstimate(None, None, None, n, **counts)
    centre, variance, _ = adjusted_nps(promoters, passives, detractors)
    half = Z * math.sqrt(variance)
    return NpsEstimate(
        100.0 * (promoters - detractors) / n,
        max(-100.0, 100.0 * (centre - half)),
        min(100.0, 100.0 * (centre + half)),
        n,
        **counts,
    )


def nps_counts(values: np.ndarray) -> tuple[int, int, int]:
    """(promoters 9-10, passives 7-8, detractors 0-6) among 0..10 answers; NaN (no answer) is skipped."""
    promoters = int(np.count_nonzero(values >= 9))
    passives = int(np.count_nonzero((values >= 7) & (values < 9)))
    detractors = int(np.count_nonzero(values < 7))  # NaN compares False everywhere
    return promoters, passives, detractors


def share_estimate(successes: int, n: int) -> Estimate:
    """A share (0..1) with its Wilson score 95% interval.

    centre = (k + z^2/2) / (n + z^2), half-width = z sqrt(k (n - k) / n + z^2 / 4) / (n + z^2);
    the same interval as scipy's ``binomtest(k, n).proportion_ci(method="wilson")`` (a test checks
    this), written out because that call also computes an exact p-value, far too slow per segment.
    """
    if n < MIN_ANSWERS:
        return not_enough(n)
    z2 = Z * Z
    centre = (successes + z2 / 2) / (n + z2)
    half = Z * math.sqrt(successes * (n - successes) / n + z2 / 4) / (n + z2)
    return Estimate(successes / n, max(0.0, centre - half), min(1.0, centre + half), n)


def mean_estimate(values: np.ndarray, lowest: float = -math.inf, highest: float = math.inf) -> Estimate:
    """The mean of the answers with Student's t 95% interval; NaN (no answer) is skipped.

    The interval is clipped to the scale's ``lowest`` .. ``highest`` (a mean cannot leave its
    scale). When every answer is the same, the interval is that value (the sample shows no spread).
    """
    answered = values[~np.isnan(values)]
    n = int(answered.size)
    if n < MIN_ANSWERS:
        return not_enough(n)
    mean = float(answered.mean())
    return mean_from_moments(n, mean, float(((answered - mean) ** 2).sum()), lowest, highest)


def mean_from_moments(
    n: int, mean: float, squared_deviations: float, lowest: float = -math.inf, highest: float = math.inf
) -> Estimate:
    """:func:`mean_estimate` from ``n`` answers, their mean and the sum of their squared deviations from it.

    The sample standard deviation is sqrt(squared_deviations / (n - 1)); this lets many segments be
    summed in one pass (``metrics_by_segment``) and still get the very interval of their answers.
    """
    if n < MIN_ANSWERS:
        return not_enough(n)
    spread = math.sqrt(squared_deviations / (n - 1))
    if spread == 0.0:
        return Estimate(mean, mean, mean, n)
    half = _t_quantile(n - 1) * spread / math.sqrt(n)
    return Estimate(mean, max(lowest, mean - half), min(highest, mean + half), n)


@functools.lru_cache(maxsize=4096)
def _t_quantile(degrees_of_freedom: int) -> float:
    """The two-sided 95% point of Student's t (scipy), once per number of answers."""
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, degrees_of_freedom))
