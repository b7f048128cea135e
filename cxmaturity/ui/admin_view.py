"""The admin page (team mode): users (invite, role, disable, reset link, end sessions) and the audit log."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from cxmaturity.auth import BASE_URL_ENV, EmailError, Role, reset_link
from cxmaturity.storage import StorageError
from cxmaturity.ui.context import error_text, get_store, t
from cxmaturity.ui.shell import plain
from cxmaturity.ui.team import acting
from cxmaturity.workspace.results_export import ExportTable, to_csv

ROLES = [role.value for role in Role]
_FLASH = "admin.flash"
_LINK = "admin.link"


def _base_url() -> str:
    try:
        current = st.context.url or ""
    except Exception:  # outside a browser session
        current = ""
    return os.environ.get(BASE_URL_ENV) or current.split("?")[0].rsplit("/", 1)[0] or "http://localhost:8501"


def _flash_and_link() -> None:
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash)
    link = st.session_state.pop(_LINK, None)
    if link:
        st.caption(t("auth.admin.reset_link", email=plain(link[0])))
        st.code(link[1], language=None, wrap_lines=True)


def users_section() -> None:
    """The users table, the invitation form and the actions on one user."""
    store = get_store()
    st.subheader(t("auth.admin.users"))
    _flash_and_link()
    users = store.list_users()
    st.dataframe(
        pd.DataFrame(
            {
                t("auth.admin.col.email"): [u.email for u in users],
                t("auth.admin.col.role"): [t(f"auth.role.{u.role}") for u in users],
                t("auth.admin.col.state"): [
                    t(f"auth.admin.state.{'disabled' if u.disabled else 'active'}") for u in users
                ],
                t("auth.admin.col.kind"): [
                    t(f"auth.admin.kind.{'password' if u.has_password else 'provider'}") for u in users
                ],
            }
        ),
        hide_index=True,
    )
    _invite(store)
    if users:
        _manage(store, [u.email for u in users])


def _invite(store) -> None:  # type: ignore[no-untyped-def]
    clients = {o.id: o.name for o in store.list_organisations()}
    with st.form("admin.invite", clear_on_submit=True):
        st.markdown(f"**{t('auth.admin.invite')}**")
        email = st.text_input(t("auth.admin.col.email"), key="admin.invite.email", max_chars=320)
        role = st.selectbox(
            t("auth.admin.col.role"), ROLES, format_func=lambda r: t(f"auth.role.{r}"), key="admin.invite.role"
        )
        client = st.selectbox(
            t("auth.admin.client"),
            [None, *clients],
            format_func=lambda c: t("auth.admin.no_client") if c is None else clients[c],
            key="admin.invite.client",
        )
        submitted = st.form_submit_button(t("auth.admin.invite.submit"), key="admin.invite.submit")
    if not submitted:
        return
    if role == Role.VIEWER.value and client is None:
        st.error(t("auth.admin.viewer_needs_client"))
        return
    try:
        user = store.create_user(email or "", role or Role.CONSULTANT.value, client_id=client)
        token = store.create_reset_link(user.email)
    except (EmailError, ValueError, StorageError) as error:
        st.error(plain(error_text(error)))
        return
    st.session_state[_FLASH] = t("auth.admin.invited", email=user.email)
    st.session_state[_LINK] = (user.email, reset_link(_base_url(), token))
    st.rerun()


def _manage(store, emails: list[str]) -> None:  # type: ignore[no-untyped-def]
    me = acting()
    email = st.selectbox(t("auth.admin.pick"), emails, key="admin.pick")
    if email is None:
        return
    role_column, buttons = st.columns([1, 2], vertical_alignment="bottom")
    role = role_column.selectbox(
        t("auth.admin.col.role"), ROLES, format_func=lambda r: t(f"auth.role.{r}"), key="admin.role"
    )
    yourself = me is not None and me.email == email
    actions = {
        "role": (t("auth.admin.save_role"), lambda: store.set_role(email, role)),
        "disable": (t("auth.admin.disable"), lambda: store.disable_user(email)),
        "enable": (t("auth.admin.enable"), lambda: store.disable_user(email, False)),
        "end": (t("auth.admin.end_sessions"), lambda: store.end_user_sessions(email)),
    }
    for name, (label, act) in actions.items():
        if buttons.button(label, key=f"admin.action.{name}"):
            if yourself and name in ("role", "disable"):
                st.error(t("auth.admin.not_yourself"))
                return
            try:
                act()
            except (ValueError, StorageError) as error:
                st.error(plain(error_text(error)))
                return
            st.session_state[_FLASH] = t("auth.admin.done", email=email)
            st.rerun()
    if buttons.button(t("auth.admin.reset"), key="admin.action.reset"):
        st.session_state[_LINK] = (email, reset_link(_base_url(), store.create_reset_link(email)))
        st.rerun()


def audit_section() -> None:
    """The newest 1,000 lines of the audit log, on screen and as a spreadsheet-safe CSV."""
    st.subheader(t("auth.admin.audit"))
    lines = get_store().list_audit(1000)
    columns = ("at", "actor", "address", "action", "target", "outcome")
    frame = pd.DataFrame({t(f"auth.admin.col.{c}"): [getattr(line, c) for line in lines] for c in columns})
    st.dataframe(frame, hide_index=True)
    # The workspace's CSV writer (formulas neutralised, control characters dropped), built on click only.
    table = ExportTable(
        "audit-log",
        t("auth.admin.audit"),
        columns,
        tuple((line.at.isoformat(), *(getattr(line, c) for c in columns[1:])) for line in lines),
    )
    st.download_button(
        t("auth.admin.audit_csv"),
        lambda: to_csv(table).encode("utf-8-sig"),
        file_name="audit-log.csv",
        mime="text/csv",
        key="admin.audit.csv",
        on_click="ignore",
    )
