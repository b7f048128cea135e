"""The report's embedded font (DejaVu Sans, shipped with its licence) and safe text.

The fonts live next to this module so that a report never depends on the
host's fonts and nothing is fetched at run time. Parsing a 700 kB TrueType
file costs fpdf2 about 50 ms per style, more than a whole one-page document,
so each style's metrics (widths, character map, descriptor) are computed once
per process and later documents get a cheap copy. fpdf2 subsets the font
object in place when it writes the file, so every copy opens its own
fontTools ``TTFont`` over the cached file bytes (lazy: only the tables the
subsetter needs are parsed, exactly as for a bare document).

Every piece of text that reaches the PDF goes through :func:`safe_text`:
a character the font lacks (an emoji, a rare symbol) becomes a visible
``□`` instead of being dropped silently by fpdf2.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import threading
import unicodedata
from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]
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
        cached = _templates.get(style)
        if cached is not None:
            return cached
        scratch = FPDF()
        scratch.add_font(FAMILY, style, str(FONT_FILES[style]))
        font = scratch.fonts[f"{FAMILY}{style}"]
        assert isinstance(font, TTFFont)
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
        font.ttfont = ttLib.TTFont(io.BytesIO(_font_bytes(style)), recalcTimestamp=False, lazy=True)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        pdf.fonts[f"{FAMILY}{style}"] = font


#: OpenType layout and device tables that fpdf2 drops from every embedded subset anyway
#: (it does not shape text here). Removing them once per process, before any
#: document opens the font, spares each document from parsing them again.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "hdmx", "FFTM", "meta")


@functools.cache
def _font_bytes(style: str) -> bytes:
    font = ttLib.TTFont(str(FONT_FILES[style]), recalcTimestamp=False)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Code points that every style of the font can draw."""
    maps = [set(_template(style).cmap) for style in FONT_FILES]
    return frozenset(set.intersection(*maps))


@functools.cache
def _covered_characters() -> frozenset[str]:
    # Characters (not code points): ``issuperset(text)`` then runs in C, which matters
    # because every string written to the report is checked.
    return frozenset(chr(code) for code in covered_codepoints()) | {"\n"}


def safe_text(text: object) -> str:
    """Return ``text`` ready to write: line ends normalised, tabs as spaces, missing glyphs as ``□``.

    Control characters other than a line feed are replaced too (they would
    otherwise vanish), so nothing a user typed disappears without a trace.
    """
    value = "" if text is None else str(text)
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if _covered_characters().issuperset(value):
        return value
    covered = covered_codepoints()
    out: list[str] = []
    previous_replaced = joining = False
    for ch in value:
        if previous_replaced and (_MODIFIERS.match(ch) or unicodedata.category(ch) == "Mn"):
            joining = ch == "\u200d"  # a joiner glues the next character into the same box
            continue  # part of the character already shown as a box
        if joining and ord(ch) not in covered:
            joining = False
            continue
        joining = False
        if ch == "\n" or ord(ch) in covered:
            out.append(ch)
            previous_replaced = False
        else:
            out.append(REPLACEMENT)
            previous_replaced = True
    return "".join(out)
