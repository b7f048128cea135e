"""Waves page: start a wave from the page, the chain, the trend charts and the table of changes."""

from __future__ import annotations

import pytest

from cxmaturity.charts.trend_charts import signed_points
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.core.readings import format_score
from cxmaturity.ui.shell import plain
from cxmaturity.workspace.waves import by_largest_change, changes, load_trend
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts

QUESTIONNAIRE = load_questionnaire(BUILTIN)


def v(respondent: str, question: str, value: float, group: str | None = None) -> Answer:
    return Answer(respondent, question, AnswerKind.VALUE, float(value), group)


def with_people(store, name="Acme"):
    record = store.create_assessment(name, BUILTIN, "Spring", "en")
    store.add_respondent(record.id, "ceo", group="executives")
    store.add_respondent(record.id, "agent", group="front line")
    return record


def test_one_wave_explains_and_a_new_wave_is_started_from_the_page(open_app, store):
    record = with_people(store)
    store.replace_answers(record.id, [v("ceo", "communication.cx.channel-choice", 3, "executives")])
    at = open_app("pages/waves.py", a=record.key)
    no_exception(at)
    assert "A wave is one round of the assessment." in texts(at)
    assert at.text_input(key="waves.start.title").value == "Wave 2"
    at.text_input(key="waves.start.title").input("Autumn")
    at.button(key="waves.start.submit").click().run()
    no_exception(at)
    records = store.list_assessments()
    assert len(records) == 2
    new = next(r for r in records if r.id != record.id)
    assert (new.title, new.organisation_id, new.questionnaire_hash) == (
        "Autumn",
        record.organisation_id,
        record.questionnaire_hash,
    )
    assert store.get_settings(new.id).previous_assessment_id == record.id
    old_people = store.list_respondents(record.id)
    new_people = store.list_respondents(new.id)
    assert [(p.label, p.group) for p in new_people] == [(p.label, p.group) for p in old_people]
    assert [p.label for p in new_people] == ["self", "ceo", "agent"]
    assert not {p.token for p in new_people} & {p.token for p in old_people}
    assert store.load_answers(new.id) == []
    assert len(store.load_answers(record.id)) == 1
    # The new wave is open now, and the page says so.
    assert at.query_params["a"] == [new.key] or at.query_params["a"] == new.key
    assert "The wave Autumn has started and is open now." in texts(at)
    assert "Wave 2: Autumn, started" in texts(at)
    # The first wave can be opened again from the chain.
    at.button(key=f"waves.open.{record.id}").click().run()
    no_exception(at)
    assert at.query_params["a"] in (record.key, [record.key])


def test_an_empty_title_is_refused_with_a_message(open_app, store):
    record = with_people(store)
    at = open_app("pages/waves.py", a=record.key)
    at.text_input(key="waves.start.title").input("   ")
    at.button(key="waves.start.submit").click().run()
    no_exception(at)
    assert next(e.value for e in at.error).startswith("The new wave was not started:")
    assert len(store.list_assessments()) == 1


def two_waves(store):
    first = with_people(store)
    q1, q2, r1 = (
        "communication.cx.channel-choice",
        "communication.cx.proactive-status",
        "responsiveness.cx.first-contact-resolution",
    )
    store.replace_answers(
        first.id,
        [v("ceo", q1, 2, "executives"), v("agent", q1, 1, "front line"), v("ceo", q2, 2, "executives"),
         v("ceo", r1, 4, "executives")],
    )  # fmt: skip
    second = store.start_wave(first.id, "Autumn")
    store.replace_answers(
        second.id,
        [v("ceo", q1, 4, "executives"), v("agent", q1, 3, "front line"), v("ceo", q2, 4, "executives"),
         v("ceo", r1, 1, "executives")],
    )  # fmt: skip
    return first, second


def test_the_trend_and_the_table_of_changes_show_the_core_numbers(open_app, store):
    _first, second = two_waves(store)
    at = open_app("pages/waves.py", a=second.key)
    no_exception(at)
    trend = load_trend(store, second.id)
    rows = by_largest_change(changes(trend))
    table = at.dataframe[-1].value  # the table of changes is the last one
    # With two waves the first wave is the previous one: one column and one change.
    assert list(table.columns) == ["Part", "Name", "Earlier wave", "Newest wave", "Change"]
    assert len(table) == 1 + len(QUESTIONNAIRE.levels) + len(QUESTIONNAIRE.aspects)
    assert list(table["Change"]) == [signed_points(row.since_previous, "en") for row in rows]
    assert list(table["Newest wave"]) == [format_score(row.last, "en") for row in rows]
    # Real values: responsiveness fell from 100 to 25, the largest move, so it comes first.
    assert table.iloc[0].tolist() == ["Level", "Responsiveness", "100", "25", "−75"]
    communication = table[table["Name"] == "Communication"].iloc[0].tolist()
    level = trend.levels["communication"]
    assert communication[2:4] == [format_score(level[0], "en"), format_score(level[1], "en")]
    assert level[1] - level[0] == pytest.approx(rows[[r.item_id for r in rows].index("communication")].since_previous)
    # The chain lists both waves, the open one marked; the charts draw one line per level and aspect.
    page = texts(at)
    assert "Wave 1: Spring, started" in page and "Wave 2: Autumn, started" in page
    assert "Trend across 2 waves" in page
    assert (
        plain("Since Spring, Communication rose the most (+50 points) and Responsiveness fell the most (−75 points).")
        in page
    )
    # Customer experience, per respondent then averaged (2.0.0: all three questions weigh 1):
    # Spring ceo (50 + 50 + 100) / 3, agent 25 -> 45.83; Autumn ceo (100 + 100 + 25) / 3 = 75, agent 75 -> 75.
    assert plain("Since Spring, nothing fell; Customer experience rose the most (+29.2 points).") in page
    chart = chart_svg.chart(at, "waves.chart.levels")
    names = [level.title.get("en") for level in QUESTIONNAIRE.levels]
    assert chart_svg.trace_names(chart)[: len(names)] == names
    responsiveness = chart_svg.tooltips(chart_svg.trace(chart, "Responsiveness"))
    assert responsiveness == ["Responsiveness\n1. Spring: 100", "Responsiveness\n2. Autumn: 25"]
    assert any(line.get("stroke-dasharray") for line in chart.iter(f"{chart_svg.NS}polyline"))  # the target
    assert "questions they share" not in page


def test_a_newer_questionnaire_shows_the_shared_only_notice(open_app, store):
    from cxmaturity.storage import QuestionnaireSnapshot

    first = with_people(store)
    store.replace_answers(first.id, [v("ceo", "communication.cx.channel-choice", 2, "executives")])
    text = store.load_snapshot(first.id)
    dropped = "communication.tx.revenue-effect"
    assert f"id: {dropped}" in text
    newer = QuestionnaireSnapshot.from_text(text.replace(f"id: {dropped}", "id: communication.tx.revenue-growth"))
    second = store.start_wave(first.id, "Next", questionnaire=newer)
    at = open_app("pages/waves.py", a=second.key)
    no_exception(at)
    trend = load_trend(store, second.id)
    assert trend.shared_only and trend.dropped_questions == ("communication.tx.revenue-effect",
                                                              "communication.tx.revenue-growth")  # fmt: skip
    warning = [w.value for w in at.warning]
    assert any("compared on the 67 questions they share" in w and "revenue\\-effect" in w for w in warning)
    dropped_table = at.dataframe[0].value  # in the notice, before the table of changes
    assert list(dropped_table["Question ID"]) == list(trend.dropped_questions)


def test_an_empty_new_wave_shows_no_stage_and_no_change_only_that_it_waits(open_app, store):
    first = with_people(store)
    store.replace_answers(
        first.id,
        [v("ceo", "communication.cx.channel-choice", 2, "executives"),
         v("agent", "communication.cx.channel-choice", 1, "front line")],
    )  # fmt: skip
    second = store.start_wave(first.id, "Autumn")
    at = open_app("pages/waves.py", a=second.key)
    no_exception(at)
    page = texts(at)
    assert "Wave 2, Autumn, is waiting for answers." in page
    assert not at.metric  # no stage, no overall score, no arrow
    assert "What changed" not in page and not chart_svg.charts(at)
    # Respondents per wave and per group: 2 answered in Spring (one executive, one front line), none yet in Autumn.
    who = at.dataframe[0].value
    assert list(who.columns) == [
        "Wave", "Respondents who answered", "executives", "front line", "Questions with assessed values",
    ]  # fmt: skip
    assert who.values.tolist() == [["1. Spring", 2, 1, 1, 0], ["2. Autumn", 0, 0, 0, 0]]
    # Nothing to compare yet, so no warning that the groups changed.
    assert "answered only in wave" not in page


def test_a_group_missing_from_the_newest_wave_is_warned_about(open_app, store):
    first = with_people(store)
    q1 = "communication.cx.channel-choice"
    store.replace_answers(first.id, [v("ceo", q1, 2, "executives"), v("agent", q1, 1, "front line")])
    second = store.start_wave(first.id, "Autumn")
    store.replace_answers(second.id, [v("agent", q1, 3, "front line")])
    at = open_app("pages/waves.py", a=second.key)
    no_exception(at)
    assert at.dataframe[0].value.values.tolist() == [["1. Spring", 2, 1, 1, 0], ["2. Autumn", 1, 0, 1, 0]]
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("The group executives answered only in wave 1.") for w in warnings)
    assert [m.label for m in at.metric] == ["Overall score, newest wave", "Stage, newest wave"]
    assert at.metric[0].value.endswith("/100")  # an overall score says what it is out of
    # The ticks carry the number of respondents: "Wave 1 / n = 2", "Wave 2 / n = 1" (no-break spaces around "=").
    shown = chart_svg.texts(chart_svg.chart(at, "waves.chart.levels"))
    assert "Wave 1 n\u00a0=\u00a02" in shown and "Wave 2 n\u00a0=\u00a01" in shown


def test_starting_a_wave_closes_the_previous_one_unless_the_consultant_keeps_it_open(open_app, store):
    record = with_people(store)
    at = open_app("pages/waves.py", a=record.key)
    assert at.checkbox(key="waves.start.close_previous").value is True
    at.button(key="waves.start.submit").click().run()
    no_exception(at)
    assert store.get_assessment(record.id).is_closed
    assert "Spring is closed: its old links now say so." in texts(at)
    # A second organisation: the consultant unticks the box and the first wave keeps collecting.
    other = with_people(store, "Beta")
    at = open_app("pages/waves.py", a=other.key)
    at.checkbox(key="waves.start.close_previous").uncheck()
    at.button(key="waves.start.submit").click().run()
    no_exception(at)
    assert not store.get_assessment(other.id).is_closed
    assert "Wave 1 still collects answers although a later wave has started" in texts(at)
    at.button(key=f"waves.close.{other.id}").click().run()
    assert store.get_assessment(other.id).is_closed
