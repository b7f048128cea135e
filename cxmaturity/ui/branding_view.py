"""The consultancy's branding: a form for the name and the logo, and the logo in the app's shell.

The store decides who may change it (:func:`cxmaturity.auth.may_change_branding`); the form is
shown only to them, and a refusal would still come from the store. The logo is checked to be a
real PNG or JPEG within its limits before it is stored, and it is only ever shown as an image.
"""

from __future__ import annotations

import streamlit as st

from cxmaturity.auth import may_change_branding
from cxmaturity.files.errors import KeyedError
from cxmaturity.files.limits import MAX_LOGO_BYTES
from cxmaturity.storage import AccessDenied, Branding, StorageUnavailableError
from cxmaturity.storage.branding import KEEP
from cxmaturity.ui.context import database, error_text, get_store, t

NAME_KEY = "branding.name"
LOGO_KEY = "branding.logo"
REMOVE_KEY = "branding.remove"
SAVE_KEY = "branding.save"
_FLASH = "branding.flash"


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_branding(stamp: str) -> Branding:
    # Keyed by the time of the last change: a new logo shows at the next page run, in every session.
    return database().load_branding()


def current_branding() -> Branding:
    """The saved branding, read from the database only when it changed."""
    return _cached_branding(database().branding_stamp())


def brand_logo() -> None:
    """Show the consultancy's logo at the top of the sidebar when one is set (``st.logo``)."""
    try:
        branding = current_branding()
    except StorageUnavailableError:
        return  # the page below says the database is out of reach; the logo waits for it too
    if branding.logo:
        st.logo(branding.logo, size="large")


def _save() -> None:
    state = st.session_state
    upload = state.get(LOGO_KEY)
    logo: bytes | object | None = KEEP
    name = "logo"
    if state.get(REMOVE_KEY):
        logo = None
    elif upload is not None:
        name = upload.name
        # Read no more than the limit allows (plus one byte, so a bigger file is refused, not cut).
        logo = upload.getvalue()[: MAX_LOGO_BYTES + 1]
    try:
        get_store().save_branding(state.get(NAME_KEY), logo, name=name)
    except (KeyedError, ValueError, AccessDenied) as error:
        state[_FLASH] = ("error", t("deliverable.branding.not_saved", message=error_text(error)))
        return
    _cached_branding.clear()
    state[_FLASH] = ("success", t("deliverable.branding.saved"))


def render() -> None:
    """The current branding, and the form to change it for those allowed to."""
    branding = current_branding()
    flash = st.session_state.pop(_FLASH, None)
    if flash is not None:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    if branding.logo:
        st.image(branding.logo, caption=t("deliverable.branding.current_logo"), width=240)
    else:
        st.caption(t("deliverable.branding.no_logo"))
    if not may_change_branding(get_store().actor):
        st.info(t("deliverable.branding.admins_only"))
        st.text(branding.consultancy or "—")
        return
    with st.form("branding.form"):
        st.text_input(t("deliverable.branding.name"), value=branding.consultancy or "", max_chars=200, key=NAME_KEY)
        st.file_uploader(
            t("deliverable.branding.logo"),
            type=["png", "jpg", "jpeg"],
            key=LOGO_KEY,
            help=t("deliverable.branding.logo_help", mb=MAX_LOGO_BYTES // (1024 * 1024)),
        )
        if branding.logo:
            st.checkbox(t("deliverable.branding.remove"), key=REMOVE_KEY)
        st.form_submit_button(t("deliverable.branding.save"), key=SAVE_KEY, on_click=_save)
