"""The roadmap's plan as a Gantt chart: one bar per action in the plan, from its start to its due date.

Built from :class:`cxmaturity.roadmap.schedule.Plan` (the consultant's selection, dates and
owners, sequenced as the method has them) and nothing else. An arrow runs from the end of each
step to the start of the step that waits for it. Labels are wrapped, never cut. Template, sizes
and colours are set explicitly, like :mod:`cxmaturity.charts.score_charts`, so the same plan
gives the same JSON.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cxmaturity.charts import palette
from cxmaturity.i18n import format_date, translate
from cxmaturity.roadmap.model import Roadmap
from cxmaturity.roadmap.plan import WARNING_STEP
from cxmaturity.roadmap.schedule import STEP_ORDER, Plan, PlannedAction, reassessment_date

#: One colour per step (shared with the PDF's plan).
STEP_COLOURS = palette.STEP_COLOURS
#: Pixels per action row, and the characters per line of a wrapped label.
ROW_HEIGHT = 54
LABEL_WIDTH = 26
_FINISHED = ("done", "dropped")
_DAY_MS = 86_400_000


def step_name(step: int | str, lang: str) -> str:
    """``1. Understand…`` for a numbered step, the warning or "next" label otherwise."""
    if step == WARNING_STEP:
        return translate("roadmap_page.step.warning", lang)
    if step == "next":
        return translate("roadmap.step.next.title", lang)
    return f"{step}. {translate(f'roadmap.step.{step}.title', lang)}"


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """The whole label on lines of about ``width`` characters (plotly's ``<br>``); nothing is cut."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _owner(action: PlannedAction) -> str:
    return action.row.owner or action.row.role


def timeline_figure(roadmap: Roadmap, plan: Plan, lang: str) -> go.Figure:
    """The plan as a Gantt chart on a date axis, one colour per step, arrows for the dependencies.

    Finished actions (done, dropped) are drawn pale; a dotted line marks the re-assessment
    date. Each bar's ``customdata`` holds its start, due date, step and the step it waits for
    (ISO dates), so a test can check the sequence in the browser.
    """
    actions = list(plan.actions)
    positions = {action.row.action_id: index for index, action in enumerate(actions)}
    data: list[dict[str, Any]] = []
    for step in STEP_ORDER:
        members = [action for action in actions if action.row.step == step]
        if not members:
            continue
        hovers = [
            translate(
                "deliverable.gantt.hover",
                lang,
                title=a.row.title,
                step=step_name(step, lang),
                start=format_date(a.start, lang),
                due=format_date(a.due, lang),
                days=a.days,  # a number: the catalogue may give it its plural form
                owner=_owner(a),
                status=translate(f"roadmap_page.status.{a.row.status}", lang),
            )
            for a in members
        ]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "base": [a.start.isoformat() for a in members],
                "x": [a.days * _DAY_MS for a in members],
                "y": [positions[a.row.action_id] for a in members],
                "name": step_name(step, lang),
                "marker": {
                    "color": STEP_COLOURS.get(step, palette.THRESHOLD_COLOUR),
                    "opacity": [0.35 if a.row.status in _FINISHED else 1.0 for a in members],
                },
                "customdata": [
                    [
                        a.start.isoformat(),
                        a.due.isoformat(),
                        str(step),
                        "" if a.depends_on is None else str(a.depends_on),
                    ]
                    for a in members
                ],
                "hovertext": hovers,
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    annotations = _arrows(plan, positions)
    shapes: list[dict[str, Any]] = []
    reassess = reassessment_date(plan, roadmap.next)
    end = max(plan.end, reassess) + dt.timedelta(days=7)
    if actions:
        dotted = {"color": palette.THRESHOLD_COLOUR, "width": 2, "dash": "dot"}
        day = reassess.isoformat()
        shapes.append({"type": "line", "x0": day, "x1": day, "y0": 0, "y1": 1, "yref": "paper", "line": dotted})
        label = translate("roadmap_page.chart.reassess", lang, date=format_date(reassess, lang))
        annotations.append(
            {"x": day, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "right", "showarrow": False,
             "text": label, "font": {"color": palette.THRESHOLD_COLOUR, "size": 11}}
        )  # fmt: skip
    else:
        no_data = translate("charts.no_data", lang)
        annotations.append({"text": no_data, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False})
    height = 180 + ROW_HEIGHT * max(len(actions), 3)
    layout: dict[str, Any] = {
        # The template as a full object: plotly.js cannot resolve a template name by itself.
        "template": pio.templates["plotly_white"].to_plotly_json(),
        "height": height,
        "autosize": True,
        "font": {"size": 12, "color": "#222222"},
        "title": {"text": translate("deliverable.gantt.title", lang), "x": 0.02, "xref": "container"},
        "margin": {"l": 20, "r": 20, "t": 70, "b": 110},
        "barmode": "overlay",
        "bargap": 0.3,
        "showlegend": True,
        # Under the axis: the plot area is the height less the top and bottom margins.
        "legend": {"orientation": "h", "x": 0.0, "y": -50 / (height - 180), "yanchor": "top"},
        "hoverlabel": {"align": "left"},
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {
            "type": "date",
            "range": [plan.start.isoformat(), end.isoformat()],
            "fixedrange": True,
            # months, few of them: the ticks must not run into each other on a phone
            "tickformat": "%m.%Y" if lang != "en" else "%b %Y",
            "nticks": 4,
            "tickfont": {"size": 10},
        },
        "yaxis": {
            "tickvals": list(range(len(actions))),
            "ticktext": [wrap_label(a.row.title) for a in actions],
            "tickfont": {"size": 11},
            # first action at the top
            "range": [len(actions) - 0.5, -0.5],
            "fixedrange": True,
            "automargin": True,
            "showgrid": False,
        },
    }
    if not actions:
        del layout["yaxis"]["range"]
        del layout["shapes"]
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _arrows(plan: Plan, positions: dict[str, int]) -> list[dict[str, Any]]:
    """One arrow per waiting step: from the end of the last action of the step it waits for to its first bar."""
    arrows: list[dict[str, Any]] = []
    seen: set[int | str] = set()
    for action in plan.actions:
        step, depends = action.row.step, action.depends_on
        if depends is None or step in seen:
            continue
        seen.add(step)
        before = max((a for a in plan.actions if a.row.step == depends), key=lambda a: a.due)
        arrows.append(
            {"x": action.start.isoformat(), "y": positions[action.row.action_id],
             "ax": before.due.isoformat(), "ay": positions[before.row.action_id],
             "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
             "showarrow": True, "arrowhead": 2, "arrowsize": 1, "arrowwidth": 1.2, "standoff": 2,
             "arrowcolor": "#555555", "text": ""}
        )  # fmt: skip
    return arrows
