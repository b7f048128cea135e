"""The answering flow and honest numbers in a real browser (issue 13).

- "Next level" lands at the top of the next level;
- one level is at most 3,500 px high at 1366x900 and 6,000 px at 390x844;
- a first-time user answers every question (68 in cx-pyramid 2.0.0) with one click each, plus
  one per level change and one to see the results;
- the last answer given on an earlier level brings the finish line to that level;
- a respondent in progress does not move the headline until they submit;
- a default PDF names no respondent.

The app runs with a data folder of its own, so a test can prepare respondents in its database.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.i18n import translate
from cxmaturity.storage import SQLITE_FILE_NAME, QuestionnaireSnapshot, Store

from .server import running_app
from .test_journeys import QUESTIONNAIRE, main, open_note, progress_text, settle

LANGUAGE = "en"
SCROLL_TOP = "() => document.querySelector('[data-testid=stMain]').scrollTop"
PAGE_HEIGHT = "() => document.querySelector('[data-testid=stMain]').scrollHeight"
QUESTION_GROUPS = 'div[class*="st-key-q-"][class*="-value"] [role="radiogroup"]'
NAMES = ("Olga Petrova", "Maria Lopez", "Sam Green", "Li Wei")


@pytest.fixture(scope="module")
def app() -> Iterator[tuple[str, Path]]:
    """The app and its data folder (the tests prepare assessments straight in its database)."""
    with running_app() as running:
        yield running


@pytest.fixture(scope="module")
def store(app: tuple[str, Path]) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{app[1] / SQLITE_FILE_NAME}")
    yield opened
    opened.dispose()


def new_assessment(store: Store, title: str) -> str:
    snapshot = QuestionnaireSnapshot.from_file(builtin_dir() / "cx-pyramid" / "questionnaire.yaml")
    return store.create_assessment("Northwind", snapshot, title, LANGUAGE).key


def question_options(page, question_id: str):
    """A question's answer options, found by its id (never by a count taken mid-draw)."""
    return main(page).locator(f".st-key-q-{re.sub(r'[^A-Za-z0-9_-]', '-', question_id)}-value")


def idle(page) -> None:
    """Settled and the page height unchanged for a moment (charts and the scroll script have run)."""
    settle(page)
    page.wait_for_function(
        """() => new Promise(done => {
            const main = document.querySelector('[data-testid=stMain]');
            const first = main.scrollHeight;
            setTimeout(() => done(main.scrollHeight === first), 400);
        })"""
    )


class Clicks:
    """Every click a user makes, counted (the goal: one per question, plus five to move on)."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()


def answer_by_keyboard(page, store: Store, key: str, level_id: str) -> None:
    """A digit, N and D answer three questions in a row: the focus moves on by itself after each."""
    page.locator(QUESTION_GROUPS).first.locator("input").first.focus()
    for pressed, done in (("2", 1), ("n", 2), ("d", 3)):
        page.keyboard.press(pressed)
        main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, done))}")).wait_for()
        settle(page)
    record = store.find_assessment_by_key(key)
    assert record is not None
    saved = store.load_respondent_answers(store.self_respondent(record.id).id)
    first = QUESTIONNAIRE.questions_of(level=level_id)[:3]
    assert [saved[question.id].code() for question in first] == ["2", "na", "dk"]


def test_next_level_lands_at_the_top_and_each_level_fits_the_height_goals(app, store, new_page) -> None:
    url, _ = app
    key = new_assessment(store, "Heights")
    too_tall: list[str] = []
    heights: list[str] = []
    for width, height, limit in ((1366, 900, 3500), (390, 844, 6000)):
        page = new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{url}/answer?a={key}")
        # 0 answered at first, 3 once the keyboard has answered at 1366 px.
        main(page).get_by_text(progress_text(LANGUAGE, 0 if width == 1366 else 3)).first.wait_for()
        for index, level in enumerate(QUESTIONNAIRE.levels):
            main(page).get_by_role("heading", name=f"{index + 1}. {level.title.get(LANGUAGE)}").wait_for()
            idle(page)
            measured = page.evaluate(PAGE_HEIGHT)
            asked = len(QUESTIONNAIRE.questions_of(level=level.id))
            heights.append(f"{level.id} ({asked} questions) {measured} px at {width} px (goal {limit})")
            if measured > limit:
                too_tall.append(heights[-1])
            if index + 1 == len(QUESTIONNAIRE.levels):
                if width == 1366:
                    answer_by_keyboard(page, store, key, level.id)
                break
            # From the bottom of a level (where "Next level" is), the next one opens at its top.
            page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 1e6)")
            page.wait_for_function(f"() => ({SCROLL_TOP})() > 1000")
            main(page).get_by_role("button", name=translate("app.answer.next", LANGUAGE)).click()
            main(page).get_by_role(
                "heading", name=f"{index + 2}. {QUESTIONNAIRE.levels[index + 1].title.get(LANGUAGE)}"
            ).wait_for()
            # The new level's heading sits at the top of the screen, its first question in view.
            heading = main(page).locator(".st-key-answer-level-top")
            page.wait_for_function(
                "() => { const b = document.querySelector('.st-key-answer-level-top').getBoundingClientRect();"
                " return b.top >= 0 && b.top < 220; }"
            )
            idle(page)
            box = heading.bounding_box()
            assert box is not None and 0 <= box["y"] < 220, box
            first = QUESTIONNAIRE.questions_of(level=QUESTIONNAIRE.levels[index + 1].id)[0]
            box = main(page).get_by_text(first.text.get(LANGUAGE)).first.bounding_box()
            assert box is not None and box["y"] < height, "the first question of the level is in view"
        page.context.close()
    print("level heights:", "; ".join(heights))
    # cx-pyramid 2.0.0 asks up to 16 questions a level, each with an anchor for every point: the anchors sit
    # on one line under the numbers (all of them one tap away), so even the longest level fits.
    assert not too_tall, "a level is taller than the goal: " + "; ".join(too_tall)


def test_a_first_time_user_answers_every_question_in_one_click_each_with_progress_in_view(app, store, new_page) -> None:
    url, _ = app
    key = new_assessment(store, "Clicks")
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{url}/answer?a={key}")
    main(page).get_by_text(progress_text(LANGUAGE, 0)).first.wait_for()
    clicks = Clicks()
    done = 0
    for index, level in enumerate(QUESTIONNAIRE.levels):
        main(page).get_by_role("heading", name=f"{index + 1}. {level.title.get(LANGUAGE)}").wait_for()
        settle(page)
        for question in QUESTIONNAIRE.questions_of(level=level.id):
            clicks.click(question_options(page, question.id).get_by_text(str(4 - index), exact=True))
            done += 1
            main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, done))}")).wait_for()
            settle(page)
            # The progress stays in view while answering, wherever the question is.
            box = main(page).locator(".st-key-answer-progress").bounding_box()
            assert box is not None and 0 <= box["y"] < 900
        if index + 1 < len(QUESTIONNAIRE.levels):
            clicks.click(main(page).get_by_role("button", name=translate("app.answer.next", LANGUAGE)))
    total = len(QUESTIONNAIRE.questions)
    summary = translate("honest.answer.summary", LANGUAGE, answered=total, total=total, scale=total, na=0, dk=0)
    main(page).get_by_text(summary).wait_for()
    clicks.click(main(page).get_by_role("button", name=translate("app.answer.see_results", LANGUAGE)))
    main(page).get_by_role("heading", name=translate("results.title", LANGUAGE)).wait_for()
    assert done == total
    # One click per question, one "next" per level change and one "see the results": 68 + 4 + 1.
    assert clicks.count <= total + len(QUESTIONNAIRE.levels), clicks.count


def test_the_last_answer_on_an_earlier_level_brings_the_finish_line(app, store, new_page) -> None:
    """Every question but the first of level 1 is answered: that click ends the questionnaire on a
    level without the finish line, so the progress, then the summary and its button, appear there."""
    url, _ = app
    key = new_assessment(store, "Last on level 1")
    record = store.find_assessment_by_key(key)
    assert record is not None
    me = store.self_respondent(record.id).id
    first, *others = QUESTIONNAIRE.questions
    for question in others:
        store.save_answer(me, question.id, "value", 2)
    page = new_page()
    page.goto(f"{url}/answer?a={key}")
    total = len(QUESTIONNAIRE.questions)
    main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, total - 1))}")).wait_for()
    settle(page)
    question_options(page, first.id).get_by_text("3", exact=True).click()
    main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, total))}")).wait_for()
    summary = translate("honest.answer.summary", LANGUAGE, answered=total, total=total, scale=total, na=0, dk=0)
    main(page).get_by_text(summary).wait_for()
    main(page).get_by_role("button", name=translate("app.answer.see_results", LANGUAGE)).wait_for()
    # Still level 1: the finish line came to the person, not the other way round.
    main(page).get_by_role("heading", name=f"1. {QUESTIONNAIRE.levels[0].title.get(LANGUAGE)}").wait_for()
    assert store.load_respondent_answers(me)[first.id].code() == "3"


# Every text the progress line shows from now on, in order (the line is found afresh after each change:
# a whole run of the screen may draw it anew).
RECORD_PROGRESS = """() => {
  window.__progressSeen = [];
  const text = () => {
    const line = document.querySelector('.st-key-answer-progress [data-testid=stProgress] [data-testid=stMarkdownContainer] p');
    return line ? line.innerText : null;
  };
  new MutationObserver(() => {
    const now = text();
    if (now !== null && now !== window.__progressSeen[window.__progressSeen.length - 1]) window.__progressSeen.push(now);
  }).observe(document.querySelector('[data-testid=stMain]'), {subtree: true, childList: true, characterData: true});
}"""


def test_the_progress_follows_every_click_and_never_shows_an_earlier_count(app, store, new_page) -> None:
    """After a click only the question's card reruns; the progress line is put in place in the browser
    from the numbers the server worked out. Clicks on different questions, a changed answer, a note and a
    whole run of the screen: the line only ever shows the newest count, never an earlier click's."""
    url, _ = app
    key = new_assessment(store, "Progress")
    page = new_page()
    page.goto(f"{url}/answer?a={key}")
    main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, 0))}")).wait_for()
    settle(page)
    page.evaluate(RECORD_PROGRESS)
    first, second, third = QUESTIONNAIRE.questions_of(level=QUESTIONNAIRE.levels[0].id)[:3]

    def answer(question, value: str, count: int) -> None:
        question_options(page, question.id).get_by_text(value, exact=True).click()
        main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, count))}")).wait_for()
        settle(page)

    answer(first, "3", 1)
    answer(second, "2", 2)
    answer(first, "1", 2)  # a changed answer counts once
    open_note(page, LANGUAGE)  # the first question's note: its card reruns with no new count
    note = page.get_by_role("textbox", name=translate("app.answer.note", LANGUAGE)).first
    note.fill("Checked with the contact centre")
    note.press("Enter")
    main(page).get_by_role(
        "button", name=re.compile("^" + re.escape(translate("honest.answer.note_saved", LANGUAGE)))
    ).first.wait_for()
    page.keyboard.press("Escape")
    settle(page)
    answer(third, "4", 3)
    answer(second, "0", 3)
    # A whole run of the screen (only the unanswered questions, then all of them again) draws the same count.
    for _ in range(2):
        main(page).get_by_text(translate("app.answer.only_unanswered", LANGUAGE)).click()
        settle(page)
    main(page).get_by_text(re.compile(f"^{re.escape(progress_text(LANGUAGE, 3))}")).wait_for()
    seen = page.evaluate("() => window.__progressSeen")
    counts = [int(found.group(1)) for text in seen if (found := re.match(r"(\d+) of", text))]
    assert counts == sorted(counts) and counts[-1] == 3, seen
    saved = store.load_respondent_answers(store.self_respondent(store.find_assessment_by_key(key).id).id)
    assert {question.id: saved[question.id].code() for question in (first, second, third)} == {
        first.id: "1",
        second.id: "0",
        third.id: "4",
    }
    assert saved[first.id].note == "Checked with the contact centre"


def _respondents(store: Store, key: str) -> dict[str, str]:
    """Three executives who answered 3 everywhere and submitted; Li Wei invited, not yet started."""
    record = store.find_assessment_by_key(key)
    assert record is not None
    questions = store.load_questionnaire(record.id).questions
    for name in NAMES[:3]:
        respondent = store.add_respondent(record.id, name, group="executives")
        for question in questions:
            store.save_answer(respondent.id, question.id, "value", 3)
        store.set_submitted(respondent.id)
    li = store.add_respondent(record.id, NAMES[3], group="front line")
    return {"key": key, "li": li.token}


def _headline(page) -> str:
    return main(page).locator("h3").first.inner_text().strip()


def test_a_respondent_in_progress_moves_nothing_until_they_submit_and_the_pdf_names_no_one(
    app, store, new_page
) -> None:
    url, _ = app
    made = _respondents(store, new_assessment(store, "Partial"))
    consultant = new_page()
    consultant.goto(f"{url}/results?a={made['key']}")
    main(consultant).get_by_text(re.compile(r"submitted: 3 \(counted\)")).wait_for()
    idle(consultant)
    before = _headline(consultant)
    assert before.startswith("Stage 5 of 5"), before

    # Li opens her link, gives three 0s, and leaves without submitting.
    li = new_page()
    li.goto(f"{url}/?r={made['li']}")
    main(li).get_by_text(progress_text(LANGUAGE, 0)).first.wait_for()
    settle(li)
    groups = main(li).locator(QUESTION_GROUPS)
    for position in range(3):
        groups.nth(position).get_by_text("0", exact=True).click()
        main(li).get_by_text(progress_text(LANGUAGE, position + 1)).first.wait_for()
        settle(li)

    consultant.reload()
    main(consultant).get_by_text(re.compile(r"in progress: 1 \(not counted until they submit\)")).wait_for()
    idle(consultant)
    assert _headline(consultant) == before

    # The default PDF: no name, and Li's group (one person) without its size.
    with consultant.expect_download(timeout=90_000) as download:
        main(consultant).get_by_role("button", name=translate("results.pdf.button", LANGUAGE)).click()
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Northwind" in text
    for name in NAMES:
        assert name not in text, name

    # Li submits: now (and only now) her answers count.
    main(li).get_by_role("button", name=translate("respond.submit", LANGUAGE)).click()
    main(li).get_by_role("button", name=translate("respond.confirm_yes", LANGUAGE)).click()
    thanks = re.escape(translate("respond.thanks", LANGUAGE, date="X")).split("X")[0]
    main(li).get_by_text(re.compile(thanks)).first.wait_for()
    consultant.reload()
    main(consultant).get_by_text(re.compile(r"submitted: 4 \(counted\)")).wait_for()
    idle(consultant)
    assert _headline(consultant) != before
