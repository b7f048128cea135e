"""Radar charts in SVG: a polar plot of ``scatterpolar`` traces on categorical spokes.

The first spoke points at ``rotation`` degrees (90: straight up) and the others follow
``direction`` (clockwise by default in our figures), evenly spaced. A value ``r`` on the radial
range ``[low, high]`` sits at ``(r - low) / (high - low)`` of the outer ring's radius. The radius
shrinks until every spoke's label fits inside the chart's width.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from cxmaturity.charts.svg_axes import GRID_COLOUR, format_tick
from cxmaturity.charts.svg_canvas import (
    line,
    line_height,
    lines_width,
    polygon,
    text_element,
    text_lines,
)
from cxmaturity.charts.svg_traces import points_layer, trace_group

#: Pixels between the outer ring and a spoke's label.
LABEL_GAP = 8.0


def spoke_angle(k: int, count: int, rotation: float = 90.0, clockwise: bool = True) -> float:
    """The angle of spoke ``k`` of ``count`` in degrees, counter-clockwise from the right (east)."""
    step = 360.0 / max(count, 1)
    return rotation - k * step if clockwise else rotation + k * step


def polar_point(centre: tuple[float, float], radius: float, angle: float) -> tuple[float, float]:
    """The pixel at ``radius`` from ``centre`` in the direction ``angle`` (degrees; SVG's y grows downwards)."""
    theta = math.radians(angle)
    return centre[0] + radius * math.cos(theta), centre[1] - radius * math.sin(theta)


def _label_anchor(angle: float) -> tuple[str, str]:
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    anchor = "start" if cos > 0.15 else "end" if cos < -0.15 else "middle"
    baseline = "bottom" if sin > 0.15 else "top" if sin < -0.15 else "middle"
    return anchor, baseline


def _fitted_radius(
    box: tuple[float, float, float, float], width: float, labels: Sequence[tuple[float, float, float]], top_limit: float
) -> tuple[float, float]:
    """(radius, centre y) so that each label (angle, width, height) stays inside [2, width - 2] and below ``top_limit``."""
    left, top, right, bottom = box
    cx = (left + right) / 2
    radius = max(min(right - left, bottom - top) / 2, 30.0)
    cy = (top + bottom) / 2
    for angle, label_width, label_height in labels:
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        anchor, baseline = _label_anchor(angle)
        reach = {"start": label_width, "end": label_width, "middle": label_width / 2}[anchor]
        if anchor == "middle":
            room = cx - 2 - reach
            if room < 0:
                continue
        elif abs(cos) > 1e-6:
            room = ((width - 2 - reach - cx) if cos > 0 else (cx - 2 - reach)) / abs(cos) - LABEL_GAP
            radius = min(radius, room)
        if baseline == "bottom" and sin > 0:
            radius = min(radius, (cy - top_limit - label_height) / sin - LABEL_GAP)
    return max(radius, 40.0), cy


def draw_polar(
    data: Sequence[Mapping[str, Any]],
    layout: Mapping[str, Any],
    box: tuple[float, float, float, float],
    width: float,
    top_limit: float,
) -> list[str]:
    """Every ``scatterpolar`` trace of ``data`` with the grid, the spokes and their labels, in ``box``."""
    polar = layout.get("polar") or {}
    radial, angular = polar.get("radialaxis") or {}, polar.get("angularaxis") or {}
    font_size = float((layout.get("font") or {}).get("size", 12))
    spokes: list[str] = []
    for trace in data:
        for name in trace.get("theta") or []:
            if str(name) not in spokes:
                spokes.append(str(name))
    clockwise = angular.get("direction", "counterclockwise") == "clockwise"
    rotation = float(angular.get("rotation", 0 if not clockwise else 90))
    angles = [spoke_angle(k, len(spokes), rotation, clockwise) for k in range(len(spokes))]
    label_size = float((angular.get("tickfont") or {}).get("size", font_size))
    labels = [text_lines(name) for name in spokes]
    sizes = [
        (a, lines_width(lines, label_size), len(lines) * line_height(label_size))
        for a, lines in zip(angles, labels, strict=True)
    ]
    radius, cy = _fitted_radius(box, width, sizes, top_limit)
    centre = ((box[0] + box[2]) / 2, cy)
    low, high = (float(v) for v in radial.get("range") or (0, 100))

    def at(r: object, theta: object) -> tuple[float, float] | None:
        if r is None or str(theta) not in spokes:
            return None
        share = (float(r) - low) / (high - low or 1)  # type: ignore[arg-type]
        return polar_point(centre, share * radius, angles[spokes.index(str(theta))])

    out = [
        f'<circle class="polar-area" cx="{centre[0]:.2f}" cy="{centre[1]:.2f}" r="{radius:.2f}" fill="#ffffff" stroke="{GRID_COLOUR}"/>'
    ]
    ticks = [float(v) for v in radial.get("tickvals") or []]
    for value in ticks:
        ring = [polar_point(centre, (value - low) / (high - low or 1) * radius, a) for a in range(0, 360, 3)]
        out.append(polygon(ring, "none", GRID_COLOUR, 1.0))
    for angle in angles:
        out.append(line(*centre, *polar_point(centre, radius, angle), GRID_COLOUR))
    tick_angle = float(radial.get("angle", 0))
    tick_font = radial.get("tickfont") or {}
    for value in ticks:
        x, y = polar_point(centre, (value - low) / (high - low or 1) * radius, tick_angle)
        out.append(
            text_element(
                x + 3,
                y,
                format_tick(value),
                float(tick_font.get("size", 10)),
                str(tick_font.get("color", "#777777")),
                "start",
                "bottom",
            )
        )
    for index, trace in enumerate(data):
        pixels = [at(r, theta) for r, theta in zip(trace.get("r") or [], trace.get("theta") or [], strict=False)]
        shapes, texts = points_layer(trace, index, pixels, font_size)
        out += [trace_group(trace, shapes), *texts]
    for angle, name in zip(angles, spokes, strict=True):
        anchor, baseline = _label_anchor(angle)
        x, y = polar_point(centre, radius + LABEL_GAP, angle)
        out.append(text_element(x, y, name, label_size, "#222222", anchor, baseline))
    return out
