"""Palette: colour scale order, contrast of text, and the shared constants."""

from __future__ import annotations

import itertools
import re

import pytest

from cxmaturity.charts import palette

HEX = re.compile(r"^#[0-9a-f]{6}$")


def _lightness(colour: str) -> float:
    r, g, b = palette.hex_to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_score_colour_ends_and_grey() -> None:
    assert palette.score_colour(0) == palette.SCORE_STOPS[0]
    assert palette.score_colour(100) == palette.SCORE_STOPS[-1]
    assert palette.score_colour(None) == palette.MISSING_COLOUR
    assert palette.score_colour(float("nan")) == palette.MISSING_COLOUR
    # Clamped outside 0..100.
    assert palette.score_colour(-5) == palette.score_colour(0)
    assert palette.score_colour(140) == palette.score_colour(100)


def test_score_scale_darkens_monotonically() -> None:
    # Lightness falling steadily is what keeps the scale readable without colour vision.
    values = [_lightness(palette.score_colour(s)) for s in range(0, 101, 5)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert all(HEX.match(palette.score_colour(s)) for s in range(0, 101))


def test_score_colour_interpolates_between_stops() -> None:
    step = 100 / (len(palette.SCORE_STOPS) - 1)
    assert palette.score_colour(step) == palette.SCORE_STOPS[1]
    low, high = palette.hex_to_rgb(palette.SCORE_STOPS[0]), palette.hex_to_rgb(palette.SCORE_STOPS[1])
    middle = palette.hex_to_rgb(palette.score_colour(step / 2))
    for a, m, b in zip(low, middle, high, strict=True):
        assert min(a, b) <= m <= max(a, b)


def test_colourscale_matches_stops() -> None:
    scale = palette.score_colourscale()
    assert scale[0] == [0.0, palette.SCORE_STOPS[0]]
    assert scale[-1] == [1.0, palette.SCORE_STOPS[-1]]
    assert len(scale) == len(palette.SCORE_STOPS)


@pytest.mark.parametrize(
    ("colour", "rgb"),
    [("#000000", (0, 0, 0)), ("#FFFFFF", (255, 255, 255)), ("#0072b2", (0, 114, 178)), ("#abc", (170, 187, 204))],
)
def test_hex_to_rgb(colour: str, rgb: tuple[int, int, int]) -> None:
    assert palette.hex_to_rgb(colour) == rgb
    assert palette.rgb_to_hex(rgb) == ("#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour).lower()


def test_hex_to_rgb_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        palette.hex_to_rgb("#12345")


def test_text_colour_on() -> None:
    assert palette.text_colour_on("#ffffff") == "#000000"
    assert palette.text_colour_on("#000000") == "#ffffff"
    assert palette.text_colour_on(palette.score_colour(0)) == "#000000"
    assert palette.text_colour_on(palette.score_colour(100)) == "#ffffff"
    assert palette.text_colour_on(palette.MISSING_COLOUR) == "#000000"


def test_text_on_every_score_meets_wcag_large_text_contrast() -> None:
    def contrast(a: str, b: str) -> float:
        la, lb = palette._relative_luminance(a), palette._relative_luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)

    for score in range(0, 101):
        fill = palette.score_colour(score)
        assert contrast(fill, palette.text_colour_on(fill)) >= 3.0, score


def test_categorical_colours() -> None:
    assert len(palette.GROUP_COLOURS) == 8
    assert len(set(palette.GROUP_COLOURS)) == 8
    for colour in (
        *palette.GROUP_COLOURS,
        *palette.LEVEL_COLOURS,
        *palette.ASPECT_COLOURS,
        palette.TARGET_COLOUR,
        palette.THRESHOLD_COLOUR,
        palette.SCORE_COLOUR,
    ):
        assert HEX.match(colour), colour
    assert len(palette.LEVEL_COLOURS) >= 5 and len(set(palette.LEVEL_COLOURS)) == len(palette.LEVEL_COLOURS)
    assert len(palette.ASPECT_COLOURS) >= 5 and len(set(palette.ASPECT_COLOURS)) == len(palette.ASPECT_COLOURS)
    assert palette.group_colour(8) == palette.GROUP_COLOURS[0]
    assert palette.level_colour(1) == palette.LEVEL_COLOURS[1]
    assert palette.aspect_colour(len(palette.ASPECT_COLOURS)) == palette.ASPECT_COLOURS[0]
    # The target must not be mistaken for any score colour.
    assert palette.TARGET_COLOUR not in {palette.score_colour(s) for s in range(101)}
