"""Cartesian axes of the SVG charts: the value-to-pixel mapping, the ticks and their labels, grids and titles.

An axis is read from a figure's layout (``xaxis``, ``yaxis``, ``yaxis2``) and the values its traces
draw: a ``range`` is used as given (a reversed range reverses the axis); otherwise the data's range
is padded as plotly pads it. ``tickvals``/``ticktext`` are used as given; otherwise ticks are picked
at round numbers, at month starts on a date axis, or at every category.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxmaturity.charts.svg_canvas import (
    Line,
    line,
    line_height,
    lines_width,
    num,
    text_element,
    text_lines,
)

GRID_COLOUR = "#ebf0f8"
AXIS_TEXT = "#444444"
_EPOCH = dt.datetime(1970, 1, 1)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_value(value: object) -> float:
    """An ISO date (or date-time) as milliseconds since 1970, plotly's date axis unit; numbers pass through."""
    if isinstance(value, int | float):
        return float(value)
    moment = dt.datetime.fromisoformat(str(value))
    return (moment - _EPOCH).total_seconds() * 1000


def format_tick(value: float) -> str:
    """A tick number as plotly writes it: no needless decimals, a true minus sign."""
    text = f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "\u2212") if value < 0 else text


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``count`` ticks over ``span``."""
    raw = abs(span) / max(count, 1)
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


@dataclass
class Axis:
    """One axis: its layout entry, kind, range in data units and, once placed, its pixel span."""

    spec: Mapping[str, Any]
    letter: str  # "x" or "y"
    kind: str = "linear"  # linear, date or category
    categories: list[str] = field(default_factory=list)
    low: float = 0.0
    high: float = 1.0
    start: float = 0.0  # pixel of ``low``
    end: float = 1.0  # pixel of ``high``

    @property
    def visible(self) -> bool:
        """False for an axis the figure hides (``visible: False``)."""
        return bool(self.spec.get("visible", True))

    def value(self, raw: object) -> float | None:
        """A data value in the axis's units (categories by index, dates in ms); None for no value."""
        if raw is None:
            return None
        if self.kind == "category":
            text = str(raw)
            if text not in self.categories:
                self.categories.append(text)
            return float(self.categories.index(text))
        if self.kind == "date":
            return date_value(raw)
        return float(raw)  # type: ignore[arg-type]

    def pixel(self, value: float) -> float:
        """The pixel of a value in the axis's units."""
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def at(self, raw: object) -> float | None:
        """The pixel of a data value, None for no value."""
        value = self.value(raw)
        return None if value is None else self.pixel(value)

    def fit(self, values: Sequence[float], pad: bool = True) -> None:
        """Set the range: the layout's ``range`` if given, else the data's (padded, reversed if asked)."""
        given = self.spec.get("range")
        if given is not None and len(given) == 2:
            self.low, self.high = (self.value(given[0]) or 0.0), (self.value(given[1]) or 0.0)
            return
        if self.kind == "category" or not values:
            count = max(len(self.categories), int(max(values, default=0)) + 1)
            self.low, self.high = -0.5, count - 0.5
        else:
            low, high = min(values), max(values)
            margin = (high - low) * 0.05 if pad and high > low else (0.5 if high == low else 0.0)
            self.low, self.high = low - margin, high + margin
        if self.spec.get("autorange") == "reversed":
            self.low, self.high = self.high, self.low

    def ticks(self) -> list[tuple[float, str]]:
        """(value, label) of each tick within the range."""
        low, high = sorted((self.low, self.high))
        suffix = str(self.spec.get("ticksuffix", ""))
        vals = self.spec.get("tickvals")
        if vals is not None:
            texts = self.spec.get("ticktext")
            pairs = [
                (self.value(v), str(texts[i]) if texts is not None and i < len(texts) else format_tick(float(v)))
                for i, v in enumerate(vals)
            ]
            return [(v, f"{text}{suffix}") for v, text in pairs if v is not None and low - 1e-9 <= v <= high + 1e-9]
        if self.kind == "category":
            return [(float(i), name) for i, name in enumerate(self.categories) if low <= i <= high]
        if self.kind == "date":
            return self._month_ticks(low, high)
        count = int(self.spec.get("nticks") or 6)
        step = nice_step(high - low, count)
        if self.spec.get("tickformat") == "d":
            step = max(1.0, round(step))
        first = math.ceil(low / step - 1e-9) * step
        values = [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]
        return [(v, f"{format_tick(round(v, 9))}{suffix}") for v in values]

    def _month_ticks(self, low: float, high: float) -> list[tuple[float, str]]:
        start = _EPOCH + dt.timedelta(milliseconds=low)
        months = (start.year, start.month + (0 if start.day == 1 and start.hour == 0 else 1))
        year, month = months[0] + (months[1] - 1) // 12, (months[1] - 1) % 12 + 1
        span_months = (high - low) / (30.44 * 86_400_000)
        step = next(s for s in (1, 2, 3, 6, 12, 24) if span_months / s <= int(self.spec.get("nticks") or 6))
        english = "%b" in str(self.spec.get("tickformat", "%b %Y"))
        # Like plotly: ticks on months that are whole steps into the year (quarters start in Jan, Apr...).
        while (month - 1) % step:
            year, month = year + month // 12, month % 12 + 1
        ticks: list[tuple[float, str]] = []
        while True:
            moment = dt.datetime(year, month, 1)
            value = (moment - _EPOCH).total_seconds() * 1000
            if value > high:
                return ticks
            label = f"{_MONTHS_EN[month - 1]} {year}" if english else f"{month:02d}.{year}"
            ticks.append((value, label))
            month += step
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1

    def font_size(self) -> float:
        """The tick labels' font size."""
        return float(self.spec.get("tickfont", {}).get("size") or 12)

    def labels(self) -> list[tuple[float, list[Line]]]:
        """The ticks' labels as text lines."""
        return [(v, text_lines(text)) for v, text in self.ticks()]

    def title_lines(self) -> list[Line]:
        """The axis title as text lines (none without a title)."""
        title = self.spec.get("title") or {}
        return text_lines(title.get("text") if isinstance(title, Mapping) else title)

    def room(self, size_of_title: float) -> float:
        """Pixels the tick labels and the title need beside the plot (under it for x, left of it for y)."""
        if not self.visible:
            return 0.0
        size = self.font_size()
        labels = [lines for _, lines in self.labels()]
        if self.letter == "x":
            tall = max((len(lines) for lines in labels), default=0) * line_height(size)
            title = line_height(size_of_title) if self.title_lines() else 0.0
            return 6 + tall + (6 + title if title else 0)
        wide = max((lines_width(lines, size) for lines in labels), default=0.0)
        title = line_height(size_of_title) if self.title_lines() else 0.0
        return 8 + wide + (6 + title if title else 0)

    def draw(self, plot: tuple[float, float, float, float], size_of_title: float, side: str = "") -> list[str]:
        """The grid, zero line, tick labels and title of this axis around ``plot`` (left, top, right, bottom)."""
        if not self.visible:
            return []
        left, top, right, bottom = plot
        size = self.font_size()
        out: list[str] = []
        grid = self.spec.get("showgrid", self.spec.get("overlaying") is None)
        colour = str(self.spec.get("gridcolor") or GRID_COLOUR)
        opposite = side == "right"
        for value, lines in self.labels():
            at = self.pixel(value)
            if self.letter == "x":
                if grid:
                    out.append(line(at, top, at, bottom, colour))
                out.append(text_element(at, bottom + 5, _joined(lines), size, AXIS_TEXT, "middle", "top"))
            else:
                if grid:
                    out.append(line(left, at, right, at, colour))
                x, anchor = (right + 6, "start") if opposite else (left - 6, "end")
                out.append(text_element(x, at, _joined(lines), size, AXIS_TEXT, anchor, "middle"))
        out.extend(self._zero_line(plot))
        out.extend(self._title(plot, size_of_title, opposite))
        return out

    def _zero_line(self, plot: tuple[float, float, float, float]) -> list[str]:
        left, top, right, bottom = plot
        low, high = sorted((self.low, self.high))
        # Rows named by tick labels (a Gantt chart's actions) are categories: no zero line among them.
        if (
            self.kind != "linear"
            or not self.spec.get("zeroline", True)
            or not low < 0 < high
            or self.spec.get("ticktext")
        ):
            return []
        colour = str(self.spec.get("zerolinecolor") or GRID_COLOUR)
        at = self.pixel(0.0)
        return [line(at, top, at, bottom, colour, 2) if self.letter == "x" else line(left, at, right, at, colour, 2)]

    def _title(self, plot: tuple[float, float, float, float], size: float, opposite: bool) -> list[str]:
        lines = self.title_lines()
        if not lines:
            return []
        left, top, right, bottom = plot
        room = self.room(size) - 6 - line_height(size)
        if self.letter == "x":
            return [
                text_element((left + right) / 2, bottom + room + 6, _joined(lines), size, AXIS_TEXT, "middle", "top")
            ]
        x = right + room + 6 + size * 0.5 if opposite else left - room - 6 - size * 0.5
        middle = (top + bottom) / 2
        return [text_element(x, middle, _joined(lines), size, AXIS_TEXT, "middle", "middle", rotate=-90.0)]


def _joined(lines: Sequence[Line]) -> str:
    """Lines of runs back to figure text (escaped by the text element that draws it)."""
    import html

    def run_text(text: str, bold: bool) -> str:
        escaped = html.escape(text, quote=False)
        return f"<b>{escaped}</b>" if bold else escaped

    return "<br>".join("".join(run_text(run.text, run.bold) for run in one) for one in lines)


__all__ = ["Axis", "date_value", "format_tick", "nice_step", "num"]
