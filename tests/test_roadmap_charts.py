"""The roadmap's plan as a Gantt chart: one bar per action in the plan, steps in the method's order."""

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
from cxmaturity.roadmap.plan import plan_rows
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.roadmap.schedule import build_plan

TODAY = dt.date(2026, 11, 23)
DAY_MS = 86_400_000


def make(value_of, lang="en"):
    questionnaire = find_questionnaire("cx-pyramid")
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    records = [Answer("self", q.id, AnswerKind.VALUE, float(value_of(q))) for q in questionnaire.questions]
    card = score_answers(questionnaire, answer_set_from_records(records))
    roadmap = build_roadmap(card, questionnaire, library, lang, TODAY)
    return roadmap, plan_rows(roadmap, {}, library)


def weak_base(q):
    return 1 if q.level in ("communication", "responsiveness") else 4


def test_one_bar_per_planned_action_from_its_start_to_its_due_date():
    roadmap, rows = make(weak_base)
    plan = build_plan(rows, TODAY)
    figure = json.loads(timeline_figure(roadmap, plan, "en").to_json())
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert next(iter(traces)) == "Warning"  # warnings first, then steps 1..5, then next
    assert traces["Warning"]["marker"]["color"] == STEP_COLOURS["warning"]
    assert traces[f"3. {roadmap.steps[2].title}"]["marker"]["color"] == STEP_COLOURS[3]
    bars = [
        (start, due, days, step, depends)
        for trace in figure["data"]
        for (start, due, step, depends), days in zip(trace["customdata"], trace["x"], strict=True)
    ]
    # At most about 12 actions by default; the rest are "more options".
    assert len(bars) == len(plan.actions) <= 12 and plan.more
    for start, due, length, _step, _depends in bars:
        assert (dt.date.fromisoformat(due) - dt.date.fromisoformat(start)).days * DAY_MS == length
    # No step starts before the step it waits for has ended.
    ends: dict[str, str] = {}
    for _start, due, _length, step, _depends in bars:
        ends[step] = max(ends.get(step, ""), due)
    for start, _due, _length, _step, depends in bars:
        if depends:
            assert start >= ends[depends]
    # The pilot (step 4) ends before analysing it (step 5) starts.
    assert min(b[0] for b in bars if b[3] == "5") >= max(b[1] for b in bars if b[3] == "4")
    # Labels are whole, wrapped onto lines, never cut.
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert [tick.replace("<br>", " ") for tick in ticks] == [a.row.title for a in plan.actions]
    assert not any(tick.endswith("…") for tick in ticks)
    # One arrow per step that waits for another; the re-assessment line at its date.
    arrows = [a for a in figure["layout"]["annotations"] if a.get("showarrow")]
    assert len(arrows) == len({b[3] for b in bars if b[4]})
    assert figure["layout"]["shapes"][0]["x0"] == roadmap.next.reassess_on.isoformat()


def test_finished_actions_are_pale_and_hover_names_the_owner_and_status():
    roadmap, rows = make(weak_base, "ru")
    first = next(i for i, row in enumerate(rows) if row.step == 1)
    rows[first] = dataclasses.replace(rows[first], status="done", owner="Ольга Петрова")
    figure = json.loads(timeline_figure(roadmap, build_plan(rows, TODAY), "ru").to_json())
    trace = next(t for t in figure["data"] if t["name"].startswith("1."))
    index = next(i for i, text in enumerate(trace["hovertext"]) if text.startswith(rows[first].title))
    assert trace["marker"]["opacity"][index] == 0.35
    assert "Статус: Сделано" in trace["hovertext"][index]
    assert "Ответственный: Ольга Петрова" in trace["hovertext"][index]
    assert sorted(trace["marker"]["opacity"]).count(0.35) == 1


def test_an_empty_plan_says_so():
    roadmap, _rows = make(weak_base)
    figure = json.loads(timeline_figure(roadmap, build_plan([], TODAY), "en").to_json())
    assert figure["data"] == []
    assert translate("charts.no_data", "en") in [a["text"] for a in figure["layout"]["annotations"]]
