"""The customer metrics in words: a figure with its interval and count, as the page, the PDF and the
roadmap cite it ("NPS −12 (95% CI −25..+1), n = 140").

Each metric is shown on its own scale: the NPS in points (signed), CSAT as a percentage of
customers, CSI and CES as the mean answer on the item's scale, the CLI on 0..100.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from cxmaturity.i18n import format_number, translate
from cxmaturity.voice.intervals import Estimate

#: What a figure is multiplied by for display (a share 0..1 becomes a percentage).
DISPLAY_FACTOR: Mapping[str, float] = MappingProxyType({"nps": 1.0, "csat": 100.0, "csi": 1.0, "ces": 1.0, "cli": 1.0})
#: Decimals shown per metric.
DIGITS: Mapping[str, int] = MappingProxyType({"nps": 0, "csat": 0, "csi": 1, "ces": 1, "cli": 0})


def metric_name(name: str, language: str) -> str:
    """The metric's short name (NPS, CSAT, CSI, CES, CLI) in ``language``."""
    return translate(f"voice_ui.metric.{name}", language)


def display_value(name: str, value: float | None, language: str, signed: bool | None = None) -> str:
    """One figure of a metric as written on screen and in the PDF (``+12``, ``64%``, ``4.2``); ``—`` for None."""
    if value is None:
        return "—"
    shown = value * DISPLAY_FACTOR[name]
    digits = DIGITS[name]
    text = format_number(abs(shown), language, digits)
    if name == "csat":
        text = f"{text}%" if language == "en" else f"{text}\u00a0%"
    if (name == "nps" if signed is None else signed) and round(shown, digits) != 0:
        return ("+" if shown > 0 else "\u2212") + text
    return ("\u2212" + text) if round(shown, digits) < 0 else text


def estimate_text(name: str, estimate: Estimate, language: str) -> str:
    """The figure with its interval and n ("−12 (95% CI −25..+1), n = 140"), or "not enough answers (n = 1)"."""
    n = format_number(estimate.n, language, 0)
    if not estimate.enough:
        return translate("voice_ui.reading.not_enough", language, n=n)
    return translate(
        "voice_ui.reading.estimate",
        language,
        value=display_value(name, estimate.value, language),
        low=display_value(name, estimate.ci_low, language),
        high=display_value(name, estimate.ci_high, language),
        n=n,
    )


def metric_citation(name: str, estimate: Estimate, language: str) -> str:
    """The metric named and measured, for the roadmap and the PDF: "NPS −12 (95% CI −25..+1), n = 140"."""
    text = f"{metric_name(name, language)} {estimate_text(name, estimate, language)}"
    if estimate.enough and estimate.indicative:
        text = f"{text}; {translate('voice.indicative', language)}"
    return text
