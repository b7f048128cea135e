"""Browser journey 3: team mode (CXM_MODE=team) with local accounts, in a real chromium.

Consultant A signs in, creates a client and two respondents; consultant B finds none of it;
a client viewer sees the results and the PDF button but no respondent; an anonymous visitor
sees only the sign-in page on every address; a respondent's link works without signing in;
repeated wrong passwords lock the sign-in. Screenshots land in artifacts/browser/<test>/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from cxmaturity.auth import Actor
from cxmaturity.core.registry import builtin_dir
from cxmaturity.i18n import translate
from cxmaturity.storage import QuestionnaireSnapshot, Store

from .server import running_app
from .test_journeys import main, settle

PASSWORD = "correct horse battery"
BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
CLIENT = "Acme Secret Bank"
PEOPLE = ("Ann Respondent", "Bob Respondent")
PAGES = ("", "clients", "respondents", "groups", "evidence", "waves", "results", "roadmap", "answer", "data",
         "methodology", "admin", "account")  # fmt: skip


def en(key: str, **values: object) -> str:
    return translate(key, "en", **values)


@pytest.fixture(scope="module")
def team_app() -> Iterator[tuple[str, Store]]:
    with running_app(extra_env={"CXM_MODE": "team"}) as (url, folder):
        store = Store.open(f"sqlite:///{folder / 'cxmaturity.sqlite3'}")
        store.create_user("admin@example.com", "admin", password=PASSWORD)
        store.create_user("a@example.com", "consultant", password=PASSWORD)
        store.create_user("b@example.com", "consultant", password=PASSWORD)
        yield url, store
        store.dispose()


def sign_in(page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url)
    main(page).get_by_role("heading", name=en("auth.signin.title")).wait_for()
    settle(page)
    main(page).get_by_label(en("auth.signin.email")).fill(email)
    main(page).get_by_role("textbox", name=en("auth.signin.password")).fill(password)
    main(page).get_by_role("button", name=en("auth.signin.submit")).click()


def until(page, condition, attempts: int = 600) -> None:
    """Wait for a state outside the page (the database), checking between short waits of the page."""
    for _ in range(attempts):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the expected state was not reached")


def signed_in(page) -> None:
    page.get_by_role("heading", name=en("app.start.title")).wait_for()
    settle(page)


def test_journey_3_team_mode_keeps_each_clients_data_to_its_people(team_app, new_page, shots) -> None:
    url, store = team_app

    # Consultant A signs in, creates a client (with its first assessment) and two respondents.
    a = new_page()
    sign_in(a, url, "a@example.com")
    signed_in(a)
    shots.take(a, "a-start")
    main(a).get_by_label(en("app.start.organisation")).fill(CLIENT)
    main(a).get_by_role("button", name=en("app.start.create")).click()
    a.wait_for_url(re.compile(r"[?&]a=[A-Za-z0-9_-]{32}"))
    key = re.search(r"[?&]a=([A-Za-z0-9_-]{32})", a.url).group(1)  # type: ignore[union-attr]
    main(a).get_by_text(en("app.answer.progress", done=0, total=68)).wait_for()
    settle(a)
    a.get_by_role("link", name=en("app.nav.respondents")).click()
    main(a).get_by_role("heading", name=en("respondents.title"), exact=True).wait_for()
    record = store.find_assessment_by_key(key)
    assert record is not None and record.organisation_name == CLIENT
    settle(a)
    main(a).get_by_label(en("respondents.bulk.lines")).fill("\n".join(PEOPLE))
    main(a).get_by_role("button", name=en("respondents.bulk.submit")).click()
    main(a).get_by_text(en("respondents.bulk.added", count="2")).wait_for()
    settle(a)
    shots.take(a, "a-respondents")
    ann = store.find_respondent(record.id, PEOPLE[0])
    assert ann is not None

    # Consultant B (with a client of their own) finds nothing of it: lists, search, the key, data, results.
    b_user = store.find_user("b@example.com")
    assert b_user is not None
    b_store = store.acting_as(Actor.user(b_user.id, b_user.email, b_user.role))
    b_store.create_assessment("Globex", QuestionnaireSnapshot.from_file(BUILTIN), "B's own", "en")
    b = new_page()
    sign_in(b, url, "b@example.com")
    signed_in(b)
    assert CLIENT not in main(b).inner_text()
    shots.take(b, "b-start")
    settle(b)
    b.get_by_role("link", name=en("app.nav.clients")).click()
    main(b).get_by_role("heading", name=en("clients.title")).wait_for()
    settle(b)
    main(b).get_by_role("textbox", name=en("clients.filter.search")).fill("Acme")
    main(b).get_by_role("textbox", name=en("clients.filter.search")).press("Enter")
    # The list is a table of text now (the data grid was a canvas, whose rows inner_text never read).
    main(b).get_by_text(en("clients.empty.no_match")).wait_for()
    settle(b)
    text = main(b).inner_text()
    assert CLIENT not in text and "Globex" not in text  # the search found nothing; B's own list holds Globex
    shots.take(b, "b-clients-search")
    for target in ("results", "data", "respondents"):
        # A local sign-in lasts for the tab's session: a new address is a new session, so B signs in again.
        sign_in(b, f"{url}/{target}?a={key}", "b@example.com")
        main(b).get_by_text(en("app.guard.none_open")).or_(
            main(b).get_by_text(en("app.guard.unknown"))
        ).first.wait_for()
        settle(b)
        text = main(b).inner_text()
        assert CLIENT not in text and PEOPLE[0] not in text
        assert main(b).get_by_role("button", name=en("results.pdf.button")).count() == 0
    shots.take(b, "b-data-with-a-key")
    refused = [line for line in store.list_audit(200) if line.actor == "b@example.com" and line.outcome == "refused"]
    assert refused, "B's attempts left no audit line"

    # Ann answers through her link's rights (the store as her respondent), so the viewer has results to read.
    as_ann = store.acting_as(Actor.respondent(ann.id, ann.token))
    for question in store.load_questionnaire(record.id).questions:
        as_ann.save_answer(ann.id, question.id, "value", 3, note="Ann's private note")

    # A client viewer of A's client sees the results and the PDF button, no respondent.
    store.create_user("ceo@acme.example", "viewer", password=PASSWORD, client_id=record.organisation_id)
    viewer = new_page()
    sign_in(viewer, url, "ceo@acme.example")
    signed_in(viewer)
    nav = viewer.locator("[data-testid='stSidebarNav']").inner_text()
    assert en("app.nav.respondents") not in nav and en("app.nav.data") not in nav
    main(viewer).get_by_role("link", name=en("auth.start.results")).wait_for()
    settle(viewer)
    main(viewer).get_by_role("link", name=en("auth.start.results")).click()
    main(viewer).get_by_role("heading", name=en("results.title")).wait_for()
    main(viewer).get_by_role("button", name=en("results.pdf.button")).wait_for()
    settle(viewer)
    text = main(viewer).inner_text()
    assert CLIENT in text and all(person not in text for person in PEOPLE) and "private note" not in text
    shots.take(viewer, "viewer-results")
    sign_in(viewer, f"{url}/respondents?a={key}", "ceo@acme.example")  # not in their menu: the start page
    main(viewer).get_by_role("heading", name=en("app.start.title")).wait_for()
    settle(viewer)
    assert all(person not in main(viewer).inner_text() for person in PEOPLE)
    shots.take(viewer, "viewer-respondents-address")

    # An anonymous visitor sees the sign-in page on every page address.
    anonymous = new_page()
    for address in PAGES:
        anonymous.goto(f"{url}/{address}?a={key}")
        main(anonymous).get_by_role("heading", name=en("auth.signin.title")).wait_for()
        settle(anonymous)
        assert CLIENT not in anonymous.content()
    assert anonymous.locator("[data-testid='stSidebarNav']").count() == 0
    shots.take(anonymous, "anonymous")

    # A respondent's link works without signing in and shows only their questionnaire.
    respondent = new_page()
    respondent.goto(f"{url}/?r={ann.token}")
    main(respondent).get_by_role("radiogroup").first.wait_for()
    settle(respondent)
    assert respondent.locator("[data-testid='stSidebarNav']").count() == 0
    assert PEOPLE[1] not in main(respondent).inner_text()
    shots.take(respondent, "respondent-link")

    # Repeated wrong passwords lock the account, even for the right one afterwards.
    locked = new_page()
    for _ in range(5):
        sign_in(locked, url, "b@example.com", "wrong password!")
        main(locked).get_by_text(en("auth.signin.invalid")).or_(
            main(locked).get_by_text(en("auth.signin.locked", minutes=15))
        ).first.wait_for()
    sign_in(locked, url, "b@example.com")
    main(locked).get_by_text(en("auth.signin.locked", minutes=15)).wait_for()
    shots.take(locked, "locked")
    assert any(line.action == "sign_in.locked" for line in store.list_audit(500))
