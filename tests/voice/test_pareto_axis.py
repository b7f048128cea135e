"""The Pareto chart's right axis (the cumulative share) reads 0-100% in round steps (issue 16)."""

from __future__ import annotations

from cxmaturity.charts.voice_charts import pareto_figure
from cxmaturity.voice.intervals import share_estimate
from cxmaturity.voice.painmap import PainMap, PainRow


def _pain(counts: list[int]) -> PainMap:
    total = sum(counts)
    rows, running = [], 0
    for index, count in enumerate(counts):
        running += count
        rows.append(PainRow(f"r{index}", count, share_estimate(count, total), running / total, None))
    return PainMap("reason", total, tuple(rows), None)


def test_the_cumulative_axis_ticks_are_0_25_50_75_100_percent():
    # 7, 3, 1 of 11: the cumulative line ends at 100%; before the fix plotly chose 17.5% steps up to 105%.
    figure = pareto_figure(_pain([7, 3, 1]), {}, "Reasons", "en")
    axis = figure.layout.yaxis2
    assert list(axis.tickvals) == [0, 25, 50, 75, 100]
    assert axis.tickmode == "array" and axis.ticksuffix == "%"
    assert axis.range[0] == 0 and 100 <= axis.range[1] <= 110  # the top marker is whole, no tick above 100
    assert list(figure.data[1].y)[-1] == 100.0
