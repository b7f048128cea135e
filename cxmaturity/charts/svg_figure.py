"""A figure of the charts wing drawn as one SVG string, on the server: no plotly.js in the browser.

:func:`figure_svg` reads the figure as plotly's JSON (``data`` and ``layout``) and draws the subset
our figures use: the title, the plot area inside the margins (grown, like plotly's ``automargin``,
until the tick labels fit), cartesian axes or a polar radar, the traces, shapes, annotations, a
colour bar and the legend. The SVG has a ``viewBox`` and scales to its column's width; it is
``role="img"`` with the title as its ``aria-label``; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cxmaturity.charts.svg_axes import Axis, format_tick
from cxmaturity.charts.svg_canvas import (
    FONT_FAMILY,
    attrs,
    line,
    line_height,
    lines_width,
    plain_text,
    rect,
    text_element,
    text_lines,
    wrap_words,
)
from cxmaturity.charts.svg_legend import draw_legend, legend_rows
from cxmaturity.charts.svg_polar import draw_polar
from cxmaturity.charts.svg_shapes import annotation, arrow, shape
from cxmaturity.charts.svg_traces import bar_slots, bars, colour_at, heatmap, scatter, trace_group

Box = tuple[float, float, float, float]


def figure_json(figure: object) -> dict[str, Any]:
    """``data`` and ``layout`` of a plotly figure (or of a dict that already is its JSON)."""
    if isinstance(figure, Mapping):
        return {"data": list(figure.get("data") or []), "layout": dict(figure.get("layout") or {})}
    # A plotly figure keeps its JSON as plain dicts: read them as they are (drawing never changes them).
    # to_plotly_json() deep-copies them with the full template: 60% of a chart's drawing time.
    data, layout = getattr(figure, "_data", None), getattr(figure, "_layout", None)
    if isinstance(data, list | tuple) and isinstance(layout, Mapping):
        return {"data": list(data), "layout": dict(layout)}
    spec = figure.to_plotly_json()  # type: ignore[attr-defined]
    return {"data": list(spec.get("data") or []), "layout": dict(spec.get("layout") or {})}


def figure_svg(figure: object, width: int, css_class: str = "cxm-chart") -> str:
    """The figure drawn as an SVG ``width`` pixels wide (its layout's height, grown if its legend needs it)."""
    spec = figure_json(figure)
    data, layout = spec["data"], spec["layout"]
    height = float(layout.get("height") or 450)
    font_size = float((layout.get("font") or {}).get("size") or 12)
    margin = {
        "l": 80.0,
        "r": 80.0,
        "t": 100.0,
        "b": 80.0,
        **{k: float(v) for k, v in (layout.get("margin") or {}).items()},
    }
    title_text, title_svg, title_bottom = _title(layout, width, height, font_size)
    found = legend_rows(data, layout, width, font_size)
    # A legend above the plot sits between the title and the plot: the top margin holds both.
    margin["t"] = max(margin["t"], title_bottom + 10 + (found.height + 4 if found.above else 0))
    parts: list[str] = []
    if any(trace.get("type") == "scatterpolar" for trace in data):
        box = (margin["l"], margin["t"], width - margin["r"], height - margin["b"])
        parts += draw_polar(data, layout, box, width, title_bottom + 4)
        under = box[3] + 12
    else:
        box, axes_parts, under = _cartesian(data, layout, width, height, margin, font_size)
        parts += axes_parts
    spec_y = float((layout.get("legend") or {}).get("y", -0.1))
    top = box[1] - found.height - 4 if found.above else max(under, box[3] + -spec_y * (box[3] - box[1]))
    parts += draw_legend(found, data, layout, box, top, width, font_size)
    legend_height = 0.0 if found.above or not found.rows else top + found.height + 6
    total = max(height, legend_height)
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {int(total + 0.999)}",
        width="100%",
        role="img",
        aria_label=plain_text(title_text).replace("\n", " ") or None,
        class_=css_class,
        style=f"display:block;max-width:100%;height:auto;font-family:{FONT_FAMILY}",
    )
    background = rect(0, 0, width, total, "#ffffff")
    return f"<svg {head}>{background}{title_svg}{''.join(parts)}</svg>"


def _title(layout: Mapping[str, Any], width: float, height: float, font_size: float) -> tuple[str, str, float]:
    """(text, svg, bottom pixel) of the chart's title, wrapped to the width, at the top left."""
    spec = layout.get("title") or {}
    text = str(spec.get("text") or "") if isinstance(spec, Mapping) else str(spec)
    if not text:
        return "", "", 0.0
    size = float((spec.get("font") or {}).get("size") or round(font_size * 1.35))
    x = float(spec.get("x", 0.02)) * width if spec.get("xref", "container") == "container" else 10.0
    wrapped = wrap_words(text, size, width - x - 8)
    top = max(6.0, (1 - float(spec.get("y", 0.97))) * height) if spec.get("yref") == "container" else 12.0
    lines = text_lines(wrapped)
    bottom = top + len(lines) * line_height(size)
    return text, text_element(x, top, wrapped, size, "#222222", "start", "top"), bottom


def _axis_kind(spec: Mapping[str, Any], values: Sequence[Any]) -> str:
    if spec.get("type") == "date":
        return "date"
    if spec.get("type") == "category" or any(isinstance(v, str) for v in values if v is not None):
        return "category"
    return "linear"


def _axis_values(data: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The raw values drawn on each axis (``x``, ``y``, ``y2``): points, bar ends and error bar ends."""
    found: dict[str, list[Any]] = {"x": [], "y": [], "y2": []}
    for trace in data:
        y_name = "y2" if trace.get("yaxis") == "y2" else "y"
        xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
        if trace.get("type") == "heatmap":
            xs = xs or list(range(len((trace.get("z") or [[]])[0])))
            ys = ys or list(range(len(trace.get("z") or [])))
        found["x"] += xs
        found[y_name] += ys
    return found


def _numbers(axis: Axis, data: Sequence[Mapping[str, Any]], raw: Sequence[Any], name: str) -> tuple[list[float], bool]:
    """The values an axis must show, and whether plotly would pad them (not for cells and bars' places)."""
    values = [v for v in (axis.value(r) for r in raw) if v is not None]
    banded = any(
        trace.get("type") == "heatmap"
        or (trace.get("type") == "bar" and (name == "x") != (trace.get("orientation") == "h"))
        for trace in data
    )
    if banded:
        # Cells and bars reach half a step either side of their centre; plotly pads nothing more.
        return [v + d for v in values for d in (-0.5, 0.5)], False
    for trace in data:
        horizontal = trace.get("orientation") == "h"
        if trace.get("type") == "bar" and (name == "x") == horizontal:
            lengths = trace.get("x") if horizontal else trace.get("y")
            bases = trace.get("base")
            for k, length in enumerate(lengths or []):
                base = axis.value(bases[k] if isinstance(bases, list) else bases or 0) or 0.0
                values += [base, base + float(length or 0)]
        errors = trace.get("error_x") if name == "x" else None
        if errors:
            for k, centre in enumerate(trace.get("x") or []):
                if centre is not None:
                    values += [
                        centre + (errors.get("array") or [0] * (k + 1))[k],
                        centre - (errors.get("arrayminus") or [0] * (k + 1))[k],
                    ]
    return values, True


def _cartesian(
    data: Sequence[Mapping[str, Any]],
    layout: Mapping[str, Any],
    width: float,
    height: float,
    margin: dict[str, float],
    font_size: float,
) -> tuple[Box, list[str], float]:
    """(plot box, elements, pixel under the x axis) of a chart on x and y axes (and a right-hand y2)."""
    raw = _axis_values(data)
    axes: dict[str, Axis] = {}
    for name, key in (("x", "xaxis"), ("y", "yaxis"), ("y2", "yaxis2")):
        spec = layout.get(key) or {}
        if name == "y2" and not raw["y2"]:
            continue
        axes[name] = Axis(spec, name[0], _axis_kind(spec, raw[name]))
        values, padded = _numbers(axes[name], data, raw[name], name)
        axes[name].fit(values, pad=padded)
    x, y = axes["x"], axes["y"]
    title_size = font_size
    margin["l"] = max(margin["l"], y.room(title_size) + 4)
    margin["b"] = max(margin["b"], x.room(title_size) + 4)
    scale = next((trace for trace in data if trace.get("type") == "heatmap" and trace.get("showscale", True)), None)
    if "y2" in axes:
        margin["r"] = max(margin["r"], axes["y2"].room(title_size) + 4)
    if scale is not None:
        margin["r"] = max(margin["r"], 10 + _colourbar_room(scale, font_size))
    margin["r"] = max(margin["r"], _outside_text_room(data, layout, font_size))
    box = (margin["l"], margin["t"], width - margin["r"], height - margin["b"])
    x.start, x.end = box[0], box[2]
    for name in ("y", "y2"):
        if name in axes:
            axes[name].start, axes[name].end = box[3], box[1]
    below: list[str] = []
    above: list[str] = []
    texts: list[str] = []
    for spec in layout.get("shapes") or []:
        (below if spec.get("layer") == "below" else above).append(shape(spec, x, y, box))
    parts = [*x.draw(box, title_size), *y.draw(box, title_size)]
    if "y2" in axes:
        parts += axes["y2"].draw(box, title_size, "right")
    parts += below
    slots = bar_slots(data, str(layout.get("barmode", "group")))
    for index, trace in enumerate(data):
        y_axis = axes["y2"] if trace.get("yaxis") == "y2" else y
        kind = trace.get("type", "scatter")
        labels: list[str] = []
        if kind == "heatmap":
            shapes = heatmap(trace, x, y_axis)
        elif kind == "bar":
            shapes, labels = bars(trace, index, (x, y_axis), slots[index], layout)
        else:
            shapes, labels = scatter(trace, index, x, y_axis, font_size)
        parts.append(trace_group(trace, shapes))
        texts += labels
    parts += above + texts
    for note in layout.get("annotations") or []:
        parts.append(
            arrow(note, x, y)
            if note.get("showarrow", True) and note.get("ax") is not None
            else annotation(note, x, y, box, font_size)
        )
    if scale is not None:
        parts += _colourbar(scale, box, font_size)
    return box, parts, box[3] + x.room(title_size) + 6


def _outside_text_room(data: Sequence[Mapping[str, Any]], layout: Mapping[str, Any], font_size: float) -> float:
    """Right margin for texts written after horizontal bars (a value that would run off the chart)."""
    widest = 0.0
    for trace in data:
        if trace.get("type") == "bar" and trace.get("orientation") == "h" and trace.get("textposition") == "outside":
            widest = max([widest, *(lines_width(text_lines(t), font_size) for t in trace.get("text") or [])])
    return widest * 0.5 + 6 if widest else 0.0


def _colourbar_room(trace: Mapping[str, Any], font_size: float) -> float:
    bar = trace.get("colorbar") or {}
    title = (bar.get("title") or {}).get("text")
    return (
        float(bar.get("thickness", 30))
        + 6
        + lines_width(text_lines("100"), font_size)
        + 8
        + (line_height(font_size) if title else 0)
    )


def _colourbar(trace: Mapping[str, Any], box: Box, font_size: float) -> list[str]:
    """The colour scale beside the plot: stacked bands from zmin (bottom) to zmax (top), ticks and title."""
    bar = trace.get("colorbar") or {}
    thickness = float(bar.get("thickness", 30))
    length = (box[3] - box[1]) * float(bar.get("len", 1))
    left, top = box[2] + 10, box[1] + ((box[3] - box[1]) - length) / 2
    low, high = float(trace.get("zmin", 0)), float(trace.get("zmax", 1))
    scale = trace.get("colorscale") or [[0, "#ffffff"], [1, "#000000"]]
    bands = 40
    out = [
        rect(
            left,
            top + length * (1 - (k + 1) / bands),
            thickness,
            length / bands + 0.5,
            colour_at(scale, (k + 0.5) / bands),
        )
        for k in range(bands)
    ]
    step = 20.0 if high - low == 100 else (high - low) / 5
    value = low
    while value <= high + 1e-9:
        y = top + length * (1 - (value - low) / (high - low or 1))
        out.append(line(left + thickness, y, left + thickness + 3, y, "#444444"))
        out.append(text_element(left + thickness + 5, y, format_tick(value), font_size - 1, "#444444", "start"))
        value += step
    title = (bar.get("title") or {}).get("text")
    if title:
        x = left + thickness + 8 + lines_width(text_lines(format_tick(high)), font_size) + font_size * 0.6
        out.append(text_element(x, top + length / 2, title, font_size, "#222222", "middle", "middle", rotate=90.0))
    return out


__all__ = ["figure_json", "figure_svg"]
