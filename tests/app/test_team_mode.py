"""Team mode in the app (CXM_MODE=team): sign-in, menus per role, refusals, reset links, OIDC identities."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from cxmaturity.auth import Actor
from cxmaturity.auth import passwords as password_module
from cxmaturity.storage import Store
from cxmaturity.ui.context import ASSESSMENT_STATE, PENDING_PAGE_STATE
from cxmaturity.ui.team import SESSION_SECRET_STATE
from tests.app.conftest import APP, BUILTIN, no_exception, page_titles, texts

PASSWORD = "correct horse battery"
CONSULTANT_PAGES = ["Start", "Answer", "Results", "Roadmap", "Methodology", "Data", "Clients", "Respondents",
                    "Groups and gaps", "Evidence", "Journey map", "Waves and trend", "Customer voice", "Your account"]  # fmt: skip


@pytest.fixture(autouse=True)
def team(monkeypatch: pytest.MonkeyPatch, data_dir) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CXM_MODE", "team")
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(password_module, "_hasher", lambda: quick)
    password_module._decoy_hash.cache_clear()


@pytest.fixture
def people(store: Store) -> dict[str, object]:
    store.create_user("admin@example.com", "admin", password=PASSWORD)
    store.create_user("a@example.com", "consultant", password=PASSWORD)
    store.create_user("b@example.com", "consultant", password=PASSWORD)
    a = store.find_user("a@example.com")
    as_a = store.acting_as(Actor.user(a.id, a.email, a.role))  # type: ignore[union-attr]
    acme = as_a.create_assessment("Acme Secret Bank", BUILTIN, "Spring", "en")
    ann = as_a.add_respondent(acme.id, "Ann Smith", group="managers", email="ann@acme.example")
    as_a.save_answer(ann.id, "communication.cx.channel-choice", "value", 3, note="Ann's private note")
    store.create_user("ceo@acme.example", "viewer", password=PASSWORD, client_id=acme.organisation_id)
    return {"acme": acme, "ann": ann}


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    return at.run()


def sign_in(email: str, password: str = PASSWORD, **query: str) -> AppTest:
    """Sign in through the form; a successful sign-in continues in a fresh AppTest holding the same session.

    (After a rerun AppTest lists the files of pages/ as its registered pages, not st.navigation's, so the
    menu is read from a first run.)
    """
    at = _app(**query)
    at.text_input(key="auth.signin.email").input(email)
    at.text_input(key="auth.signin.password").input(password)
    at.button(key="auth.signin.submit").click().run()
    secret = at.session_state[SESSION_SECRET_STATE] if SESSION_SECRET_STATE in at.session_state else None  # noqa: SIM401 - no .get on AppTest state
    return at if secret is None else continued(secret, **query)


def continued(secret: str, page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[SESSION_SECRET_STATE] = secret
    if page is not None:
        at.session_state[PENDING_PAGE_STATE] = page
    if "a" in query:  # what enter_page keeps when a page address with a key is opened directly
        at.session_state[ASSESSMENT_STATE] = query["a"]
    at.query_params.update(query)
    return at.run()


def test_an_anonymous_visitor_gets_only_the_sign_in_page_on_every_address(people, open_app: Callable) -> None:
    for query in ({}, {"a": people["acme"].key}, {"a": people["acme"].key, "lang": "uk"}):
        at = _app(**query)
        no_exception(at)
        assert set(page_titles(at)) == {"Вхід" if query.get("lang") == "uk" else "Sign in"}
        assert "Acme" not in texts(at)


def test_a_consultant_signs_in_and_sees_only_their_clients(people, store: Store) -> None:
    at = sign_in(" A@Example.com ")
    no_exception(at)
    assert page_titles(at) == CONSULTANT_PAGES
    assert "Acme Secret Bank" in texts(at)  # the start page lists their client
    other = sign_in("b@example.com")
    assert "Acme Secret Bank" not in texts(other)
    # B with A's key: refused, nothing of the client shown, an audit line written.
    other = continued(other.session_state[SESSION_SECRET_STATE], "pages/respondents.py", a=people["acme"].key)
    no_exception(other)
    assert "Ann Smith" not in texts(other) and "Acme" not in texts(other)
    lines = store.list_audit(10)
    assert any(
        line.actor == "b@example.com" and line.action == "access.refused:find_assessment_by_key" for line in lines
    )


def test_wrong_passwords_lock_the_account_with_the_same_message_first(people) -> None:
    at = sign_in("a@example.com", "wrong password!")
    assert "The e-mail or the password is wrong." in texts(at)
    unknown = sign_in("nobody@example.com", "wrong password!")
    assert "The e-mail or the password is wrong." in texts(unknown)
    for _ in range(4):
        at = sign_in("a@example.com", "wrong password!")
    assert "Too many failed sign-ins" in texts(at)
    at = sign_in("a@example.com")
    assert "Too many failed sign-ins" in texts(at) and SESSION_SECRET_STATE not in at.session_state


def test_the_client_viewer_sees_results_but_no_respondent(people) -> None:
    at = sign_in("ceo@acme.example")
    no_exception(at)
    assert page_titles(at) == [
        "Start",
        "Answer",
        "Results",
        "Roadmap",
        "Methodology",
        "Groups and gaps",
        "Customer voice",  # the customers' figures; never their contacts or the callback list
        "Your account",
    ]
    at = continued(at.session_state[SESSION_SECRET_STATE], "pages/results.py", a=people["acme"].key)
    no_exception(at)
    shown = texts(at)
    assert "Acme Secret Bank" in shown
    assert "Ann Smith" not in shown and "Ann's private note" not in shown and "ann@acme.example" not in shown
    assert at.get("download_button") or at.button(key="results.pdf.prepare") is not None


def test_a_reset_link_leaves_the_address_at_once_and_sets_a_password(people, store: Store) -> None:
    token = store.create_reset_link("b@example.com")
    at = _app(reset=token)
    assert "reset" not in at.query_params
    at.text_input(key="auth.reset.new").input("b's fresh password")
    at.text_input(key="auth.reset.repeat").input("b's fresh password")
    at.button(key="auth.reset.submit").click().run()
    assert "Your new password is saved" in texts(at)
    assert store.sign_in("b@example.com", "b's fresh password").actor is not None


def test_a_return_address_outside_the_app_is_refused_and_audited(people, store: Store) -> None:
    at = _app(next="https://evil.example/login")
    assert "was not a page of this app" in texts(at)
    assert "next" not in at.query_params
    assert any(line.action == "sign_in.return" and line.outcome == "refused" for line in store.list_audit(5))


def test_a_respondent_link_works_without_sign_in_and_shows_nothing_else(people) -> None:
    at = _app(r=people["ann"].token)
    no_exception(at)
    assert page_titles(at) == ["Your questionnaire"] or len(page_titles(at)) == 1
    assert "Sign in" not in [str(t.value) for t in at.title]


def test_sign_out_ends_the_session(people, store: Store) -> None:
    at = sign_in("a@example.com")
    secret = at.session_state[SESSION_SECRET_STATE]
    at = continued(secret, "pages/account.py")
    # An e-mail is shown with an invisible joiner before "@", so it is never turned into a link.
    assert "Signed in as a@example\\.com (consultant)" in texts(at).replace("\u2060", "")
    at.button(key="auth.account.signout").click().run()
    assert SESSION_SECRET_STATE not in at.session_state
    assert set(page_titles(continued(secret))) == {"Sign in"}  # the secret opens nothing any more
    assert any(line.action == "sign_out" for line in store.list_audit(5))


def test_an_identity_provider_user_is_matched_by_verified_email(people, store: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
                          "client_id": "id", "client_secret": "s", "server_metadata_url": "http://idp/.well-known"}  # fmt: skip
    at.secrets["cxmaturity"] = {"groups_claim": "groups", "group_roles": {"cx-admins": "admin"}}
    at.user = {"is_logged_in": True, "email": "A@example.com", "email_verified": True, "groups": ["cx-admins"]}
    at.run()
    no_exception(at)
    assert "Users and audit log" in page_titles(at)  # the group claim made them an admin
    assert store.find_user("a@example.com").role == "admin"  # type: ignore[union-attr]
    unverified = AppTest.from_file(APP, default_timeout=60)
    unverified.secrets["auth"] = at.secrets["auth"]
    unverified.user = {"is_logged_in": True, "email": "a@example.com", "email_verified": False}
    unverified.run()
    assert set(page_titles(unverified)) == {"Sign in"}
    assert "no active account for that verified address" in texts(unverified)


def test_a_short_cookie_secret_keeps_the_app_closed(people) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"cookie_secret": "too short", "client_id": "id"}
    at.run()
    assert "at least 32 bytes" in texts(at)
    assert "Sign in" not in page_titles(at)


def test_the_admin_invites_a_user_and_reads_the_audit_log(people, store: Store) -> None:
    at = continued(sign_in("admin@example.com").session_state[SESSION_SECRET_STATE], "pages/admin.py")
    no_exception(at)
    at.text_input(key="admin.invite.email").input("new@example.com")
    at.selectbox(key="admin.invite.role").select("consultant")
    at.button(key="admin.invite.submit").click().run()
    no_exception(at)
    assert "new@example.com is invited" in texts(at)
    assert any("?reset=" in str(code.value) for code in at.get("code"))
    assert store.find_user("new@example.com") is not None


def test_the_owner_shares_their_client_by_email_and_b_then_sees_it(people, store: Store) -> None:
    secret = sign_in("a@example.com").session_state[SESSION_SECRET_STATE]
    at = continued(secret, "pages/clients.py", a=people["acme"].key)
    no_exception(at)
    at.text_input(key="share.email").input(" B@example.com ")
    at.selectbox(key="share.grant").select("viewer")
    at.button(key="share.submit").click().run()
    no_exception(at)
    grants = [(g.email, g.grant) for g in store.list_grants(people["acme"].organisation_id)]
    assert grants == [("a@example.com", "owner"), ("b@example.com", "viewer"), ("ceo@acme.example", "viewer")]
    assert any(
        line.action == "client.share" and "b@example.com (viewer)" in (line.target or "")
        for line in store.list_audit(5)
    )
    other = sign_in("b@example.com")
    assert "Acme Secret Bank" in texts(other)


def test_the_client_viewer_sees_the_customers_figures_but_no_contact_or_callback(people, store: Store) -> None:
    from cxmaturity.core.registry import builtin_dir

    a = store.find_user("a@example.com")
    as_a = store.acting_as(Actor.user(a.id, a.email, a.role))  # type: ignore[union-attr]
    survey = as_a.create_assessment(
        "Acme Secret Bank", builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml", "Customers", "en",
        organisation_id=people["acme"].organisation_id,
    )  # fmt: skip
    for n, nps in enumerate((0, 3, 10)):  # two detractors: both on the callback list
        customer = as_a.add_respondent(survey.id, f"Customer {n}", email=f"customer{n}@mail.example")
        as_a.save_answer(customer.id, "loyalty.recommend", "value", nps)
        as_a.set_submitted(customer.id)
    consultant = sign_in("a@example.com")
    consultant = continued(consultant.session_state[SESSION_SECRET_STATE], "pages/voice.py", a=survey.key)
    no_exception(consultant)
    assert "Callback list" in texts(consultant)
    viewer = sign_in("ceo@acme.example")
    viewer = continued(viewer.session_state[SESSION_SECRET_STATE], "pages/voice.py", a=survey.key)
    no_exception(viewer)
    shown = texts(viewer)
    # 1 promoter and 2 detractors of 3: NPS (1 - 2) / 3 = -33.
    assert [m.value for m in viewer.metric] == ["\u221233"]
    assert "Callback list" not in shown and "mail.example" not in shown and "Customer 0" not in shown
    assert not viewer.dataframe or all("mail.example" not in str(d.value) for d in viewer.dataframe)
