"""Start page: explanation, new assessment (with its checks), the resume list."""

from __future__ import annotations

from cxmaturity.storage import is_token_shaped
from tests.app.conftest import BUILTIN, no_exception, texts


def test_start_explains_the_assessment_and_its_length(open_app):
    at = open_app()
    no_exception(at)
    shown = texts(at)
    assert "five levels of the CX pyramid" in shown
    # The customer questionnaire is offered too: 21 rated statements and 8 items (Gartner's trigger and
    # effort, NPS, CSAT, three CLI items, the main reason; the optional comment is not counted).
    # 29 questions: 5 * round(29 * 0.4 / 5) = 10 minutes at least; 68: 5 * round(68 * 0.55 / 5) = 35 at most.
    assert "31–68 questions, about 10–35 minutes" in shown
    assert "No assessments yet" in shown


def test_an_empty_organisation_name_is_refused(open_app, store):
    at = open_app()
    at.text_input(key="start.organisation").set_value("   ")
    at.button(key="start.create").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == [
        "Enter the organisation's name: it identifies the assessment in the list and in the report."
    ]
    assert "a" not in at.query_params
    assert store.list_assessments() == []


def test_creating_opens_the_assessment_on_the_answer_page(open_app, store):
    at = open_app()
    at.text_input(key="start.organisation").set_value("Acme Retail")
    at.text_input(key="start.industry").set_value("Retail")
    at.selectbox(key="start.size").set_value("250-999")
    at.button(key="start.create").click().run()
    no_exception(at)
    key = at.query_params["a"]
    assert is_token_shaped(key)
    assert at.title[0].value == "Answer the questions"
    [record] = store.list_assessments()
    assert (record.key, record.organisation_name, record.industry, record.size) == (
        key,
        "Acme Retail",
        "Retail",
        "250-999",
    )
    assert record.questionnaire_id == "cx-pyramid" and record.language == "en"
    assert record.title.startswith("Self-assessment of ")
    assert record.self_assessment  # Start marks the executive's own assessment


def test_the_list_shows_progress_and_a_resume_link(open_app, store):
    record = store.create_assessment("Beta <b>Bank</b>", BUILTIN, "Spring", "en")
    me = store.self_respondent(record.id)
    for question in (
        "communication.cx.channel-choice",
        "communication.cx.proactive-status",
        "communication.cx.clear-information",
    ):
        store.save_answer(me.id, question, "value", 2)
    store.save_note(me.id, "communication.ox.touchpoint-map", "a note alone is not an answer")
    at = open_app()
    no_exception(at)
    assert any(p.proto.text == "3 of 68 answered" for p in at.get("progress"))
    # The organisation name is shown as text: the markup is escaped, not rendered.
    assert any(r"Beta \<b\>Bank\</b\>" in m.value for m in at.markdown)
    [link] = [link for link in at.get("page_link") if link.proto.label == "Continue"]
    assert (link.proto.page, link.proto.query_string) == ("answer", f"a={record.key}&lang=en")


def test_russian_numbers_and_dates_on_the_start_page(open_app, store):
    store.create_assessment("Гамма", BUILTIN, "Весна", "ru")
    at = open_app(lang="ru")
    no_exception(at)
    shown = texts(at)
    assert "Вопросов: 31–68, примерно 10–35 минут" in shown
    months = (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    )
    assert any(month in shown for month in months)


def test_an_invalid_shipped_questionnaire_shows_its_located_errors(open_app, store, tmp_path, monkeypatch):
    import shutil

    import cxmaturity.core.registry

    shipped = tmp_path / "shipped"
    (shipped / "cx-pyramid").mkdir(parents=True)
    shutil.copy(BUILTIN, shipped / "cx-pyramid" / "questionnaire.yaml")
    (shipped / "broken").mkdir()
    (shipped / "broken" / "questionnaire.yaml").write_text("format: 1\nid: broken\nversion: x\n", encoding="utf-8")
    monkeypatch.setattr(cxmaturity.core.registry, "builtin_dir", lambda: shipped)
    at = open_app()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert errors and all(e.startswith("A questionnaire file has an error and cannot be used:") for e in errors)
    assert all(r"broken/questionnaire\.yaml" in e for e in errors)
    # The valid questionnaire can still be used.
    at.text_input(key="start.organisation").set_value("Acme")
    at.button(key="start.create").click().run()
    no_exception(at)
    assert [r.questionnaire_id for r in store.list_assessments()] == ["cx-pyramid"]


def test_without_any_valid_questionnaire_no_form_is_offered(open_app, tmp_path, monkeypatch):
    import cxmaturity.core.registry

    (tmp_path / "only" / "bad").mkdir(parents=True)
    (tmp_path / "only" / "bad" / "questionnaire.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(cxmaturity.core.registry, "builtin_dir", lambda: tmp_path / "only")
    at = open_app()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any(r"bad/questionnaire\.yaml" in e for e in errors)
    assert errors[-1].startswith("No valid questionnaire was found")
    assert not [w for w in at.text_input if w.key == "start.organisation"]


def test_a_consultants_assessment_shows_its_respondents_progress_and_twins_can_be_told_apart(open_app, store):
    from cxmaturity.i18n import format_date

    contoso = store.create_assessment("Contoso", BUILTIN, "Baseline", "en")
    for name in ("Olga", "Maria", "Sam"):
        person = store.add_respondent(contoso.id, name, group="managers")
        store.save_answer(person.id, "communication.cx.channel-choice", "value", 3)
        if name != "Sam":
            store.set_submitted(person.id)
    store.add_respondent(contoso.id, "Li", group="front line")  # invited, never opened
    twins = [store.create_assessment("Northwind", BUILTIN, "Self-assessment", "en") for _ in range(2)]
    at = open_app()
    no_exception(at)
    # 2 of the 4 invited finished (not the consultant's own 0 of 68).
    assert sorted(p.proto.text for p in at.get("progress")) == [
        "0 of 68 answered", "0 of 68 answered", "2 of 4 invited respondents finished",
    ]  # fmt: skip
    links = {link.proto.query_string: link.proto.page for link in at.get("page_link")}
    assert links[f"a={contoso.key}&lang=en"] == "respondents"
    # Two assessments of one organisation on one day: the time they were started tells them apart.
    captions = [c.value for c in at.caption]
    for twin in twins:
        stamp = f"Started {format_date(twin.created_at.date(), 'en')} at {twin.created_at:%H:%M}"
        assert any(caption.startswith(stamp) for caption in captions)
