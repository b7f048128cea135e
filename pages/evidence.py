"""Evidence: the consultant's evidence and assessed value per question, beside the respondents' answers."""

import streamlit as st

from cxmaturity.ui import evidence_view as view
from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

lang = current_language()
st.title(t("evidence.title"))
record = require_assessment(workspace=True)
assessment_caption(record)
st.caption(t("evidence.intro"))
results = view.load(record)
view.source_setting(record)
view.evidence_editor(record, results.questionnaire, results, lang)
view.comparison(record, results, lang)
