"""Plotly figures of respondent groups and evidence: groups on one radar, gaps between groups, self vs evidence.

Like :mod:`cxmaturity.charts.score_charts`, every figure depends only on its arguments (card or
comparison, questionnaire, language): sizes, colours and template are set explicitly.
The comparisons are drawn as dumbbells: two dots on a 0..100 axis joined by a line, one
row per level, aspect or question, the widest first, so the size of a difference reads
as the length of the line and both scores stay visible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import plotly.graph_objects as go

from cxmaturity.charts import palette
from cxmaturity.charts.score_charts import (
    HOVER,
    QUIET_AXIS,
    aspect_radar_figure,
    figure_from_specs,
    layout_spec,
    level_radar_figure,
    wrap_label,
)
from cxmaturity.core.model import Questionnaire, ScoreCard
from cxmaturity.core.readings import format_score
from cxmaturity.i18n import translate
from cxmaturity.workspace.evidence import EvidenceComparison
from cxmaturity.workspace.group_readings import group_name, item_title
from cxmaturity.workspace.perception import Driver, GapRow

__all__ = [
    "Pair",
    "drivers_figure",
    "groups_radar_figure",
    "perception_gap_figure",
    "self_vs_evidence_figure",
]

#: Height of a dumbbell chart: a base plus one band per row.
_ROW_HEIGHT = 34
_BASE_HEIGHT = 150
#: Longer row labels (question texts) are shortened; the hover shows them whole.
_LABEL_LIMIT = 54
#: Colours of the two sides of the self vs evidence chart.
SELF_COLOUR = palette.SCORE_COLOUR
EVIDENCE_COLOUR = palette.TARGET_COLOUR


def groups_radar_figure(
    card: ScoreCard, questionnaire: Questionnaire, language: str, section: str, phone: bool = False
) -> go.Figure:
    """The level (``section="level"``) or aspect radar with every group of the card drawn together, and the target.

    The card's groups are drawn as they are (score it with the anonymity threshold so
    that small groups are not there); default group names appear in ``language``.
    """
    named = replace(card, groups=MappingProxyType({group_name(k, language): v for k, v in card.groups.items()}))
    draw = level_radar_figure if section == "level" else aspect_radar_figure
    # Narrow: drawn in a half-width column, spoke labels broken into lines (or, on a phone, full width).
    return draw(named, questionnaire, language, groups=True, narrow=True, phone=phone)


@dataclass(frozen=True)
class Pair:
    """One row of a dumbbell chart: a label and two named scores (0..100)."""

    label: str
    left: tuple[str, float | None]
    right: tuple[str, float | None]


def _shortened(label: str, limit: int = _LABEL_LIMIT) -> str:
    """At most ``limit`` characters (cut at a space, with an ellipsis): two lines at most on the axis."""
    if len(label) <= limit:
        return label
    return label[: label.rfind(" ", 0, limit - 1) if " " in label[: limit - 1] else limit - 1].rstrip(" ,;:") + "…"


def _dumbbell(pairs: Sequence[Pair], colours: Mapping[str, str], title: str, language: str) -> go.Figure:
    """Rows top to bottom in the given order; a grey line joins each row's two dots."""
    ys = list(range(len(pairs)))
    shapes = []
    for y, pair in zip(ys, pairs, strict=True):
        scores = [score for _name, score in (pair.left, pair.right) if score is not None]
        if len(scores) == 2:
            shapes.append(
                {"type": "line", "xref": "x", "yref": "y", "x0": scores[0], "x1": scores[1], "y0": y, "y1": y,
                 "line": {"color": "#bbbbbb", "width": 4}, "layer": "below"}
            )  # fmt: skip
    data = []
    for name, colour in colours.items():
        points = [
            (y, score, pair.label)
            for y, pair in zip(ys, pairs, strict=True)
            # A tie can name one group on both ends (the gap is 0): one dot, one label.
            for side, score in ((pair.left,) if pair.left[0] == pair.right[0] else (pair.left, pair.right))
            if side == name and score is not None
        ]
        texts = [format_score(score, language) for _y, score, _label in points]
        positions = [_label_position(pairs[y], name, score) for y, score, _label in points]
        data.append(
            {
                "type": "scatter",
                "x": [score for _y, score, _label in points],
                "y": [y for y, _score, _label in points],
                "mode": "markers+text",
                "name": name,
                "text": texts,
                "textposition": positions,
                "hovertext": [
                    f"{label}<br>{name}: {text}" for (_y, _s, label), text in zip(points, texts, strict=True)
                ],
                "hovertemplate": HOVER,
                "marker": {"size": 13, "color": colour},
                "textfont": {"size": 11, "color": colour},
                "cliponaxis": False,
            }
        )
    layout = layout_spec(title, _BASE_HEIGHT + _ROW_HEIGHT * max(len(pairs), 3), l=20, r=30, b=70)
    # Legend above the plot on the right (under it, it would cover the axis ticks of a short chart).
    layout["showlegend"] = True
    layout["legend"] = {**layout["legend"], "y": 1.0, "yanchor": "bottom", "x": 1.0, "xanchor": "right"}
    layout["shapes"] = shapes
    # Room beyond 0 and 100 for a label written outside its dot.
    layout["xaxis"] = {"range": [-12, 112], "tickvals": [0, 20, 40, 60, 80, 100], "fixedrange": True}
    # Reversed (first row on top), with half a row of room above and below for the score labels.
    labels = [wrap_label(_shortened(pair.label), 28) for pair in pairs]
    layout["yaxis"] = {"tickvals": ys, "ticktext": labels, "range": [len(pairs) - 0.4, -0.7], **QUIET_AXIS}
    return figure_from_specs(data, layout)


#: Scores this close to 0 or 100 get their number above the dot (no room beside it at 390 px).
_EDGE_ROOM = 15.0


def _label_position(pair: Pair, name: str, score: float) -> str:
    """Where a dot's number goes: outside the pair (the lower to the left, the higher to the right),
    so two close scores never print over each other; of two equal scores, the left group's on the left."""
    (left_name, left), (_right_name, right) = pair.left, pair.right
    other = right if name == left_name else left
    if other is None:
        return "top center"
    if score < other or (score == other and name == left_name):
        # Near 0 a number on the left would run into the row labels on a phone: above its dot instead.
        return "top center" if score < _EDGE_ROOM else "middle left"
    return "top center" if score > 100 - _EDGE_ROOM else "middle right"


def _row_label(questionnaire: Questionnaire, section: str, item_id: str, language: str) -> str:
    """``Responsiveness · aspect``: the title with what it is, since levels and aspects share a chart."""
    return f"{item_title(questionnaire, section, item_id, language)} · {translate(f'workspace.section.{section}', language)}"


def _group_colours(names: Sequence[str], order: Sequence[str], language: str) -> dict[str, str]:
    """Each group's radar colour (by its place in ``order``), keyed by its shown name."""
    return {
        group_name(name, language): palette.group_colour(order.index(name) if name in order else len(order) + i)
        for i, name in enumerate(names)
    }


def perception_gap_figure(
    rows: Sequence[GapRow], questionnaire: Questionnaire, language: str, group_order: Sequence[str] = ()
) -> go.Figure:
    """The largest gaps between groups: per level or aspect the lowest and highest group's scores.

    ``rows`` come from :func:`cxmaturity.workspace.perception.largest_gaps` (largest first);
    ``group_order`` is the card's group order, so each group keeps its radar colour.
    """
    names = list(dict.fromkeys(name for row in rows for name in (row.gap.low, row.gap.high)))
    colours = _group_colours(names, list(group_order), language)
    pairs = [
        Pair(
            _row_label(questionnaire, row.section, row.item_id, language),
            (group_name(row.gap.low, language), row.gap.low_score),
            (group_name(row.gap.high, language), row.gap.high_score),
        )
        for row in rows
    ]
    return _dumbbell(pairs, colours, translate("groups.chart.gaps", language), language)


def drivers_figure(
    drivers: Sequence[Driver],
    row: GapRow,
    questionnaire: Questionnaire,
    language: str,
    group_order: Sequence[str] = (),
) -> go.Figure:
    """The questions behind one gap: both groups' mean scores per question, the widest difference first."""
    colours = _group_colours([row.gap.low, row.gap.high], list(group_order), language)
    low, high = group_name(row.gap.low, language), group_name(row.gap.high, language)
    pairs = [
        Pair(questionnaire.question(d.question_id).text.get(language), (low, d.low_score), (high, d.high_score))
        for d in drivers
    ]
    return _dumbbell(pairs, colours, translate("groups.chart.drivers", language), language)


def self_vs_evidence_figure(comparison: EvidenceComparison, questionnaire: Questionnaire, language: str) -> go.Figure:
    """Self score and evidence score per level and aspect, the largest difference first.

    Levels and aspects where either side has no score are left out.
    """
    self_name = translate("evidence.compare.self", language)
    evidence_name = translate("evidence.compare.evidence", language)
    ranked = sorted(
        comparison.largest("level") + comparison.largest("aspect"), key=lambda item: -abs(item.difference or 0.0)
    )
    pairs = [
        Pair(
            _row_label(questionnaire, item.section, item.item_id, language),
            (self_name, item.self_score),
            (evidence_name, item.evidence_score),
        )
        for item in ranked
    ]
    colours = {self_name: SELF_COLOUR, evidence_name: EVIDENCE_COLOUR}
    return _dumbbell(pairs, colours, translate("evidence.chart.title", language), language)
