"""The legend of an SVG chart: one entry per named trace, in rows that wrap to the chart's width.

A legend is placed like plotly's horizontal legend: ``x`` and ``xanchor`` across the plot area;
below the plot (``y`` < 0) it starts under the x axis's labels, never over them; above it
(``y`` >= 1) it sits between the title and the plot, which the figure makes room for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cxmaturity.charts.svg_canvas import group, line, line_height, marker, plain_text, rect, text_element, text_width
from cxmaturity.charts.svg_traces import trace_colour

#: Pixels of an entry's symbol and the gaps around it.
SYMBOL = 28.0
GAP = 14.0


@dataclass(frozen=True)
class Legend:
    """The legend's entries as rows of (trace index, name, width), and the height of one row."""

    rows: tuple[tuple[tuple[int, str, float], ...], ...]
    row_height: float
    above: bool

    @property
    def height(self) -> float:
        """The height of all its rows."""
        return len(self.rows) * self.row_height

    @property
    def width(self) -> float:
        """The width of its widest row."""
        return max((sum(w for _, _, w in row) for row in self.rows), default=0.0)


def legend_rows(data: Sequence[Mapping[str, Any]], layout: Mapping[str, Any], width: float, font_size: float) -> Legend:
    """The entries of the shown traces, wrapped into rows at most ``width`` - 16 pixels wide."""
    shown = layout.get("showlegend")
    entries = [(i, str(t.get("name"))) for i, t in enumerate(data) if t.get("showlegend", True) and t.get("name")]
    if shown is False or (shown is None and len(entries) < 2):
        entries = []
    rows: list[list[tuple[int, str, float]]] = [[]]
    for index, name in entries:
        entry_width = SYMBOL + 4 + text_width(plain_text(name), font_size) + GAP
        if rows[-1] and sum(w for _, _, w in rows[-1]) + entry_width > width - 16:
            rows.append([])
        rows[-1].append((index, name, entry_width))
    spec = layout.get("legend") or {}
    above = float(spec.get("y", -0.1)) >= 1
    return Legend(tuple(tuple(row) for row in rows if row), line_height(font_size) + 6, above)


def draw_legend(
    found: Legend,
    data: Sequence[Mapping[str, Any]],
    layout: Mapping[str, Any],
    box: tuple[float, float, float, float],
    top: float,
    width: float,
    font_size: float,
) -> list[str]:
    """The legend's entries from pixel ``top`` down, placed across by the legend's ``x`` and ``xanchor``."""
    if not found.rows:
        return []
    spec = layout.get("legend") or {}
    anchor_at = box[0] + float(spec.get("x", 0.0)) * (box[2] - box[0])
    xanchor = spec.get("xanchor", "left")
    block = found.width
    left = {"center": anchor_at - block / 2, "right": anchor_at - block}.get(str(xanchor), anchor_at)
    left = max(4.0, min(left, width - 4 - block))
    out = []
    for r, row in enumerate(found.rows):
        row_width = sum(w for _, _, w in row)
        x = left + (
            (block - row_width) / 2 if xanchor == "center" else block - row_width if xanchor == "right" else 0.0
        )
        y = top + r * found.row_height + found.row_height / 2
        for index, name, entry_width in row:
            out.append(
                group(
                    [
                        *_symbol(data[index], index, x, y),
                        text_element(x + SYMBOL + 4, y, name, font_size, "#222222", "start"),
                    ],
                    class_="legend-entry",
                )
            )
            x += entry_width
    return out


def _symbol(trace: Mapping[str, Any], index: int, x: float, y: float) -> list[str]:
    """The entry's symbol: a square for bars and bands, else a line and/or a marker in the trace's style."""
    colour = trace_colour(trace, index)
    style = trace.get("line") or {}
    mode = str(trace.get("mode") or "lines+markers")
    if trace.get("type") == "bar":
        return [rect(x + 7, y - 7, 14, 14, colour)]
    if trace.get("fill") == "toself" and float(style.get("width", 2)) == 0:
        return [
            rect(
                x + 4, y - 7, SYMBOL - 8, 14, str(trace.get("fillcolor") or colour), stroke="#bbbbbb", stroke_width=0.5
            )
        ]
    out = []
    if "lines" in mode:
        out.append(
            line(
                x,
                y,
                x + SYMBOL,
                y,
                str(style.get("color") or colour),
                min(float(style.get("width", 2)), 4.0),
                style.get("dash"),
            )
        )
    if "markers" in mode:
        spec = trace.get("marker") or {}
        fill = spec.get("color") if isinstance(spec.get("color"), str) else colour
        size = min(float(spec.get("size", 6)), 12.0)
        symbol = spec.get("symbol") if isinstance(spec.get("symbol"), str) else "circle"
        out.append(marker(x + SYMBOL / 2, y, size, str(fill), str(symbol)))
    return out
