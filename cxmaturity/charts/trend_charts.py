"""Plotly figures and one-line readings of the trend across waves.

A :class:`~cxmaturity.workspace.waves.Trend` holds one score per wave for every level and aspect.
Each figure draws a line with markers per level (or aspect) across the waves, and the
target as a dashed line. Waves sit at numeric positions 1..n with their titles as tick
labels, so two waves with the same title never collapse into one point. Wave titles are
user text: they are HTML-escaped before plotly sees them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Literal

import plotly.graph_objects as go

from cxmaturity.charts import palette
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.readings import aspect_title, format_score, level_title, target_of
from cxmaturity.i18n import translate
from cxmaturity.workspace.waves import Trend

Section = Literal["levels", "aspects"]

#: Height of a trend figure in pixels (two sit side by side).
HEIGHT = 440
_FONT = {"size": 13, "color": "#222222"}


def signed_points(value: float | None, language: str) -> str:
    """A change in points with its sign (``+12.5``, ``−3``, ``0``); ``—`` for None."""
    if value is None:
        return format_score(None, language)
    rounded = round(value, 1)
    if rounded == 0:
        return format_score(0.0, language)
    sign = "+" if rounded > 0 else "\u2212"
    return f"{sign}{format_score(abs(rounded), language)}"


def wave_tick(position: int, language: str, respondents: int | None = None) -> str:
    """A wave's tick label: "Wave 2" and, when known, how many respondents answered ("n = 6").

    The title is in the hover and in the list of waves above the chart: a long title wrapped
    under the axis was clipped by the legend (finding 8 of the November review).
    """
    tick = translate("consultant_day.waves.tick", language, n=position)
    if respondents is None:
        return tick
    return f"{tick}<br>{translate('consultant_day.waves.tick_n', language, n=respondents)}"


def _series(trend: Trend, section: Section) -> Mapping[str, tuple[float | None, ...]]:
    return trend.levels if section == "levels" else trend.aspects


def _title(questionnaire: Questionnaire, section: Section, item_id: str, language: str) -> str:
    if section == "levels":
        return level_title(questionnaire, item_id, language)
    return aspect_title(questionnaire, item_id, language)


def _colour(section: Section, index: int) -> str:
    return palette.level_colour(index) if section == "levels" else palette.aspect_colour(index)


def targets_of(trend: Trend, questionnaire: Questionnaire, section: Section) -> dict[str, float]:
    """Each level's (or aspect's) target in the newest wave."""
    card = trend.cards[-1]
    scores = card.levels if section == "levels" else card.aspects
    return {item_id: target_of(scores[item_id], questionnaire) for item_id in _series(trend, section)}


def trend_figure(trend: Trend, questionnaire: Questionnaire, section: Section, language: str) -> go.Figure:
    """Lines with markers per level (or aspect) across the waves, with the targets dashed.

    ``questionnaire`` is the newest wave's (it names the levels and aspects of the trend).
    One target shared by every line is drawn once in the target colour; different targets
    are drawn dotted in their line's colour.
    """
    positions = list(range(1, len(trend.labels) + 1))
    fig = go.Figure()
    targets = targets_of(trend, questionnaire, section)
    single_target = len(set(targets.values())) == 1
    for index, (item_id, values) in enumerate(_series(trend, section).items()):
        name = _title(questionnaire, section, item_id, language)
        colour = _colour(section, index)
        hover = [
            f"{html.escape(name)}<br>{position}. {html.escape(label)}: {format_score(value, language)}"
            for position, label, value in zip(positions, trend.labels, values, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=positions,
                y=[None if value is None else round(value, 1) for value in values],
                mode="lines+markers",
                name=html.escape(name),
                legendgroup=item_id,
                line={"color": colour, "width": 2.5},
                marker={"size": 9, "color": colour},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                connectgaps=False,
            )
        )
        if not single_target:
            target = targets[item_id]
            target_text = translate(
                "waves.chart.target_of", language, name=html.escape(name), value=format_score(target, language)
            )
            fig.add_trace(
                go.Scatter(
                    x=[positions[0] - 0.2, positions[-1] + 0.2],
                    y=[target, target],
                    mode="lines",
                    legendgroup=item_id,
                    showlegend=False,
                    line={"color": colour, "width": 1.5, "dash": "dot"},
                    hovertext=[target_text] * 2,
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    if single_target and targets:
        target = next(iter(targets.values()))
        fig.add_trace(
            go.Scatter(
                x=[positions[0] - 0.2, positions[-1] + 0.2],
                y=[target, target],
                mode="lines",
                name=translate("waves.chart.target", language, value=format_score(target, language)),
                line={"color": palette.TARGET_COLOUR, "width": 2, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    title_key = "waves.chart.levels" if section == "levels" else "waves.chart.aspects"
    fig.update_layout(
        template="plotly_white",
        height=HEIGHT,
        autosize=True,
        font=_FONT,
        title={"text": translate(title_key, language), "x": 0.02, "xanchor": "left", "xref": "container"},
        margin={"l": 50, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.18, "yanchor": "top"},
        hoverlabel={"align": "left"},
        showlegend=True,
    )
    fig.update_xaxes(
        tickvals=positions,
        ticktext=[
            wave_tick(position, language, trend.compositions[position - 1].respondents if trend.compositions else None)
            for position in positions
        ],
        range=[0.6, len(positions) + 0.4],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        automargin=True,
    )
    fig.update_yaxes(
        range=[0, 102],
        title={"text": translate("waves.chart.score_axis", language)},
        fixedrange=True,
        zeroline=False,
    )
    return fig


def trend_reading(trend: Trend, questionnaire: Questionnaire, section: Section, language: str) -> str:
    """One sentence: which level (or aspect) rose and which fell most since the previous wave."""
    if len(trend.labels) < 2:
        return translate("waves.reading.one_wave", language)
    moves: list[tuple[float, str]] = []
    for item_id, values in _series(trend, section).items():
        last, previous = values[-1], values[-2]
        if last is not None and previous is not None:
            moves.append((last - previous, _title(questionnaire, section, item_id, language)))
    previous_label = trend.labels[-2]
    if not moves:
        return translate("waves.reading.none", language, previous=previous_label)
    up = max(moves, key=lambda move: move[0])
    down = min(moves, key=lambda move: move[0])
    rose, fell = round(up[0], 1) > 0, round(down[0], 1) < 0
    words = {
        "previous": previous_label,
        "up": up[1],
        "up_change": up[0],
        "down": down[1],
        "down_change": down[0],
    }
    if rose and fell:
        return translate("waves.reading.rose_fell", language, **words)
    if rose:
        return translate("waves.reading.rose", language, **words)
    if fell:
        return translate("waves.reading.fell", language, **words)
    return translate("waves.reading.steady", language, **words)
