"""Start: what the assessment measures, a new assessment, or one to resume."""

import streamlit as st

from cxmaturity.i18n import format_number
from cxmaturity.ui.context import builtin_questionnaires, current_language, enter_page, t

enter_page(__file__)

language = current_language()
# The header and the explanation are drawn first: on a cold start they reach the browser while
# the storage and questionnaire modules below are still being imported.
st.title(t("app.start.title"))
st.markdown(t("app.start.what"))

from cxmaturity.ui.data_io import START_MESSAGE  # noqa: E402 - deliberately after the first paint
from cxmaturity.ui.start import assessment_list, new_assessment_form, questionnaire_facts  # noqa: E402
from cxmaturity.workspace.respondent_links import answer_minutes  # noqa: E402

if START_MESSAGE in st.session_state:
    st.success(st.session_state.pop(START_MESSAGE))
fewest, most = questionnaire_facts(builtin_questionnaires()[0])
if most:
    count = format_number(fewest, language, 0) if fewest == most else f"{fewest}–{most}"
    # The same estimate as the respondents' invitations: it grows with the questionnaire.
    low, high = answer_minutes(fewest)[0], answer_minutes(most)[1]
    st.info(t("start_time.duration", count=count, low=low, high=high), icon=":material/schedule:")

new_column, list_column = st.columns([1, 1], gap="large")
with new_column:
    st.subheader(t("app.start.new"))
    new_assessment_form(language)
with list_column:
    st.subheader(t("app.start.resume_title"))
    assessment_list(language)
