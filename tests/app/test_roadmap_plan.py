"""The roadmap as a plan on the page: the consultant takes an action out, sets its dates and owner."""

from __future__ import annotations

import datetime as dt

from cxmaturity.storage import Store
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception
from tests.app.test_roadmap_page import ROADMAP, answer_all, expected_roadmap, weak_top


def bars(at) -> dict[str, list[str]]:
    """Bar title -> [start, due, step, depends on], from the Gantt chart's drawing (each bar keeps its data)."""
    drawn = chart_svg.bars(chart_svg.chart(at, "roadmap.chart.timeline"))
    return {title: data for rows in drawn.values() for title, data in rows}


def test_selection_dates_and_owner_shape_the_plan(store: Store, open_app) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    answer_all(store, record.id, weak_top)
    roadmap = expected_roadmap(store, record.id)
    first, second = roadmap.steps[0].actions[:2]
    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    assert first.title in bars(at) and second.title in bars(at)
    # Take the second action of step 1 out of the plan.
    at.selectbox(key="roadmap.edit.action").set_value(second.id).run()
    at.checkbox(key=f"roadmap.edit.in_plan.{second.id}").uncheck()
    at.button(key="roadmap.edit.save").click().run()
    no_exception(at)
    # Give the first action a start, a due date and a person.
    at.selectbox(key="roadmap.edit.action").set_value(first.id).run()
    at.date_input(key=f"roadmap.edit.start.{first.id}").set_value(dt.date(2027, 2, 1))
    at.date_input(key=f"roadmap.edit.due.{first.id}").set_value(dt.date(2027, 2, 10))
    at.text_input(key=f"roadmap.edit.owner.{first.id}").set_value("Olga Petrova")
    at.button(key="roadmap.edit.save").click().run()
    no_exception(at)
    again = open_app(ROADMAP, a=record.key)
    shown = bars(again)
    assert second.title not in shown
    assert shown[first.title][:2] == ["2027-02-01", "2027-02-10"]
    # Step 2 waits for step 1, which now ends on 10 February.
    step2 = [data for data in shown.values() if data[2] == "2"]
    assert step2 and all(data[0] == "2027-02-10" and data[3] == "1" for data in step2)
    state = store.load_action_states(record.id)
    assert state[second.id].in_plan is False and state[first.id].owner == "Olga Petrova"


def test_a_due_date_before_the_start_is_refused_with_a_message(store: Store, open_app) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    answer_all(store, record.id, weak_top)
    action = expected_roadmap(store, record.id).steps[0].actions[0]
    at = open_app(ROADMAP, a=record.key)
    at.selectbox(key="roadmap.edit.action").set_value(action.id).run()
    at.date_input(key=f"roadmap.edit.start.{action.id}").set_value(dt.date(2027, 2, 1))
    at.date_input(key=f"roadmap.edit.due.{action.id}").set_value(dt.date(2027, 1, 10))
    at.button(key="roadmap.edit.save").click().run()
    no_exception(at)
    assert any("is before the start" in error.value.replace("\\", "") for error in at.error)
    assert store.load_action_states(record.id)[action.id].start_date is None
