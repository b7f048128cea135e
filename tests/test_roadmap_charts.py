"""The roadmap timeline: one bar per action, from day 0 to its horizon, grouped and coloured by step."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from cxmaturity.charts.roadmap_timeline import STEP_COLOURS, timeline_figure
from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire, find_questionnaire_path
from cxmaturity.core.scoring import score_answers
from cxmaturity.i18n import translate
from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.plan import plan_rows, unique_actions
from cxmaturity.roadmap.recommendations import library_for, load_library

TODAY = dt.date(2026, 11, 23)


def make(value_of, lang="en"):
    questionnaire = find_questionnaire("cx-pyramid")
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    records = [Answer("self", q.id, AnswerKind.VALUE, float(value_of(q))) for q in questionnaire.questions]
    card = score_answers(questionnaire, answer_set_from_records(records))
    roadmap = build_roadmap(card, questionnaire, library, lang, TODAY)
    return roadmap, plan_rows(roadmap, {}, library)


def weak_base(q):
    return 1 if q.level in ("communication", "responsiveness") else 4


def test_one_bar_per_action_with_its_horizon_and_step_colour():
    roadmap, rows = make(weak_base)
    figure = json.loads(timeline_figure(roadmap, rows, "en").to_json())
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert next(iter(traces)) == "Warning"  # warnings first, then steps 1..5, then next
    assert traces["Warning"]["marker"]["color"] == STEP_COLOURS["warning"]
    step3 = f"3. {roadmap.steps[2].title}"
    assert traces[step3]["marker"]["color"] == STEP_COLOURS[3]
    assert sorted(traces[step3]["x"]) == sorted(
        {a.id: a.horizon_days for a in roadmap.steps[2].actions if a not in roadmap.warnings}.values()
    )
    assert all(base == 0 for trace in figure["data"] for base in trace["base"])
    positions = sorted(y for trace in figure["data"] for y in trace["y"])
    assert positions == list(range(len(unique_actions(roadmap))))
    # Tick labels are the action titles (shortened), in the bar order.
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == len(positions) and all(len(t) <= 42 for t in ticks)
    # The re-assessment line sits at its day count.
    days = (roadmap.next.reassess_on - TODAY).days
    assert figure["layout"]["shapes"][0]["x0"] == days
    assert figure["layout"]["xaxis"]["range"][1] >= days


def test_finished_actions_are_pale_and_hover_names_the_status():
    roadmap, rows = make(weak_base, "ru")
    first = next(i for i, row in enumerate(rows) if row.step == 1)
    rows[first] = dataclasses.replace(rows[first], status="done")
    figure = json.loads(timeline_figure(roadmap, rows, "ru").to_json())
    trace = next(t for t in figure["data"] if t["name"].startswith("1."))
    # Bars of a step are ordered by horizon; find the finished one by its hover text.
    index = next(i for i, text in enumerate(trace["hovertext"]) if text.startswith(rows[first].title))
    assert trace["marker"]["opacity"][index] == 0.35
    assert "Статус: Сделано" in trace["hovertext"][index]
    assert sorted(trace["marker"]["opacity"]).count(0.35) == 1
    assert figure["layout"]["xaxis"]["title"]["text"] == "Дней от сегодня"


def test_an_empty_plan_says_so():
    roadmap, _rows = make(weak_base)
    figure = json.loads(timeline_figure(roadmap, [], "en").to_json())
    assert figure["data"] == []
    assert translate("charts.no_data", "en") in [a["text"] for a in figure["layout"]["annotations"]]
