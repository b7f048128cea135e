"""Plotly figures of a score card for the results screen.

Every figure is built from a :class:`~cxmaturity.core.model.ScoreCard`, its
:class:`~cxmaturity.core.model.Questionnaire` and a language, and depends on nothing
else: the template, sizes and colours are set explicitly, so the same card gives
the same JSON whatever plotly's global defaults are. Colours come from
:mod:`cxmaturity.charts.palette` and numbers from :func:`cxmaturity.core.readings.format_score`,
which the PDF report shares. This is the only core module that imports plotly.

Categorical axes use numeric positions with tick labels rather than the titles
themselves, so two levels with the same title could never collapse into one row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cxmaturity.charts import palette
from cxmaturity.core.model import Questionnaire, ScoreCard, SetScore, Text
from cxmaturity.core.readings import (
    attained_count,
    format_score,
    format_stage,
    gap_of,
    level_priority,
    question_ranking,
    target_of,
)
from cxmaturity.i18n import translate
from cxmaturity.workspace.group_readings import group_name

__all__ = [
    "HEIGHTS",
    "aspect_radar_figure",
    "gap_bars_figure",
    "heatmap_figure",
    "level_radar_figure",
    "pyramid_figure",
    "question_ranking",
    "spoke_codes",
    "spoke_key",
]

#: Fixed figure heights in pixels, chosen to sit two per row on a dashboard.
HEIGHTS: Mapping[str, int] = {"pyramid": 440, "radar": 440, "heatmap": 420, "gaps": 440}
_TEMPLATE = "plotly_white"
_FONT = {"size": 13, "color": "#222222"}
#: Hover shows the trace's own ``hovertext`` and nothing else.
HOVER = "%{hovertext}<extra></extra>"
QUIET_AXIS = {"showgrid": False, "zeroline": False, "fixedrange": True, "automargin": True}
_NOTE_FONT = {"color": palette.THRESHOLD_COLOUR, "size": 12}


Spec = dict[str, Any]


def layout_spec(title: str, height: int, **margin: int) -> Spec:
    """The layout every chart starts from. Title at the top-left of the container, legend under the plot: they can never overlap."""
    return {
        # The template as a full object: plotly.js cannot resolve a template name by itself.
        "template": pio.templates[_TEMPLATE].to_plotly_json(),
        "height": height,
        "autosize": True,
        "font": dict(_FONT),
        "title": {"text": title, "x": 0.02, "xanchor": "left", "xref": "container", "y": 0.97, "yref": "container"},
        "margin": {"l": 40, "r": 20, "t": 64, "b": 40, **margin},
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.06, "yanchor": "top"},
        "hoverlabel": {"align": "left"},
        "showlegend": False,
    }


def figure_from_specs(data: list[Spec], layout: Spec) -> go.Figure:
    """The figure of plain ``data`` and ``layout`` specs, taken as they are.

    Plotly validates every property of a figure built the usual way (``add_trace``,
    ``update_layout``): 30-40 ms a figure, most of the Results page's time after a changed
    answer. The specs here are written to plotly's schema instead, and tests/test_charts.py
    checks that validating them would change nothing.
    """
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def wrap_label(text: str, width: int = 12) -> str:
    """Break a label at spaces into lines of about ``width`` characters (``<br>`` for plotly)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _no_data(language: str) -> Spec:
    """The "no answers yet" note in the middle of the plot, as an annotation spec."""
    text = translate("charts.no_data", language)
    return {
        "text": text,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": dict(_NOTE_FONT),
    }


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
    levels = questionnaire.levels
    count = len(levels)
    reached = set(card.attained_levels[: attained_count(card, questionnaire)])
    threshold = format_score(card.threshold, language)
    data: list[Spec] = []
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
        line = dict(_OUTLINES.get(status, {"color": "#ffffff", "width": 1}))
        xs, ys = [-wb, wb, wt, -wt, -wb], [bottom, bottom, top, top, bottom]
        band = {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": fill}
        data.append({**band, "line": line, "name": title, "hoverinfo": "skip", "showlegend": False})
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
    data.append(
        {
            "type": "scatter",
            "x": [0.0] * count,
            "y": centres,
            "mode": "text",
            "text": labels,
            "hovertext": hovers,
            "hovertemplate": HOVER,
            "textfont": {"color": label_colours, "size": 15},
            "showlegend": False,
            "name": translate("charts.score", language),
        }
    )
    # Level titles to the right of each band.
    titles = [level.title.get(language) for level in levels]
    xs = [_half_width(y, count) + 0.06 for y in centres]
    data.append(
        {
            "type": "scatter",
            "x": xs,
            "y": list(centres),
            "mode": "text",
            "text": titles,
            "textposition": "middle right",
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    layout = layout_spec(translate("charts.pyramid.title", language), HEIGHTS["pyramid"], l=10, r=10, b=36)
    annotations: list[Spec] = []
    if card.has_answers:
        stage_y = min(max(card.stage, 0.0), float(count))
        dotted = {"color": palette.THRESHOLD_COLOUR, "width": 2, "dash": "dot"}
        stage_line = {"type": "line", "x0": -1.55, "x1": _half_width(stage_y, count), "y0": stage_y, "y1": stage_y}
        layout["shapes"] = [{**stage_line, "line": dotted}]
        stage = translate("charts.pyramid.stage", language, stage=format_stage(card.stage, language))
        annotations.append(
            {"x": -1.55, "y": stage_y, "xanchor": "left", "yanchor": "bottom", "showarrow": False, "text": stage}
        )
        annotations[-1]["font"] = dict(_NOTE_FONT)
    legend = translate("charts.pyramid.legend", language, threshold=threshold)
    corner = {"x": 0.0, "y": 0.0, "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "top", "yshift": -6}
    annotations.append({**corner, "showarrow": False, "text": legend, "font": {**_NOTE_FONT, "size": 11}})
    layout["annotations"] = annotations
    layout["xaxis"] = {"visible": False, "range": [-1.6, 2.3], "fixedrange": True}
    layout["yaxis"] = {"visible": False, "range": [-0.05, count + 0.05], "fixedrange": True}
    return figure_from_specs(data, layout)


# --- radars ---------------------------------------------------------------------------------------


def _closed(values: Sequence[Any]) -> list[Any]:
    return [*values, values[0]] if values else []


EntriesOf = Callable[[ScoreCard], Mapping[str, SetScore]]


def _radar(
    kind: str, ids: Sequence[str], names: Sequence[str], entries_of: EntriesOf, card: ScoreCard, **options: Any
) -> go.Figure:
    questionnaire: Questionnaire = options["questionnaire"]
    language: str = options["language"]
    narrow: bool = options.get("narrow", False)
    phone: bool = options.get("phone", False)
    data: list[Spec] = []
    # In a narrow column the spoke labels are broken into lines, the same way in every trace. On a
    # phone they are short codes (spoke_key says what they stand for): a long name beside a side
    # spoke needs 90 px of margin, which would leave the radar 170 px across on a 390 px screen.
    labels = options.get("codes", names) if phone else [wrap_label(name) for name in names] if narrow else names
    theta = _closed(list(labels))
    target_label = translate("charts.target", language)

    def hover(entry: SetScore, name: str) -> str:
        score = format_score(entry.score, language)
        target = format_score(target_of(entry, questionnaire), language)
        return translate("charts.hover.set", language, name=name, score=score, target=target, n=entry.n)

    def add_scores(source: ScoreCard, label: str, colour: str, width: int, fill: bool) -> None:
        entries = entries_of(source)
        r = [entries[i].score if i in entries else None for i in ids]
        texts = [f"{label}<br>{hover(entries[i], n)}" if i in entries else n for i, n in zip(ids, names, strict=True)]
        trace: Spec = {"type": "scatterpolar", "r": _closed(r), "theta": list(theta), "mode": "lines+markers"}
        trace.update(name=label, line={"color": colour, "width": width}, marker={"size": 6, "color": colour})
        trace["fill"] = "toself" if fill else "none"
        if fill:
            red, green, blue = palette.hex_to_rgb(colour)
            trace["fillcolor"] = f"rgba({red},{green},{blue},0.18)"
        data.append({**trace, "hovertext": _closed(texts), "hovertemplate": HOVER})

    if options["groups"] and card.groups:
        add_scores(card, translate("charts.all_respondents", language), palette.OVERALL_COLOUR, 3, False)
        for index, (group, group_card) in enumerate(card.groups.items()):
            # The default groups in the reader's language, like the Groups page (a name given is kept).
            add_scores(group_card, group_name(group, language), palette.group_colour(index), 2, False)
    else:
        add_scores(card, translate("charts.score", language), palette.SCORE_COLOUR, 3, True)
    entries = entries_of(card)
    targets = [target_of(entries[i], questionnaire) for i in ids]
    target_hovers = [f"{n}<br>{target_label}: {format_score(t, language)}" for n, t in zip(names, targets, strict=True)]
    dashed = {"color": palette.TARGET_COLOUR, "width": 2, "dash": "dash"}
    target: Spec = {"type": "scatterpolar", "r": _closed(targets), "theta": list(theta), "mode": "lines"}
    data.append({**target, "name": target_label, "line": dashed, "hovertext": _closed(target_hovers)})
    data[-1]["hovertemplate"] = HOVER
    sides = 100 if narrow else 70
    title = translate(f"charts.{kind}.title", language)
    if phone:
        # Full width, the legend under the plot (two or three rows when groups are drawn).
        bottom = 40 + 24 * ((len(data) + 1) // 2) if len(data) > 2 else 60
        layout = layout_spec(title, 330 + 70 + bottom, l=34, r=34, t=70, b=bottom)
    else:
        layout = layout_spec(title, HEIGHTS["radar"], l=sides, r=sides, t=80, b=60)
    # The radial ticks run half-way between the first two spokes, clear of the polygons' corners.
    tick_angle = 90 - 180 / max(len(ids), 1)
    radial = {"range": [0, 100], "tickvals": [20, 40, 60, 80, 100], "angle": tick_angle, "tickangle": tick_angle}
    radial["tickfont"] = {"size": 10, "color": "#777777"}
    angular = {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 12}}
    layout.update(showlegend=True, polar={"radialaxis": radial, "angularaxis": angular})
    if not card.has_answers:
        layout["annotations"] = [_no_data(language)]
    return figure_from_specs(data, layout)


def _spoke_titles(questionnaire: Questionnaire) -> dict[str, Text]:
    titles = {level.id: level.title for level in questionnaire.levels}
    titles.update({aspect.id: aspect.title for aspect in questionnaire.aspects})
    return titles


def spoke_codes(questionnaire: Questionnaire, section: str) -> list[tuple[str, str]]:
    """(code, id) of a radar's spokes: levels by their number on the pyramid, aspects by their id in capitals (CX, OX...)."""
    if section == "level":
        return [(str(n), level.id) for n, level in enumerate(questionnaire.levels, start=1)]
    return [(aspect.id.upper(), aspect.id) for aspect in questionnaire.aspects]


def spoke_key(questionnaire: Questionnaire, section: str, language: str) -> str:
    """What a phone radar's spoke codes stand for, as one line: "1 Communication · 2 Responsiveness · ..."."""
    titles = _spoke_titles(questionnaire)
    return " · ".join(f"{code} {titles[key].get(language)}" for code, key in spoke_codes(questionnaire, section))


def _section_radar(
    section: str, card: ScoreCard, questionnaire: Questionnaire, language: str, **flags: bool
) -> go.Figure:
    spokes = spoke_codes(questionnaire, section)
    titles = _spoke_titles(questionnaire)
    ids = [key for _, key in spokes]
    names = [titles[key].get(language) for key in ids]
    entries: EntriesOf = (lambda c: c.levels) if section == "level" else (lambda c: c.aspects)
    codes = [code for code, _ in spokes]
    options = {"questionnaire": questionnaire, "language": language, "codes": codes, **flags}
    return _radar(f"{section}_radar", ids, names, entries, card, **options)


def level_radar_figure(
    card: ScoreCard, questionnaire: Questionnaire, language: str, groups: bool = False, **layout: bool
) -> go.Figure:
    """Level scores as a polygon against the target polygon (one polygon per group with ``groups``).

    ``narrow=True`` fits the radar into a half-width column: spoke labels broken into lines, wider side
    margins. ``phone=True`` draws it for a 390 px screen: full width, the spokes named by :func:`spoke_codes`.
    """
    return _section_radar("level", card, questionnaire, language, groups=groups, **layout)


def aspect_radar_figure(
    card: ScoreCard, questionnaire: Questionnaire, language: str, groups: bool = False, **layout: bool
) -> go.Figure:
    """Aspect scores as a polygon against the target polygon (one polygon per group with ``groups``).

    ``narrow`` and ``phone`` as for :func:`level_radar_figure`.
    """
    return _section_radar("aspect", card, questionnaire, language, groups=groups, **layout)


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
    annotations: list[Spec] = []
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
    x, y = list(range(len(aspects))), list(range(len(levels)))
    common = {"type": "heatmap", "x": x, "y": y, "xgap": 3, "ygap": 3, "hovertext": hovers, "hovertemplate": HOVER}
    # Grey layer for cells with no answers, under the score layer (whose None cells are transparent).
    grey = [[0.0, palette.MISSING_COLOUR], [1.0, palette.MISSING_COLOUR]]
    score_label = translate("charts.score", language)
    # The title beside the bar, not above it: on top it ran into the "100" tick.
    colorbar = {"title": {"text": score_label, "side": "right"}, "thickness": 12, "len": 0.9}
    scale = palette.score_colourscale()
    data = [
        {**common, "z": missing, "zmin": 0, "zmax": 1, "colorscale": grey, "showscale": False, "name": "missing"},
        {**common, "z": z, "zmin": 0, "zmax": 100, "colorscale": scale, "colorbar": colorbar, "name": score_label},
    ]
    layout = layout_spec(translate("charts.heatmap.title", language), HEIGHTS["heatmap"], l=20, r=10, b=50)
    layout["annotations"] = annotations
    # Wrapped rather than rotated: long aspect titles stay level and readable under their columns.
    aspect_titles = [wrap_label(aspect.title.get(language)) for aspect in aspects]
    x_title, y_title = translate("charts.aspect", language), translate("charts.level", language)
    layout["xaxis"] = {"tickvals": x, "ticktext": aspect_titles, "tickangle": 0, "tickfont": {"size": 11}}
    layout["xaxis"].update(title={"text": x_title}, **QUIET_AXIS)
    level_titles = [level.title.get(language) for level in levels]
    layout["yaxis"] = {"tickvals": y, "ticktext": level_titles, "title": {"text": y_title}, **QUIET_AXIS}
    return figure_from_specs(data, layout)


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

    data: list[Spec] = []
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
        bars: Spec = {
            "type": "bar",
            "x": xs,
            "y": ys,
            "orientation": "h",
            "name": translate(f"charts.{kind}", language),
        }
        bars.update(text=texts, marker={"color": colour}, textposition="outside", cliponaxis=False)
        data.append({**bars, "hovertext": hovers, "hovertemplate": HOVER})
    layout = layout_spec(translate("charts.gaps.title", language), HEIGHTS["gaps"], l=20, r=30, b=90)
    # A thin rule between the level block and the aspect block.
    rule = len(level_ids) - 0.5
    dotted = {"color": "#bbbbbb", "width": 1, "dash": "dot"}
    layout["shapes"] = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": rule, "y1": rule, "line": dotted}]
    layout.update(showlegend=True, bargap=0.3)
    layout["legend"]["y"] = -0.18
    axis_title = {"text": translate("charts.gaps.axis", language)}
    x_range = [0, max(10.0, largest * 1.18)]
    layout["xaxis"] = {"range": x_range, "title": axis_title, "fixedrange": True, "zeroline": True}
    layout["yaxis"] = {"tickvals": list(range(len(labels))), "ticktext": labels, "autorange": "reversed"}
    layout["yaxis"].update(QUIET_AXIS)
    if not card.has_answers:
        layout["annotations"] = [_no_data(language)]
    return figure_from_specs(data, layout)
