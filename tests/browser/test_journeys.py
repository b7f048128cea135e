"""Journeys through the real app in a real browser, as an executive meets it.

Labels come from the catalogue (`translate`), so the journeys follow the UI's own words in
each language. Screenshots of every page visited land in artifacts/browser/<test>/.
"""

from __future__ import annotations

import io
import re

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.readings import points_text, stage_headline
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.i18n import translate

QUESTIONNAIRE = find_questionnaire("cx-pyramid")
LEVELS = [level.id for level in QUESTIONNAIRE.levels]


def planned_answer(level_id: str, position: int) -> str:
    """A staircase: 4 at the base down to 0 at the top, with one n/a and one don't-know on top."""
    if level_id == LEVELS[-1] and position == 0:
        return "na"
    if level_id == LEVELS[-1] and position == 1:
        return "dk"
    return str(4 - LEVELS.index(level_id))


def expected_card():
    records = [
        Answer(
            "self",
            q.id,
            AnswerKind(code) if code in ("na", "dk") else AnswerKind.VALUE,
            None if code in ("na", "dk") else float(code),
        )
        for level_id in LEVELS
        for position, q in enumerate(QUESTIONNAIRE.questions_of(level=level_id))
        for code in [planned_answer(level_id, position)]
    ]
    return score_answers(QUESTIONNAIRE, answer_set_from_records(records))


def main(page):
    return page.locator("[data-testid='stMain']")


def settle(page) -> None:
    """Wait until the app's rerun has finished: no stale element from the previous run is left on screen.

    Clicking while Streamlit still shows the previous section's widgets would answer the wrong question.
    """
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stMain'] [data-stale='true']\")")


def targets_box(page, language: str):
    """The targets' box near the top of Results ("Targets: 80 for every level and aspect"), found by its start."""
    prefix = translate("consultant_day.targets.label", language, summary="").strip()
    return main(page).get_by_text(re.compile("^" + re.escape(prefix))).first


def charts_drawn(page, count: int) -> None:
    """Wait until at least ``count`` charts are on the page (drawn on the server: the state a reader sees)."""
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='stMain'] .cxm-chart-wide svg\").length >= n",
        arg=count,
    )


def progress_text(language: str, done: int) -> str:
    return translate("app.answer.progress", language, done=done, total=len(QUESTIONNAIRE.questions))


def question_card(page, question_text: str):
    """The bordered card of one question (the container keyed ``q.<id>.card``) holding its text and a radio group.

    Found by the question's own text, not by counting radio groups: a count taken while Streamlit is
    still drawing the level (or with a language picker above) would shift every click by one. Found by
    the card's key, not as "the innermost block with the text and a radio group": while a card is
    drawn its text can be there before its radio group, and that would pick the whole level's block.
    """
    return (
        main(page)
        .locator("div[class*='st-key-q-'][class*='-card']")
        .filter(has_text=question_text)
        .filter(has=page.get_by_role("radiogroup"))
    )


def answer_level(page, language: str, level_id: str, done_before: int, plan=planned_answer) -> int:
    """Click the planned option (``plan(level id, position)``) of every question of the open level; wait for each save."""
    option_label = {"na": translate("app.answer.na", language), "dk": translate("app.answer.dk", language)}
    questions = QUESTIONNAIRE.questions_of(level=level_id)
    main(page).get_by_text(questions[0].text.get(language)).first.wait_for()
    settle(page)
    done = done_before
    for position, question in enumerate(questions):
        code = plan(level_id, position)
        # The options are the scale's numbers, then "not applicable" and "don't know".
        text = option_label.get(code) or code
        card = question_card(page, question.text.get(language))
        card.get_by_role("radiogroup").get_by_text(text, exact=True).first.click()
        done += 1
        main(page).get_by_text(progress_text(language, done)).first.wait_for()
        settle(page)
    return done


def open_note(page, language: str) -> None:
    """Open the first question's note (a small pop-over beside the question)."""
    name = re.compile("^" + re.escape(translate("app.answer.note", language)))
    main(page).get_by_role("button", name=name).first.click()


def test_executive_answers_everything_sees_results_changes_a_target_and_downloads_the_pdf(app_url, new_page, shots):
    language = "en"
    page = new_page()
    page.goto(app_url)
    main(page).get_by_role("heading", name=translate("app.start.title", language)).wait_for()
    shots.take(page, "start")
    organisation = "Northwind <b>Traders</b>"
    main(page).get_by_label(translate("app.start.organisation", language)).fill(organisation)
    main(page).get_by_role("button", name=translate("app.start.create", language)).click()
    main(page).get_by_text(progress_text(language, 0)).first.wait_for()
    assert re.search(r"[?&]a=[A-Za-z0-9_-]{32}", page.url), page.url
    shots.take(page, "answer-empty")

    done = 0
    for index, level_id in enumerate(LEVELS):
        done = answer_level(page, language, level_id, done)
        shots.take(page, f"answer-{level_id}")
        if index == 1:
            # A refresh mid-way keeps every answer: they are in the database, the key in the URL.
            page.reload()
            main(page).get_by_text(progress_text(language, done)).first.wait_for()
            shots.take(page, "after-refresh")
            main(page).get_by_role("radiogroup").first.get_by_text(re.compile(r"^3\. ")).click()
        elif index + 1 < len(LEVELS):
            main(page).get_by_role("button", name=translate("app.answer.next", language)).click()
        if index + 1 < len(LEVELS):
            next_title = QUESTIONNAIRE.levels[index + 1].title.get(language)
            main(page).get_by_role("heading", name=f"{index + 2}. {next_title}").wait_for()
    assert done == len(QUESTIONNAIRE.questions)

    main(page).get_by_role("button", name=translate("app.answer.see_results", language)).click()
    card = expected_card()
    headline = stage_headline(card, QUESTIONNAIRE, language)
    main(page).get_by_text(headline).wait_for()
    charts_drawn(page, 5)
    shots.take(page, "results")

    targets_box(page, language).click()
    first_level = QUESTIONNAIRE.levels[0].title.get(language)
    target = main(page).get_by_label(first_level, exact=True).first
    target.fill("95")
    main(page).get_by_role("button", name=translate("results.targets.save", language)).click()
    main(page).get_by_text(translate("results.targets.saved", language)).wait_for()
    shots.take(page, "results-target-saved")

    with page.expect_download(timeout=60_000) as download_info:
        main(page).get_by_role("button", name=translate("results.pdf.button", language)).click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert organisation in text  # shown literally, not as markup

    page.reload()
    main(page).get_by_text(headline).wait_for()
    targets_box(page, language).click()
    assert main(page).get_by_label(first_level, exact=True).first.input_value() == "95"

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=translate("app.nav.roadmap", language)).click()
    # visible: the timeline chart holds the same words in its hover titles (SVG <title>, never shown)
    main(page).get_by_text(translate("roadmap.step.1.title", language)).filter(visible=True).first.wait_for()
    charts_drawn(page, 1)
    shots.take(page, "roadmap")


def test_a_ukrainian_user_resumes_from_the_link_and_hostile_text_stays_text(app_url, new_page, shots):
    language = "uk"
    page = new_page(locale="uk-UA")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/?lang=uk")
    main(page).get_by_role("heading", name=translate("app.start.title", language)).wait_for()
    main(page).get_by_label(translate("app.start.organisation", language)).fill("ТОВ «Їжак і Ґава»")
    main(page).get_by_role("button", name=translate("app.start.create", language)).click()
    main(page).get_by_text(progress_text(language, 0)).first.wait_for()
    settle(page)

    first = QUESTIONNAIRE.questions[0]
    question_card(page, first.text.get(language)).get_by_role("radiogroup").get_by_text("4", exact=True).click()
    main(page).get_by_text(progress_text(language, 1)).first.wait_for()
    hostile = "<script>alert('x')</script> **жирний** [посилання](javascript:alert(1)) їєґ"
    open_note(page, language)
    # The pop-over is drawn in a layer of its own, outside the main block.
    note = page.get_by_role("textbox", name=translate("app.answer.note", language)).first
    note.fill(hostile)
    note.press("Enter")
    # Saved: the rerun that runs the save callback relabels the note's button.
    main(page).get_by_role(
        "button", name=re.compile("^" + re.escape(translate("honest.answer.note_saved", language)))
    ).first.wait_for()
    settle(page)
    shots.take(page, "answered-one-with-note")
    link = page.url

    # Another browser context: the tab was closed, the user comes back from the saved link.
    again = new_page(locale="uk-UA")
    again.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    again.goto(link)
    main(again).get_by_text(progress_text(language, 1)).first.wait_for()
    settle(again)
    open_note(again, language)
    again.wait_for_function(
        "value => [...document.querySelectorAll('input')].some(i => i.value === value)", arg=hostile
    )
    assert again.get_by_role("textbox", name=translate("app.answer.note", language)).first.input_value() == hostile
    assert main(again).get_by_text(first.text.get(language)).count() >= 1
    shots.take(again, "resumed-from-link")

    # A page URL copied from the address bar opens inside the app too (menu translated, key kept).
    direct = new_page(locale="uk-UA")
    direct.goto(f"{app_url}/results?{link.split('?', 1)[1]}")
    direct.get_by_test_id("stSidebarNavItems").get_by_role(
        "link", name=translate("app.nav.methodology", language)
    ).wait_for()
    main(direct).get_by_text("ТОВ «Їжак і Ґава»", exact=False).first.wait_for()
    assert "a=" in direct.url
    shots.take(direct, "results-from-a-direct-link")

    again.get_by_test_id("stSidebarNavItems").get_by_role(
        "link", name=translate("app.nav.methodology", language)
    ).click()
    main(again).get_by_role("heading", name=translate("app.methodology.title", language)).wait_for()
    settle(again)
    shots.take(again, "methodology")
    assert "ї" in main(again).inner_text() or "є" in main(again).inner_text()
    assert dialogs == []  # nothing the user typed ran as script


def nav_link(page, key: str, language: str):
    return page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=translate(key, language))


def test_a_consultant_invites_two_groups_and_sees_their_perception_gap(app_url, new_page, shots):
    language = "ru"
    page = new_page(locale="ru-RU")
    page.goto(f"{app_url}/?lang=ru")
    nav_link(page, "app.nav.clients", language).click()
    main(page).get_by_role("heading", name=translate("clients.title", language)).wait_for()
    settle(page)
    client = "ООО «Ромашка» <i>"
    # The visible one: the "new client" tab (the hidden "edit client" tab has a name field too).
    main(page).get_by_label(translate("clients.form.name", language)).filter(visible=True).fill(client)
    main(page).get_by_role("button", name=translate("clients.form.create", language)).click()
    main(page).get_by_test_id("stAlertContentSuccess").filter(has_text=client).wait_for()
    settle(page)
    # The new-assessment form follows right where the user is (no tab to find).
    main(page).get_by_label(translate("clients.details.title", language)).filter(visible=True).fill("Исходная оценка")
    main(page).get_by_role("button", name=translate("clients.form.create_assessment", language)).click()
    main(page).get_by_test_id("stAlertContentSuccess").filter(has_text="«Исходная оценка»").wait_for()
    settle(page)
    assert re.search(r"[?&]a=[A-Za-z0-9_-]{32}", page.url), page.url
    shots.take(page, "clients")

    # Two respondents in two groups, the anonymity threshold lowered so a group of one is shown.
    nav_link(page, "app.nav.respondents", language).click()
    main(page).get_by_role("heading", name=translate("respondents.title", language)).wait_for()
    executives, front_line = (translate(f"workspace.group.{g}", language) for g in ("executives", "front_line"))
    main(page).get_by_label(translate("respondents.bulk.lines", language)).fill(
        f"Ирина; {executives}\nТарас; {front_line}"
    )
    main(page).get_by_role("button", name=translate("respondents.bulk.submit", language)).click()
    main(page).get_by_text(translate("respondents.bulk.added", language, count="2")).wait_for()
    threshold = main(page).get_by_label(translate("respondents.threshold.label", language))
    threshold.fill("1")
    threshold.press("Enter")
    main(page).get_by_text(translate("respondents.threshold.saved", language, n=1)).wait_for()
    settle(page)
    shots.take(page, "respondents")

    def link_shown() -> str:
        return main(page).locator("[data-testid='stCode']").filter(has_text="?r=").first.inner_text().strip()

    links = {"Ирина": link_shown()}
    main(page).get_by_label(translate("respondents.pick", language)).click()
    page.get_by_role("option", name="Тарас").click()
    settle(page)
    page.wait_for_function(
        "old => [...document.querySelectorAll(\"[data-testid='stCode']\")].some(e => e.innerText.includes('?r=') && !e.innerText.includes(old))",
        arg=links["Ирина"].rsplit("=", 1)[1],
    )
    links["Тарас"] = link_shown()
    assert links["Ирина"] != links["Тарас"] and all(re.search(r"\?r=[A-Za-z0-9_-]{32}$", u) for u in links.values())

    # Each answers the first level through their own link, in a browser context of their own.
    def respond(name: str, value: str, respondent_language: str) -> None:
        person = new_page(locale="uk-UA" if respondent_language == "uk" else "ru-RU")
        person.goto(links[name])
        main(person).get_by_text(progress_text(language, 0)).first.wait_for()
        assert person.get_by_test_id("stSidebarNavItems").count() == 0  # no menu: nothing else to reach
        assert client.split()[0] in main(person).inner_text()
        assert ("Тарас" if name == "Ирина" else "Ирина") not in main(person).inner_text()
        if respondent_language != language:
            main(person).get_by_text("Українська", exact=True).click()
            main(person).get_by_text(progress_text(respondent_language, 0)).first.wait_for()
        answer_level(person, respondent_language, LEVELS[0], 0, plan=lambda _level, _position: value)
        main(person).get_by_role("button", name=translate("respond.submit", respondent_language)).click()
        main(person).get_by_role("button", name=translate("respond.confirm_yes", respondent_language)).click()
        main(person).get_by_text(
            re.compile(re.escape(translate("respond.thanks", respondent_language, date="X")).split("X")[0])
        ).first.wait_for()
        shots.take(person, f"respondent-{respondent_language}-submitted")
        person.context.close()  # a finished respondent's session no longer competes for the two cores

    respond("Ирина", "4", "ru")
    respond("Тарас", "1", "uk")

    # The consultant sees the gap: executives 75 points above the front line on communication.
    nav_link(page, "app.nav.groups", language).click()
    main(page).get_by_role("heading", name=translate("groups.title", language)).wait_for()
    settle(page)
    charts_drawn(page, 1)
    shots.take(page, "groups-perception-gap")
    shown = main(page).inner_text()
    communication = QUESTIONNAIRE.levels[0].title.get(language)
    assert f"«{communication}»" in shown and points_text(75, language) in shown
    assert "Ирина" not in shown and "Тарас" not in shown  # groups, never people
