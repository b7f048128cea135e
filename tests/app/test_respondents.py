"""Respondents page: groups, threshold, adding respondents, progress, links, reminders, revoke, delete."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmaturity.i18n import format_date
from cxmaturity.storage import AssessmentRecord, Store
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

PAGE = "pages/respondents.py"
QUESTION = "communication.cx.channel-choice"


@pytest.fixture
def record(store: Store) -> AssessmentRecord:
    return store.create_assessment("Acme Retail", BUILTIN, "Spring", "en")


def table(at) -> list[dict]:
    [frame] = markdown_tables(at)
    return frame.to_dict("records")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_page_needs_an_open_assessment(open_app):
    at = open_app(PAGE)
    no_exception(at)
    assert "No assessment is open." in texts(at)
    assert not at.dataframe and not markdown_tables(at)


def test_three_respondents_in_two_groups_one_form_and_a_paste_with_a_bad_line(open_app, store, record):
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    assert "No respondents yet." in texts(at)
    assert metrics(at) == {"Invited": "0", "Completed": "0", "Started": "0", "Not opened": "0"}

    at.text_input(key="respondents.add.label").set_value("Anna Smith")
    at.selectbox(key="respondents.add.group").set_value("managers")
    at.text_input(key="respondents.add.email").set_value("anna@example.com")
    at.button(key="respondents.add.submit").click().run()
    no_exception(at)
    assert "“Anna Smith” added, with a personal link." in texts(at)
    assert at.text_input(key="respondents.add.label").value == ""  # ready for the next one

    at.text_area(key="respondents.bulk.text").set_value(
        "Boris; executives; boris@example.com\nBad one; board\n\nCyril\tmanagers"
    )
    at.button(key="respondents.bulk.submit").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == [
        "Line 2 was not added: there is no group “board”; use one of the groups listed, or add it to the group"
        " list below first."
    ]
    assert [w.value for w in at.warning] == [
        "The lines that were not added stay in the box: correct them and add them again."
    ]
    assert "Respondents added: 2." in texts(at)
    assert at.text_area(key="respondents.bulk.text").value == "Bad one; board"
    people = [(r.label, r.group, r.email) for r in store.list_respondents(record.id)]
    assert people == [
        ("self", None, None),
        ("Anna Smith", "managers", "anna@example.com"),
        ("Boris", "executives", "boris@example.com"),
        ("Cyril", "managers", None),
    ]
    assert metrics(at) == {"Invited": "3", "Completed": "0", "Started": "0", "Not opened": "3"}
    # "self" (the consultant's own answers) is not an invited respondent: not in the table.
    assert [row["Respondent"] for row in table(at)] == ["Anna Smith", "Boris", "Cyril"]
    assert "built-in respondent “self” (0 of 68 questions answered)" in texts(at)


def test_bad_single_entries_are_refused_with_the_reason(open_app, store, record):
    store.add_respondent(record.id, "Anna")
    at = open_app(PAGE, a=record.key)
    at.text_input(key="respondents.add.label").set_value("anna")
    at.button(key="respondents.add.submit").click().run()
    assert [e.value for e in at.error] == [
        "there is already a respondent “anna” in this assessment; labels must differ."
    ]
    at.text_input(key="respondents.add.label").set_value("Boris")
    at.text_input(key="respondents.add.email").set_value("boris at example")
    at.button(key="respondents.add.submit").click().run()
    assert [e.value for e in at.error] == [
        "“boris at example” is not an e-mail address (expected something like name@example.com)."
    ]
    assert at.text_input(key="respondents.add.label").value == "Boris"  # kept to correct
    # An empty label gives the next free anonymous label.
    at.text_input(key="respondents.add.label").set_value("")
    at.text_input(key="respondents.add.email").set_value("")
    at.button(key="respondents.add.submit").click().run()
    no_exception(at)
    assert [r.label for r in store.list_respondents(record.id)] == ["self", "Anna", "Respondent 1"]


def test_the_table_shows_each_respondents_progress(open_app, store, record):
    anna = store.add_respondent(record.id, "Anna", group="managers", email="anna@example.com")
    boris = store.add_respondent(record.id, "Boris", group="executives")
    cyril = store.add_respondent(record.id, "Cyril", group="front line")
    store.save_answer(boris.id, QUESTION, "value", 3)
    store.save_answer(boris.id, "communication.cx.proactive-status", "na", None)
    store.save_note(boris.id, "communication.cx.clear-information", "a note alone is not an answer")
    store.save_answer(cyril.id, QUESTION, "value", 1)
    store.set_submitted(cyril.id)
    me = store.self_respondent(record.id)
    store.save_answer(me.id, QUESTION, "value", 4)

    at = open_app(PAGE, a=record.key, lang="ru")
    no_exception(at)
    rows = table(at)
    assert [(r["Респондент"], r["Группа"], r["Эл. почта"], r["Прогресс"], r["Ответы"], r["Ссылка"]) for r in rows] == [
        ("Anna", "менеджеры", "anna@example.com", "не открыто", "0 из 68", "действует"),
        ("Boris", "руководители", "", "начато", "2 из 68", "действует"),
        ("Cyril", "первая линия", "", "завершено", "1 из 68", "действует"),
    ]
    assert rows[0]["Последнее сохранение (UTC)"] == ""
    last = {p.respondent.label: p.last_saved_at for p in store.respondent_progress(record.id)}["Boris"]
    assert last is not None
    assert rows[1]["Последнее сохранение (UTC)"] == f"{format_date(last.date(), 'ru')}, {last:%H:%M}"
    assert metrics(at) == {"Приглашено": "3", "Завершено": "1", "Начато": "1", "Не открыто": "1"}
    assert "ответы на 1 из 68 вопросов" in texts(at)
    assert anna.email == "anna@example.com"
    # The address exactly as typed, to be copied: a code span, never a link and no invisible word joiner.
    [raw] = [m.value for m in at.markdown if m.value.startswith("| ")]
    assert "| `anna@example.com` |" in raw and "\u2060" not in raw


def test_a_long_list_of_respondents_scrolls_in_the_data_grid(open_app, store, record):
    # Up to twelve rows the table is Markdown (no data grid to load); a longer list scrolls in its own box.
    for number in range(1, 14):
        store.add_respondent(record.id, f"Person {number}", group="managers", email=f"p{number}@example.com")
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    assert not markdown_tables(at)
    [grid] = at.dataframe
    assert grid.value["E-mail"].tolist() == [f"p{number}@example.com" for number in range(1, 14)]


def test_link_reminder_revoke_restore_and_new_link(open_app, store, record):
    boris = store.add_respondent(record.id, "Boris", group="executives")
    store.save_answer(boris.id, QUESTION, "value", 3)
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    codes = [c.value for c in at.code]
    assert codes[0] == f"/?r={boris.token}"
    assert codes[1] == (
        "Hello Boris,\n\n"
        "Acme Retail is assessing how mature its customer experience is, and your view matters. The questionnaire"
        " asks how things work today, from communication with customers to the results they bring.\n\n"
        "It has 68 questions and takes about 25–35 minutes.\n\n"
        "You have already started, thank you: the same link takes you back to your answers so you can finish.\n\n"
        f"Your personal link (please do not pass it on): /?r={boris.token}\n\n"
        "Thank you for your time!"
    )
    at.selectbox(key=f"respondents.reminder.language.{boris.id}").set_value("uk")
    at.date_input(key=f"respondents.reminder.deadline.{boris.id}").set_value(dt.date(2026, 12, 4))
    at.checkbox(key=f"respondents.reminder.by_name.{boris.id}").uncheck().run()
    reminder = at.code[1].value
    assert reminder.startswith("Добрий день!\n\nAcme Retail оцінює")
    assert "Будь ласка, дайте відповіді до 4 грудня 2026." in reminder

    at.button(key=f"respondents.revoke.{boris.id}").click().run()
    no_exception(at)
    assert store.find_respondent_by_token(boris.token) is None
    revoked = store.get_respondent(boris.id)
    assert revoked is not None and revoked.revoked and revoked.token == boris.token
    assert table(at)[0]["Link"] == "revoked"
    assert metrics(at)["Invited"] == "0"
    assert "Not counted above: 1 respondent whose link is revoked." in texts(at)
    assert "This link is revoked" in texts(at)

    at.button(key=f"respondents.restore.{boris.id}").click().run()
    assert store.find_respondent_by_token(boris.token) == store.get_respondent(boris.id)

    at.button(key=f"respondents.new_link.{boris.id}").click().run()
    no_exception(at)
    renewed = store.get_respondent(boris.id)
    assert renewed is not None and renewed.token != boris.token
    assert store.find_respondent_by_token(boris.token) is None
    assert store.find_respondent_by_token(renewed.token) == renewed
    assert at.code[0].value == f"/?r={renewed.token}"
    assert len(store.load_respondent_answers(boris.id)) == 1  # answers kept


def test_delete_needs_a_confirmation(open_app, store, record):
    anna = store.add_respondent(record.id, "Anna")
    store.save_answer(anna.id, QUESTION, "value", 2)
    at = open_app(PAGE, a=record.key)
    assert at.button(key=f"respondents.delete.{anna.id}").disabled
    at.checkbox(key=f"respondents.delete.sure.{anna.id}").check().run()
    at.button(key=f"respondents.delete.{anna.id}").click().run()
    no_exception(at)
    assert [r.label for r in store.list_respondents(record.id)] == ["self"]
    assert "“Anna” and their answers are deleted." in texts(at)
    assert "No respondents yet." in texts(at)


def test_group_editor_in_russian_and_a_duplicate_refused(open_app, store, record):
    at = open_app(PAGE, a=record.key, lang="ru")
    key = f"respondents.groups.{record.id}.ru"
    assert at.text_area(key=key).value == "руководители\nменеджеры\nпервая линия\nклиенты"
    at.text_area(key=key).set_value("руководители\nменеджеры\nПартнёры\nMANAGERS")
    at.button(key="respondents.groups.save").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == [
        "Строка 4: группа «MANAGERS» уже есть в списке. Ничего не сохранено; исправьте строку и сохраните снова."
    ]
    assert store.get_settings(record.id).group_names == ("executives", "managers", "front line", "customers")

    at.text_area(key=key).set_value("руководители\nменеджеры\nПартнёры")
    at.button(key="respondents.groups.save").click().run()
    no_exception(at)
    # Translated default names are stored as the defaults; a new group as written.
    assert store.get_settings(record.id).group_names == ("executives", "managers", "Партнёры")
    assert "Группы сохранены." in texts(at)
    assert at.selectbox(key="respondents.add.group").options == ["без группы", "руководители", "менеджеры", "Партнёры"]


def test_threshold_is_saved_at_once(open_app, store, record):
    at = open_app(PAGE, a=record.key)
    assert at.number_input(key="respondents.threshold").value == 3
    at.number_input(key="respondents.threshold").set_value(5).run()
    no_exception(at)
    assert store.get_settings(record.id).anonymity_threshold == 5
    assert "Groups with fewer than 5 respondents are not shown separately" in texts(at)


def test_hostile_labels_show_literally(open_app, store, record):
    at = open_app(PAGE, a=record.key)
    at.text_area(key="respondents.bulk.text").set_value("<script>alert(1)</script>; managers\n**bold** [x](y); ; ")
    at.button(key="respondents.bulk.submit").click().run()
    no_exception(at)
    assert [row["Respondent"] for row in table(at)] == ["<script>alert(1)</script>", "**bold** [x](y)"]
    assert at.selectbox(key="respondents.pick").options == ["<script>alert(1)</script>", "**bold** [x](y)"]
    assert at.code[1].value.startswith("Hello <script>alert(1)</script>,")  # st.code shows text, never HTML
    at.text_area(key="respondents.bulk.text").set_value("**bold** [x](y)")
    at.button(key="respondents.bulk.submit").click().run()
    [error] = at.error
    assert r"respondent “\*\*bold\*\* \[x\]\(y\)” in this assessment" in error.value
    assert "<script>" not in texts(at)


def test_links_from_localhost_are_warned_about_and_the_public_address_is_used(open_app, store, record, monkeypatch):
    from cxmaturity.ui import links_view

    boris = store.add_respondent(record.id, "Boris", group="executives")
    monkeypatch.setattr(links_view, "browser_root", lambda _path: "http://localhost:8501")
    monkeypatch.delenv("CXM_PUBLIC_URL", raising=False)
    monkeypatch.delenv("CXM_BASE_URL", raising=False)
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    assert at.code[0].value == f"http://localhost:8501/?r={boris.token}"
    assert any(w.value.startswith("These links start with this computer's own address (localhost)") for w in at.warning)
    # With the public address set, links and reminders use it and the warning is gone.
    monkeypatch.setenv("CXM_PUBLIC_URL", "https://cx.example.com/survey/")
    at = open_app(PAGE, a=record.key)
    assert at.code[0].value == f"https://cx.example.com/survey/?r={boris.token}"
    assert (
        f"Your personal link (please do not pass it on): https://cx.example.com/survey/?r={boris.token}"
        in at.code[1].value
    )
    assert not any("localhost" in w.value for w in at.warning)
    # A setting respondents could not open is named, with what to write instead.
    monkeypatch.setenv("CXM_PUBLIC_URL", "cx.example.com")
    at = open_app(PAGE, a=record.key)
    no_exception(at)
    assert any("The setting CXM\\_PUBLIC\\_URL is “cx\\.example\\.com”" in e.value for e in at.error)
