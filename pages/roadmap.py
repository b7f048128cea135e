"""Roadmap: the five first steps built from the scores, with the consultant's progress on each action."""

import streamlit as st

from cxmaturity.ui import roadmap_view as view
from cxmaturity.ui.context import current_language, enter_page, results_of, t
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

lang = current_language()
st.title(t("roadmap_page.title"))
record = require_assessment()
assessment_caption(record)
st.caption(t("roadmap_page.intro"))
view.render(record, results_of(record), lang)
