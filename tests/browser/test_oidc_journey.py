"""Browser journey 3 with an identity provider: team mode signing in through OIDC, in a real chromium.

`oidc-provider-mock` plays the organisation's identity provider on a loopback port; the app's
``[auth]`` secrets point at it, as docs/deploy.md tells a deployment to do. Consultant A signs in
at the provider and creates a client; consultant B signs in the same way and finds none of it;
a verified address nobody invited is refused; a group claim mapped to a role changes the stored
role. Screenshots land in artifacts/browser/<test>/.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.storage import Store

from .server import free_port, running_app
from .test_journeys import main, settle
from .test_team_journey import PAGES, en, signed_in, until

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

CLIENT = "Initech Private Ltd"
#: Who the provider knows: subject -> claims. Groups are mapped to roles in the app's secrets.
PROVIDER_USERS = {
    "alice": {"email": "Alice@Example.com", "email_verified": True, "groups": ["cx-consultants"]},
    "bob": {"email": "bob@example.com", "email_verified": True, "groups": []},
    "mallory": {"email": "mallory@example.com", "email_verified": True, "groups": ["cx-consultants"]},
    "eve": {"email": "eve@example.com", "email_verified": False, "groups": []},
}


def secrets_file(app_port: int, provider_port: int) -> Path:
    """The ``.streamlit/secrets.toml`` a deployment writes, pointed at the test's provider."""
    folder = Path(tempfile.mkdtemp(prefix="cxm-oidc-"))
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(48)}"\n'
        'client_id = "cx-maturity"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n'
        "\n[cxmaturity]\n"
        'groups_claim = "groups"\n'
        'group_roles = { "cx-consultants" = "consultant" }\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def oidc_app() -> Iterator[tuple[str, Store]]:
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in PROVIDER_USERS.items()]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        app_port = free_port()
        settings = secrets_file(app_port, provider.server_port)
        extra = ["--secrets.files", str(settings)]
        with running_app(extra_env={"CXM_MODE": "team"}, port=app_port, extra_args=extra) as (url, folder):
            store = Store.open(f"sqlite:///{folder / 'cxmaturity.sqlite3'}")
            store.create_user("admin@example.com", "admin", password="correct horse battery")
            # Alice is invited as a viewer; the provider's group makes her a consultant when she signs in.
            store.create_user("alice@example.com", "viewer")
            store.create_user("bob@example.com", "consultant")
            store.create_user("eve@example.com", "consultant")
            yield url, store
            store.dispose()


def sign_in_at_provider(page, url: str, subject: str) -> None:
    """Open the app, press the organisation's sign-in button, pick ``subject`` at the provider."""
    page.goto(url)
    button = main(page).get_by_role("button", name=en("auth.signin.oidc"))
    button.wait_for()
    settle(page)
    button.click()
    page.get_by_role("heading", name="Authorize Client").wait_for()
    page.locator(f"button[name='sub'][value='{subject}']").click()


def refused_here(page, name: str) -> None:
    """Wait for the sign-in page's "no active account for <address>" refusal after the provider's sign-in."""
    main(page).get_by_role("button", name=en("auth.signin.provider_signout")).wait_for()
    settle(page)
    # The address is shown as plain text (escaped so Markdown cannot link it): compare letters only.
    letters = re.sub(r"[^a-z]", "", main(page).inner_text().lower())
    assert f"{name}examplecom" in letters and "noactiveaccount" in letters


def test_journey_3_oidc_sign_in_keeps_each_clients_data_to_its_people(oidc_app, new_page, shots) -> None:
    url, store = oidc_app

    # Alice signs in at the provider; her group claim makes her a consultant; she creates a client.
    alice = new_page()
    sign_in_at_provider(alice, url, "alice")
    signed_in(alice)
    shots.take(alice, "alice-start")
    alice_user = store.find_user("alice@example.com")
    assert alice_user is not None and alice_user.role == "consultant"
    main(alice).get_by_label(en("app.start.organisation")).fill(CLIENT)
    main(alice).get_by_role("button", name=en("app.start.create")).click()
    alice.wait_for_url(re.compile(r"[?&]a=[A-Za-z0-9_-]{32}"))
    key = re.search(r"[?&]a=([A-Za-z0-9_-]{32})", alice.url).group(1)  # type: ignore[union-attr]
    until(alice, lambda: store.find_assessment_by_key(key) is not None)
    record = store.find_assessment_by_key(key)
    assert record is not None and record.organisation_name == CLIENT

    # The provider's sign-in is a cookie: a new address in the same browser needs no new sign-in.
    # (Her assessment, started from Start with nobody invited yet, is a self-assessment: Start lists it.)
    alice.goto(f"{url}/?lang=en")
    main(alice).get_by_role("heading", name=en("app.start.resume_title")).wait_for()
    main(alice).get_by_text(CLIENT).first.wait_for()
    settle(alice)
    shots.take(alice, "alice-start-again")

    # Bob, another consultant, signs in the same way and finds none of Alice's client, even with her key.
    bob = new_page()
    sign_in_at_provider(bob, url, "bob")
    signed_in(bob)
    assert CLIENT not in main(bob).inner_text()
    for target in ("clients", "results", "respondents", "data"):
        bob.goto(f"{url}/{target}?a={key}")
        refusal = main(bob).get_by_text(en("app.guard.unknown")).or_(main(bob).get_by_text(en("app.guard.none_open")))
        refusal.or_(main(bob).get_by_role("heading", name=en("clients.title"))).first.wait_for()
        settle(bob)
        assert CLIENT not in main(bob).inner_text()
        assert main(bob).get_by_role("button", name=en("results.pdf.button")).count() == 0
    shots.take(bob, "bob-with-alices-key")
    refused = [line for line in store.list_audit(300) if line.actor == "bob@example.com" and line.outcome == "refused"]
    assert refused, "Bob's attempts left no audit line"

    # A verified address nobody invited is told so, sees no page of the workspace, and is audited.
    mallory = new_page()
    sign_in_at_provider(mallory, url, "mallory")
    refused_here(mallory, "mallory")
    assert mallory.locator("[data-testid='stSidebarNav']").count() == 0
    for address in PAGES[:6]:
        mallory.goto(f"{url}/{address}?a={key}")
        main(mallory).get_by_role("heading", name=en("auth.signin.title")).wait_for()
        settle(mallory)
        assert CLIENT not in mallory.content()
    shots.take(mallory, "uninvited")
    assert store.find_user("mallory@example.com") is None

    # An invited address the provider has not verified is refused the same way.
    eve = new_page()
    sign_in_at_provider(eve, url, "eve")
    refused_here(eve, "eve")
    assert eve.locator("[data-testid='stSidebarNav']").count() == 0
    shots.take(eve, "unverified")
    oidc_refusals = {line.target for line in store.list_audit(300) if line.action == "sign_in.oidc"}
    assert {"mallory@example.com", "eve@example.com"} <= oidc_refusals
