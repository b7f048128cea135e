"""The difference between two segments or two waves, its 95% interval, and whether chance explains it.

- NPS: the difference of the two adjusted-Wald centres, with the standard error
  sqrt(var_a + var_b) of two independent samples; the p-value from the normal distribution
  (scipy) of the same z, so the words and the interval always agree.
- A share: the Agresti-Caffo interval (one success and one failure added to each sample),
  the p-value from the same z (scipy).
- A mean: Welch's t-test and its interval (scipy's ``ttest_ind``, unequal variances).

The difference is "larger than chance" when p < 0.05, which is exactly when its 95% interval
leaves out zero. The figure itself is the observed difference (a - b).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from cxmaturity.i18n import format_number, translate
from cxmaturity.voice.intervals import CONFIDENCE, MIN_ANSWERS, NpsEstimate, Z, adjusted_nps

#: A difference with a p-value under this is "larger than chance".
SIGNIFICANCE = 1 - CONFIDENCE


class Verdict(StrEnum):
    """Whether a difference is larger than chance would explain."""

    LARGER = "larger_than_chance"
    WITHIN = "within_chance"
    NOT_ENOUGH = "not_enough_answers"


@dataclass(frozen=True)
class Difference:
    """``a - b`` with its 95% interval, the test's p-value and the verdict in a word."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    verdict: Verdict
    n_a: int
    n_b: int


def _not_enough(n_a: int, n_b: int) -> Difference:
    return Difference(None, None, None, None, Verdict.NOT_ENOUGH, n_a, n_b)


def _from_z(observed: float, centre: float, error: float, n_a: int, n_b: int, scale: float) -> Difference:
    """The difference, its interval centre +- Z error and the two-sided p-value of centre / error."""
    # Both samples without any spread leave nothing to test: equal or not, for certain.
    no_spread = 1.0 if centre == 0 else 0.0
    p_value = no_spread if error == 0.0 else float(2 * stats.norm.sf(abs(centre) / error))
    verdict = Verdict.LARGER if p_value < SIGNIFICANCE else Verdict.WITHIN
    return Difference(
        observed * scale, (centre - Z * error) * scale, (centre + Z * error) * scale, p_value, verdict, n_a, n_b
    )


def nps_difference(a: NpsEstimate, b: NpsEstimate) -> Difference:
    """NPS of ``a`` minus NPS of ``b``, in points, with the adjusted-Wald interval of a difference."""
    if a.n < MIN_ANSWERS or b.n < MIN_ANSWERS:
        return _not_enough(a.n, b.n)
    centre_a, variance_a, _ = adjusted_nps(a.promoters, a.passives, a.detractors)
    centre_b, variance_b, _ = adjusted_nps(b.promoters, b.passives, b.detractors)
    observed = (a.promoters - a.detractors) / a.n - (b.promoters - b.detractors) / b.n
    error = math.sqrt(variance_a + variance_b)
    return _from_z(observed, centre_a - centre_b, error, a.n, b.n, 100.0)


def share_difference(successes_a: int, n_a: int, successes_b: int, n_b: int) -> Difference:
    """Share of ``a`` minus share of ``b`` (0..1 scale), with the Agresti-Caffo 95% interval."""
    if n_a < MIN_ANSWERS or n_b < MIN_ANSWERS:
        return _not_enough(n_a, n_b)
    p_a = (successes_a + 1) / (n_a + 2)
    p_b = (successes_b + 1) / (n_b + 2)
    error = math.sqrt(p_a * (1 - p_a) / (n_a + 2) + p_b * (1 - p_b) / (n_b + 2))
    return _from_z(successes_a / n_a - successes_b / n_b, p_a - p_b, error, n_a, n_b, 1.0)


def mean_difference(a: np.ndarray, b: np.ndarray) -> Difference:
    """Mean of ``a`` minus mean of ``b`` (NaN skipped), with Welch's t-test and its 95% interval."""
    a = a[~np.isnan(a)]
    b = b[~np.isnan(b)]
    if a.size < MIN_ANSWERS or b.size < MIN_ANSWERS:
        return _not_enough(int(a.size), int(b.size))
    observed = float(a.mean() - b.mean())
    if a.std() == 0.0 and b.std() == 0.0:  # t is undefined without any spread
        return _from_z(observed, observed, 0.0, int(a.size), int(b.size), 1.0)
    with warnings.catch_warnings():
        # One side without spread is fine for Welch's test; scipy still warns of "nearly identical" data.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.ttest_ind(a, b, equal_var=False)
    interval = result.confidence_interval(CONFIDENCE)
    p_value = float(result.pvalue)
    verdict = Verdict.LARGER if p_value < SIGNIFICANCE else Verdict.WITHIN
    return Difference(observed, float(interval.low), float(interval.high), p_value, verdict, int(a.size), int(b.size))


def difference_in_words(difference: Difference, language: str, digits: int = 1) -> str:
    """The difference and its interval in one plain sentence, in ``language``."""
    if difference.value is None or difference.ci_low is None or difference.ci_high is None:
        return translate("voice.difference.not_enough_answers", language)

    def signed(value: float) -> str:
        text = format_number(abs(value), language, digits)
        return text if round(value, digits) == 0 else ("+" if value > 0 else "\u2212") + text

    return translate(
        f"voice.difference.{difference.verdict.value}",
        language,
        difference=signed(difference.value),
        low=signed(difference.ci_low),
        high=signed(difference.ci_high),
    )
