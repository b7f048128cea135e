"""The Customer voice page (issue 16): cards with intervals, the group filter, segments, the pain map.

Seven customers: north gives NPS 10, 10, 9, 0 and south 6, 6, 8; reasons as in ``CUSTOMERS``.
Adjusted-Wald intervals worked out by hand (add 0.75 detractor, 1.5 passive, 0.75 promoter):
- all seven: 3 promoters, 1 passive, 3 detractors: NPS 0; p' = d' = 3.75 / 10 = 0.375,
  variance (0.75 - 0) / 10 = 0.075, half-width 1.96 x 0.2739 = 0.537: -54..+54.
- north: 3 promoters, 1 detractor of 4: NPS +50; p' = 3.75 / 7 = 0.5357, d' = 1.75 / 7 = 0.25,
  centre 0.2857, variance (0.7857 - 0.0816) / 7 = 0.1006, half-width 0.6216: -34..+91.
- south: 0 promoters, 1 passive, 2 detractors: NPS (0 - 2) / 3 = -66.7.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.readings import format_score
from cxmaturity.core.registry import builtin_dir
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
REASONS = ("price", "quality", "staff", "speed", "ease", "information", "promises", "other")
CUSTOMERS = (
    ("n1", "north", 10, "speed"),
    ("n2", "north", 10, "speed"),
    ("n3", "north", 9, "price"),
    ("n4", "north", 0, "staff"),
    ("s1", "south", 6, "speed"),
    ("s2", "south", 6, "price"),
    ("s3", "south", 8, None),
)


@pytest.fixture
def customer_assessment(store):
    record = store.create_assessment("Northwind", CUSTOMER, "Customers, spring", "en")
    for label, group, nps, reason in CUSTOMERS:
        respondent = store.add_respondent(record.id, label, group=group)
        store.save_answer(respondent.id, "loyalty.recommend", "value", nps)
        if reason:
            store.save_answer(respondent.id, "reason.main", "value", REASONS.index(reason) + 1, note=reason)
        store.set_submitted(respondent.id)
    # One customer still answering: not counted until they submit.
    late = store.add_respondent(record.id, "late", group="north")
    store.save_answer(late.id, "loyalty.recommend", "value", 0)
    return record


def _card(at, label):
    [metric] = [m for m in at.metric if m.label == label]
    return metric.value


def test_cards_show_each_figure_with_its_interval_and_n(open_app, customer_assessment):
    at = open_app("pages/voice.py", a=customer_assessment.key)
    no_exception(at)
    assert _card(at, "NPS") == "0"
    shown = texts(at)
    assert "95% CI \u221254..+54 · n\u00a0=\u00a07" in shown and "indicative: fewer than 30 answers" in shown
    assert "Promoters (9–10): 43% · passives (7–8): 14% · detractors (0–6): 43%" in shown
    # Only the metrics the answers hold (the callback list adds its own figure below).
    assert [m.label for m in at.metric] == ["NPS", "Called back on time"]

    at.selectbox(key="voice.filter").set_value("north").run()
    no_exception(at)
    assert _card(at, "NPS") == "+50" and "95% CI \u221234..+91 · n\u00a0=\u00a04" in texts(at)


def test_segments_are_sorted_with_error_bars_and_small_ones_held_back(open_app, store, customer_assessment):
    at = open_app("pages/voice.py", a=customer_assessment.key)
    chart = chart_svg.chart(at, "voice-segments-chart")
    # One dot per segment, its figure and interval in its tooltip: north +50 (-34..+91), south -200/3.
    hovers = chart_svg.tooltips(chart)
    assert [hover.split(":")[0] for hover in hovers] == ["north", "south"]
    assert "+50 (95% CI \u221234..+91" in hovers[0] and hovers[1].startswith("south: \u221267")
    assert {"north", "south", "+50", "\u221267"} <= set(chart_svg.texts(chart))
    # A threshold of 4 holds south (3 customers) back, and the page says so.
    store.update_settings(customer_assessment.id, anonymity_threshold=4)
    at = open_app("pages/voice.py", a=customer_assessment.key)
    no_exception(at)
    hovers = chart_svg.tooltips(chart_svg.chart(at, "voice-segments-chart"))
    assert [hover.split(":")[0] for hover in hovers] == ["north"]
    hidden = "Segments with fewer than 4 customers are not shown, so that no answer can be traced to a person"
    assert f"{hidden}: 1 segment, 3 customers in all." in texts(at)
    assert at.selectbox(key="voice.filter").options == ["All customers", "north"]


def test_the_pain_map_overall_and_among_detractors_with_a_customer_base(open_app, customer_assessment):
    at = open_app("pages/voice.py", a=customer_assessment.key)
    pareto = chart_svg.chart(at, "voice-pain-chart")
    # Six customers named a reason: speed 3, price 2, staff 1; cumulative 50%, 83.3%, 100%.
    bars = chart_svg.tooltips(chart_svg.trace(pareto, "Customers"))
    assert [hover.split(":")[1].split(",")[0].strip() for hover in bars] == ["3 customers", "2 customers", "1 customer"]
    assert bars[0].startswith("How fast I was served") and "How fast I was served" in chart_svg.texts(pareto)
    assert [hover.rsplit("cumulative ", 1)[1].rstrip(")") for hover in bars] == ["50%", "83%", "100%"]
    at.radio(key="voice.reason_among").set_value("detractors").run()
    at.number_input(key="voice.base").set_value(30000).run()
    no_exception(at)
    table = at.dataframe[0].value
    # Detractors (0-6): n4 (staff), s1 (speed), s2 (price): one each, in the list's order.
    assert list(table["Reason"]) == ["Price and value for money", "The staff who served me", "How fast I was served"]
    assert list(table["Customers"]) == [1, 1, 1]
    assert table["Of 30,000 customers"][0].startswith("about 10,000 (")


def test_a_pyramid_questionnaire_says_where_the_customer_voice_comes_from(open_app, store):
    record = store.create_assessment("Northwind", BUILTIN, "Managers", "en")
    at = open_app("pages/voice.py", a=record.key)
    no_exception(at)
    assert "asks no customer metrics" in texts(at) and not at.metric


def test_an_assessment_without_answers_says_so_without_dividing_by_zero(open_app, store):
    record = store.create_assessment("Northwind", CUSTOMER, "Empty", "ru")
    at = open_app("pages/voice.py", a=record.key, lang="ru")
    no_exception(at)
    assert "Ни один клиент ещё не ответил" in texts(at)


def test_the_callback_list_shows_detractors_with_contacts_and_saves_a_callback(open_app, store, customer_assessment):
    from cxmaturity.ui.voice_callbacks_view import PICK_KEY

    north = {r.label: r for r in store.list_respondents(customer_assessment.id)}
    store.update_respondent(north["n4"].id, email="n4@example.com")
    at = open_app("pages/voice.py", a=customer_assessment.key)
    no_exception(at)
    callbacks = at.dataframe[1].value
    # Detractors (0-6): n4 (0), s1 (6), s2 (6); nobody answered the effort question.
    assert list(callbacks["Customer"]) == ["n4", "s1", "s2"]
    assert list(callbacks["Contact"]) == ["n4@example.com", "", ""]
    assert list(callbacks["Status"]) == ["open", "open", "open"]
    assert "3 customers to call back: 3 detractors (NPS 0–6), 0 customers with high effort" in texts(at)
    at.selectbox(key=PICK_KEY).set_value("s1").run()
    at.text_input[-1].set_value("Olga")
    at.selectbox[-1].set_value("called")
    at.button[-1].click().run()
    no_exception(at)
    [state] = store.load_callbacks(customer_assessment.id).values()
    assert (state.owner, state.status) == ("Olga", "called") and state.called_at is not None
    assert "Callback to s1 saved." in [s.value for s in at.success]
    assert list(at.dataframe[1].value["Status"]) == ["open", "called", "open"]


def test_company_vs_customers_on_the_shared_questions_with_the_seed_sentence(open_app, store, customer_assessment):
    # The company's own assessment: three managers rate every responsiveness question 4, 3 and 1
    # (scores 100, 75, 25: 2 of 3 at or above 60) and one front-line person 2 (50): 2 of 4 in all.
    # No other level was rated: "not enough answers" there. Every answer of a person is the same, so
    # the three shared responsiveness questions give the same scores as all of them.
    company = store.create_assessment(
        "Northwind", BUILTIN, "Managers' view", "en", organisation_id=customer_assessment.organisation_id
    )
    questions = store.load_questionnaire(company.id).questions_of(level="responsiveness")
    for label, value in (("m1", 4), ("m2", 3), ("m3", 1), ("f1", 2)):
        manager = store.add_respondent(company.id, label, group="managers" if label != "f1" else "front line")
        for question in questions:
            store.save_answer(manager.id, question.id, "value", value)
        store.set_submitted(manager.id)
    customer = {r.label: r for r in store.list_respondents(customer_assessment.id)}
    customer_questions = store.load_questionnaire(customer_assessment.id).questions_of(level="responsiveness")
    for label, value in (("n1", 5), ("n2", 2), ("n3", 2), ("n4", 4)):  # 100, 25, 25, 75: 2 of 4
        for question in customer_questions:
            store.save_answer(customer[label].id, question.id, "value", value)
    at = open_app("pages/voice.py", a=customer_assessment.key)
    no_exception(at)
    shown = texts(at)
    assert "Compared on the 12 questions both questionnaires ask (5 levels)." in shown
    assert (
        "50% of your people rate **Responsiveness** at or above the threshold (60); 50% of your customers do." in shown
    )
    # The front line (one person) is below the anonymity threshold: not offered on its own.
    assert at.selectbox(key="voice.company_group").options == ["All the company's people", "managers"]
    at.selectbox(key="voice.company_group").set_value("managers").run()
    no_exception(at)
    assert (
        "67% of your managers rate **Responsiveness** at or above the threshold (60); 50% of your customers do."
        in texts(at)
    )
    chart = chart_svg.chart(at, "voice-company-chart")
    company_bars, customer_bars = (chart_svg.tooltips(g) for g in chart if g.get("class") == "trace")
    # Responsiveness (the second level): company mean of 100, 75, 25, 50 = 62.5; customers 100, 25, 25, 75 = 56.25.
    # (Levels the customers' questionnaire does not ask have no customer bar.)
    assert "The company's people: 62.5" in company_bars and f"Customers: {format_score(56.25, 'en')}" in customer_bars


def test_the_trend_across_waves_shows_each_wave_with_its_interval(open_app, store, customer_assessment):
    # Wave 2: three customers, all promoters: NPS +100 (the adjusted-Wald interval stays open below).
    second = store.start_wave(customer_assessment.id, "Customers, autumn")
    for label in ("a", "b", "c"):
        respondent = store.add_respondent(second.id, label, group="north")
        store.save_answer(respondent.id, "loyalty.recommend", "value", 10)
        store.set_submitted(respondent.id)
    at = open_app("pages/voice.py", a=second.key)
    no_exception(at)
    trend = chart_svg.chart(at, "voice-trend-nps")
    hovers = chart_svg.tooltips(trend)
    assert [hover.split(":")[0] for hover in hovers] == ["1. Customers, spring", "2. Customers, autumn"]
    # Wave 1: NPS 0 (see the module docstring); wave 2: +100, its interval reaching below +100 and not above.
    assert hovers[0].startswith("1. Customers, spring: 0 (95% CI") and "2. Customers, autumn: +100 (95% CI" in hovers[1]
    assert hovers[1].split("..")[1].startswith("+100)")
