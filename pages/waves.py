"""Waves: the chain of re-assessments of this organisation, starting a new wave, the trend and its changes."""

import streamlit as st

from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.shell import assessment_caption, require_assessment
from cxmaturity.ui.waves_view import chain_section, flash, one_wave_explanation, start_form, trend_section, whole_chain

enter_page(__file__)

st.title(t("waves.title"))  # first: a page with nothing open still says where the user is
record = require_assessment(workspace=True)
language = current_language()
assessment_caption(record)
flash()
chain = whole_chain(record)
chain_section(record, chain, language)
if len(chain) < 2:
    one_wave_explanation()
    start_form(record, chain)
else:
    with st.expander(t("waves.start.heading"), icon=":material/add:"):
        start_form(record, chain)
    trend_section(chain, language)
