"""A customer answers the customer questionnaire through a personal link, and the consultant hears it
on the Customer voice page (issue 16), in a real browser, at 390 px (the customer's phone) and 1366 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.i18n import translate
from cxmaturity.storage import SQLITE_FILE_NAME, QuestionnaireSnapshot, Store

from .server import running_app
from .test_journeys import main, question_card, settle

LANGUAGE = "en"
CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
COUNTED = 31  # 23 rated statements and 8 items (the comment is optional)


@pytest.fixture(scope="module")
def app() -> Iterator[tuple[str, Path]]:
    with running_app() as running:
        yield running


def _prepare(folder: Path) -> tuple[str, str]:
    """A customer survey where 30 customers have answered (NPS 0..9 three times); returns (key, new token)."""
    store = Store.open(f"sqlite:///{folder / SQLITE_FILE_NAME}")
    try:
        record = store.create_assessment("Northwind", QuestionnaireSnapshot.from_file(CUSTOMER), "Customers", "en")
        reasons = store.load_questionnaire(record.id).item("reason.main").choice_ids()
        for n in range(30):
            respondent = store.add_respondent(record.id, f"customer {n}", group=("web", "shop")[n % 2])
            store.save_answer(respondent.id, "loyalty.recommend", "value", n % 10)
            reason = reasons[n % 3]
            store.save_answer(respondent.id, "reason.main", "value", n % 3 + 1, note=reason)
            store.set_submitted(respondent.id)
        newcomer = store.add_respondent(record.id, "customer 31", group="web", email="c31@example.com")
        return record.key, newcomer.token
    finally:
        store.dispose()


def _progress(done: int) -> str:
    return translate("app.answer.progress", LANGUAGE, done=done, total=COUNTED)


def test_a_customer_answers_through_a_link_and_the_consultant_sees_the_voice(app, new_page, shots) -> None:
    url, folder = app
    key, token = _prepare(folder)
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/?r={token}&lang={LANGUAGE}")
    main(page).get_by_text(_progress(0)).wait_for()
    section = translate("voice_ui.answer.items_section", LANGUAGE)
    main(page).get_by_role("radiogroup").filter(has_text=section).get_by_text(section).click()
    main(page).get_by_role("heading", name=f"6. {section}").wait_for()
    settle(page)
    nps_text = "How likely are you to recommend the company to a friend or colleague?"
    question_card(page, nps_text).get_by_role("radiogroup").get_by_text("3", exact=True).click()
    main(page).get_by_text(_progress(1)).wait_for()
    settle(page)
    question_card(page, "What is the main reason for your scores?").get_by_text("How fast I was served").click()
    main(page).get_by_text(_progress(2)).wait_for()
    settle(page)
    shots.take(page, "customer-items-390")

    # A refresh keeps both answers: the link opens at the first unfinished section, the items still chosen.
    page.reload()
    main(page).get_by_text(_progress(2)).wait_for()
    main(page).get_by_role("radiogroup").filter(has_text=section).get_by_text(section).click()
    main(page).get_by_role("heading", name=f"6. {section}").wait_for()
    settle(page)
    assert question_card(page, nps_text).get_by_role("radio", name="3", exact=True).is_checked()
    main(page).get_by_role("button", name=translate("respond.submit", LANGUAGE)).click()
    main(page).get_by_role("button", name=translate("respond.confirm_yes", LANGUAGE)).click()
    main(page).get_by_text(translate("respond.thanks_more", LANGUAGE)[:40]).wait_for()

    # The consultant: 31 customers now. The 30 earlier gave 0..9 three times each: 3 promoters (9),
    # 6 passives (7, 8), 21 detractors (0..6); the newcomer's 3 is the 22nd detractor:
    # NPS = (3 - 22) / 31 = -61.3 points.
    for width in (1366, 390):
        consultant = new_page()
        consultant.set_viewport_size({"width": width, "height": 900})
        consultant.goto(f"{url}/voice?a={key}&lang={LANGUAGE}")
        main(consultant).get_by_text("n\u00a0=\u00a031").first.wait_for()
        consultant.wait_for_function(
            "() => document.querySelectorAll(\"[data-testid='stMain'] .cxm-chart-wide svg\").length >= 2"
        )
        settle(consultant)
        # The NPS card by its key, waited for: on a loaded machine a card can still be a grey placeholder when the
        # page has otherwise settled (CI, 2026-11-30: the first metric read "—" at 390 px).
        nps_value = main(consultant).locator(".st-key-voice-card-nps [data-testid='stMetricValue']")
        nps_value.get_by_text("\u221261", exact=True).wait_for()
        assert nps_value.inner_text().strip() == "\u221261"
        shots.take(consultant, f"voice-page-{width}")
        consultant.context.close()
