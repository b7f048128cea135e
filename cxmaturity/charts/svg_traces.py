"""The traces of a cartesian SVG chart: scatter (lines, markers, text, fills, error bars), bars and heatmaps.

Each function takes a trace as plotly's JSON has it and the axes it is drawn on, and returns SVG
elements. Every point with a hover text carries it as a ``<title>``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from cxmaturity.charts import palette
from cxmaturity.charts.svg_axes import Axis
from cxmaturity.charts.svg_canvas import (
    attrs,
    line,
    marker,
    plain_text,
    polygon,
    polyline,
    rect,
    text_element,
)

Trace = Mapping[str, Any]
#: plotly's default trace colours, for a trace that names none.
COLORWAY = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880")


def item(values: object, index: int, default: Any = None) -> Any:
    """The ``index``-th of a per-point property, or the property itself when it is one value for all."""
    if isinstance(values, list | tuple):
        return values[index] if index < len(values) else default
    return default if values is None else values


def hovers_of(trace: Trace) -> object:
    """The trace's hover texts (None when it shows none)."""
    if trace.get("hoverinfo") == "skip":
        return None
    return trace.get("hovertext")


def trace_colour(trace: Trace, index: int) -> str:
    """The trace's own colour: its line's or marker's, else plotly's default for its place."""
    line_colour = (trace.get("line") or {}).get("color")
    marker_colour = (trace.get("marker") or {}).get("color")
    if isinstance(marker_colour, str):
        return marker_colour
    return str(line_colour or COLORWAY[index % len(COLORWAY)])


def trace_group(trace: Trace, shapes: Sequence[str]) -> str:
    """A trace's shapes in one ``<g class="trace">`` named by the trace (``data-name``), even when empty."""
    name = trace.get("name")
    head = attrs(class_="trace", data_name=None if name is None else plain_text(name))
    return f"<g {head}>{''.join(shapes)}</g>"


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def text_offset(position: str, gap: float) -> tuple[float, float, str, str]:
    """(dx, dy, anchor, baseline) of a point's text for plotly's ``textposition`` (``top center``...)."""
    vertical, _, horizontal = (position or "middle center").partition(" ")
    dx = {"left": -gap, "right": gap}.get(horizontal, 0.0)
    dy = {"top": -gap, "bottom": gap}.get(vertical, 0.0)
    anchor = {"left": "end", "right": "start"}.get(horizontal, "middle")
    baseline = {"top": "bottom", "bottom": "top"}.get(vertical, "middle")
    return dx, dy, anchor, baseline


def points_layer(
    trace: Trace, index: int, pixels: Sequence[tuple[float, float] | None], font_size: float
) -> tuple[list[str], list[str]]:
    """(shapes, texts) of a scatter-like trace at its ``pixels``: fill, lines, markers, texts and tooltips."""
    mode = str(trace.get("mode") or "lines+markers")
    colour = trace_colour(trace, index)
    style = trace.get("line") or {}
    width = float(style.get("width", 2))
    hovers = hovers_of(trace)
    out: list[str] = []
    known = [p for p in pixels if p is not None]
    if trace.get("fill") == "toself" and known:
        out.append(polygon(known, str(trace.get("fillcolor") or colour), opacity=None))
    if "lines" in mode and width > 0:
        out.extend(
            polyline(run, str(style.get("color") or colour), width, style.get("dash")) for run in _segments(pixels)
        )
    spec = trace.get("marker") or {}
    size = float(spec.get("size", 6))
    outline = spec.get("line") or {}
    texts: list[str] = []
    for k, point in enumerate(pixels):
        if point is None:
            continue
        hover = item(hovers, k)
        if "markers" in mode:
            fill = str(item(spec.get("color"), k, colour))
            symbol = str(item(spec.get("symbol"), k, "circle"))
            out.append(
                marker(
                    *point,
                    size,
                    fill,
                    symbol,
                    hover=hover,
                    outline=outline.get("color"),
                    outline_width=outline.get("width", 1),
                )
            )
        elif hover and "text" not in mode:
            # A line alone: an invisible spot under each point carries its tooltip.
            out.append(marker(*point, 14, "transparent", hover=hover))
        if "text" in mode:
            texts.append(
                _point_text(
                    trace,
                    k,
                    point,
                    size if "markers" in mode else 0.0,
                    font_size,
                    hover if "markers" not in mode else None,
                )
            )
    return out, texts


def _point_text(
    trace: Trace, k: int, point: tuple[float, float], marker_size: float, font_size: float, hover: object
) -> str:
    text = item(trace.get("text"), k)
    if text is None or text == "":
        return ""
    font = trace.get("textfont") or {}
    size = float(item(font.get("size"), k, font_size))
    colour = str(item(font.get("color"), k, "#222222"))
    position = str(item(trace.get("textposition"), k, "middle center"))
    dx, dy, anchor, baseline = text_offset(position, marker_size / 2 + 3 if marker_size else 2)
    return text_element(point[0] + dx, point[1] + dy, text, size, colour, anchor, baseline, hover=hover)


def scatter(trace: Trace, index: int, x: Axis, y: Axis, font_size: float) -> tuple[list[str], list[str]]:
    """A scatter trace on cartesian axes, with its horizontal error bars."""
    xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
    pixels: list[tuple[float, float] | None] = []
    for raw_x, raw_y in zip(xs, ys, strict=False):
        px, py = x.at(raw_x), y.at(raw_y)
        pixels.append(None if px is None or py is None else (px, py))
    shapes, texts = points_layer(trace, index, pixels, font_size)
    errors = trace.get("error_x")
    if errors:
        shapes = _error_bars(errors, xs, pixels, x) + shapes
    return shapes, texts


def _error_bars(
    errors: Mapping[str, Any], xs: Sequence[Any], pixels: Sequence[tuple[float, float] | None], x: Axis
) -> list[str]:
    colour = str(errors.get("color") or "#444444")
    plus, minus = errors.get("array") or [], errors.get("arrayminus") or errors.get("array") or []
    out = []
    for k, point in enumerate(pixels):
        if point is None or xs[k] is None:
            continue
        high, low = item(plus, k, 0.0) or 0.0, item(minus, k, 0.0) or 0.0
        if not high and not low:
            continue
        left, right = x.pixel(float(xs[k]) - low), x.pixel(float(xs[k]) + high)
        y = point[1]
        out += [line(left, y, right, y, colour, 1.5), line(left, y - 5, left, y + 5, colour, 1.5)]
        out.append(line(right, y - 5, right, y + 5, colour, 1.5))
    return out


def bar_slots(traces: Sequence[Trace], barmode: str) -> dict[int, tuple[int, int]]:
    """(slot, slots) of each bar trace: side by side in ``group`` mode when traces share a position."""
    bars = [i for i, trace in enumerate(traces) if trace.get("type") == "bar"]
    if barmode != "group" or len(bars) < 2:
        return {i: (0, 1) for i in bars}
    positions = [set(map(str, traces[i].get("y" if traces[i].get("orientation") == "h" else "x") or [])) for i in bars]
    shared = any(positions[a] & positions[b] for a in range(len(bars)) for b in range(a + 1, len(bars)))
    return {i: (slot, len(bars)) if shared else (0, 1) for slot, i in enumerate(bars)}


def bars(
    trace: Trace, index: int, axes: tuple[Axis, Axis], slot: tuple[int, int], layout: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """A bar trace: one rectangle per value from its base, its text outside the end."""
    x, y = axes
    horizontal = trace.get("orientation") == "h"
    values, places = (trace.get("x"), trace.get("y")) if horizontal else (trace.get("y"), trace.get("x"))
    value_axis, place_axis = (x, y) if horizontal else (y, x)
    thickness = 1 - float(layout.get("bargap", 0.2))
    width = thickness / slot[1]
    spec = trace.get("marker") or {}
    colour = trace_colour(trace, index)
    hovers = hovers_of(trace)
    font_size = float((layout.get("font") or {}).get("size", 12))
    shapes: list[str] = []
    texts: list[str] = []
    for k, (value, place) in enumerate(zip(values or [], places or [], strict=False)):
        centre = place_axis.value(place)
        if centre is None:
            continue
        centre += -thickness / 2 + (slot[0] + 0.5) * width
        base = value_axis.value(item(trace.get("base"), k, 0.0)) or 0.0
        side = (place_axis.pixel(centre - width / 2), place_axis.pixel(centre + width / 2))
        start = value_axis.pixel(base)
        end = value_axis.pixel(base + float(value)) if value is not None else start
        if value is not None:
            fill = str(item(spec.get("color"), k, colour))
            opacity = item(spec.get("opacity"), k)
            box = (
                (start, side[0], end - start, side[1] - side[0])
                if horizontal
                else (side[0], start, side[1] - side[0], end - start)
            )
            # The point's customdata stays with its bar (a browser test reads the plan's dates from it).
            custom = item(trace.get("customdata"), k)
            data = None if custom is None else json.dumps(custom, ensure_ascii=False)
            shown = None if opacity in (None, 1, 1.0) else float(opacity)
            shapes.append(rect(*box, fill, hover=item(hovers, k), opacity=shown, data_custom=data))
        text = item(trace.get("text"), k)
        if text not in (None, ""):
            texts.append(_bar_text(text, horizontal, end, (side[0] + side[1]) / 2, (value or 0) < 0, font_size))
    return shapes, texts


def _bar_text(text: object, horizontal: bool, end: float, middle: float, negative: bool, size: float) -> str:
    if horizontal:
        return text_element(
            end + (-4 if negative else 4), middle, text, size, "#222222", "end" if negative else "start"
        )
    return text_element(middle, end - 3, text, size, "#222222", "middle", "bottom")


def colour_at(scale: Sequence[Sequence[Any]], fraction: float) -> str:
    """The colour of a plotly colorscale at ``fraction`` (0..1), interpolated between its stops."""
    fraction = max(0.0, min(1.0, fraction))
    for (low, low_colour), (high, high_colour) in itertools.pairwise(scale):
        if low <= fraction <= high:
            share = 0.0 if high == low else (fraction - low) / (high - low)
            a, b = palette.hex_to_rgb(str(low_colour)), palette.hex_to_rgb(str(high_colour))
            return palette.rgb_to_hex(tuple(round(p + (q - p) * share) for p, q in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return str(scale[-1][1])


def heatmap(trace: Trace, x: Axis, y: Axis) -> list[str]:
    """A heatmap: one rectangle per known cell, coloured on its colour scale, ``xgap``/``ygap`` pixels apart."""
    zs = trace.get("z") or []
    low, high = float(trace.get("zmin", 0)), float(trace.get("zmax", 1))
    scale = trace.get("colorscale") or [[0, "#ffffff"], [1, "#000000"]]
    xs, ys = trace.get("x"), trace.get("y")
    gap_x, gap_y = float(trace.get("xgap", 0)) / 2, float(trace.get("ygap", 0)) / 2
    hovers = hovers_of(trace)
    out = []
    for row, values in enumerate(zs):
        for column, value in enumerate(values):
            if value is None:
                continue
            cx, cy = x.value(item(xs, column, column)) or 0.0, y.value(item(ys, row, row)) or 0.0
            left, right = sorted((x.pixel(cx - 0.5), x.pixel(cx + 0.5)))
            top, bottom = sorted((y.pixel(cy - 0.5), y.pixel(cy + 0.5)))
            fill = colour_at(scale, (float(value) - low) / (high - low or 1))
            hover = item(item(hovers, row), column)
            out.append(
                rect(left + gap_x, top + gap_y, right - left - 2 * gap_x, bottom - top - 2 * gap_y, fill, hover=hover)
            )
    return out
