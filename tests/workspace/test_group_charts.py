"""Group charts, group readings, group sizes, the story and answer summaries, with values by hand.

Mini questionnaire, GROUP_ANSWERS: executives (3) score 100 everywhere; front line (3) base 37.5,
top 50, aspect cx 25, ex 50; one customer base 0. Evidence of ``filled``: base.cx.a 2 (50), base.ex.b 0.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from cxmaturity.charts.group_charts import (
    drivers_figure,
    groups_radar_figure,
    perception_gap_figure,
    self_vs_evidence_figure,
)
from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.workspace.evidence import answer_summaries, compare_self_and_evidence
from cxmaturity.workspace.group_readings import (
    evidence_reading,
    gap_sentence,
    group_name,
    groups_radar_reading,
    story_text,
)
from cxmaturity.workspace.perception import gap_drivers, group_sizes, hidden_groups, largest_gaps, perception_story
from tests.workspace.conftest import GROUP_ANSWERS

ANSWERS = answer_set_from_records(GROUP_ANSWERS)


@pytest.fixture()
def card(mini: Questionnaire):  # type: ignore[no-untyped-def]
    return score_answers(mini, ANSWERS, min_group_size=3)


def test_group_sizes_and_hidden_groups() -> None:
    assert group_sizes(ANSWERS) == {"executives": 3, "front line": 3, "customers": 1}
    assert hidden_groups(ANSWERS, 3) == 1 and hidden_groups(ANSWERS, 1) == 0 and hidden_groups(ANSWERS, 4) == 3


def test_groups_radar_draws_the_shown_groups_and_the_target(mini: Questionnaire, card) -> None:  # type: ignore[no-untyped-def]
    fig = groups_radar_figure(card, mini, "en", "level")
    assert [trace.name for trace in fig.data] == ["All respondents", "executives", "front line", "Target"]
    assert list(fig.data[1].r) == [100.0, 100.0, 100.0] and list(fig.data[2].r) == [37.5, 50.0, 37.5]
    assert list(fig.data[3].r) == [80.0, 80.0, 80.0]
    aspects = groups_radar_figure(card, mini, "ru", "aspect")
    assert [trace.name for trace in aspects.data][1:3] == ["руководители", "первая линия"]
    assert list(aspects.data[2].r) == [25.0, 50.0, 25.0]


def test_perception_gap_chart_puts_the_largest_gap_on_top(mini: Questionnaire, card) -> None:  # type: ignore[no-untyped-def]
    rows = largest_gaps(card, 3)
    assert [(row.section, row.item_id, row.gap.gap) for row in rows] == [
        ("aspect", "cx", 75.0), ("level", "base", 62.5), ("level", "top", 50.0), ("aspect", "ex", 50.0)
    ]  # fmt: skip
    fig = perception_gap_figure(rows, mini, "en", list(card.groups))
    low, high = fig.data
    assert (low.name, high.name) == ("front line", "executives")
    assert list(low.x) == [25.0, 37.5, 50.0, 50.0] and list(low.y) == [0, 1, 2, 3]
    assert list(high.x) == [100.0] * 4 and list(high.text) == ["100"] * 4
    assert list(fig.layout.yaxis.ticktext) == ["Customer · aspect", "Base · level", "Top · level", "Employee · aspect"]
    # Each group keeps its radar colour; the line joins the two dots of each row.
    assert (low.marker.color, high.marker.color) == ("#e69f00", "#0072b2")
    assert [(shape.x0, shape.x1) for shape in fig.layout.shapes] == [
        (25.0, 100.0),
        (37.5, 100.0),
        (50.0, 100.0),
    ] * 1 + [(50.0, 100.0)]
    # Built from plain specs for speed: plotly's validating constructor must change nothing.
    radar = groups_radar_figure(card, mini, "uk", "level")
    for figure in (
        fig,
        radar,
        drivers_figure(gap_drivers(mini, card, "aspect", "cx", 1), rows[0], mini, "ru", list(card.groups)),
    ):
        assert json.loads(go.Figure(figure.to_dict()).to_json()) == json.loads(figure.to_json())


def test_drivers_chart_and_readings(mini: Questionnaire, card) -> None:  # type: ignore[no-untyped-def]
    row = largest_gaps(card, 3)[1]  # base level
    drivers = gap_drivers(mini, card, "level", "base", 3)
    assert [(d.question_id, d.high_score, d.low_score) for d in drivers] == [
        ("base.cx.a", 100, 0),
        ("base.ex.b", 100, 50),
    ]
    fig = drivers_figure(drivers, row, mini, "en", list(card.groups))
    assert list(fig.layout.yaxis.ticktext) == ["A", "B"] and list(fig.data[0].x) == [0.0, 50.0]
    assert gap_sentence(row, mini, "en") == "Executives rate Base 62.5 points higher than front line."
    assert (
        gap_sentence(row, mini, "ru")
        == "«Основа»: группа «руководители» оценивает на 62,5 балла выше, чем группа «первая линия»."
    )
    reading = groups_radar_reading(card, mini, "en", "aspect")
    assert reading == "The groups differ most on Customer: executives 100, front line 25."
    assert group_name("board", "ru") == "board" and group_name("customers", "uk") == "клієнти"


def test_story_needs_two_groups_far_apart(mini: Questionnaire) -> None:
    story = perception_story(mini, ANSWERS, 60, 3)
    assert story is not None and story.level_id == "base"
    assert (story.high.group, story.high.reaching, story.high.n) == ("executives", 3, 3)
    assert (story.low.group, story.low.reaching, story.low.n) == ("front line", 0, 3)
    text = story_text(story, mini, 60, "en")
    assert (
        text
        == "100% of executives (n\u00a0=\u00a03) rate Base at or above the threshold of 60, but only 0% of front line (n\u00a0=\u00a03) do."
    )
    # With the threshold at 50 the front line reaches "top" (50) but not "base" (37.5): base is still the story.
    assert perception_story(mini, ANSWERS, 50, 3).level_id == "base"  # type: ignore[union-attr]
    # Only executives shown: no story; everyone within 25 points: no story.
    assert perception_story(mini, ANSWERS, 60, 4) is None
    assert perception_story(mini, ANSWERS, 30, 3, min_difference=0.25) is None


def test_self_vs_evidence_chart_and_reading(store: Store, filled: AssessmentRecord, mini: Questionnaire) -> None:
    comparison = compare_self_and_evidence(mini, store.load_answers(filled.id), store.load_evidence(filled.id))
    fig = self_vs_evidence_figure(comparison, mini, "en")
    assert list(fig.layout.yaxis.ticktext) == ["Employee · aspect", "Base · level", "Customer · aspect"]
    respondents, evidence = fig.data
    assert (respondents.name, evidence.name) == ("Respondents", "Evidence")
    assert list(respondents.x) == pytest.approx([75.0, 412.5 / 7, 375 / 7])
    assert list(evidence.x) == [0.0, 12.5, 50.0]
    assert evidence_reading(comparison, mini, "en") == (
        "The largest difference is on Employee: respondents 75, evidence 0, "
        "so the evidence supports 75 points less than the respondents believe."
    )


def test_answer_summaries(mini: Questionnaire) -> None:
    found = answer_summaries(mini, ANSWERS)
    a = found["base.cx.a"]
    assert (a.n, a.mean, a.median) == (7, pytest.approx(12 / 7), 0.0)
    assert dict(a.counts) == {"0": 4, "2": 0, "4": 3, "na": 0, "dk": 0}
    assert found["top.ex.d"].n == 0 and found["top.ex.d"].mean is None
