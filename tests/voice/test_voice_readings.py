"""The metrics in words, as the page, the PDF and the roadmap cite them (issue 16)."""

from __future__ import annotations

from cxmaturity.voice.intervals import Estimate, not_enough
from cxmaturity.voice.readings import display_value, estimate_text, metric_citation


def test_the_roadmap_citation_reads_as_the_issue_writes_it():
    # The issue's own example: "NPS -12 (95% CI -25..+1), n = 140" (with true minus signs); Russian and
    # Ukrainian write the range in words (their style sheets: «от … до», «від … до»).
    nps = Estimate(-12.0, -25.0, 1.0, 140)
    assert metric_citation("nps", nps, "en") == "NPS \u221212 (95% CI \u221225..+1), n\u00a0=\u00a0140"
    assert metric_citation("nps", nps, "ru") == "NPS \u221212 (95% ДИ от \u221225 до +1), n\u00a0=\u00a0140"
    assert metric_citation("nps", nps, "uk") == "NPS \u221212 (95% ДІ від \u221225 до +1), n\u00a0=\u00a0140"


def test_each_metric_on_its_own_scale_and_small_samples_marked():
    assert estimate_text("csat", Estimate(0.64, 0.55, 0.726, 120), "en") == "64% (95% CI 55%..73%), n\u00a0=\u00a0120"
    assert (
        estimate_text("csat", Estimate(0.64, 0.55, 0.726, 120), "ru")
        == "64\u00a0% (95% ДИ от 55\u00a0% до 73\u00a0%), n\u00a0=\u00a0120"
    )
    assert estimate_text("ces", Estimate(5.26, 4.8, 5.7, 40), "uk") == "5,3 (95% ДІ від 4,8 до 5,7), n\u00a0=\u00a040"
    assert display_value("cli", 71.6, "en") == "72" and display_value("nps", 0.2, "en") == "0"
    assert metric_citation("cli", Estimate(71.6, 60.0, 83.2, 12), "en") == (
        "CLI 72 (95% CI 60..83), n\u00a0=\u00a012; indicative: fewer than 30 answers"
    )
    assert metric_citation("nps", not_enough(1), "en") == "NPS not enough answers (n\u00a0=\u00a01)"
    assert display_value("nps", None, "en") == "—"
