"""Sharing the open assessment's client (team mode): who may open it, share by e-mail as editor or viewer."""

from __future__ import annotations

import streamlit as st

from cxmaturity.auth import Access, EmailError
from cxmaturity.storage import StorageError
from cxmaturity.ui.context import current_assessment, error_text, get_store, t
from cxmaturity.ui.shell import plain
from cxmaturity.ui.team import team_mode

GRANTS = ("editor", "viewer")


def share_section() -> None:
    """For the owner of the open assessment's client (or an admin): the people it is shared with, and a form."""
    record = current_assessment()
    if not team_mode() or record is None:
        return
    store = get_store()
    client = record.organisation_id
    if store.reach("organisation", client) < Access.OWN:
        return
    with st.expander(t("auth.share.title"), icon=":material/share:"):
        for grant in store.list_grants(client):
            line, action = st.columns([3, 1], vertical_alignment="center")
            line.markdown(f"{plain(grant.email)} · {t(f'auth.share.{grant.grant}')}")
            if grant.grant != "owner" and action.button(
                t("auth.share.remove", email=grant.email), key=f"share.remove.{grant.email}"
            ):
                store.unshare_client(client, grant.email)
                st.rerun()
        with st.form("share.form", clear_on_submit=True):
            email = st.text_input(t("auth.share.email"), key="share.email", max_chars=320)
            grant = st.selectbox(
                t("auth.share.grant"), GRANTS, format_func=lambda g: t(f"auth.share.{g}"), key="share.grant"
            )
            submitted = st.form_submit_button(t("auth.share.submit"), key="share.submit")
        if submitted:
            try:
                store.share_client(client, email or "", grant or "viewer")
            except (EmailError, ValueError, StorageError) as error:
                st.error(t("auth.share.failed", reason=plain(error_text(error))))
                return
            st.rerun()
