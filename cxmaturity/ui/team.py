"""Who is using this browser tab: personal mode, a signed-in user (local account or OIDC), or a respondent.

``app.py`` calls :func:`establish_actor` at the top of every run; :func:`cxmaturity.ui.context.get_store`
then hands every page a store bound to that actor, so access is decided in the store, not by the menu.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from cxmaturity.auth import PERSONAL, RESET_PARAM, Actor, Role, current_mode

#: Where the session state keeps the actor of this run and a local sign-in's secret.
ACTOR_STATE = "ui.actor"
SESSION_SECRET_STATE = "ui.session_secret"
RESET_TOKEN_STATE = "ui.reset_token"
#: Where a deployment maps identity-provider groups to roles (``.streamlit/secrets.toml``).
OIDC_SETTINGS = "cxmaturity"
#: An actor that may touch nothing: team mode before anyone signed in (fail closed).
NOBODY = Actor("nobody")
MIN_COOKIE_SECRET_BYTES = 32


def team_mode() -> bool:
    """True when ``CXM_MODE=team`` (an unknown value is refused by :func:`configuration_error`)."""
    try:
        return current_mode(os.environ) == "team"
    except ValueError:
        return True  # an unknown mode fails closed


def configuration_error() -> str | None:
    """Why the app must not start (an unknown mode, a short OIDC cookie secret), or None."""
    try:
        current_mode(os.environ)
    except ValueError as error:
        return str(error)
    auth = _secrets_section("auth")
    if auth and len(str(auth.get("cookie_secret") or "").encode("utf-8")) < MIN_COOKIE_SECRET_BYTES:
        return "cookie_secret"
    return None


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets.toml at all, or one that does not parse: no such section
        return {}
    return section if isinstance(section, Mapping) else {}


def oidc_configured() -> bool:
    """True when ``[auth]`` is in ``.streamlit/secrets.toml`` (then st.login is offered)."""
    return bool(_secrets_section("auth"))


def client_address() -> str | None:
    """The browser's network address as the server sees it (None in tests)."""
    try:
        address = st.context.ip_address
    except Exception:  # outside a browser session
        return None
    return address if isinstance(address, str) else None


def _mapped_role(claims: Mapping[str, Any]) -> str | None:
    """The role the deployment maps one of the user's identity-provider groups to, if any."""
    settings = _secrets_section(OIDC_SETTINGS)
    mapping = settings.get("group_roles") or {}
    groups = claims.get(str(settings.get("groups_claim") or "groups")) or []
    if isinstance(groups, str):
        groups = [groups]
    roles = [mapping[g] for g in groups if g in mapping and mapping[g] in {r.value for r in Role}]
    # The strongest mapped role wins when the user is in several mapped groups.
    for role in ("admin", "consultant", "viewer"):
        if role in roles:
            return role
    return None


def _identity_actor(store: Any) -> Actor | None:
    user = st.user
    if not getattr(user, "is_logged_in", False):
        return None
    claims = user.to_dict()
    verified = claims.get("email_verified") in (True, "true", "True")
    return store.actor_for_identity(claims.get("email"), verified, role=_mapped_role(claims), address=client_address())


def establish_actor(open_store: Callable[[], Any], respondent_token: str | None) -> Actor | None:
    """Work out who is acting in this run and remember it for :func:`cxmaturity.ui.context.get_store`.

    A respondent's link acts as that respondent in both modes (their token is checked again on
    every write). Personal mode: nobody signs in. Team mode: an OIDC identity matched to a user,
    or a live local-account session; None when nobody is signed in.
    """
    actor: Actor | None
    store = open_store() if respondent_token or team_mode() else None  # personal mode: no import cost
    if respondent_token:
        respondent = store.find_respondent_by_token(respondent_token)
        actor = Actor.respondent(respondent.id, respondent_token, client_address()) if respondent else NOBODY
    elif not team_mode():
        actor = None
    else:
        actor = _identity_actor(store) if oidc_configured() else None
        if actor is None and st.session_state.get(SESSION_SECRET_STATE):
            actor = store.resume_session(st.session_state[SESSION_SECRET_STATE], client_address())
            if actor is None:
                st.session_state.pop(SESSION_SECRET_STATE, None)
    if actor is None:
        st.session_state.pop(ACTOR_STATE, None)
    else:
        st.session_state[ACTOR_STATE] = actor
    return actor


def acting() -> Actor | None:
    """The actor :func:`establish_actor` found in this run (None: personal mode or nobody signed in)."""
    return st.session_state.get(ACTOR_STATE)


def bound_store(store: Any) -> Any:
    """``store`` bound to this run's actor: personal mode as is, team mode with nobody signed in reaches nothing."""
    actor = acting()
    if actor is not None:
        return store.acting_as(actor)
    return store.acting_as(NOBODY) if team_mode() else store.acting_as(PERSONAL)


def take_reset_token() -> None:
    """Move a password-reset token from the address into the session at once (no secret stays in the URL)."""
    token = st.query_params.get(RESET_PARAM)
    if token:
        st.session_state[RESET_TOKEN_STATE] = token
        del st.query_params[RESET_PARAM]


def exposed_on_network() -> bool:
    """True in personal mode when the server listens beyond this computer, or was reached by a network name."""
    if team_mode():
        return False
    listening = listening_address()
    reached = urlsplit(_context_url()).hostname or ""
    return not _loopback(listening) or (bool(reached) and not _loopback(reached))


def listening_address() -> str:
    """The address the server listens on (``server.address``; "" means every interface)."""
    return str(st.get_option("server.address") or "")


def _context_url() -> str:
    try:
        return st.context.url or ""
    except Exception:  # outside a browser session
        return ""


def _loopback(host: str) -> bool:
    """True for this computer's own names; "" (Streamlit's default: every interface) is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# What each role's menu holds in team mode (a page left out is not routable for that role).
# A client viewer: results, roadmap, groups above the threshold and the PDF, plus their own self-assessment.
VIEWER_PAGES = frozenset(
    {"pages/home.py", "pages/answer.py", "pages/results.py", "pages/roadmap.py", "pages/methodology.py",
     "pages/groups.py", "pages/account.py", "pages/voice.py"}
)  # fmt: skip
TEAM_ONLY_PAGES = frozenset({"pages/account.py", "pages/admin.py"})
# The branding is the installation's: in team mode only an admin changes it (the store refuses anyone else).
ADMIN_PAGES = frozenset({"pages/admin.py", "pages/branding.py"})


def page_allowed(path: str, role: str | None) -> bool:
    """Whether the menu offers ``path`` to ``role`` (None: personal mode, which has no account pages)."""
    if role is None:
        return path not in TEAM_ONLY_PAGES
    if role == Role.VIEWER.value:
        return path in VIEWER_PAGES
    return role == Role.ADMIN.value or path not in ADMIN_PAGES


def page_in_menu(path: str) -> bool:
    """Whether this run's menu holds ``path`` (a link to a page outside it would fail)."""
    actor = acting()
    role = actor.role.value if actor is not None and actor.role is not None else None
    if actor is not None and actor.kind == "respondent":
        return False
    return page_allowed(path, role)
