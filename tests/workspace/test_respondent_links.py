"""Personal links, group names, pasted respondent lists, reminder texts; clients without assessments."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmaturity.storage import DEFAULT_GROUPS, ProgressCounts, QuestionnaireSnapshot, Store
from cxmaturity.workspace.group_readings import group_name
from cxmaturity.workspace.respondent_links import (
    LineProblem,
    NewRespondent,
    answer_minutes,
    app_root_url,
    check_email,
    check_new_respondent,
    group_aliases,
    group_names_from_lines,
    next_anonymous_label,
    parse_respondent_lines,
    reminder_text,
    respondent_link,
)

TOKEN = "A" * 32


@pytest.mark.parametrize(
    ("page_url", "root"),
    [
        ("http://localhost:8501/respondents", "http://localhost:8501"),
        ("https://cx.example.com/tools/respondents/?a=KEY#top", "https://cx.example.com/tools"),
        ("https://cx.example.com/", "https://cx.example.com"),
        ("https://cx.example.com/results", "https://cx.example.com/results"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_app_root_is_the_page_url_without_the_page(page_url, root):
    assert app_root_url(page_url, "respondents") == root


def test_a_personal_link_opens_the_root_with_the_token():
    assert respondent_link("https://cx.example.com/tools", TOKEN) == f"https://cx.example.com/tools/?r={TOKEN}"
    assert respondent_link("https://cx.example.com/", TOKEN) == f"https://cx.example.com/?r={TOKEN}"
    assert respondent_link("", TOKEN) == f"/?r={TOKEN}"


def test_default_groups_are_known_in_every_language():
    assert [group_name(name, "uk") for name in DEFAULT_GROUPS] == [
        "керівники",
        "менеджери",
        "перша лінія",
        "клієнти",
    ]
    assert group_name("Partners", "ru") == "Partners"
    assert group_name(None, "en") == ""
    aliases = group_aliases(("front line", "Партнёры"))
    assert aliases == {
        "front line": "front line",
        "первая линия": "front line",
        "перша лінія": "front line",
        "линейный персонал": "front line",  # the former names still map back
        "лінійний персонал": "front line",
        "партнёры": "Партнёры",
    }


def test_group_lines_map_translations_back_and_name_duplicates():
    names, problems = group_names_from_lines("  руководители \n\nManagers\nПартнёры\nменеджери\nпартнёры\n" + "x" * 201)
    assert names == ("executives", "managers", "Партнёры")  # "Managers" is the default group too
    assert problems == [
        LineProblem(5, "duplicate", "менеджери"),
        LineProblem(6, "duplicate", "партнёры"),
        LineProblem(7, "too_long", "x" * 40),
    ]


@pytest.mark.parametrize("good", ["anna@example.com", " a.b+c@mail.example.co.uk ", "ольга@пример.рф"])
def test_e_mail_addresses_accepted(good):
    assert check_email(good) == good.strip()


@pytest.mark.parametrize("bad", ["anna", "anna@", "anna@example", "a b@example.com", "a@b@c.com", "a@example.com;"])
def test_e_mail_addresses_refused(bad):
    with pytest.raises(ValueError, match="is not an e-mail address"):
        check_email(bad)


def test_empty_e_mail_is_none():
    assert check_email("  ") is None and check_email(None) is None


def test_one_new_respondent_is_checked():
    groups = ("executives", "Партнёры")
    assert check_new_respondent(" Anna ", "руководители", "", groups, []) == NewRespondent("Anna", "executives", None)
    assert check_new_respondent("Anna", "", "anna@example.com", groups, []) == NewRespondent(
        "Anna", None, "anna@example.com"
    )
    assert check_new_respondent("anna", None, None, groups, ["Anna"]) == "taken"
    assert check_new_respondent("  ", None, None, groups, []) == "no_label"
    assert check_new_respondent("SELF", None, None, groups, []) == "reserved"
    assert check_new_respondent("x" * 201, None, None, groups, []) == "too_long"
    assert check_new_respondent("Anna", "managers", None, groups, []) == "unknown_group"
    assert check_new_respondent("Anna", None, "anna@", groups, []) == "bad_email"


def test_pasted_lines_give_respondents_and_problems_by_line():
    text = (
        "Boris; executives; boris@example.com\n"
        "\n"
        "Bad one; board\n"
        "Cyril\tmanagers\n"
        "; managers\n"
        "boris\n"
        "Dina; managers; dina@\n"
        "Eve; managers; eve@example.com; extra\n"
        "Anna\n"
        "Fay;;\n"
    )
    good, problems = parse_respondent_lines(text, ("executives", "managers"), ["self", "Anna"])
    assert good == [
        NewRespondent("Boris", "executives", "boris@example.com"),
        NewRespondent("Cyril", "managers", None),
        NewRespondent("Fay", None, None),
    ]
    assert problems == [
        LineProblem(3, "unknown_group", "board"),
        LineProblem(5, "no_label", ""),
        LineProblem(6, "taken", "boris"),
        LineProblem(7, "bad_email", "dina@"),
        LineProblem(8, "too_many_fields", "Eve; managers; eve@example.com; extra"),
        LineProblem(9, "taken", "Anna"),
    ]


def test_anonymous_labels_take_the_first_free_number():
    assert next_anonymous_label("Respondent", []) == "Respondent 1"
    assert next_anonymous_label("Респондент", ["респондент 1", "Респондент 2", "Респондент 4"]) == "Респондент 3"


@pytest.mark.parametrize(("count", "minutes"), [(55, (20, 30)), (10, (5, 10)), (4, (5, 10)), (120, (50, 65))])
def test_answer_minutes(count, minutes):
    assert answer_minutes(count) == minutes


def test_reminder_in_english_without_name_or_deadline():
    assert reminder_text("en", organisation="Acme", link="https://x/?r=T", question_count=55) == (
        "Hello,\n\n"
        "Acme is assessing how mature its customer experience is, and your view matters. The questionnaire asks how"
        " things work today, from communication with customers to the results they bring.\n\n"
        "It has 55 questions and takes about 20–30 minutes.\n\n"
        "Every answer is saved as you give it: you can stop at any time and continue later through the same link.\n\n"
        "Your personal link (please do not pass it on): https://x/?r=T\n\n"
        "Thank you for your time!"
    )


def test_reminder_in_russian_with_name_deadline_and_a_started_respondent():
    text = reminder_text(
        "ru",
        organisation="Гамма",
        link="https://x/?r=T",
        question_count=55,
        name="Ольга",
        deadline=dt.date(2026, 12, 4),
        started=True,
    )
    assert text.split("\n\n") == [
        "Здравствуйте, Ольга!",
        "Гамма оценивает зрелость своего клиентского опыта, и ваше мнение важно. Вопросы анкеты — о том, как всё устроено"
        " сегодня: от общения с клиентами до результатов, которые они приносят.",
        "В анкете 55 вопросов, на ответы уйдёт примерно 20–30 минут.",
        "Вы уже начали, спасибо: та же ссылка вернёт вас к вашим ответам, чтобы вы могли закончить.",
        "Ваша персональная ссылка (пожалуйста, не передавайте её другим): https://x/?r=T",
        "Пожалуйста, ответьте до 4 декабря 2026.",
        "Спасибо, что уделили время!",
    ]


def test_a_client_can_exist_before_its_first_assessment(store: Store, snapshot: QuestionnaireSnapshot):
    client = store.create_organisation(" Гамма Банк ", industry=" Banking ", size="", notes="Met the CEO")
    assert (client.name, client.industry, client.size, client.notes) == ("Гамма Банк", "Banking", None, "Met the CEO")
    assert store.list_organisations() == [client]
    assert store.list_assessments() == []
    record = store.create_assessment("ignored", snapshot, "Весна", "ru", organisation_id=client.id)
    assert (record.organisation_id, record.organisation_name) == (client.id, "Гамма Банк")
    with pytest.raises(ValueError, match="organisation name must not be empty"):
        store.create_organisation("  ")


def test_progress_counts_can_leave_the_self_respondent_out(store: Store, snapshot: QuestionnaireSnapshot):
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    anna = store.add_respondent(record.id, "Anna")
    store.add_respondent(record.id, "Boris")
    store.save_answer(store.self_respondent(record.id).id, "base.cx.a", "value", 2)
    store.save_answer(anna.id, "base.cx.a", "value", 4)
    assert store.progress_counts([record.id])[record.id] == ProgressCounts(not_opened=1, started=2, completed=0)
    assert store.progress_counts([record.id], include_self=False)[record.id] == ProgressCounts(1, 1, 0)
    [summary] = store.list_assessment_summaries(include_self=False)
    assert summary.progress == ProgressCounts(1, 1, 0)
    [summary] = store.list_assessment_summaries()
    assert summary.progress == ProgressCounts(1, 2, 0)
