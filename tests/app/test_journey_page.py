"""The Journey map page (issue 17): a starter map, the ratings' charts and fix-first list, the roadmap's
touchpoint, the KPI table's flags, three languages, and access decided by the store in team mode.

The table editors themselves are driven in a real browser (tests/browser/test_journey_map.py):
AppTest cannot type into a data editor.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from cxmaturity.auth import Actor
from cxmaturity.journey import stored
from cxmaturity.journey.kpis import Kpi
from cxmaturity.journey.ratings import Rating
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.ui.team import SESSION_SECRET_STATE
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts

JOURNEY = "pages/journey.py"
ROADMAP = "pages/roadmap.py"


def shown(at: AppTest) -> str:
    return texts(at).replace("\\", "")


def rated(store: Store, record: AssessmentRecord) -> None:
    """The B2C starter map rated by one consultant: 'Payment' is the one touchpoint to fix first.

    Payment: effort 4 -> 25, completeness 2 -> 25, emotion -1 -> 25, so performance 25 (below 50),
    critical for the customer 5 and the company 4 (both at least 3.5). Every other touchpoint
    performs at 75 (effort 2, completeness 4, emotion +1) with criticality 4 and 4.
    """
    journey = stored.use_starter(store, record.id, "b2c", "en")
    ratings = [
        Rating(p.key, "Ann", level_now=2, level_target=4, effort=2, completeness=4, emotion=1,
               critical_customer=4, critical_company=4)
        for p in journey.touchpoints
        if p.key != "payment"
    ]  # fmt: skip
    ratings.append(Rating("payment", "Ann", level_now=1, level_target=3, effort=4, completeness=2, emotion=-1,
                          critical_customer=5, critical_company=4))  # fmt: skip
    stored.replace_ratings(store, record.id, ratings)
    questions = store.load_questionnaire(record.id).questions
    for index, question in enumerate(questions):
        store.save_answer(store.self_respondent(record.id).id, question.id, "value", index % 3)


def test_a_consultant_starts_from_the_b2c_starter_map(store: Store, open_app: Callable[..., AppTest]) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    at = open_app(JOURNEY, a=record.key)
    no_exception(at)
    assert "This assessment has no journey map yet." in shown(at)
    at.button(key="journey_ui.start.b2c").click().run()
    no_exception(at)
    journey = stored.load_map(store, record.id)
    assert journey.stages == ("Choose", "Buy", "Use", "Stay loyal")
    assert len(journey.touchpoints) == 11
    assert "The starter map “Typical consumer (B2C) service” is in place." in shown(at)
    # A refresh (a new session) shows the saved map, and no starter is offered over it.
    again = open_app(JOURNEY, a=record.key)
    assert "This assessment has no journey map yet." not in shown(again)
    assert not [b for b in again.button if b.key == "journey_ui.start.b2c"]


def test_the_charts_tab_reads_the_ratings_and_names_the_touchpoint_to_fix_first(
    store: Store, open_app: Callable[..., AppTest]
) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    rated(store, record)
    at = open_app(JOURNEY, a=record.key)
    no_exception(at)
    text = shown(at)
    assert "Critical for both the customer and the company: 11 of 11 rated touchpoints." in text
    assert "Fix first: Payment (Buy), performing at 25 of 100." in text
    assert (
        "1. **Payment** (Buy): critical for the customer 5 and for the company 4 of 5, performance 25 of 100." in text
    )
    assert sorted(chart_svg.charts(at)) == sorted(
        f"journey_ui.chart.{name}{end}" for name in ("emotion", "matrix", "ladder") for end in ("", ".phone")
    )
    # The roadmap's step 3 names the touchpoint, its stage and its barrier; step 4 pilots there.
    roadmap = open_app(ROADMAP, a=record.key)
    no_exception(roadmap)
    text = shown(roadmap)
    assert (
        "Start with the touchpoint Payment at the stage Buy: critical for the customer 5 and for the company 4 of 5,"
        " it performs at 25 of 100 (effort 4 of 5, completeness 2 of 5, emotion afterwards -1)." in text
    )
    # Payment's barrier (to "Getting started"); the barrier between two other touchpoints is not named.
    assert "What holds the customer back there: Waiting for the start with no news." in text
    assert "Prices and conditions are hard to compare" not in text
    assert "Run the pilot at the touchpoint Payment (Buy), which performs at 25 of 100 today." in text


def test_the_page_in_russian_and_ukrainian(store: Store, open_app: Callable[..., AppTest]) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    rated(store, record)
    ru = open_app(JOURNEY, a=record.key, lang="ru")
    no_exception(ru)
    assert "Карта пути клиента и KPI" in shown(ru)
    assert "Исправить в первую очередь" in shown(ru)
    uk = open_app(JOURNEY, a=record.key, lang="uk")
    no_exception(uk)
    assert "Карта шляху клієнта й показники" in shown(uk)
    assert "Виправити насамперед" in shown(uk)


def test_kpi_flags_and_the_cause_and_effect_chain(store: Store, open_app: Callable[..., AppTest]) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    stored.use_starter(store, record.id, "b2c", "en")
    stored.save_kpis(
        store,
        record.id,
        [Kpi("Revenue", "TX", 12.5, 14, "m EUR", "Finance", linked_to="Repeat purchases"),
         Kpi("Repeat purchases", "OX", 31, 40, "%", "CRM", linked_to="NPS"),
         Kpi("Cost to serve", "TX", 4.2, 3.5, "EUR")],
    )  # fmt: skip
    at = open_app(JOURNEY, a=record.key)
    no_exception(at)
    text = shown(at)
    assert "Revenue (TX) → Repeat purchases (OX) → NPS" in text
    assert "Cost to serve: Financial indicator not linked to any customer indicator, No source system named" in text


@pytest.fixture
def team(monkeypatch: pytest.MonkeyPatch, data_dir) -> None:  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    from cxmaturity.auth import passwords as password_module

    monkeypatch.setenv("CXM_MODE", "team")
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(password_module, "_hasher", lambda: quick)
    password_module._decoy_hash.cache_clear()


def signed_in(email: str, page: str, key: str) -> AppTest:
    from tests.app.test_team_mode import continued, sign_in

    at = sign_in(email)
    return continued(at.session_state[SESSION_SECRET_STATE], page, a=key)


def test_team_mode_another_consultant_sees_nothing_and_a_viewer_share_reads_only(team, store: Store) -> None:
    password = "correct horse battery"
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        store.create_user(email, "consultant", password=password)
    owner = store.find_user("a@example.com")
    as_a = store.acting_as(Actor.user(owner.id, owner.email, owner.role))  # type: ignore[union-attr]
    record = as_a.create_assessment("Acme Secret Bank", BUILTIN, "Spring", "en")
    rated(as_a, record)
    as_a.share_client(record.organisation_id, "c@example.com", "viewer")
    outsider = signed_in("b@example.com", JOURNEY, record.key)
    no_exception(outsider)
    assert "Payment" not in shown(outsider) and "Acme Secret Bank" not in shown(outsider)
    reader = signed_in("c@example.com", JOURNEY, record.key)
    no_exception(reader)
    assert "You can read this map but not change it." in shown(reader)
    assert "**Payment** (Buy): critical for the customer 5" in shown(reader)
    assert not [b for b in reader.button if str(b.key).startswith("journey_ui.start")]
    # The store refuses the reader's change whatever the screen shows.
    reader_user = store.find_user("c@example.com")
    as_c = store.acting_as(Actor.user(reader_user.id, reader_user.email, reader_user.role))  # type: ignore[union-attr]
    with pytest.raises(PermissionError):
        stored.save_kpis(as_c, record.id, [Kpi("Revenue", "TX")])
    assert stored.load_kpis(store, record.id) == ()


def test_stored_figures_show_on_a_new_visit_and_no_table_shows_an_english_none(
    store: Store, open_app: Callable[..., AppTest]
) -> None:
    from cxmaturity.journey.figures import Figure

    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    rated(store, record)
    stored.save_figures(store, record.id, [Figure("payment", "nps", -20.0, 140, "imported")])
    at = open_app(JOURNEY, a=record.key)  # a new session: nothing uploaded in it
    no_exception(at)
    # The fix-first list and the roadmap's problem read the stored figure.
    assert "Customers measured there: NPS -20 (n\u00a0=\u00a0140)." in shown(at)
    combined = next(frame.value for frame in at.dataframe if "Measured by customers" in frame.value.columns)
    assert combined.set_index("Touchpoint").loc["Payment", "Measured by customers"] == "NPS -20 (n\u00a0=\u00a0140)"
    for lang in ("ru", "uk"):
        page = open_app(JOURNEY, a=record.key, lang=lang)
        no_exception(page)
        tables = list(page.dataframe)
        # The map's three editors, the ratings, the figures, the combined table and the KPI table.
        assert len(tables) == 7
        # An empty cell shows nothing, not Streamlit's English placeholder "None".
        assert all(table.proto.HasField("placeholder") and table.proto.placeholder == "" for table in tables)
