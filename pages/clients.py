"""Clients: organisations and their assessments; open one for the other workspace pages."""

import streamlit as st

from cxmaturity.ui import clients_view as view
from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.share_view import share_section

enter_page(__file__)

language = current_language()
st.title(t("clients.title"))
st.caption(t("clients.intro"))
view.assessment_list(language)

st.subheader(t("clients.details.heading"))
view.open_assessment_panel(language)
share_section()  # team mode, the client's owner or an admin: who may open it

st.subheader(t("clients.forms.heading"))
new_client, new_assessment, edit_client = st.tabs(
    [t("clients.forms.new_client"), t("clients.forms.new_assessment"), t("clients.forms.edit_client")]
)
with new_client:
    if view.client_added():  # the next step where the user already is: its first assessment
        view.show_flash("new_client")
        view.new_assessment_form(language)
    view.new_client_form()
with new_assessment:
    if view.client_added():
        st.caption(t("consultant_day.clients.form_in_first_tab"))
    else:
        view.new_assessment_form(language)
with edit_client:
    view.edit_client_form()
