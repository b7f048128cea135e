"""Plotly figures of a journey map's ratings: the emotion curve, the criticality matrix and the level ladder.

Each figure is built from the journey wing's values (:mod:`cxmaturity.journey.matrix`) and a
language. Touchpoints are numbered in journey order (1, 2, 3...) on the axes and named in full
in the hover text and in the tables beside the charts: numbers never overlap at 390 px, and a map
of 200 touchpoints still gets readable axes (plotly thins numeric ticks by itself).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from cxmaturity.charts import palette
from cxmaturity.charts.score_charts import HOVER, QUIET_AXIS, Spec, figure_from_specs, layout_spec, wrap_label
from cxmaturity.core.readings import format_score
from cxmaturity.i18n import translate
from cxmaturity.journey.matrix import CRITICAL_FROM, WEAK_BELOW, EmotionPoint, LadderStep, MatrixPoint
from cxmaturity.journey.readings import signed

#: Faces of the emotion scale -2..+2 (the ratings' editor shows the same ones).
FACES = {-2: "😠", -1: "🙁", 0: "😐", 1: "🙂", 2: "😄"}
#: Light fills of the stage bands, alternating so neighbouring stages are told apart.
BAND_FILLS = ("rgba(0,114,178,0.07)", "rgba(230,159,0,0.09)")
#: Up to this many touchpoints the ladder names each one on its axis; above, it numbers them.
LADDER_NAMED_ROWS = 40
_ROW_HEIGHT = 26


def _t(key: str, language: str, **values: object) -> str:
    return translate(f"journey_ui.chart.{key}", language, **values)


#: Pixels under the plot taken by the tick labels and the axis title; the legend starts below them.
_AXIS_ROOM = 56
#: The bottom margin: the axis and a legend of up to three rows on a phone.
_BOTTOM = _AXIS_ROOM + 70


def legend_below_axis(layout: Spec) -> Spec:
    """``layout`` with its legend under the x axis's title (legend positions are fractions of the plot's height)."""
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    layout["legend"] = {**layout["legend"], "y": -_AXIS_ROOM / plot_height}
    return layout


def face(emotion: float) -> str:
    """The face of an emotion mean (-2..+2), rounded to the nearest whole step."""
    return FACES[max(-2, min(2, round(emotion)))]


def emotion_curve_figure(
    curve: Sequence[EmotionPoint], bands: Sequence[tuple[str, int, int]], language: str
) -> go.Figure:
    """The mean emotion after each touchpoint (-2..+2) along the journey, stages as coloured bands.

    ``bands`` are (stage, first position, last position) from :func:`cxmaturity.journey.matrix.stage_bands`;
    the stages are named in the legend (one entry per band) so their names never collide with the curve.
    Moments of truth are drawn as stars.
    """
    data: list[Spec] = []
    for index, (stage, first, last) in enumerate(bands):
        xs = [first + 0.5, last + 1.5, last + 1.5, first + 0.5, first + 0.5]
        fill = BAND_FILLS[index % len(BAND_FILLS)]
        data.append(
            {
                "type": "scatter", "x": xs, "y": [-2.4, -2.4, 2.4, 2.4, -2.4], "mode": "lines",
                "fill": "toself", "fillcolor": fill, "line": {"width": 0, "color": fill},
                "name": f"{index + 1}. {stage}", "legendgroup": f"stage{index}", "hoverinfo": "skip",
                "showlegend": True,
            }
        )  # fmt: skip
    xs = [point.position + 1 for point in curve]
    ys = [point.emotion for point in curve]
    hovers = [
        _t(
            "emotion.hover", language, number=point.position + 1, name=point.touchpoint.name,
            stage=point.touchpoint.stage, emotion=signed(point.emotion, language), face=face(point.emotion),
            spread=format_score(point.spread, language),
        )
        for point in curve
    ]  # fmt: skip
    data.append(
        {
            "type": "scatter", "x": xs, "y": ys, "mode": "lines+markers",
            "line": {"color": palette.SCORE_COLOUR, "width": 2},
            "marker": {"size": 9, "color": palette.SCORE_COLOUR},
            "hovertext": hovers, "hovertemplate": HOVER, "name": _t("emotion.curve", language), "showlegend": False,
        }
    )  # fmt: skip
    moments = [i for i, point in enumerate(curve) if point.touchpoint.moment_of_truth]
    if moments:
        data.append(
            {
                "type": "scatter", "x": [xs[i] for i in moments], "y": [ys[i] for i in moments], "mode": "markers",
                "marker": {"size": 16, "symbol": "star", "color": palette.TARGET_COLOUR,
                           "line": {"color": "#ffffff", "width": 1}},
                "hovertext": [hovers[i] for i in moments], "hovertemplate": HOVER,
                "name": _t("emotion.moment", language), "showlegend": True,
            }
        )  # fmt: skip
    layout = layout_spec(_t("emotion.title", language), 420 + _BOTTOM - 60, b=_BOTTOM)
    count = max((last for _, _, last in bands), default=0) + 1
    layout.update(
        showlegend=True,
        xaxis={**QUIET_AXIS, "range": [0.4, count + 0.6], "title": {"text": _t("axis.touchpoint", language)},
               "tickmode": "auto", "nticks": min(count, 16), "tickformat": "d"},
        yaxis={**QUIET_AXIS, "range": [-2.4, 2.4], "tickvals": [-2, -1, 0, 1, 2],
               "ticktext": [signed(v, language) for v in range(-2, 3)],
               "zeroline": True, "zerolinecolor": palette.THRESHOLD_COLOUR},
    )  # fmt: skip
    legend_below_axis(layout)
    if not curve:
        layout["annotations"] = [_note(_t("emotion.none", language))]
    return figure_from_specs(data, layout)


def _note(text: str) -> Spec:
    return {
        "text": text, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
        "font": {"color": palette.THRESHOLD_COLOUR, "size": 12},
    }  # fmt: skip


def performance_class(performance: float | None) -> str:
    """``weak`` (below :data:`WEAK_BELOW`), ``fine`` or ``unknown`` (no effort, completeness or emotion rated)."""
    if performance is None:
        return "unknown"
    return "weak" if performance < WEAK_BELOW else "fine"


_CLASS_COLOURS = {"weak": palette.TARGET_COLOUR, "fine": palette.SCORE_COLOUR, "unknown": palette.MISSING_COLOUR}
_CLASS_SYMBOLS = {"weak": "diamond", "fine": "circle", "unknown": "circle-open"}


def _spread_out(points: Sequence[MatrixPoint]) -> list[tuple[float, float]]:
    """Positions with touchpoints that share a spot set around it in a small ring, so each stays visible."""
    shared: dict[tuple[float, float], list[int]] = {}
    for index, point in enumerate(points):
        shared.setdefault((round(point.customer, 2), round(point.company, 2)), []).append(index)
    positions = [(p.customer, p.company) for p in points]
    offsets = ((0, 0), (0.12, 0), (-0.12, 0), (0, 0.12), (0, -0.12), (0.09, 0.09), (-0.09, -0.09),
               (0.09, -0.09), (-0.09, 0.09))  # fmt: skip
    for (x, y), members in shared.items():
        for rank, index in enumerate(members):
            ring, slot = divmod(rank, len(offsets))
            dx, dy = offsets[slot]
            scale = 1 + ring * 0.8
            positions[index] = (x + dx * scale, y + dy * scale)
    return positions


def criticality_matrix_figure(points: Sequence[MatrixPoint], language: str) -> go.Figure:
    """Criticality for the customer (across) against the company (up), 1-5, the fix-first quadrant shaded.

    Each point is coloured by how the touchpoint performs: below 50 (weak), 50 or better, or not rated.
    """
    positions = _spread_out(points)
    data: list[Spec] = []
    for kind in ("weak", "fine", "unknown"):
        members = [i for i, point in enumerate(points) if performance_class(point.performance) == kind]
        if not members:
            continue
        hovers = []
        for i in members:
            point = points[i]
            performance = "—" if point.performance is None else format_score(point.performance, language)
            hovers.append(
                _t(
                    "matrix.hover", language, number=point.position + 1, name=point.touchpoint.name,
                    stage=point.touchpoint.stage, customer=format_score(point.customer, language),
                    company=format_score(point.company, language), performance=performance,
                )
            )  # fmt: skip
        data.append(
            {
                "type": "scatter", "x": [positions[i][0] for i in members], "y": [positions[i][1] for i in members],
                "mode": "markers", "name": _t(f"matrix.{kind}", language), "showlegend": True,
                "marker": {"size": 12, "color": _CLASS_COLOURS[kind], "symbol": _CLASS_SYMBOLS[kind],
                           "line": {"color": "#ffffff" if kind != "unknown" else _CLASS_COLOURS[kind], "width": 1}},
                "hovertext": hovers, "hovertemplate": HOVER,
            }
        )  # fmt: skip
    layout = layout_spec(_t("matrix.title", language), 460 + _BOTTOM - 60, b=_BOTTOM)
    axis = {**QUIET_AXIS, "range": [0.5, 5.6], "tickvals": [1, 2, 3, 4, 5], "showgrid": True, "gridcolor": "#eeeeee"}
    layout.update(
        showlegend=True,
        xaxis={**axis, "title": {"text": _t("axis.customer", language)}},
        yaxis={**axis, "title": {"text": _t("axis.company", language)}},
        shapes=[
            {"type": "rect", "xref": "x", "yref": "y", "x0": CRITICAL_FROM, "x1": 5.6, "y0": CRITICAL_FROM,
             "y1": 5.6, "fillcolor": "rgba(213,94,0,0.10)", "line": {"width": 0}, "layer": "below"},
            {"type": "line", "xref": "x", "yref": "paper", "x0": CRITICAL_FROM, "x1": CRITICAL_FROM, "y0": 0,
             "y1": 1, "line": {"color": palette.THRESHOLD_COLOUR, "width": 1, "dash": "dot"}},
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": CRITICAL_FROM,
             "y1": CRITICAL_FROM, "line": {"color": palette.THRESHOLD_COLOUR, "width": 1, "dash": "dot"}},
        ],
        annotations=[
            {"text": f"<b>{wrap_label(_t('matrix.fix_first', language), 14)}</b>", "x": 5.55, "y": 5.55,
             "xref": "x", "yref": "y", "xanchor": "right", "yanchor": "top", "showarrow": False,
             "align": "right", "font": {"color": palette.TARGET_COLOUR, "size": 12}},
        ],
    )  # fmt: skip
    legend_below_axis(layout)
    if not points:
        layout["annotations"].append(_note(_t("matrix.none", language)))
    return figure_from_specs(data, layout)


def ladder_height(steps: int) -> int:
    """The ladder's height: a base plus one band per touchpoint (numbered rows are thinner)."""
    row = _ROW_HEIGHT if steps <= LADDER_NAMED_ROWS else 8
    return max(300, 90 + _BOTTOM + row * steps)


def level_ladder_figure(steps: Sequence[LadderStep], language: str) -> go.Figure:
    """Each touchpoint's pyramid level today (dot) and its target (diamond), joined by a line, 1-5.

    Up to :data:`LADDER_NAMED_ROWS` touchpoints each row is named (number and shortened name);
    beyond that the rows are numbered and named in the hover text.
    """
    named = len(steps) <= LADDER_NAMED_ROWS
    rows = list(range(len(steps)))
    data: list[Spec] = []
    line_x: list[float | None] = []
    line_y: list[float | None] = []
    for row, step in zip(rows, steps, strict=True):
        if step.target is not None:
            line_x += [step.now, step.target, None]
            line_y += [row, row, None]
    data.append(
        {"type": "scatter", "x": line_x, "y": line_y, "mode": "lines", "hoverinfo": "skip", "showlegend": False,
         "line": {"color": "#9e9e9e", "width": 3}}
    )  # fmt: skip
    hovers = [
        _t(
            "ladder.hover", language, number=step.position + 1, name=step.touchpoint.name,
            stage=step.touchpoint.stage, now=format_score(step.now, language),
            target="—" if step.target is None else format_score(step.target, language),
        )
        for step in steps
    ]  # fmt: skip
    targets = [i for i, step in enumerate(steps) if step.target is not None]
    data.append(
        {"type": "scatter", "x": [steps[i].target for i in targets], "y": [rows[i] for i in targets],
         "mode": "markers", "name": _t("ladder.target", language), "showlegend": True,
         "marker": {"size": 12, "symbol": "diamond", "color": palette.TARGET_COLOUR},
         "hovertext": [hovers[i] for i in targets], "hovertemplate": HOVER}
    )  # fmt: skip
    data.append(
        {"type": "scatter", "x": [step.now for step in steps], "y": rows, "mode": "markers",
         "name": _t("ladder.now", language), "showlegend": True,
         "marker": {"size": 12, "color": palette.SCORE_COLOUR}, "hovertext": hovers, "hovertemplate": HOVER}
    )  # fmt: skip
    if named:
        labels = [f"{step.position + 1}. {_shortened(step.touchpoint.name)}" for step in steps]
        yaxis: Spec = {"tickvals": rows, "ticktext": labels}
    else:
        yaxis = {"tickmode": "array", "tickvals": rows[::10], "ticktext": [str(s.position + 1) for s in steps[::10]]}
    layout = layout_spec(_t("ladder.title", language), ladder_height(len(steps)), b=_BOTTOM)
    layout.update(
        showlegend=True,
        xaxis={**QUIET_AXIS, "range": [0.6, 5.4], "tickvals": [1, 2, 3, 4, 5], "showgrid": True,
               "gridcolor": "#eeeeee", "title": {"text": _t("axis.level", language)}},
        yaxis={**QUIET_AXIS, **yaxis, "range": [len(steps) - 0.5, -0.5] if steps else [0.5, -0.5]},
    )  # fmt: skip
    legend_below_axis(layout)
    if not steps:
        layout["annotations"] = [_note(_t("ladder.none", language))]
    return figure_from_specs(data, layout)


def _shortened(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
