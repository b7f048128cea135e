"""Clients page: clients and assessments created through the forms, search and filters, open, edit."""

from __future__ import annotations

import pytest

from cxmaturity.storage import AssessmentRecord, Store
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

PAGE = "pages/clients.py"


def table(at) -> list[dict]:
    # A short list is a Markdown table (no data grid to load for a page opened by its address).
    assert not at.dataframe
    [frame] = markdown_tables(at)
    return frame.to_dict("records")


def listed(at) -> list[tuple[str, str]]:
    return [(row["Client"], row["Assessment"]) for row in table(at)]


def test_without_clients_the_page_says_what_to_do(open_app):
    at = open_app(PAGE)
    no_exception(at)
    assert "No clients yet. Add your first client below" in texts(at)
    assert not at.dataframe and not markdown_tables(at)


def test_a_client_and_an_assessment_created_through_the_forms(open_app, store: Store):
    at = open_app(PAGE)
    at.text_input(key="clients.new.name").set_value("  Acme Retail ")
    at.text_input(key="clients.new.industry").set_value("Retail")
    at.selectbox(key="clients.new.size").set_value("250-999")
    at.text_area(key="clients.new.notes").set_value("Met the COO in May")
    at.button(key="clients.new.submit").click().run()
    no_exception(at)
    [organisation] = store.list_organisations()
    assert (organisation.name, organisation.industry, organisation.size, organisation.notes) == (
        "Acme Retail",
        "Retail",
        "250-999",
        "Met the COO in May",
    )
    assert "Client “Acme Retail” added." in texts(at)
    assert store.list_assessments() == []
    assert "Your clients have no assessments yet." in texts(at)

    at.selectbox(key="clients.new_assessment.client").set_value(organisation.id)
    at.text_input(key="clients.new_assessment.title").set_value("Spring 2026, all branches")
    at.selectbox(key="clients.new_assessment.language").set_value("ru")
    at.button(key="clients.new_assessment.submit").click().run()
    no_exception(at)
    [record] = store.list_assessments()
    assert (record.organisation_id, record.title, record.language, record.status) == (
        organisation.id,
        "Spring 2026, all branches",
        "ru",
        "collecting",
    )
    assert (record.questionnaire_id, record.questionnaire_version) == ("cx-pyramid", "2.0.0")
    assert dict(record.targets["levels"]) == {} and dict(record.targets["aspects"]) == {}
    # The new assessment is open: its key is in the URL, and it is the one listed.
    assert at.query_params["a"] == record.key
    # Six columns that fit a laptop's width (the questionnaire, language and dates are on the open assessment).
    assert table(at) == [
        {
            "Client": "Acme Retail",
            "Assessment": "Spring 2026, all branches",
            "Status": "collecting answers",
            "Finished": "0%",
            "Respondents": "0 of 0",
            "Last changed": table(at)[0]["Last changed"],
        }
    ]


def test_missing_names_and_titles_are_refused_next_to_the_form(open_app, store: Store):
    at = open_app(PAGE)
    at.text_input(key="clients.new.name").set_value("   ")
    at.button(key="clients.new.submit").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == [
        "Enter the client's name: it identifies the client's assessments in the list and in reports."
    ]
    assert store.list_organisations() == []

    store.create_organisation("Beta")
    at = open_app(PAGE)
    at.button(key="clients.new_assessment.submit").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == ["Enter a title for the assessment, for example “Spring 2026, all branches”."]
    assert store.list_assessments() == []


@pytest.fixture
def three(store: Store) -> dict[str, AssessmentRecord]:
    acme = store.create_assessment("Acme Retail", BUILTIN, "Spring", "en")
    gamma = store.create_assessment("ГАММА Банк", BUILTIN, "Весна", "ru")
    store.add_respondent(gamma.id, "Ольга", group="managers")
    store.add_respondent(gamma.id, "Пётр", group="executives")
    olga = store.find_respondent(gamma.id, "Ольга")
    assert olga is not None
    store.save_answer(olga.id, "communication.cx.channel-choice", "value", 2)
    autumn = store.create_assessment("", BUILTIN, "Autumn", "en", organisation_id=acme.organisation_id)
    store.update_settings(autumn.id, previous_assessment_id=acme.id)
    store.set_status(acme.id, "closed")
    return {"acme": acme, "gamma": gamma, "autumn": autumn}


def test_search_and_filters_narrow_the_list(open_app, three):
    at = open_app(PAGE)
    no_exception(at)
    assert sorted(listed(at)) == [
        ("Acme Retail", "Autumn (repeats Spring)"), ("Acme Retail", "Spring"), ("ГАММА Банк", "Весна"),
    ]  # fmt: skip
    rows = {row["Assessment"]: row for row in table(at)}
    # Progress counts the invited respondents only (not the built-in "self"): Ольга answers, one has not opened.
    assert (rows["Весна"]["Finished"], rows["Весна"]["Respondents"]) == ("0%", "0 of 2")
    assert rows["Spring"]["Status"] == "closed"

    # Cyrillic, any case: "гамма" finds "ГАММА Банк"; a title matches too.
    at.text_input(key="clients.search").set_value("гамма").run()
    assert listed(at) == [("ГАММА Банк", "Весна")]
    at.text_input(key="clients.search").set_value("AUTUMN").run()
    assert listed(at) == [("Acme Retail", "Autumn (repeats Spring)")]

    at.text_input(key="clients.search").set_value("").run()
    at.selectbox(key="clients.status").set_value("closed").run()
    assert listed(at) == [("Acme Retail", "Spring")]
    at.selectbox(key="clients.status").set_value("collecting").run()
    assert sorted(listed(at)) == [("Acme Retail", "Autumn (repeats Spring)"), ("ГАММА Банк", "Весна")]
    at.selectbox(key="clients.client").set_value(three["gamma"].organisation_id).run()
    assert listed(at) == [("ГАММА Банк", "Весна")]
    at.text_input(key="clients.search").set_value("nothing like it").run()
    no_exception(at)
    assert not at.dataframe and not markdown_tables(at)
    assert "No assessment matches the search and filters." in texts(at)


def test_opening_an_assessment_puts_its_key_in_the_url(open_app, three):
    at = open_app(PAGE)
    assert "a" not in at.query_params
    at.selectbox(key="clients.open.pick").set_value(three["gamma"].id)
    at.button(key="clients.open.button").click().run()
    no_exception(at)
    assert at.query_params["a"] == three["gamma"].key
    assert "Assessment: ГАММА Банк · Весна" in texts(at)
    assert "“Весна” is open: the other pages now work on it." in texts(at)
    links = {link.proto.label: link.proto.query_string for link in at.get("page_link")}
    assert links["Respondents"] == f"a={three['gamma'].key}&lang=en"


def test_title_notes_and_status_of_the_open_assessment(open_app, store: Store, three):
    gamma = three["gamma"]
    at = open_app(PAGE, a=gamma.key)
    assert at.text_input(key=f"clients.details.title.{gamma.id}").value == "Весна"
    at.text_input(key=f"clients.details.title.{gamma.id}").set_value("Весна 2026")
    at.text_area(key=f"clients.details.notes.{gamma.id}").set_value("Интервью с COO — 12 мая")
    at.button(key="clients.details.save").click().run()
    no_exception(at)
    record = store.get_assessment(gamma.id)
    assert record is not None and (record.title, record.notes) == ("Весна 2026", "Интервью с COO — 12 мая")
    assert "The title and notes are saved." in texts(at)

    at.button(key="clients.details.status").click().run()
    no_exception(at)
    assert store.get_assessment(gamma.id).status == "closed"
    assert "The assessment is closed: no more answers are accepted." in texts(at)
    assert any("it accepts no more answers" in w.value for w in at.warning)
    at.button(key="clients.details.status").click().run()
    assert store.get_assessment(gamma.id).status == "collecting"


def test_editing_a_client(open_app, store: Store, three):
    acme = three["acme"]
    at = open_app(PAGE)
    at.selectbox(key="clients.edit.pick").set_value(acme.organisation_id).run()
    prefix = f"clients.edit.{acme.organisation_id}"
    assert at.text_input(key=f"{prefix}.name").value == "Acme Retail"
    at.text_input(key=f"{prefix}.name").set_value("Acme Retail Group")
    at.text_input(key=f"{prefix}.industry").set_value("Grocery")
    at.text_area(key=f"{prefix}.notes").set_value("Two brands since 2025")
    at.button(key=f"{prefix}.submit").click().run()
    no_exception(at)
    organisation = store.get_organisation(acme.organisation_id)
    assert organisation is not None
    assert (organisation.name, organisation.industry, organisation.size, organisation.notes) == (
        "Acme Retail Group",
        "Grocery",
        None,
        "Two brands since 2025",
    )
    assert ("Acme Retail Group", "Spring") in listed(at)


def test_hostile_names_are_shown_literally(open_app, store: Store):
    record = store.create_assessment("<script>alert(1)</script>", BUILTIN, "**bold** [x](javascript:1)", "en")
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    assert listed(at) == [("<script>alert(1)</script>", "**bold** [x](javascript:1)")]
    shown = texts(at)
    assert r"\<script\>alert\(1\)\</script\> · \*\*bold\*\* \[x\]\(javascript\:1\)" in shown
    assert "<script>" not in shown


def test_a_new_assessment_beside_listed_ones_opens_and_the_picker_follows(open_app, store: Store):
    """The picker is drawn above the form: the new assessment reaches it on the next run, without an error."""
    older = store.create_assessment("Globex", BUILTIN, "Older", "en")
    at = open_app(PAGE)
    assert at.selectbox(key="clients.open.pick").value == older.id
    at.selectbox(key="clients.new_assessment.client").set_value(older.organisation_id)
    at.text_input(key="clients.new_assessment.title").set_value("Second look")
    at.button(key="clients.new_assessment.submit").click().run()
    no_exception(at)
    newer = next(r for r in store.list_assessments() if r.title == "Second look")
    assert at.query_params["a"] == newer.key
    assert at.selectbox(key="clients.open.pick").value == newer.id
    assert at.text_input(key="clients.new_assessment.title").value == ""


def test_an_executives_self_assessments_are_not_listed_as_clients(open_app, store: Store):
    from cxmaturity.i18n import format_date

    consulting = store.create_assessment("Contoso", BUILTIN, "Baseline", "en")
    today = consulting.created_at.date()
    # A client's assessment is a client's even with a title like Start's; Start's own stays apart,
    # whatever it was renamed to (the stored flag, not the title, tells them apart).
    store.create_assessment("Litware", BUILTIN, f"Self-assessment of {format_date(today, 'en')}", "en")
    store.create_assessment("Northwind", BUILTIN, "Board check", "en", self_assessment=True)
    # A self-assessment the executive then shared with invited colleagues is a consulting one.
    shared = store.create_assessment(
        "Fabrikam", BUILTIN, f"Самооценка от {format_date(today, 'ru')}", "ru", self_assessment=True
    )
    store.add_respondent(shared.id, "Anna", group="managers")
    at = open_app(PAGE)
    no_exception(at)
    assert sorted(name for name, _title in listed(at)) == ["Contoso", "Fabrikam", "Litware"]
    assert "Self-assessments started on the Start page are not listed here (1)" in texts(at)
    assert [o for o in at.selectbox(key="clients.open.pick").options if "Northwind" in o] == []


def test_after_adding_a_client_the_new_assessment_form_is_next(open_app, store: Store):
    at = open_app(PAGE)
    at.text_input(key="clients.new.name").set_value("Acme Retail")
    at.button(key="clients.new.submit").click().run()
    no_exception(at)
    [organisation] = store.list_organisations()
    # The new-assessment form follows in the tab the user is in (the first), the client already chosen.
    first_tab = at.tabs[0]
    assert [w.key for w in first_tab.text_input][:1] == ["clients.new_assessment.title"]
    assert at.selectbox(key="clients.new_assessment.client").value == organisation.id
    assert [s.value for s in first_tab.success] == [
        "Client “Acme Retail” added. Start its first assessment right below."
    ]
    assert "The new-assessment form for the client you just added is in the first tab." in texts(at)
    at.text_input(key="clients.new_assessment.title").set_value("Baseline")
    at.button(key="clients.new_assessment.submit").click().run()
    no_exception(at)
    [record] = store.list_assessments()
    assert record.title == "Baseline" and at.query_params["a"] == record.key
    assert "clients.just_added" not in at.session_state  # the forms are back in their own tabs


@pytest.mark.parametrize("page", ["pages/respondents.py", "pages/groups.py", "pages/evidence.py", "pages/waves.py"])
def test_a_workspace_page_with_nothing_open_sends_the_user_to_clients(open_app, page):
    at = open_app(page)
    no_exception(at)
    assert at.title  # every page says where the user is, the Waves page too
    assert "Open one on the Clients page" in texts(at)
    [link] = at.get("page_link")
    assert link.proto.label == "Go to Clients" and link.proto.page.endswith("clients")


def test_a_long_list_is_the_data_grid_that_opens_a_clicked_row(open_app, store: Store):
    # Twelve assessments are a Markdown table; the thirteenth makes the list the grid (it scrolls in its own box).
    for number in range(1, 13):
        store.create_assessment(f"Client {number:02d}", BUILTIN, "Spring", "en")
    at = open_app(PAGE)
    no_exception(at)
    assert not at.dataframe and len(markdown_tables(at)[0]) == 12
    store.create_assessment("Client 13", BUILTIN, "Spring", "en")
    at = open_app(PAGE)
    no_exception(at)
    assert not markdown_tables(at)
    [frame] = at.dataframe
    assert sorted(frame.value["Client"])[-1] == "Client 13" and len(frame.value) == 13
    assert "Click a row to open that assessment." in texts(at)
