"""The pyramid and the radars, drawn with fpdf2 vector primitives.

Each function draws inside the frame (x, y, w, h) it is given, in
``pdf.local_context()`` so colours, widths and dashes never leak into the text
that follows. Colours come from :mod:`cxmaturity.charts.palette`, as on the screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cxmaturity.charts import palette
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.report.textflow import put_line


def rgb(colour: str) -> tuple[int, int, int]:
    """A palette colour as an RGB tuple for fpdf2."""
    return palette.hex_to_rgb(colour)


def score_row(
    pdf: ReportDocument,
    ctx: ReportContext,
    left: float,
    top: float,
    width: float,
    height: float,
    scores: Sequence[float | None],
) -> None:
    """A row of cells ``width`` wide from ``left``, each filled with its score's colour, the score on it."""
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.6)
    pdf.set_font(FAMILY, "B", 8.5)
    for index, score in enumerate(scores):
        fill = palette.score_colour(score)
        x = left + index * width
        pdf.set_fill_color(*rgb(fill))
        pdf.rect(x, top, width, height, style="DF")
        pdf.set_text_color(*rgb(palette.text_colour_on(fill)))
        put_line(pdf, x, top + height / 2 - 2.2, width, 4.4, ctx.num(score), "C")


def draw_pyramid(pdf: ReportDocument, ctx: ReportContext, x: float, y: float, w: float, h: float) -> None:
    """The pyramid: one band per level from the base, filled by score, with labels on the right.

    Attained levels get a solid dark outline, unsupported ones a dashed outline,
    and a dashed line marks the continuous stage.
    """
    card, levels = ctx.card, ctx.questionnaire.levels
    count = len(levels)
    if count == 0:
        return
    stage_label_w = 18.0
    base_w = min(w * 0.48, h * 1.25)
    top_w = base_w * 0.18
    left = x + stage_label_w
    centre = left + base_w / 2
    band_h = h / count
    bottom = y + h
    label_x = left + base_w + 5
    label_w = x + w - label_x

    def half_width(height: float) -> float:
        return (base_w - (base_w - top_w) * height / h) / 2

    with pdf.local_context():
        for index, level in enumerate(levels):
            score = card.levels[level.id].score if level.id in card.levels else None
            fill = palette.score_colour(score)
            y0 = bottom - index * band_h
            y1 = y0 - band_h
            w0, w1 = half_width(index * band_h), half_width((index + 1) * band_h)
            points = [(centre - w0, y0), (centre + w0, y0), (centre + w1, y1), (centre - w1, y1)]
            pdf.set_fill_color(*rgb(fill))
            pdf.set_draw_color(255, 255, 255)
            pdf.set_line_width(0.6)
            pdf.set_dash_pattern()
            pdf.polygon(points, style="DF")
            if level.id in card.attained_levels:
                pdf.set_draw_color(*rgb(palette.ATTAINED_OUTLINE))
                pdf.set_line_width(0.7)
                pdf.polygon(_inset(points, 0.5), style="D")
            elif level.id in card.unsupported_levels:
                pdf.set_draw_color(*rgb(palette.UNSUPPORTED_OUTLINE))
                pdf.set_line_width(0.8)
                pdf.set_dash_pattern(dash=1.5, gap=1.0)
                pdf.polygon(_inset(points, 0.5), style="D")
                pdf.set_dash_pattern()
            # the score, centred in its band
            pdf.set_font(FAMILY, "B", 9.5)
            pdf.set_text_color(*rgb(palette.text_colour_on(fill)))
            put_line(pdf, centre - w1, y1 + band_h / 2 - 2.5, 2 * w1, 5, ctx.num(score), "C")
            # the label on the right: title, then score / target and status
            status = ""
            if level.id in card.attained_levels:
                status = " · " + ctx.t("report.chart.attained")
            elif level.id in card.unsupported_levels:
                status = " · " + ctx.t("report.chart.unsupported")
            pdf.set_text_color(*INK)
            size, lines = pdf.fit_label(f"{index + 1}. {level.title.get(ctx.lang)}", label_w, 9, 6.5, 1, "B")
            pdf.set_font(FAMILY, "B", size)
            pdf.text_lines_at(label_x, y1 + band_h / 2 - 4.4, label_w, lines, 4.2)
            target = card.levels[level.id].target if level.id in card.levels else None
            detail = ctx.t("report.chart.score_target", score=ctx.num(score), target=ctx.num(target))
            pdf.set_text_color(*MUTED)
            pdf.set_font(FAMILY, "", 7.5)
            pdf.text_lines_at(label_x, y1 + band_h / 2, label_w, [pdf.truncate(detail + status, label_w)], 3.8)
        _stage_marker(pdf, ctx, x, bottom, band_h, centre, half_width, stage_label_w)


def _stage_marker(
    pdf: ReportDocument,
    ctx: ReportContext,
    x: float,
    bottom: float,
    band_h: float,
    centre: float,
    half_width: object,
    label_w: float,
) -> None:
    """A dashed line across the pyramid at the continuous stage, labelled on the left."""
    if not ctx.card.has_answers:
        return
    height = max(0.0, min(ctx.card.stage, ctx.card.level_count)) * band_h
    level_y = bottom - height
    spread = half_width(height)  # type: ignore[operator]
    pdf.set_draw_color(*rgb(palette.THRESHOLD_COLOUR))
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.2, gap=0.8)
    pdf.line(centre - spread - 3, level_y, centre + spread + 1, level_y)
    pdf.set_dash_pattern()
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 8)
    label = ctx.t("report.chart.stage_marker", stage=ctx.stage())
    put_line(pdf, x, level_y - 2, label_w + (centre - spread - x - label_w) - 3.5, 4, pdf.truncate(label, label_w), "R")


def _inset(points: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    """Move each point ``by`` mm towards the polygon's centroid (outlines stay inside the band)."""
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    out = []
    for px, py in points:
        dx, dy = cx - px, cy - py
        length = math.hypot(dx, dy) or 1.0
        out.append((px + dx / length * by, py + dy / length * by))
    return out


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of a radar: its label, the score (None = no answers) and the target."""

    label: str
    score: float | None
    target: float | None


def draw_radar(
    pdf: ReportDocument,
    ctx: ReportContext,
    axes: Sequence[RadarAxis],
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    """A radar of 0..100 scores with the target polygon (dashed) and the threshold ring.

    Labels sit outside the circle, aligned away from the centre and shrunk to
    fit the frame, so they never overlap the drawing or leave the frame.
    """
    count = len(axes)
    if count == 0:
        return
    cx, cy, radius = _radar_geometry(x, y, w, h)
    point = _radar_point(cx, cy, radius, count)
    with pdf.local_context():
        _radar_grid(pdf, ctx, point, count)
        # target polygon
        if all(a.target is not None for a in axes):
            pdf.set_draw_color(*rgb(palette.TARGET_COLOUR))
            pdf.set_line_width(0.6)
            pdf.set_dash_pattern(dash=2.0, gap=1.0)
            pdf.polygon([point(i, a.target or 0.0) for i, a in enumerate(axes)], style="D")
        pdf.set_dash_pattern()
        # score polygon (a set without answers is drawn at 0 and labelled "—")
        if any(a.score is not None for a in axes):
            score_points = [point(i, a.score or 0.0) for i, a in enumerate(axes)]
            with pdf.local_context(fill_opacity=0.18):
                pdf.set_fill_color(*rgb(palette.SCORE_COLOUR))
                pdf.polygon(score_points, style="F")
            pdf.set_draw_color(*rgb(palette.SCORE_COLOUR))
            pdf.set_fill_color(*rgb(palette.SCORE_COLOUR))
            pdf.set_line_width(0.7)
            pdf.polygon(score_points, style="D")
            for px, py in score_points:
                pdf.circle(px, py, 0.8, style="F")
        for i, axis in enumerate(axes):
            _radar_label(pdf, ctx, axis.label, axis.score, i, count, cx, cy, radius, x, w, True)


def draw_group_radar(
    pdf: ReportDocument,
    ctx: ReportContext,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    """Several groups on one radar: one outlined polygon per (colour, scores), no fill, no target.

    Missing scores are drawn at 0, as on the single radar; labels carry no numbers
    (the table beside the radar has them).
    """
    count = len(labels)
    if count == 0:
        return
    cx, cy, radius = _radar_geometry(x, y, w, h, label_room=24.0)
    point = _radar_point(cx, cy, radius, count)
    with pdf.local_context():
        _radar_grid(pdf, ctx, point, count)
        pdf.set_dash_pattern()
        pdf.set_line_width(0.6)
        for colour, values in series:
            points = [point(i, value or 0.0) for i, value in enumerate(values)]
            pdf.set_draw_color(*rgb(colour))
            pdf.set_fill_color(*rgb(colour))
            pdf.polygon(points, style="D")
            for px, py in points:
                pdf.circle(px, py, 0.7, style="F")
        for i, label in enumerate(labels):
            _radar_label(pdf, ctx, label, None, i, count, cx, cy, radius, x, w, False)


def _radar_geometry(x: float, y: float, w: float, h: float, label_room: float = 34.0) -> tuple[float, float, float]:
    """Centre and radius of a radar in the frame, leaving room for the labels."""
    label_room_x, label_room_y = min(label_room, w * 0.3), 9.0
    radius = max(10.0, min(w / 2 - label_room_x, h / 2 - label_room_y))
    return x + w / 2, y + h / 2, radius


def _radar_point(cx: float, cy: float, radius: float, count: int) -> Callable[[int, float], tuple[float, float]]:
    """The point of spoke ``index`` at a 0..100 ``value`` (clamped), the first spoke pointing up."""

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    return point


def _radar_grid(
    pdf: ReportDocument, ctx: ReportContext, point: Callable[[int, float], tuple[float, float]], count: int
) -> None:
    """Rings every 20 points, spokes, ring labels and the dashed threshold ring."""
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    for ring in (20, 40, 60, 80, 100):
        pdf.polygon([point(i, ring) for i in range(count)], style="D")
    centre = point(0, 0)
    for i in range(count):
        pdf.line(*centre, *point(i, 100))
    pdf.set_font(FAMILY, "", 6)
    pdf.set_text_color(*MUTED)
    for ring in (20, 40, 60, 80, 100):
        px, py = point(0, ring)
        put_line(pdf, px + 0.5, py - 1.2, 6, 2.4, str(ring), "L")
    pdf.set_draw_color(*rgb(palette.THRESHOLD_COLOUR))
    pdf.set_line_width(0.35)
    pdf.set_dash_pattern(dash=0.8, gap=0.8)
    pdf.polygon([point(i, ctx.card.threshold) for i in range(count)], style="D")


def _radar_label(
    pdf: ReportDocument,
    ctx: ReportContext,
    label: str,
    score: float | None,
    index: int,
    count: int,
    cx: float,
    cy: float,
    radius: float,
    x: float,
    w: float,
    with_score: bool,
) -> None:
    """Write one axis label (and its score) outside the circle, aligned so it grows away from the drawing."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    cos, sin = math.cos(angle), math.sin(angle)
    ax, ay = cx + (radius + 2.5) * cos, cy + (radius + 2.5) * sin
    if abs(cos) < 0.2:  # top or bottom: centred
        width = min(w, 2 * radius + 20)
        left, align = ax - width / 2, "C"
    elif cos > 0:
        left, align, width = ax, "L", x + w - ax
    else:
        left, align, width = x, "R", ax - x
    size, lines = pdf.fit_label(label, width, 8, 6, 2, "")
    line_h = size * 0.42
    total = line_h * (len(lines) + (1 if with_score else 0))
    # above the top spoke, below the bottom one, centred beside a side spoke
    top = (ay - total if sin < 0 else ay) if abs(cos) < 0.2 else ay - total / 2
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", size)
    pdf.text_lines_at(left, top, width, lines, line_h, align)
    if with_score:
        pdf.set_font(FAMILY, "B", size)
        pdf.set_text_color(*rgb(palette.SCORE_COLOUR))
        pdf.text_lines_at(left, top + line_h * len(lines), width, [ctx.num(score)], line_h, align)


def draw_swatch_legend(pdf: ReportDocument, items: Sequence[tuple[str, str]]) -> None:
    """Colour swatches with their labels, centred, wrapping onto more rows when needed."""
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*INK)
        entries = [(colour, pdf.truncate(label, pdf.epw - 10)) for colour, label in items]
        widths = [pdf.get_string_width(label) + 10 for _, label in entries]
        rows: list[list[int]] = [[]]
        used = 0.0
        for index, width in enumerate(widths):
            if rows[-1] and used + width > pdf.epw:
                rows.append([])
                used = 0.0
            rows[-1].append(index)
            used += width
        y = pdf.y
        for row in rows:
            x = pdf.l_margin + (pdf.epw - sum(widths[i] for i in row)) / 2
            for index in row:
                colour, label = entries[index]
                pdf.set_fill_color(*rgb(colour))
                pdf.rect(x, y + 0.6, 5, 2.8, style="F")
                put_line(pdf, x + 6, y, widths[index] - 6, 4, label)
                x += widths[index]
            y += 5
    pdf.set_y(y + 3)
