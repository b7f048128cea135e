"""The drawing primitives of the SVG charts: escaping, the text of a figure, text widths and SVG elements.

Figures carry plotly's text markup: ``<br>`` breaks a line and ``<b>``/``</b>`` make it bold. Every
other ``<`` is the user's own text, and HTML entities (``&lt;``) are text already escaped by the
figure builder; both are shown as the characters they are, never as markup, exactly as plotly.js
shows them. Every text leaves this module through :func:`escape`: HTML-escaped, and with ``:``, ``.``
and ``@`` as character references, so that no renderer that links bare URLs and e-mail addresses
(GitHub-flavoured Markdown) could find one in it; the browser shows the same characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The font stack plotly.js draws with: the widths below are estimated for it.
FONT_FAMILY = '"Open Sans", verdana, arial, sans-serif'
_MARKUP = re.compile(r"(<br\s*/?>|</?b>|</?i>)", re.IGNORECASE)
#: Average advance of a character, as a share of the font size (Open Sans / Verdana-like metrics).
_NARROW = set("ijl.,:;'!|ftrI1()[]· ")
_WIDE = set("mwMW@%—ЖШЩЮМФЫжшщюмфы")


_LINK_PUNCTUATION = str.maketrans({":": "&#58;", ".": "&#46;", "@": "&#64;", "\n": "&#10;", "\r": "&#13;"})


def escape(text: str, quote: bool = False) -> str:
    """``text`` safe as SVG text or an attribute value: escaped, with no bare URL, address or line break left."""
    return html.escape(text, quote=quote).translate(_LINK_PUNCTUATION)


@dataclass(frozen=True)
class Run:
    """A piece of one line of text, bold or not (the characters as the reader sees them)."""

    text: str
    bold: bool = False


Line = tuple[Run, ...]


def text_lines(text: object) -> list[Line]:
    """A figure's text as lines of runs: ``<br>`` breaks lines, ``<b>`` makes bold, entities are decoded.

    Any other tag-like text (``<img src=x>``) stays text. An empty text gives no lines.
    """
    if text is None:
        return []
    lines: list[list[Run]] = [[]]
    bold = False
    for piece in _MARKUP.split(str(text)):
        tag = piece.lower().replace(" ", "")
        if tag.startswith("<br"):
            lines.append([])
        elif tag in ("<b>", "</b>"):
            bold = tag == "<b>"
        elif tag in ("<i>", "</i>"):
            continue
        elif piece:
            lines[-1].append(Run(html.unescape(piece), bold))
    result = [tuple(line) for line in lines]
    return [] if result == [()] else result


def plain_text(text: object) -> str:
    """A figure's text without markup, lines joined by newlines (for tooltips and labels)."""
    return "\n".join("".join(run.text for run in line) for line in text_lines(text))


def char_width(char: str) -> float:
    """The estimated advance of one character, as a share of the font size."""
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.85
    if char.isupper() or char.isdigit():
        return 0.66 if char.isupper() else 0.58
    if "\u0400" <= char <= "\u04ff":
        return 0.6
    if ord(char) > 0x2000:
        return 1.0  # symbols and faces: about a square
    return 0.55


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in pixels of one line of ``text`` at font ``size`` (a little generous, never short)."""
    return sum(char_width(c) for c in text) * size * (1.08 if bold else 1.0)


def lines_width(lines: Sequence[Line], size: float) -> float:
    """Width of the widest of ``lines``."""
    return max((sum(text_width(run.text, size, run.bold) for run in line) for line in lines), default=0.0)


def line_height(size: float) -> float:
    """Distance between two lines of text at font ``size``."""
    return size * 1.3


def wrap_words(text: str, size: float, width: float) -> str:
    """``text`` broken at spaces into ``<br>``-joined lines each at most ``width`` pixels wide (long words stay whole)."""
    out: list[str] = []
    for words in (line.split(" ") for line in re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)):
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and text_width(plain_text(candidate), size) > width:
                out.append(current)
                current = word
            else:
                current = candidate
        out.append(current)
    return "<br>".join(out)


def num(value: float) -> str:
    """A coordinate with at most two decimals (short, exact enough for a screen)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attrs(**values: object) -> str:
    """SVG attributes from keywords (``_`` becomes ``-``; None is left out); values are escaped."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        # Numbers are written as they are; words (names, tooltips, styles) are escaped.
        safe = shown if isinstance(value, int | float) else escape(shown, quote=True)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{safe}"')
    return " ".join(parts)


def tooltip(hover: object) -> str:
    """The ``<title>`` that the browser shows on hover, or nothing for no hover text."""
    shown = plain_text(hover)
    return f"<title>{escape(shown)}</title>" if shown else ""


def dash_array(dash: str | None, width: float) -> str | None:
    """plotly's named dashes as a ``stroke-dasharray`` (scaled by the line width as plotly.js does)."""
    unit = max(width, 3.0)
    return {"dot": f"{num(unit)},{num(unit)}", "dash": f"{num(3 * unit)},{num(3 * unit)}"}.get(dash or "")


def text_element(
    x: float,
    y: float,
    text: object,
    size: float,
    colour: str = "#222222",
    anchor: str = "middle",
    baseline: str = "middle",
    hover: object = None,
    rotate: float | None = None,
) -> str:
    """A ``<text>`` of one or more lines; ``baseline`` (top, middle, bottom) says where ``y`` sits on the block."""
    lines = text_lines(text)
    if not lines:
        return ""
    step = line_height(size)
    block = step * (len(lines) - 1)
    # y is the baseline of the first line: centre of a line is about 0.35 em above its baseline.
    first = {"top": y + size * 0.8, "bottom": y - block - size * 0.25}.get(baseline, y - block / 2 + size * 0.35)
    spans = []
    for index, line in enumerate(lines):
        runs = "".join(
            f'<tspan font-weight="bold">{escape(r.text)}</tspan>' if r.bold else escape(r.text) for r in line
        )
        spans.append(f"<tspan {attrs(x=float(x), y=float(first + index * step))}>{runs}</tspan>")
    transform = f"rotate({num(rotate)} {num(x)} {num(y)})" if rotate else None
    head = attrs(font_size=float(size), fill=colour, text_anchor=anchor, transform=transform)
    return f"<text {head}>{tooltip(hover)}{''.join(spans)}</text>"


def group(children: Iterable[str], **values: object) -> str:
    """A ``<g>`` of ``children`` (nothing for none)."""
    body = "".join(children)
    if not body:
        return ""
    head = attrs(**values)
    return f"<g {head}>{body}</g>" if head else f"<g>{body}</g>"


def marker(x: float, y: float, size: float, colour: str, symbol: str = "circle", **extra: object) -> str:
    """A marker of diameter ``size`` centred on (x, y): circle, circle-open, diamond or star."""
    radius = size / 2
    title = extra.pop("hover", None)
    outline = extra.pop("outline", None)
    outline_width = extra.pop("outline_width", 1.0)
    stroke: dict[str, object] = {"stroke": outline, "stroke_width": float(str(outline_width))} if outline else {}
    if symbol == "circle-open":
        stroke = {"stroke": colour, "stroke_width": 2.0}
        colour = "#ffffff"
    if symbol == "diamond":
        points = [(x, y - radius * 1.2), (x + radius * 1.2, y), (x, y + radius * 1.2), (x - radius * 1.2, y)]
        shape = f"<polygon {attrs(points=_points(points), fill=colour, **stroke, **extra)}"
    elif symbol == "star":
        points = [_star_point(x, y, radius * 1.25, k) for k in range(10)]
        shape = f"<polygon {attrs(points=_points(points), fill=colour, **stroke, **extra)}"
    else:
        shape = f"<circle {attrs(cx=float(x), cy=float(y), r=float(radius), fill=colour, **stroke, **extra)}"
    hover = tooltip(title)
    return f"{shape}>{hover}</{shape.split()[0][1:]}>" if hover else f"{shape}/>"


def _star_point(x: float, y: float, radius: float, k: int) -> tuple[float, float]:
    import math

    angle = math.pi / 2 + k * math.pi / 5
    reach = radius if k % 2 == 0 else radius * 0.45
    return (x + reach * math.cos(angle), y - reach * math.sin(angle))


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{num(px)},{num(py)}" for px, py in points)


def polyline(points: Sequence[tuple[float, float]], colour: str, width: float, dash: str | None = None) -> str:
    """An open line through ``points``."""
    return f"<polyline {attrs(points=_points(points), fill='none', stroke=colour, stroke_width=float(width), stroke_dasharray=dash_array(dash, width), stroke_linejoin='round')}/>"


def polygon(
    points: Sequence[tuple[float, float]], fill: str, stroke: str | None = None, width: float = 0.0, **extra: object
) -> str:
    """A closed, filled shape through ``points``."""
    line = {"stroke": stroke, "stroke_width": float(width)} if stroke and width else {}
    return f"<polygon {attrs(points=_points(points), fill=fill, **line, **extra)}/>"


def line(x0: float, y0: float, x1: float, y1: float, colour: str, width: float = 1.0, dash: str | None = None) -> str:
    """A straight line from (x0, y0) to (x1, y1)."""
    values = attrs(x1=float(x0), y1=float(y0), x2=float(x1), y2=float(y1), stroke=colour, stroke_width=float(width))
    dashed = dash_array(dash, width)
    return f"<line {values}{' ' + attrs(stroke_dasharray=dashed) if dashed else ''}/>"


def rect(x: float, y: float, width: float, height: float, fill: str, hover: object = None, **extra: object) -> str:
    """A rectangle from its top-left corner (negative sizes are turned around)."""
    x, width = (x + width, -width) if width < 0 else (x, width)
    y, height = (y + height, -height) if height < 0 else (y, height)
    head = attrs(x=float(x), y=float(y), width=float(width), height=float(height), fill=fill, **extra)
    title = tooltip(hover)
    return f"<rect {head}>{title}</rect>" if title else f"<rect {head}/>"
