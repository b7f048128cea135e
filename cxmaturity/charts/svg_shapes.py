"""Shapes and annotations of an SVG chart: lines and rectangles, notes placed in data or paper units, arrows.

Positions follow plotly: ``xref``/``yref`` ``"paper"`` is a share of the plot area (0 at its left or
bottom, 1 at its right or top), anything else is the axis's data units. ``yshift`` moves a note up
by that many pixels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from cxmaturity.charts.svg_axes import Axis
from cxmaturity.charts.svg_canvas import line, polygon, rect, text_element

Box = tuple[float, float, float, float]


def place_x(value: object, ref: str, axis: Axis, box: Box) -> float:
    """The pixel across of ``value`` in ``ref`` units (``paper`` or the x axis)."""
    if ref == "paper":
        return box[0] + float(value) * (box[2] - box[0])  # type: ignore[arg-type]
    return axis.at(value) or 0.0


def place_y(value: object, ref: str, axis: Axis, box: Box) -> float:
    """The pixel down of ``value`` in ``ref`` units (``paper``: 0 is the plot's bottom, 1 its top)."""
    if ref == "paper":
        return box[3] - float(value) * (box[3] - box[1])  # type: ignore[arg-type]
    return axis.at(value) or 0.0


def shape(spec: Mapping[str, Any], x: Axis, y: Axis, box: Box) -> str:
    """A ``line`` or ``rect`` shape."""
    x_ref, y_ref = str(spec.get("xref", "x")), str(spec.get("yref", "y"))
    x0, x1 = place_x(spec.get("x0", 0), x_ref, x, box), place_x(spec.get("x1", 0), x_ref, x, box)
    y0, y1 = place_y(spec.get("y0", 0), y_ref, y, box), place_y(spec.get("y1", 0), y_ref, y, box)
    style = spec.get("line") or {}
    colour, width = str(style.get("color") or "#444444"), float(style.get("width", 2))
    if spec.get("type") == "rect":
        extra = {"stroke": colour, "stroke_width": width} if width else {}
        return rect(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0), str(spec.get("fillcolor") or "none"), **extra)
    return line(x0, y0, x1, y1, colour, width, style.get("dash"))


def _anchor(value: str | None, position: float, ref: str, options: tuple[str, str, str]) -> str:
    """plotly's ``auto`` anchor: for paper positions by the third they fall in, else the middle."""
    if value and value != "auto":
        return value
    if ref == "paper":
        return options[0] if position <= 1 / 3 else options[2] if position >= 2 / 3 else options[1]
    return options[1]


def annotation(spec: Mapping[str, Any], x: Axis, y: Axis, box: Box, font_size: float) -> str:
    """A note without an arrow: its text placed at (x, y) by its anchors."""
    x_ref, y_ref = str(spec.get("xref", "x")), str(spec.get("yref", "y"))
    px = place_x(spec.get("x", 0.5), x_ref, x, box) + float(spec.get("xshift", 0))
    py = place_y(spec.get("y", 0.5), y_ref, y, box) - float(spec.get("yshift", 0))
    horizontal = _anchor(
        spec.get("xanchor"), float(spec.get("x", 0.5) if x_ref == "paper" else 0.5), x_ref, ("left", "center", "right")
    )
    vertical = _anchor(spec.get("yanchor"), 0.5, "data", ("bottom", "middle", "top"))
    font = spec.get("font") or {}
    anchor = {"left": "start", "right": "end"}.get(horizontal, "middle")
    baseline = {"top": "top", "bottom": "bottom"}.get(vertical, "middle")
    size = float(font.get("size") or font_size)
    return text_element(px, py, spec.get("text", ""), size, str(font.get("color") or "#222222"), anchor, baseline)


def arrow(spec: Mapping[str, Any], x: Axis, y: Axis) -> str:
    """An arrow from (ax, ay) to (x, y), both in data units, its head ``standoff`` pixels short of the point."""
    tip_x, tip_y = x.at(spec.get("x")) or 0.0, y.at(spec.get("y")) or 0.0
    tail_x, tail_y = x.at(spec.get("ax")) or 0.0, y.at(spec.get("ay")) or 0.0
    colour, width = str(spec.get("arrowcolor") or "#444444"), float(spec.get("arrowwidth", 1))
    length = math.hypot(tip_x - tail_x, tip_y - tail_y) or 1.0
    ux, uy = (tip_x - tail_x) / length, (tip_y - tail_y) / length
    standoff = float(spec.get("standoff", 0))
    tip_x, tip_y = tip_x - ux * standoff, tip_y - uy * standoff
    head = 6 + 2 * width
    base_x, base_y = tip_x - ux * head, tip_y - uy * head
    wing_x, wing_y = -uy * head * 0.45, ux * head * 0.45
    triangle = [(tip_x, tip_y), (base_x + wing_x, base_y + wing_y), (base_x - wing_x, base_y - wing_y)]
    return line(tail_x, tail_y, base_x, base_y, colour, width) + polygon(triangle, colour)
