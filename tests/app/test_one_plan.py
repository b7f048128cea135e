"""One plan, one set of dates: the Roadmap page's "what comes next" sentence, its Gantt chart and the PDF
take the re-assessment date from the consultant's plan, not from the roadmap's own estimate."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.scoring import score_answers
from cxmaturity.i18n import format_date
from cxmaturity.report import build_report
from cxmaturity.roadmap.plan import plan_rows
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.roadmap.schedule import build_plan
from cxmaturity.storage import Store
from cxmaturity.storage.records import ActionState
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.test_roadmap_page import ROADMAP, answer_all, expected_roadmap, weak_top


def _move_the_pilot(store: Store, record_id: int, today: dt.date) -> dt.date:
    """The consultant starts the pilot 200 days from today and has every analysis due 300 days from today."""
    roadmap = expected_roadmap(store, record_id)
    pilot, analysis = roadmap.steps[3], roadmap.steps[4]
    for action in pilot.actions:
        state = ActionState(
            action.id,
            start_date=today + dt.timedelta(days=200),
            due_date=today + dt.timedelta(days=260),
            edited=True,
        )
        store.save_action_state(record_id, state)
    for action in analysis.actions:
        store.save_action_state(record_id, ActionState(action.id, due_date=today + dt.timedelta(days=300), edited=True))
    # The analysis ends 300 days from today, later than the 120-day cadence counted from the plan's start (today).
    return today + dt.timedelta(days=300)


def test_the_page_chart_and_pdf_take_the_plans_reassessment_date(store: Store, open_app):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    answer_all(store, record.id, weak_top)
    today = dt.date.today()
    own = expected_roadmap(store, record.id).next.reassess_on
    reassess = _move_the_pilot(store, record.id, today)
    assert own < reassess  # the roadmap's own estimate knows nothing of the moved pilot

    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    shown = texts(at).replace("\\", "")
    assert f"Re-assess on {format_date(reassess, 'en')}, with the same groups" in shown
    assert f"Re-assess on {format_date(own, 'en')}" not in shown
    # The chart's dotted line is labelled with the same date.
    assert f"Re-assessment: {format_date(reassess, 'en')}" in chart_svg.texts(
        chart_svg.chart(at, "roadmap.chart.timeline")
    )

    # The PDF, from the same stored edits.
    questionnaire = store.load_questionnaire(record.id)
    answers = answer_set_from_records(store.load_answers(record.id))
    card = score_answers(questionnaire, answers)
    roadmap = expected_roadmap(store, record.id)
    library = load_library(library_for(BUILTIN))
    plan = build_plan(plan_rows(roadmap, store.load_action_states(record.id), library), today)
    pdf = build_report(card, questionnaire, "en", organisation="Acme", answers=answers, roadmap=roadmap, plan=plan)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert format_date(reassess, "en") in text
    assert f"on {format_date(own, 'en')}" not in text


def test_a_plan_brought_forward_counts_the_cadence_from_its_own_start(store: Store, open_app):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    answer_all(store, record.id, weak_top)
    today = dt.date.today()
    roadmap = expected_roadmap(store, record.id)
    # Every action that waits for nothing starts 30 days ago: the plan starts then, and the library's
    # 120-day cadence ends 90 days from today; the analysis is due 60 days from today.
    for step in (roadmap.warnings, roadmap.steps[0].actions):
        for action in step:
            store.save_action_state(record.id, ActionState(action.id, start_date=today - dt.timedelta(days=30)))
    for action in roadmap.steps[4].actions:
        store.save_action_state(record.id, ActionState(action.id, due_date=today + dt.timedelta(days=60), edited=True))
    reassess = today + dt.timedelta(days=90)
    at = open_app(ROADMAP, a=record.key)
    no_exception(at)
    assert f"Re-assess on {format_date(reassess, 'en')}," in texts(at).replace("\\", "")
    # The chart's dotted line is labelled with the same date.
    assert f"Re-assessment: {format_date(reassess, 'en')}" in chart_svg.texts(
        chart_svg.chart(at, "roadmap.chart.timeline")
    )
