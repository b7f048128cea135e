"""Plotly figures of the customer's voice: a metric per segment or per wave with its 95% interval as
error bars, and the pain map as a Pareto chart (bars of counts, a line of the cumulative share).

Segment labels, reason labels and wave titles are user or file text: they are HTML-escaped before
plotly sees them. Figures are built from plain specs (``figure_from_specs``), as the other charts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from cxmaturity.charts import palette
from cxmaturity.charts.score_charts import HOVER, QUIET_AXIS, Spec, figure_from_specs, layout_spec, wrap_label
from cxmaturity.i18n import format_number, translate
from cxmaturity.voice.intervals import Estimate
from cxmaturity.voice.painmap import PainMap
from cxmaturity.voice.readings import DISPLAY_FACTOR, display_value, estimate_text, metric_name

#: The axis range of each metric as displayed (the NPS in points, CSAT in percent, CLI 0..100).
_RANGES: Mapping[str, tuple[float, float] | None] = {
    "nps": (-100.0, 100.0),
    "csat": (0.0, 100.0),
    "cli": (0.0, 100.0),
    "csi": None,
    "ces": None,
}


def _axis_range(name: str, scale: tuple[float, float] | None) -> list[float]:
    fixed = _RANGES[name]
    low, high = fixed if fixed is not None else (scale or (0.0, 10.0))
    pad = (high - low) * 0.04
    return [low - pad, high + pad]


def estimates_figure(
    name: str,
    labelled: Sequence[tuple[str, Estimate]],
    title: str,
    language: str,
    scale: tuple[float, float] | None = None,
) -> go.Figure:
    """One metric per row (segment or wave), a dot with its 95% interval, in the given order, top to bottom.

    ``labelled``: (label, estimate) pairs; rows without a figure show "not enough answers" in the hover
    and no dot. ``scale``: the answer scale of a mean metric (CSI, CES), for the axis.
    """
    factor = DISPLAY_FACTOR[name]
    xs: list[float | None] = []
    plus: list[float] = []
    minus: list[float] = []
    hovers: list[str] = []
    texts: list[str] = []
    for label, estimate in labelled:
        value = None if estimate.value is None else estimate.value * factor
        xs.append(value)
        has_interval = value is not None and estimate.ci_low is not None and estimate.ci_high is not None
        plus.append((estimate.ci_high or 0.0) * factor - value if has_interval and value is not None else 0.0)
        minus.append(value - (estimate.ci_low or 0.0) * factor if has_interval and value is not None else 0.0)
        hovers.append(f"{html.escape(label)}: {html.escape(estimate_text(name, estimate, language))}")
        texts.append(display_value(name, estimate.value, language))
    ticks = [wrap_label(html.escape(label), 22) for label, _ in labelled]
    dots: Spec = {
        "type": "scatter",
        "mode": "markers+text",
        "x": xs,
        "y": list(range(len(labelled))),
        "error_x": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": "#555555"},
        "marker": {"color": palette.SCORE_COLOUR, "size": 11},
        "text": texts,
        "textposition": "top center",
        "hovertext": hovers,
        "hovertemplate": HOVER,
        "cliponaxis": False,
    }
    height = max(220, 90 + 46 * len(labelled))
    layout = layout_spec(title, height, l=20, r=30, b=50)
    axis_title = {"text": metric_name(name, language)}
    layout["xaxis"] = {"range": _axis_range(name, scale), "title": axis_title, "fixedrange": True, "zeroline": True}
    layout["yaxis"] = {"tickvals": list(range(len(labelled))), "ticktext": ticks, "autorange": "reversed"}
    layout["yaxis"].update(QUIET_AXIS)
    if not labelled:
        layout["annotations"] = [_note(translate("voice.not_enough_answers", language))]
    return figure_from_specs([dots], layout)


def _note(text: str) -> Spec:
    return {"text": text, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False}


#: The cumulative-share axis of the Pareto chart: 0-100% in steps of 25.
PARETO_SHARE_TICKS = (0, 25, 50, 75, 100)


def pareto_figure(pain: PainMap, labels: Mapping[str, str], title: str, language: str) -> go.Figure:
    """The reasons as bars (how many customers named each, most first) and the cumulative share as a line."""
    names = [wrap_label(html.escape(labels.get(row.choice, row.choice)), 12) for row in pain.rows]
    counts = [row.count for row in pain.rows]
    cumulative = [row.cumulative * 100 for row in pain.rows]
    hovers = [
        translate(
            "voice_ui.chart.pareto_hover",
            language,
            reason=html.escape(labels.get(row.choice, row.choice)),
            count=row.count,
            share=display_value("csat", row.share.value, language),
            cumulative=display_value("csat", row.cumulative, language),
        )
        for row in pain.rows
    ]
    bars: Spec = {
        "type": "bar",
        "x": names,
        "y": counts,
        "marker": {"color": palette.SCORE_COLOUR},
        "name": translate("voice_ui.chart.pareto_count", language),
        "text": [format_number(c, language, 0) for c in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": hovers,
        "hovertemplate": HOVER,
    }
    line: Spec = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": names,
        "y": cumulative,
        "yaxis": "y2",
        "line": {"color": palette.TARGET_COLOUR, "width": 2},
        "marker": {"size": 7},
        "name": translate("voice_ui.chart.pareto_cumulative", language),
        "hovertext": hovers,
        "hovertemplate": HOVER,
    }
    layout = layout_spec(title, 420, l=50, r=50, b=110)
    layout["showlegend"] = True
    layout["legend"]["y"] = -0.32
    top = max(counts, default=1) * 1.2
    layout["xaxis"] = {"fixedrange": True, "automargin": True, "tickangle": 0}
    layout["yaxis"] = {
        "range": [0, top],
        "fixedrange": True,
        "title": {"text": translate("voice_ui.chart.pareto_count", language)},
    }
    layout["yaxis2"] = {
        # 0-100% in round steps; the range reaches a little past 100 so the last marker is not cut in half.
        "range": [0, 105],
        "tickmode": "array",
        "tickvals": list(PARETO_SHARE_TICKS),
        "overlaying": "y",
        "side": "right",
        "fixedrange": True,
        "ticksuffix": "%",
        "showgrid": False,
    }
    if not pain.rows:
        layout["annotations"] = [_note(translate("voice.not_enough_answers", language))]
    return figure_from_specs([bars, line], layout)


def company_vs_customers_figure(
    levels: Sequence[str],
    company: Sequence[float | None],
    customers: Sequence[float | None],
    names: tuple[str, str],
    title: str,
    language: str,
) -> go.Figure:
    """Each matched level (base at the bottom) as two bars on the same 0..100 scale: the company's and the customers'."""
    from cxmaturity.core.readings import format_score

    ticks = [wrap_label(html.escape(level), 16) for level in levels]
    data: list[Spec] = []
    for name, values, colour in (
        (names[0], company, palette.LEVEL_BAR_COLOUR),
        (names[1], customers, palette.TARGET_COLOUR),
    ):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": list(values),
                "y": ticks,
                "name": name,
                "marker": {"color": colour},
                "text": [format_score(v, language) for v in values],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertext": [f"{html.escape(name)}: {format_score(v, language)}" for v in values],
                "hovertemplate": HOVER,
            }
        )
    layout = layout_spec(title, max(260, 110 + 70 * len(levels)), l=20, r=40, b=80)
    layout.update(showlegend=True, barmode="group", bargap=0.25)
    layout["legend"]["y"] = -0.2
    layout["xaxis"] = {
        "range": [0, 108],
        "fixedrange": True,
        "title": {"text": translate("voice_ui.company.axis", language)},
    }
    layout["yaxis"] = {"autorange": "reversed", **QUIET_AXIS}
    return figure_from_specs(data, layout)
