"""The three journey charts: valid plotly specs in three languages, the right points, and 200 touchpoints."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from cxmaturity.charts.journey_charts import (
    LADDER_NAMED_ROWS,
    criticality_matrix_figure,
    emotion_curve_figure,
    level_ladder_figure,
)
from cxmaturity.i18n import LANGUAGES
from cxmaturity.journey.summary import summarise
from tests.journey.large import large_map, large_ratings
from tests.journey.test_summary_and_roadmap import rated_map


def figures(summary, lang: str) -> list[go.Figure]:  # type: ignore[no-untyped-def]
    return [
        emotion_curve_figure(summary.curve, summary.bands, lang),
        criticality_matrix_figure(summary.points, lang),
        level_ladder_figure(summary.ladder, lang),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_specs_pass_plotly_validation_unchanged(lang: str) -> None:
    for summary in (summarise(*rated_map()), summarise(rated_map()[0], [])):
        for fast in figures(summary, lang):
            assert json.loads(go.Figure(fast.to_dict()).to_json()) == json.loads(fast.to_json())


def test_the_charts_show_the_rated_values() -> None:
    summary = summarise(*rated_map())
    curve, matrix, ladder = figures(summary, "en")
    line = next(trace for trace in curve.data if trace.mode == "lines+markers")
    # Journey order: Payment (1), Delivery (2), Help desk (3); emotions -1, +1 and -2 (Bob left it empty).
    assert list(line.x) == [1, 2, 3] and list(line.y) == [-1, 1, -2]
    stars = next(trace for trace in curve.data if trace.name == "Moment of truth")
    assert list(stars.x) == [3]
    weak = next(trace for trace in matrix.data if trace.name == "Performs below 50")
    fine = next(trace for trace in matrix.data if trace.name == "Performs at 50 or better")
    assert sorted(zip(weak.x, weak.y, strict=True)) == [(4.0, 5.0), (5.0, 4.0)]  # Help desk 4/5, Payment 5/4
    assert list(zip(fine.x, fine.y, strict=True)) == [(4.0, 4.0)]  # Delivery
    today = next(trace for trace in ladder.data if trace.name == "Today")
    assert list(today.x) == [2.0]  # only Bob rated a level (Help desk, level 2)


def test_two_hundred_touchpoints_keep_readable_axes() -> None:
    summary = summarise(large_map(200), large_ratings(200))
    curve, _matrix, ladder = figures(summary, "en")
    assert curve.layout.xaxis.tickmode == "auto" and curve.layout.xaxis.nticks <= 16
    assert len(summary.ladder) > LADDER_NAMED_ROWS
    # Beyond 40 rows the ladder numbers every tenth row instead of naming every one.
    assert len(ladder.layout.yaxis.tickvals) == len(range(0, len(summary.ladder), 10))
