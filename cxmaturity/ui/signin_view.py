"""The sign-in page (local accounts and OIDC), the password-reset form and the account page (team mode).

No secret is ever put in the address: a local sign-in's session secret stays in this tab's
session state, and a reset token is moved out of the URL the moment it arrives.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cxmaturity.auth import LOCKOUT_MINUTES, MIN_PASSWORD_LENGTH, PasswordError, safe_return_page
from cxmaturity.ui.context import database, get_store, t
from cxmaturity.ui.shell import plain
from cxmaturity.ui.team import (
    RESET_TOKEN_STATE,
    SESSION_SECRET_STATE,
    acting,
    client_address,
    oidc_configured,
)

RETURN_PARAM = "next"
EMAIL_KEY = "auth.signin.email"
PASSWORD_KEY = "auth.signin.password"
SUBMIT_KEY = "auth.signin.submit"
OIDC_KEY = "auth.signin.oidc"
RESET_SUBMIT_KEY = "auth.reset.submit"
FLASH = "auth.flash"


def _return_page(pages: dict[str, str]) -> str | None:
    """The page named by ``?next=`` when it is one of this app's pages; anything else is refused and audited."""
    requested = st.query_params.get(RETURN_PARAM)
    if not requested:
        return None
    chosen = safe_return_page(requested, pages)
    if chosen is None:
        database().acting_as(_visitor()).audit("sign_in.return", requested[:200], "refused")
        del st.query_params[RETURN_PARAM]
        st.warning(t("auth.signin.return_refused"))
    return pages.get(chosen) if chosen else None


def _visitor():  # type: ignore[no-untyped-def]
    from cxmaturity.auth import Actor

    return Actor("user", email="?", address=client_address())


def sign_in_page(pages: dict[str, str]) -> None:
    """Sign in with the identity provider and/or e-mail and password; ``pages`` maps page names to files."""
    st.title(t("auth.signin.title"))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    if st.session_state.get(RESET_TOKEN_STATE):
        reset_form()
        return
    st.write(t("auth.signin.intro"))
    target = _return_page(pages)
    user = st.user
    if oidc_configured():
        if getattr(user, "is_logged_in", False):
            # Signed in at the provider, but no active account here (app.py found no user for it).
            st.error(t("auth.signin.unknown_identity", email=plain(str(user.get("email") or "?"))))
            if st.button(t("auth.signin.provider_signout"), key="auth.signin.provider_signout"):
                st.logout()
            return
        if st.button(t("auth.signin.oidc"), type="primary", key=OIDC_KEY, icon=":material/login:"):
            st.login()
        st.divider()
    with st.form("auth.signin.form"):
        email = st.text_input(t("auth.signin.email"), key=EMAIL_KEY, max_chars=320)
        password = st.text_input(t("auth.signin.password"), type="password", key=PASSWORD_KEY, max_chars=1024)
        submitted = st.form_submit_button(t("auth.signin.submit"), type="primary", key=SUBMIT_KEY)
    st.caption(t("auth.signin.tab_note"))
    if not submitted:
        return
    result = database().sign_in(email or "", password or "", client_address())
    if result.secret is None:
        if result.refusal == "locked":
            st.error(t("auth.signin.locked", minutes=LOCKOUT_MINUTES))
        else:
            st.error(t("auth.signin.invalid"))
        return
    st.session_state[SESSION_SECRET_STATE] = result.secret
    if target:
        st.switch_page(target)
    st.rerun()


def reset_form() -> None:
    """Set a new password with the one-time token this tab received (already gone from the URL)."""
    st.subheader(t("auth.reset.title"))
    with st.form("auth.reset.form"):
        new, repeat = _password_pair("auth.reset")
        submitted = st.form_submit_button(t("auth.reset.submit"), type="primary", key=RESET_SUBMIT_KEY)
    if not submitted:
        return
    token = st.session_state[RESET_TOKEN_STATE]
    done = _try_change(
        new, repeat, lambda password: database().acting_as(_visitor()).redeem_reset_link(token, password)
    )
    if done is None:
        return
    st.session_state.pop(RESET_TOKEN_STATE, None)
    if not done:
        st.error(t("auth.reset.invalid"))
        return
    st.session_state[FLASH] = t("auth.reset.done")
    st.rerun()


def account_page() -> None:
    """Who is signed in, sign-out, and a password change for a local account."""
    actor = acting()
    st.title(t("auth.account.title"))
    if actor is None or actor.email is None:
        return
    st.write(t("auth.account.who", email=plain(actor.email), role=t(f"auth.role.{actor.role.value}")))  # type: ignore[union-attr]
    if st.button(t("auth.account.signout"), key="auth.account.signout", icon=":material/logout:"):
        sign_out()
    if not st.session_state.get(SESSION_SECRET_STATE):
        return  # signed in through the identity provider: its password is changed there
    st.subheader(t("auth.account.change"))
    with st.form("auth.account.form"):
        current = st.text_input(t("auth.account.current"), type="password", key="auth.account.current")
        new, repeat = _password_pair("auth.account")
        submitted = st.form_submit_button(t("auth.account.change"), key="auth.account.submit")
    if not submitted:
        return
    changed = _try_change(new, repeat, lambda password: get_store().change_password(current or "", password))
    if changed is None:
        return
    if not changed:
        st.error(t("auth.account.wrong"))
        return
    st.session_state.pop(SESSION_SECRET_STATE, None)
    st.session_state[FLASH] = t("auth.account.changed")
    st.rerun()


def _password_pair(prefix: str) -> tuple[str, str]:
    """The new password and its repetition (inside the caller's form)."""
    new = st.text_input(t("auth.reset.new", count=MIN_PASSWORD_LENGTH), type="password", key=f"{prefix}.new")
    repeat = st.text_input(t("auth.reset.repeat"), type="password", key=f"{prefix}.repeat")
    return new or "", repeat or ""


def _try_change(new: str, repeat: str, change: Callable[[str], bool]) -> bool | None:
    """What ``change(new)`` answered; None (with the reason on screen) when the two differ or the policy refuses."""
    if new != repeat:
        st.error(t("auth.reset.mismatch"))
        return None
    try:
        return change(new)
    except PasswordError:
        st.error(t("auth.password.too_short", count=MIN_PASSWORD_LENGTH))
        return None


def sign_out() -> None:
    """End this tab's local session (and the identity provider's cookie), then show the sign-in page."""
    secret = st.session_state.pop(SESSION_SECRET_STATE, None)
    if secret:
        get_store().sign_out(secret)
    if getattr(st.user, "is_logged_in", False):
        st.logout()
    st.rerun()
