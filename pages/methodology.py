"""Methodology: the scoring contract in plain words, with a worked example (the report uses the same text)."""

import streamlit as st

from cxmaturity.core.methodology import methodology_sections
from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.methodology_levels import pyramid_levels

enter_page(__file__)

st.title(t("app.methodology.title"))
st.caption(t("app.methodology.intro"))
pyramid_levels(current_language())
for title, paragraphs in methodology_sections(current_language()):
    st.subheader(title)
    for paragraph in paragraphs:
        st.markdown(paragraph)
