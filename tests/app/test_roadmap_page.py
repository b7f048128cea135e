"""Roadmap page: the five steps, the timeline, edits that persist and survive regeneration."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.plan import unique_actions
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.storage import Store
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

ROADMAP = "pages/roadmap.py"


def answer_all(store: Store, record_id: int, value_of) -> None:
    """Answer every question for 'self' with ``value_of(question)`` (0..4)."""
    me = store.self_respondent(record_id)
    for question in store.load_questionnaire(record_id).questions:
        store.save_answer(me.id, question.id, "value", value_of(question))


def expected_roadmap(store: Store, record_id: int, lang: str = "en"):
    from cxmaturity.core.answers import answer_set_from_records
    from cxmaturity.core.scoring import score_answers
    from cxmaturity.storage import to_targets

    questionnaire = store.load_questionnaire(record_id)
    record = store.get_assessment(record_id)
    card = score_answers(
        questionnaire,
        answer_set_from_records(store.load_answers(record_id)),
        to_targets(record.targets, questionnaire.target),
    )
    library = load_library(library_for(BUILTIN))
    return build_roadmap(card, questionnaire, library, lang, dt.date.today())


def weak_top(question) -> int:
    """Strong at the base, weak above: the focus sits on the upper levels."""
    return 4 if question.level in ("communication", "responsiveness") else 1


def weak_base(question) -> int:
    """Weak at the base, strong above (unsupported levels)."""
    return 1 if question.level in ("communication", "responsiveness") else 4


@pytest.fixture
def record(store: Store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    answer_all(store, record.id, weak_top)
    return record


def test_the_five_steps_focus_and_timeline(store: Store, record, open_app):
    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    roadmap = expected_roadmap(store, record.id)
    shown = texts(at).replace("\\", "")
    for number in range(1, 6):
        title = roadmap.steps[number - 1].title
        assert f"### Step {number}. {title}" in shown
    assert roadmap.focus.why in shown
    assert roadmap.next.summary in shown
    assert "Re-assess on" in shown
    drawn = chart_svg.bars(chart_svg.chart(at, "roadmap.chart.timeline"))
    bars = {name: [days(start, due) for _title, (start, due, *_rest) in rows] for name, rows in drawn.items()}
    # The plan holds each step's first actions (two of step 1, a 14- and a 21-day action), 12 at most.
    step1 = [a.horizon_days for a in roadmap.steps[0].actions[:2]]
    assert sorted(bars[f"1. {roadmap.steps[0].title}"]) == sorted(step1)
    assert sum(len(x) for x in bars.values()) <= 12 < len(unique_actions(roadmap))
    assert "More options" in shown
    # The first visit records every action as seen, none as new.
    states = store.load_action_states(record.id)
    assert set(states) == {a.id for _s, a in unique_actions(roadmap)}
    assert not any(s.is_new or s.edited for s in states.values())


def edit(at, action_id: str, **fields) -> None:
    at.selectbox(key="roadmap.edit.action").set_value(action_id).run()
    if "status" in fields:
        at.selectbox(key=f"roadmap.edit.status.{action_id}").set_value(fields["status"])
    if "authority" in fields:
        at.selectbox(key=f"roadmap.edit.authority.{action_id}").set_value(fields["authority"])
    if "owner" in fields:
        at.text_input(key=f"roadmap.edit.owner.{action_id}").set_value(fields["owner"])
    if "due" in fields:
        at.date_input(key=f"roadmap.edit.due.{action_id}").set_value(fields["due"])
    if "notes" in fields:
        at.text_area(key=f"roadmap.edit.notes.{action_id}").set_value(fields["notes"])
    at.button(key="roadmap.edit.save").click().run()


def test_an_edit_persists_across_a_fresh_session(store: Store, record, open_app):
    at = open_app(ROADMAP, a=record.key)
    action = expected_roadmap(store, record.id).steps[2].actions[0]
    due = dt.date(2027, 1, 15)
    edit(at, action.id, status="in_progress", owner="=Olga", authority="not_possible", due=due, notes="Budget [later]")
    no_exception(at)
    state = store.load_action_states(record.id)[action.id]
    assert (state.status, state.owner, state.authority, state.due_date) == ("in_progress", "=Olga", "not_possible", due)
    assert state.notes == "Budget [later]" and state.edited and not state.is_new
    again = open_app(ROADMAP, a=record.key)
    no_exception(again)
    plan = markdown_tables(again)[0]
    row = plan[plan["Action"] == action.title].iloc[0]
    assert (row["Status"], row["Owner"], row["Who can decide"]) == ("In progress", "=Olga", "Not possible yet")
    assert row["Due date"] == "15 January 2027"
    # The editor opens with the saved values.
    again.selectbox(key="roadmap.edit.action").set_value(action.id).run()
    assert again.selectbox(key=f"roadmap.edit.status.{action.id}").value == "in_progress"
    assert again.text_input(key=f"roadmap.edit.owner.{action.id}").value == "=Olga"


def test_regeneration_keeps_edits_and_marks_new_actions(store: Store, record, open_app):
    at = open_app(ROADMAP, a=record.key)
    before = expected_roadmap(store, record.id)
    edited = before.steps[2].actions[0]
    edit(at, edited.id, status="done", owner="Ivan")
    # The scores change completely: now the base is weak and the top strong.
    answer_all(store, record.id, weak_base)
    after = expected_roadmap(store, record.id)
    before_ids = {a.id for _s, a in unique_actions(before)}
    after_ids = {a.id for _s, a in unique_actions(after)}
    assert after_ids - before_ids, "the test needs a roadmap that changes"
    again = open_app(ROADMAP, a=record.key)
    no_exception(again)
    states = store.load_action_states(record.id)
    assert states[edited.id].status == "done" and states[edited.id].owner == "Ivan"
    assert {i for i, s in states.items() if s.is_new} == after_ids - before_ids
    plan = markdown_tables(again)[0]
    flags = dict(zip(plan["Action"], plan["Mark"], strict=True))
    title = edited.title
    assert flags[title] in ("Edited", "Kept from an earlier roadmap")
    if edited.id not in after_ids:
        assert flags[title] == "Kept from an earlier roadmap"
    new_titles = {a.title for _s, a in unique_actions(after) if a.id not in before_ids}
    assert all(flags[t] == "New" for t in new_titles)
    assert f"New since the roadmap was last seen (the scores changed): {len(new_titles)}" in texts(again)
    # Unsupported levels come with a warning.
    assert after.warnings and any(after.warnings[0].title in w.value.replace("\\", "") for w in again.warning)
    # Acknowledging clears the marks but keeps the edit.
    again.button(key="roadmap.new.ack").click().run()
    states = store.load_action_states(record.id)
    assert not any(s.is_new for s in states.values())
    assert states[edited.id].status == "done"


def test_without_answers_the_page_says_so(store: Store, open_app):
    record = store.create_assessment("Empty", BUILTIN, "Spring", "en")
    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    assert any("There are no answers yet" in info.value for info in at.info)
    assert store.load_action_states(record.id) == {}


def test_at_target_the_roadmap_says_so(store: Store, open_app):
    record = store.create_assessment("Top", BUILTIN, "Spring", "en")
    answer_all(store, record.id, lambda question: 4)
    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    assert [s.value for s in at.success] == [
        "Every level and aspect meets its target. The steps below keep it that way."
    ]
    roadmap = expected_roadmap(store, record.id)
    assert roadmap.at_target and roadmap.focus.why in texts(at).replace("\\", "")


def test_the_page_in_ukrainian(store: Store, record, open_app):
    at = open_app(ROADMAP, a=record.key, lang="uk")
    no_exception(at)
    assert at.title[0].value == "Дорожня карта"
    roadmap = expected_roadmap(store, record.id, "uk")
    assert f"### Крок 1. {roadmap.steps[0].title}" in texts(at).replace("\\", "")


def days(start: str, due: str) -> int:
    """Days from one ISO date to another (a bar's length on the Gantt chart)."""
    return (dt.date.fromisoformat(due) - dt.date.fromisoformat(start)).days
