"""The roadmap's timeline: one bar per action from today to its horizon, coloured by step.

Built from the plan rows of :mod:`cxmaturity.roadmap.plan` (so the bars carry the consultant's
status) and nothing else; template, sizes and colours are set explicitly, like
:mod:`cxmaturity.charts.score_charts`, so the same plan gives the same JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cxmaturity.charts import palette
from cxmaturity.i18n import format_date, translate
from cxmaturity.roadmap.model import Roadmap
from cxmaturity.roadmap.plan import WARNING_STEP, PlanRow

#: Order of the steps on the chart, top to bottom.
STEP_ORDER: tuple[int | str, ...] = (WARNING_STEP, 1, 2, 3, 4, 5, "next")
#: One colour per step (Okabe-Ito, readable under colour blindness); warnings in vermillion.
STEP_COLOURS: dict[int | str, str] = {
    WARNING_STEP: palette.TARGET_COLOUR,
    1: "#0072b2",
    2: "#e69f00",
    3: "#009e73",
    4: "#cc79a7",
    5: "#56b4e9",
    "next": "#777777",
}
#: Pixels per action row and the longest label shown beside a bar.
ROW_HEIGHT = 30
LABEL_CHARS = 42
_FINISHED = ("done", "dropped")


def step_name(step: int | str, lang: str) -> str:
    """``1. Understand…`` for a numbered step, the warning or "next" label otherwise."""
    if step == WARNING_STEP:
        return translate("roadmap_page.step.warning", lang)
    if step == "next":
        return translate("roadmap.step.next.title", lang)
    return f"{step}. {translate(f'roadmap.step.{step}.title', lang)}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _order(rows: Sequence[PlanRow]) -> list[PlanRow]:
    def key(item: tuple[int, PlanRow]) -> tuple[int, int, int]:
        index, row = item
        step = STEP_ORDER.index(row.step) if row.step in STEP_ORDER else len(STEP_ORDER)
        return step, row.horizon_days if row.horizon_days is not None else 10**6, index

    return [row for _index, row in sorted(enumerate(rows), key=key)]


def timeline_figure(roadmap: Roadmap, rows: Sequence[PlanRow], lang: str) -> go.Figure:
    """Actions as horizontal bars from day 0 to their horizon in days, one colour per step.

    Finished actions (done, dropped) are drawn pale; a dotted line marks the
    re-assessment date. Actions without a horizon (kept from an older roadmap
    without one) are left out. Built from plain specs like :mod:`cxmaturity.charts.score_charts`
    (plotly's validation would cost more than the rest of the page).
    """
    ordered = [row for row in _order(rows) if row.horizon_days is not None]
    data: list[dict[str, Any]] = []
    positions = {row.action_id: index for index, row in enumerate(ordered)}
    for step in STEP_ORDER:
        members = [row for row in ordered if row.step == step]
        if not members:
            continue
        hovers = [
            translate(
                "roadmap_page.chart.hover",
                lang,
                title=row.title,
                step=step_name(step, lang),
                days=row.horizon_days,
                status=translate(f"roadmap_page.status.{row.status}", lang),
            )
            for row in members
        ]
        colour = STEP_COLOURS.get(step, palette.THRESHOLD_COLOUR)
        opacity = [0.35 if row.status in _FINISHED else 1.0 for row in members]
        data.append(
            {
                "type": "bar",
                "x": [row.horizon_days for row in members],
                "y": [positions[row.action_id] for row in members],
                "base": [0] * len(members),
                "orientation": "h",
                "name": step_name(step, lang),
                "marker": {"color": colour, "opacity": opacity},
                "hovertext": hovers,
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    days = (roadmap.next.reassess_on - roadmap.generated_on).days
    longest = max([row.horizon_days or 0 for row in ordered] + [days, 30])
    dotted = {"color": palette.THRESHOLD_COLOUR, "width": 2, "dash": "dot"}
    label = translate("roadmap_page.chart.reassess", lang, date=format_date(roadmap.next.reassess_on, lang))
    annotations: list[dict[str, Any]] = [
        {"x": days, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "right", "showarrow": False,
         "text": label, "font": {"color": palette.THRESHOLD_COLOUR, "size": 11}},
    ]  # fmt: skip
    if not ordered:
        no_data = translate("charts.no_data", lang)
        annotations.append({"text": no_data, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False})
    height = 150 + ROW_HEIGHT * max(len(ordered), 3)
    layout: dict[str, Any] = {
        # The template as a full object: plotly.js cannot resolve a template name by itself.
        "template": pio.templates["plotly_white"].to_plotly_json(),
        "height": height,
        "autosize": True,
        "font": {"size": 12, "color": "#222222"},
        "title": {"text": translate("roadmap_page.chart.title", lang), "x": 0.02, "xref": "container"},
        "margin": {"l": 20, "r": 20, "t": 70, "b": 110},
        "barmode": "overlay",
        "bargap": 0.25,
        # Under the axis title: the plot area is the height less the top and bottom margins.
        "legend": {"orientation": "h", "x": 0.0, "y": -50 / (height - 180), "yanchor": "top"},
        "hoverlabel": {"align": "left"},
        "shapes": [{"type": "line", "x0": days, "x1": days, "y0": 0, "y1": 1, "yref": "paper", "line": dotted}],
        "annotations": annotations,
        "xaxis": {
            "range": [0, longest * 1.05],
            "title": {"text": translate("roadmap_page.chart.axis", lang)},
            "fixedrange": True,
            "zeroline": True,
        },
        "yaxis": {
            "tickvals": list(range(len(ordered))),
            "ticktext": [_short(row.title) for row in ordered],
            "autorange": "reversed",
            "fixedrange": True,
            "automargin": True,
            "showgrid": False,
        },
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)
