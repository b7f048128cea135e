"""The report's embedded font (DejaVu Sans, shipped with its licence) and safe text.

The fonts live next to this module so that a report never depends on the
host's fonts and nothing is fetched at run time. Parsing a 700 kB TrueType
file costs fpdf2 about 50 ms per style, more than a whole one-page document,
so each style is parsed once per process and later documents get a cheap copy
with a fresh subset map (the parsed tables are read-only and shared).

Every piece of text that reaches the PDF goes through :func:`safe_text`:
a character the font lacks (an emoji, a rare symbol) becomes a visible
``□`` instead of being dropped silently by fpdf2.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).parent / "fonts"
#: Family name used with ``pdf.set_font``.
FAMILY = "dejavu"
FONT_FILES: dict[str, Path] = {
    "": FONT_DIR / "DejaVuSans.ttf",
    "B": FONT_DIR / "DejaVuSans-Bold.ttf",
}
LICENCE_FILE = FONT_DIR / "LICENSE-DejaVu.txt"
#: Drawn in place of a character the font cannot show.
REPLACEMENT = "\u25a1"

_lock = threading.Lock()
_templates: dict[str, TTFFont] = {}
# Invisible helpers that only modify the character before them (emoji variation
# selectors, zero-width joiners, skin tones): absorbed into the replacement box
# so that one emoji gives one box, not three.
_MODIFIERS = re.compile(r"[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def _template(style: str) -> TTFFont:
    """Parse the font file of ``style`` once per process."""
    with _lock:
        font = _templates.get(style)
        if font is None:
            scratch = FPDF()
            scratch.add_font(FAMILY, style, str(FONT_FILES[style]))
            font = scratch.fonts[f"{FAMILY}{style}"]
            _templates[style] = font
        return font


def add_fonts(pdf: FPDF) -> None:
    """Register the regular and bold styles on ``pdf`` from the parsed templates."""
    for style in FONT_FILES:
        template = _template(style)
        # A shallow copy shares the parsed font tables; everything a document
        # mutates while writing (subset, used glyphs, sizes) is made fresh.
        font = copy.copy(template)
        font.i = len(pdf.fonts) + 1
        font.cw = template.cw  # read-only widths table, shared
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        pdf.fonts[f"{FAMILY}{style}"] = font


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points that every style of the font can draw."""
    maps = [set(_template(style).cmap) for style in FONT_FILES]
    return frozenset(set.intersection(*maps))


def safe_text(text: object) -> str:
    """Return ``text`` ready to write: line ends normalised, tabs as spaces, missing glyphs as ``□``.

    Control characters other than a line feed are replaced too (they would
    otherwise vanish), so nothing a user typed disappears without a trace.
    """
    value = "" if text is None else str(text)
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    covered = covered_codepoints()
    if all(ord(ch) in covered or ch == "\n" for ch in value):
        return value
    out: list[str] = []
    previous_replaced = False
    for ch in value:
        code = ord(ch)
        if ch == "\n" or code in covered:
            out.append(ch)
            previous_replaced = False
        elif previous_replaced and (_MODIFIERS.match(ch) or unicodedata.category(ch) == "Mn"):
            continue  # part of the character already shown as a box
        else:
            out.append(REPLACEMENT)
            previous_replaced = True
    return "".join(out)
