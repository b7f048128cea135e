"""Plotly figures of a score card for the results screen.

Every figure is built from a :class:`~cxmaturity.model.ScoreCard`, its
:class:`~cxmaturity.model.Questionnaire` and a language, and depends on nothing
else: the template, sizes and colours are set explicitly, so the same card gives
the same JSON whatever plotly's global defaults are. Colours come from
:mod:`cxmaturity.palette` and numbers from :func:`cxmaturity.readings.format_score`,
which the PDF report shares. This is the only core module that imports plotly.

Categorical axes use numeric positions with tick labels rather than the titles
themselves, so two levels with the same title could never collapse into one row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from cxmaturity import palette
from cxmaturity.i18n import translate
from cxmaturity.model import Questionnaire, ScoreCard, SetScore
from cxmaturity.readings import (
    attained_count,
    format_score,
    format_stage,
    gap_of,
    level_priority,
    question_ranking,
    target_of,
)

__all__ = [
    "HEIGHTS",
    "aspect_radar_figure",
    "gap_bars_figure",
    "heatmap_figure",
    "level_radar_figure",
    "pyramid_figure",
    "question_ranking",
]

#: Fixed figure heights in pixels, chosen to sit two per row on a dashboard.
HEIGHTS: Mapping[str, int] = {"pyramid": 440, "radar": 440, "heatmap": 420, "gaps": 440}
_TEMPLATE = "plotly_white"
_FONT = {"size": 13, "color": "#222222"}
_HOVER = "%{hovertext}<extra></extra>"
_QUIET_AXIS = {"showgrid": False, "zeroline": False, "fixedrange": True, "automargin": True}
_NOTE_FONT = {"color": palette.THRESHOLD_COLOUR, "size": 12}


def _base_layout(fig: go.Figure, title: str, height: int, **margin: int) -> None:
    """Title at the top-left of the container, legend under the plot: they can never overlap."""
    fig.update_layout(
        template=_TEMPLATE,
        height=height,
        autosize=True,
        font=_FONT,
        title={"text": title, "x": 0.02, "xanchor": "left", "xref": "container", "y": 0.97, "yref": "container"},
        margin={"l": 40, "r": 20, "t": 64, "b": 40, **margin},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.06, "yanchor": "top"},
        hoverlabel={"align": "left"},
        showlegend=False,
    )


def wrap_label(text: str, width: int = 12) -> str:
    """Break a label at spaces into lines of about ``width`` characters (``<br>`` for plotly)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _no_data(fig: go.Figure, language: str) -> None:
    text = translate("charts.no_data", language)
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=_NOTE_FONT)


# --- pyramid --------------------------------------------------------------------------------------


def _half_width(height: float, levels: int) -> float:
    # The base is 2 wide, the apex 0.5: narrow enough to read as a pyramid, wide enough to hold a score.
    return 1.0 - 0.75 * height / levels


def _level_status(card: ScoreCard, level_id: str, reached: set[str]) -> str:
    if card.levels[level_id].score is None:
        return "unanswered"
    if level_id in reached:
        return "attained"
    return "unsupported" if level_id in card.unsupported_levels else "below"


_OUTLINES: Mapping[str, dict[str, Any]] = {
    "attained": {"color": palette.ATTAINED_OUTLINE, "width": 3},
    "unsupported": {"color": palette.UNSUPPORTED_OUTLINE, "width": 3, "dash": "dash"},
}
_MARKS: Mapping[str, str] = {"attained": "✓ ", "unsupported": "⚠ "}


def pyramid_figure(card: ScoreCard, questionnaire: Questionnaire, language: str) -> go.Figure:
    """The levels stacked as trapezoids from the base, each filled by its score colour.

    Attained levels carry a check mark and a bold outline, unsupported ones a
    warning sign and a dashed outline; a dotted line marks the continuous stage,
    and the caption under the pyramid states the threshold.
    """
    fig = go.Figure()
    levels = questionnaire.levels
    count = len(levels)
    reached = set(card.attained_levels[: attained_count(card, questionnaire)])
    threshold = format_score(card.threshold, language)
    labels: list[str] = []
    label_colours: list[str] = []
    hovers: list[str] = []
    for k, level in enumerate(levels):
        entry = card.levels[level.id]
        title = level.title.get(language)
        status = _level_status(card, level.id, reached)
        fill = palette.score_colour(entry.score)
        bottom, top = k + 0.04, k + 0.96
        wb, wt = _half_width(bottom, count), _half_width(top, count)
        line = _OUTLINES.get(status, {"color": "#ffffff", "width": 1})
        fig.add_trace(
            go.Scatter(x=[-wb, wb, wt, -wt, -wb], y=[bottom, bottom, top, top, bottom], mode="lines", fill="toself")
        )
        fig.update_traces(selector=-1, fillcolor=fill, line=line, name=title, hoverinfo="skip", showlegend=False)
        score = format_score(entry.score, language)
        labels.append(f"<b>✓ {score}</b>" if status == "attained" else f"{_MARKS.get(status, '')}{score}")
        label_colours.append(palette.text_colour_on(fill))
        status_text = translate(f"charts.status.{status}", language)
        hovers.append(
            translate(
                "charts.hover.level",
                language,
                name=title,
                score=score,
                threshold=threshold,
                status=status_text,
                n=entry.n,
            )
        )
    centres = [k + 0.5 for k in range(count)]
    # Scores inside the bands; this trace also carries the hover text.
    fig.add_trace(
        go.Scatter(x=[0.0] * count, y=centres, mode="text", text=labels, hovertext=hovers, hovertemplate=_HOVER)
    )
    fig.update_traces(selector=-1, textfont={"color": label_colours, "size": 15}, showlegend=False)
    fig.update_traces(selector=-1, name=translate("charts.score", language))
    # Level titles to the right of each band.
    titles = [level.title.get(language) for level in levels]
    xs = [_half_width(y, count) + 0.06 for y in centres]
    fig.add_trace(go.Scatter(x=xs, y=centres, mode="text", text=titles, textposition="middle right"))
    fig.update_traces(selector=-1, hoverinfo="skip", showlegend=False)
    if card.has_answers:
        stage_y = min(max(card.stage, 0.0), float(count))
        dotted = {"color": palette.THRESHOLD_COLOUR, "width": 2, "dash": "dot"}
        fig.add_shape(type="line", x0=-1.55, x1=_half_width(stage_y, count), y0=stage_y, y1=stage_y, line=dotted)
        stage = translate("charts.pyramid.stage", language, stage=format_stage(card.stage, language))
        fig.add_annotation(
            x=-1.55, y=stage_y, xanchor="left", yanchor="bottom", showarrow=False, text=stage, font=_NOTE_FONT
        )
    legend = translate("charts.pyramid.legend", language, threshold=threshold)
    fig.add_annotation(
        x=0.0, y=0.0, xref="paper", yref="paper", xanchor="left", yanchor="top", yshift=-6, showarrow=False, text=legend
    )
    fig.update_annotations(selector=-1, font={**_NOTE_FONT, "size": 11})
    _base_layout(fig, translate("charts.pyramid.title", language), HEIGHTS["pyramid"], l=10, r=10, b=36)
    fig.update_xaxes(visible=False, range=[-1.6, 2.3], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-0.05, count + 0.05], fixedrange=True)
    return fig


# --- radars ---------------------------------------------------------------------------------------


def _closed(values: Sequence[Any]) -> list[Any]:
    return [*values, values[0]] if values else []


EntriesOf = Callable[[ScoreCard], Mapping[str, SetScore]]


def _radar(
    kind: str, ids: Sequence[str], names: Sequence[str], entries_of: EntriesOf, card: ScoreCard, **options: Any
) -> go.Figure:
    questionnaire: Questionnaire = options["questionnaire"]
    language: str = options["language"]
    fig = go.Figure()
    theta = _closed(list(names))
    target_label = translate("charts.target", language)

    def hover(entry: SetScore, name: str) -> str:
        score = format_score(entry.score, language)
        target = format_score(target_of(entry, questionnaire), language)
        return translate("charts.hover.set", language, name=name, score=score, target=target, n=entry.n)

    def add_scores(source: ScoreCard, label: str, colour: str, width: int, fill: bool) -> None:
        data = entries_of(source)
        r = [data[i].score if i in data else None for i in ids]
        texts = [f"{label}<br>{hover(data[i], n)}" if i in data else n for i, n in zip(ids, names, strict=True)]
        red, green, blue = palette.hex_to_rgb(colour)
        fig.add_trace(go.Scatterpolar(r=_closed(r), theta=theta, mode="lines+markers", name=label))
        fig.update_traces(
            selector=-1,
            line={"color": colour, "width": width},
            marker={"size": 6, "color": colour},
            fill="toself" if fill else "none",
            fillcolor=f"rgba({red},{green},{blue},0.18)" if fill else None,
            hovertext=_closed(texts),
            hovertemplate=_HOVER,
        )

    if options["groups"] and card.groups:
        add_scores(card, translate("charts.all_respondents", language), palette.OVERALL_COLOUR, 3, False)
        for index, (group, group_card) in enumerate(card.groups.items()):
            add_scores(group_card, group, palette.group_colour(index), 2, False)
    else:
        add_scores(card, translate("charts.score", language), palette.SCORE_COLOUR, 3, True)
    entries = entries_of(card)
    targets = [target_of(entries[i], questionnaire) for i in ids]
    target_hovers = [f"{n}<br>{target_label}: {format_score(t, language)}" for n, t in zip(names, targets, strict=True)]
    fig.add_trace(go.Scatterpolar(r=_closed(targets), theta=theta, mode="lines", name=target_label))
    dashed = {"color": palette.TARGET_COLOUR, "width": 2, "dash": "dash"}
    fig.update_traces(selector=-1, line=dashed, hovertext=_closed(target_hovers), hovertemplate=_HOVER)
    _base_layout(fig, translate(f"charts.{kind}.title", language), HEIGHTS["radar"], l=70, r=70, t=80, b=60)
    # The radial ticks run half-way between the first two spokes, clear of the polygons' corners.
    tick_angle = 90 - 180 / max(len(ids), 1)
    radial = {"range": [0, 100], "tickvals": [20, 40, 60, 80, 100], "angle": tick_angle, "tickangle": tick_angle}
    radial["tickfont"] = {"size": 10, "color": "#777777"}
    angular = {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 12}}
    fig.update_layout(showlegend=True, polar={"radialaxis": radial, "angularaxis": angular})
    if not card.has_answers:
        _no_data(fig, language)
    return fig


def level_radar_figure(card: ScoreCard, questionnaire: Questionnaire, language: str, groups: bool = False) -> go.Figure:
    """Level scores as a polygon against the target polygon (one polygon per group with ``groups``)."""
    ids = [level.id for level in questionnaire.levels]
    names = [level.title.get(language) for level in questionnaire.levels]
    options = {"questionnaire": questionnaire, "language": language, "groups": groups}
    return _radar("level_radar", ids, names, lambda c: c.levels, card, **options)


def aspect_radar_figure(
    card: ScoreCard, questionnaire: Questionnaire, language: str, groups: bool = False
) -> go.Figure:
    """Aspect scores as a polygon against the target polygon (one polygon per group with ``groups``)."""
    ids = [aspect.id for aspect in questionnaire.aspects]
    names = [aspect.title.get(language) for aspect in questionnaire.aspects]
    options = {"questionnaire": questionnaire, "language": language, "groups": groups}
    return _radar("aspect_radar", ids, names, lambda c: c.aspects, card, **options)


# --- heatmap --------------------------------------------------------------------------------------


def heatmap_figure(card: ScoreCard, questionnaire: Questionnaire, language: str) -> go.Figure:
    """Levels (rows, base at the bottom) x aspects (columns), each cell coloured and labelled by its score.

    ``z[i][j]`` is the score of level ``i`` (from the base) and aspect ``j``;
    cells without answers are None, drawn grey with ``—``.
    """
    levels, aspects = questionnaire.levels, questionnaire.aspects
    z: list[list[float | None]] = []
    missing: list[list[float | None]] = []
    hovers: list[list[str]] = []
    fig = go.Figure()
    annotations: list[dict[str, object]] = []
    for li, level in enumerate(levels):
        z.append([])
        missing.append([])
        hovers.append([])
        for ai, aspect in enumerate(aspects):
            entry = card.cells.get((level.id, aspect.id))
            score = entry.score if entry is not None else None
            z[-1].append(score)
            missing[-1].append(1.0 if score is None else None)
            names = {"level": level.title.get(language), "aspect": aspect.title.get(language)}
            text = format_score(score, language)
            n = entry.n if entry is not None else 0
            hovers[-1].append(translate("charts.hover.cell", language, score=text, n=n, **names))
            font = {"color": palette.text_colour_on(palette.score_colour(score)), "size": 14}
            annotations.append({"x": ai, "y": li, "text": text, "showarrow": False, "font": font})
    # One layout update instead of 25 add_annotation calls (each one re-validates the figure).
    fig.update_layout(annotations=annotations)
    x, y = list(range(len(aspects))), list(range(len(levels)))
    common = {"x": x, "y": y, "xgap": 3, "ygap": 3, "hovertext": hovers, "hovertemplate": _HOVER}
    # Grey layer for cells with no answers, under the score layer (whose None cells are transparent).
    grey = [[0.0, palette.MISSING_COLOUR], [1.0, palette.MISSING_COLOUR]]
    fig.add_trace(go.Heatmap(z=missing, zmin=0, zmax=1, colorscale=grey, showscale=False, name="missing", **common))
    score_label = translate("charts.score", language)
    colorbar = {"title": {"text": score_label, "side": "top"}, "thickness": 12, "len": 0.9}
    scale = palette.score_colourscale()
    fig.add_trace(go.Heatmap(z=z, zmin=0, zmax=100, colorscale=scale, colorbar=colorbar, name=score_label, **common))
    _base_layout(fig, translate("charts.heatmap.title", language), HEIGHTS["heatmap"], l=20, r=10, b=50)
    # Wrapped rather than rotated: long aspect titles stay level and readable under their columns.
    aspect_titles = [wrap_label(aspect.title.get(language)) for aspect in aspects]
    fig.update_xaxes(tickvals=x, ticktext=aspect_titles, tickangle=0, tickfont={"size": 11})
    fig.update_xaxes(title={"text": translate("charts.aspect", language)})
    fig.update_yaxes(tickvals=y, ticktext=[level.title.get(language) for level in levels])
    fig.update_yaxes(title={"text": translate("charts.level", language)})
    fig.update_xaxes(**_QUIET_AXIS)
    fig.update_yaxes(**_QUIET_AXIS)
    return fig


# --- gaps -----------------------------------------------------------------------------------------


def gap_bars_figure(card: ScoreCard, questionnaire: Questionnaire, language: str) -> go.Figure:
    """Gaps to target as horizontal bars: levels by priority first, then aspects by gap, largest on top.

    Sets without a score come last in their block, with an empty bar and ``—``.
    """
    level_ids = [level.id for level in questionnaire.levels]
    aspect_ids = [aspect.id for aspect in questionnaire.aspects]

    def level_key(level_id: str) -> tuple[bool, float, int]:
        priority = level_priority(card, questionnaire, level_id)
        return (priority is None, -(priority or 0.0), level_ids.index(level_id))

    def aspect_key(aspect_id: str) -> tuple[bool, float, int]:
        gap = gap_of(card.aspects[aspect_id], questionnaire)
        return (gap is None, -(gap or 0.0), aspect_ids.index(aspect_id))

    fig = go.Figure()
    labels: list[str] = []
    largest = 0.0
    blocks = (
        ("levels", sorted(level_ids, key=level_key), card.levels, questionnaire.level, palette.LEVEL_BAR_COLOUR),
        ("aspects", sorted(aspect_ids, key=aspect_key), card.aspects, questionnaire.aspect, palette.ASPECT_BAR_COLOUR),
    )
    for kind, ids, entries, lookup, colour in blocks:
        ys: list[int] = []
        xs: list[float | None] = []
        hovers: list[str] = []
        for item in ids:
            entry = entries[item]
            name = lookup(item).title.get(language)
            gap = gap_of(entry, questionnaire)
            priority = level_priority(card, questionnaire, item) if kind == "levels" else None
            values = {
                "score": format_score(entry.score, language),
                "target": format_score(target_of(entry, questionnaire), language),
                "gap": format_score(gap, language),
                "priority": format_score(priority, language),
            }
            hovers.append(translate("charts.hover.gap", language, name=name, **values))
            ys.append(len(labels))
            xs.append(gap)
            labels.append(name)
            largest = max(largest, gap or 0.0)
        texts = [format_score(gap, language) for gap in xs]
        fig.add_trace(go.Bar(x=xs, y=ys, orientation="h", name=translate(f"charts.{kind}", language), text=texts))
        fig.update_traces(selector=-1, marker={"color": colour}, textposition="outside", cliponaxis=False)
        fig.update_traces(selector=-1, hovertext=hovers, hovertemplate=_HOVER)
    # A thin rule between the level block and the aspect block.
    rule = len(level_ids) - 0.5
    dotted = {"color": "#bbbbbb", "width": 1, "dash": "dot"}
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=rule, y1=rule, line=dotted)
    _base_layout(fig, translate("charts.gaps.title", language), HEIGHTS["gaps"], l=20, r=30, b=90)
    fig.update_layout(showlegend=True, bargap=0.3, legend={"y": -0.18})
    axis_title = {"text": translate("charts.gaps.axis", language)}
    fig.update_xaxes(range=[0, max(10.0, largest * 1.18)], title=axis_title, fixedrange=True, zeroline=True)
    fig.update_yaxes(tickvals=list(range(len(labels))), ticktext=labels, autorange="reversed", **_QUIET_AXIS)
    if not card.has_answers:
        _no_data(fig, language)
    return fig
