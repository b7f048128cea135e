"""Respondents: groups and anonymity, adding respondents, their progress, links and reminders."""

import streamlit as st

from cxmaturity.ui import links_view
from cxmaturity.ui import respondents_view as view
from cxmaturity.ui.context import current_language, enter_page, get_store, questionnaire_of, t
from cxmaturity.ui.shell import assessment_caption, require_assessment
from cxmaturity.ui.team import exposed_on_network

enter_page(__file__)

language = current_language()
st.title(t("respondents.title"))
record = require_assessment(workspace=True)
assessment_caption(record)
if exposed_on_network():
    st.error(t("auth.exposed.links"), icon=":material/public:")  # before any link is shown
if record.is_closed:
    st.warning(t("respondents.closed"), icon=":material/lock:")
store = get_store()
settings = store.get_settings(record.id)
progress = store.respondent_progress(record.id)
questions = len(questionnaire_of(record).questions)

view.summary(record, progress, questions, language)
view.respondent_table(progress, questions, language)
links_view.public_address_notice(view.PAGE_PATH)
view.respondent_panel(record, progress, questions)
links_view.bulk_export(record, view.PAGE_PATH, language)

st.subheader(t("respondents.add.heading"))
view.add_forms(record, settings, language)

st.subheader(t("respondents.groups.heading"))
view.settings_section(record, settings, language)
