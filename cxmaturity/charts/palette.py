"""Colours shared by the screen charts (plotly) and the PDF drawings (fpdf2).

Kept free of plotting imports so the PDF code can use it without plotly.
Every scale here is safe for the common forms of colour blindness: scores run
along a sequential scale (light yellow-green to deep blue, after ColorBrewer's
YlGnBu) whose lightness falls steadily, so it reads even in greyscale, and
categorical colours come from the Okabe-Ito and Paul Tol palettes.
"""

from __future__ import annotations

#: Stops of the score scale from weak (0) to strong (100), evenly spaced.
#: The lightest stop is still visible on white paper; the darkest carries white text.
SCORE_STOPS: tuple[str, ...] = (
    "#edf8b1",
    "#c7e9b4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#081d58",
)

#: Fill of a set that has no score (no answers).
MISSING_COLOUR = "#bdbdbd"
#: Line of the score polygon when groups are not drawn.
SCORE_COLOUR = "#0072b2"
#: Target polygon and target marks (Okabe-Ito vermillion: stands out from the blue scale).
TARGET_COLOUR = "#d55e00"
#: Threshold line: neutral dark grey, so it reads as a reference, not a result.
THRESHOLD_COLOUR = "#555555"
#: Gap bars: levels and aspects in two distinct colours (Okabe-Ito blue and orange).
LEVEL_BAR_COLOUR = "#0072b2"
ASPECT_BAR_COLOUR = "#e69f00"
#: Line of the overall polygon when groups are drawn over it.
OVERALL_COLOUR = "#333333"
#: Outline of attained pyramid levels.
ATTAINED_OUTLINE = "#1a1a1a"
#: Outline of unsupported pyramid levels (Okabe-Ito reddish purple, drawn dashed).
UNSUPPORTED_OUTLINE = "#cc79a7"

#: One colour per pyramid level, from the base up (cycled if a questionnaire has more).
LEVEL_COLOURS: tuple[str, ...] = ("#4477aa", "#66ccee", "#228833", "#ccbb44", "#ee6677", "#aa3377")
#: One colour per service-model aspect in questionnaire order (Paul Tol "bright", cycled).
ASPECT_COLOURS: tuple[str, ...] = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377")
#: Respondent groups (Okabe-Ito: eight colours distinguishable under colour blindness).
GROUP_COLOURS: tuple[str, ...] = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """Turn ``#rrggbb`` (or ``#rgb``) into an ``(r, g, b)`` tuple of 0..255 ints."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        raise ValueError(f"not a hex colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgb_to_hex(rgb: tuple[int, int, int]) -> str:
    """Turn an ``(r, g, b)`` tuple into lowercase ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in rgb))


def score_colour(score: float | None) -> str:
    """The fill colour of a 0..100 score on the weak-to-strong scale; grey for None.

    Values outside 0..100 are clamped; colours are interpolated linearly between
    the stops of :data:`SCORE_STOPS`, so equal scores always get equal colours.
    """
    if score is None or score != score:  # None or NaN
        return MISSING_COLOUR
    position = max(0.0, min(100.0, float(score))) / 100.0 * (len(SCORE_STOPS) - 1)
    index = min(int(position), len(SCORE_STOPS) - 2)
    fraction = position - index
    low, high = hex_to_rgb(SCORE_STOPS[index]), hex_to_rgb(SCORE_STOPS[index + 1])
    mixed = tuple(a + (b - a) * fraction for a, b in zip(low, high, strict=True))
    return rgb_to_hex((round(mixed[0]), round(mixed[1]), round(mixed[2])))


def score_colourscale() -> list[list[float | str]]:
    """The score scale as a plotly colorscale (for ``zmin=0, zmax=100``)."""
    last = len(SCORE_STOPS) - 1
    return [[round(i / last, 6), colour] for i, colour in enumerate(SCORE_STOPS)]


def _relative_luminance(colour: str) -> float:
    # WCAG 2 definition: linearise each sRGB channel, then weight.
    def channel(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = hex_to_rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour_on(background: str) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio on ``background``."""
    luminance = _relative_luminance(background)
    contrast_black = (luminance + 0.05) / 0.05
    contrast_white = 1.05 / (luminance + 0.05)
    return "#000000" if contrast_black >= contrast_white else "#ffffff"


def level_colour(index: int) -> str:
    """Colour of the ``index``-th level from the base (cycles through :data:`LEVEL_COLOURS`)."""
    return LEVEL_COLOURS[index % len(LEVEL_COLOURS)]


def aspect_colour(index: int) -> str:
    """Colour of the ``index``-th aspect (cycles through :data:`ASPECT_COLOURS`)."""
    return ASPECT_COLOURS[index % len(ASPECT_COLOURS)]


def group_colour(index: int) -> str:
    """Colour of the ``index``-th respondent group (cycles through :data:`GROUP_COLOURS`)."""
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


#: One colour per roadmap step (Okabe-Ito), on the screen's Gantt chart and the PDF's plan;
#: warnings (a weak foundation) in vermillion, what comes next in grey.
STEP_COLOURS: dict[int | str, str] = {
    "warning": TARGET_COLOUR,
    1: "#0072b2",
    2: "#e69f00",
    3: "#009e73",
    4: "#cc79a7",
    5: "#56b4e9",
    "next": "#777777",
}
