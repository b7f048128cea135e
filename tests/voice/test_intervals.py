"""The intervals and the differences, against values worked out by hand (formulas in the comments).

The adjusted-Wald NPS interval follows its published description: Lewis & Sauro, "Evaluating NPS
Confidence Intervals with Real-World Data", MeasuringU, 19 January 2021
(https://measuringu.com/nps-three-confidence-intervals/): "add a constant of 3 to the sample size,
3/4 to the number of detractors, and 3/4 to the number of promoters", after Rocks (2016), The American
Statistician, whose R package NPS has ``pseudo_observations = c(0.75, 1.5, 0.75)`` in ``nps_test``
(https://rdrr.io/github/brendan-R/nps/man/nps_test.html). No published worked example (counts with
their adjusted proportions, margin of error and bounds) could be found: a search on 2026-11-30 of the
stored copies of MeasuringU's NPS articles (nps-confidence-intervals, nps-three-confidence-intervals,
nps-ci-sample-size, nps-significance-test), of Rocks's paper (arXiv 1601.07235), of the R package NPS
and of public code reached only their method descriptions, never their worked numbers. So the bounds
below are worked out by hand from the published method, never taken from the code's output.

z = 1.959964 (the 97.5% point of the normal distribution); t values are from the
published t table (t(0.975; 4) = 2.776, t(0.975; 8) = 2.306, t(0.975; 3) = 3.182).
"""

from __future__ import annotations

import numpy as np
import pytest

from cxmaturity.voice.differences import (
    Verdict,
    difference_in_words,
    mean_difference,
    nps_difference,
    share_difference,
)
from cxmaturity.voice.intervals import adjusted_nps, mean_estimate, nps_estimate, share_estimate

approx = pytest.approx


def test_nps_when_everyone_is_a_promoter_has_an_interval_of_real_width():
    # 10 promoters: n' = 13, p' = 10.75/13, d' = 0.75/13, centre = 10/13 = 0.769231,
    # variance = (11.5/13 - (10/13)^2) / 13 = 0.0225307, half-width = 1.959964 * 0.150102 = 0.294194.
    nps = nps_estimate(10, 0, 0)
    assert nps.value == 100.0
    assert nps.ci_low == approx(47.50, abs=0.01)
    assert nps.ci_high == 100.0  # 106.34 before clipping to the scale
    assert nps.share(nps.promoters) == 1.0 and nps.share(nps.detractors) == 0.0


def test_nps_adjusted_wald_hand_computed():
    # 15 promoters, 13 passives, 8 detractors: NPS = (15 - 8) / 36 = 19.44 points.
    # n' = 39, p' = 15.75/39 = 0.403846, d' = 8.75/39 = 0.224359, centre = 7/39 = 0.179487,
    # variance = (24.5/39 - (7/39)^2) / 39 = 0.0152818, half-width = 1.959964 * 0.123620 = 0.242290.
    nps = nps_estimate(15, 13, 8)
    assert nps.value == approx(19.444, abs=0.001)
    assert (nps.ci_low, nps.ci_high) == (approx(-6.28, abs=0.01), approx(42.18, abs=0.01))
    assert nps.n == 36 and not nps.indicative


def test_nps_when_everyone_is_a_detractor():
    # 5 detractors: n' = 8, p' = 0.75/8, d' = 5.75/8, centre = -0.625, variance = (6.5/8 - 0.390625) / 8
    # = 0.0527344, half-width = 1.959964 * 0.229640 = 0.450085 -> -1.075 (clipped to -100) .. -0.1749.
    nps = nps_estimate(0, 0, 5)
    assert nps.value == -100.0 and nps.ci_low == -100.0 and nps.ci_high == approx(-17.49, abs=0.01)


def test_no_answer_or_a_single_one_is_not_enough_and_never_divides_by_zero():
    for estimate in (nps_estimate(0, 0, 0), nps_estimate(1, 0, 0), share_estimate(0, 0), share_estimate(1, 1)):
        assert estimate.value is None and estimate.ci_low is None and not estimate.enough
    assert mean_estimate(np.array([])).n == 0 and mean_estimate(np.array([4.0, np.nan])).value is None
    assert nps_estimate(0, 0, 0).share(0) is None


def test_indicative_below_thirty_answers():
    assert nps_estimate(29, 0, 0).indicative and not nps_estimate(30, 0, 0).indicative


def test_wilson_interval_of_a_share():
    # 7 of 10: centre (7 + z^2/2) / (10 + z^2) = 0.644495, half z sqrt(10 * 0.21 + z^2/4) / (10 + z^2) = 0.247714.
    share = share_estimate(7, 10)
    assert share.value == 0.7
    assert (share.ci_low, share.ci_high) == (approx(0.3968, abs=1e-4), approx(0.8922, abs=1e-4))
    # 10 of 10: the lower end is 1 / (1 + z^2 / 10) = 0.722467, never a zero-width interval.
    full = share_estimate(10, 10)
    assert full.ci_low == approx(0.7225, abs=1e-4) and full.ci_high == approx(1.0)


def test_t_interval_of_a_mean_and_its_clipping_to_the_scale():
    # 1..5: mean 3, s = sqrt(2.5), s/sqrt(5) = 0.707107, t(0.975; 4) = 2.776 -> 3 +- 1.963.
    mean = mean_estimate(np.array([1.0, 2, 3, 4, 5, np.nan]))
    assert mean.n == 5 and mean.value == 3.0
    assert (mean.ci_low, mean.ci_high) == (approx(1.037, abs=1e-3), approx(4.963, abs=1e-3))
    # 1, 1, 5, 5: mean 3, s = 2.3094, se = 1.1547, t(0.975; 3) = 3.182 -> -0.67 .. 6.67, clipped to 1..5.
    clipped = mean_estimate(np.array([1.0, 1, 5, 5]), 1.0, 5.0)
    assert (clipped.ci_low, clipped.ci_high) == (1.0, 5.0)


def test_nps_difference_between_two_segments():
    # a: 60/20/20 (NPS +40), b: 40/20/40 (NPS 0). Adjusted centres 0.388350 and 0; variances
    # (81.5/103 - 0.388350^2)/103 = 0.00621792 and (81.5/103)/103 = 0.00768216; se = 0.117899;
    # interval 0.388350 +- 1.959964 * 0.117899 = 0.1573 .. 0.6194; z = 3.294, p = 0.00099.
    difference = nps_difference(nps_estimate(60, 20, 20), nps_estimate(40, 20, 40))
    assert difference.value == approx(40.0)
    assert (difference.ci_low, difference.ci_high) == (approx(15.73, abs=0.01), approx(61.94, abs=0.01))
    assert difference.p_value == approx(0.00099, abs=2e-5) and difference.verdict is Verdict.LARGER


def test_share_difference_agresti_caffo():
    # 8/10 vs 3/10: p~ = 9/12 and 4/12; se = sqrt(0.75*0.25/12 + (1/3)(2/3)/12) = 0.184780;
    # interval 0.416667 +- 0.362162 = 0.0545 .. 0.7788; z = 2.255, p = 0.0241.
    difference = share_difference(8, 10, 3, 10)
    assert difference.value == approx(0.5)
    assert (difference.ci_low, difference.ci_high) == (approx(0.0545, abs=1e-4), approx(0.7788, abs=1e-4))
    assert difference.p_value == approx(0.0241, abs=1e-4) and difference.verdict is Verdict.LARGER


def test_mean_difference_welch():
    # 1..5 vs 2..6: difference -1, se = sqrt(2.5/5 + 2.5/5) = 1, df = 8, t(0.975; 8) = 2.306:
    # interval -3.306 .. 1.306; P(|T8| > 1) = 0.3466.
    difference = mean_difference(np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 3, 4, 5, 6]))
    assert difference.value == approx(-1.0)
    assert (difference.ci_low, difference.ci_high) == (approx(-3.306, abs=1e-3), approx(1.306, abs=1e-3))
    assert difference.p_value == approx(0.3466, abs=1e-4) and difference.verdict is Verdict.WITHIN


def test_differences_with_too_few_answers_say_so():
    assert nps_difference(nps_estimate(1, 0, 0), nps_estimate(5, 5, 5)).verdict is Verdict.NOT_ENOUGH
    assert share_difference(0, 0, 3, 10).verdict is Verdict.NOT_ENOUGH
    assert mean_difference(np.array([3.0]), np.array([1.0, 2.0])).verdict is Verdict.NOT_ENOUGH


def test_the_difference_in_plain_words_in_three_languages():
    difference = nps_difference(nps_estimate(60, 20, 20), nps_estimate(40, 20, 40))
    english = difference_in_words(difference, "en")
    assert "+40.0" in english and "+15.7" in english and "+61.9" in english and "larger than chance" in english
    assert "случайностью" in difference_in_words(difference, "ru")
    assert "випадковістю" in difference_in_words(difference, "uk")
    same = mean_difference(np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 3, 4, 5, 6]))
    assert "chance alone could explain it" in difference_in_words(same, "en")
    assert "at least two" in difference_in_words(share_difference(0, 1, 3, 10), "en")


def test_the_wilson_interval_agrees_with_scipy():
    from scipy.stats import binomtest

    for successes, n in ((0, 5), (3, 7), (50, 120), (999, 1000)):
        interval = binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
        share = share_estimate(successes, n)
        assert (share.ci_low, share.ci_high) == (approx(interval.low, abs=1e-12), approx(interval.high, abs=1e-12))


def test_the_published_pseudo_observations_of_the_adjusted_wald_nps_interval():
    # No answers at all leave only the published pseudo-observations: 0.75 detractor, 1.5 passive and
    # 0.75 promoter, n' = 3 (Lewis & Sauro 2021; Rocks 2016). p' = d' = 0.75 / 3 = 0.25, centre 0,
    # variance ((0.25 + 0.25) - 0^2) / 3 = 1/6.
    centre, variance, n_adjusted = adjusted_nps(0, 0, 0)
    assert (centre, n_adjusted) == (0.0, 3.0) and variance == approx(1 / 6)
    # One passive more moves n' by one and no share: p' = d' = 0.75 / 4; variance (0.375 - 0) / 4.
    centre, variance, n_adjusted = adjusted_nps(0, 1, 0)
    assert (centre, n_adjusted) == (0.0, 4.0) and variance == approx(0.09375)
