"""The look of a paid product: the theme, an unattended first run, and the charts' toolbars."""

from __future__ import annotations

import tomllib

from tests.app.conftest import ROOT, no_exception


def config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_first_run_asks_nothing_and_opens_no_window():
    server = config()["server"]
    assert server["headless"] is True and server["showEmailPrompt"] is False


def test_the_primary_colour_is_calm_and_readable_under_white_text():
    theme = config()["theme"]
    primary = theme["primaryColor"].lower()
    assert primary != "#ff4b4b"  # Streamlit's crimson
    red, green, blue = (int(primary[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red and blue > green  # a blue, not a warning colour
    # WCAG AA for normal text: white on the primary button at least 4.5:1 (#225ea8 gives 6.5:1).
    assert 1.05 / (relative_luminance(primary) + 0.05) >= 4.5
    assert theme["font"] == "sans-serif"


def test_every_page_of_the_shell_hides_the_chart_toolbar_on_touch_screens(open_app):
    at = open_app()
    no_exception(at)
    styles = [element.proto.body for element in at.get("html")]
    assert any("@media (hover: none) and (pointer: coarse)" in body and "modebar-container" in body for body in styles)
