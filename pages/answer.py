"""Answer: one pyramid level per screen, every answer and note saved as it is given."""

import streamlit as st

from cxmaturity.ui.answering import answer_screen
from cxmaturity.ui.context import current_language, enter_page, get_store, questionnaire_of, t
from cxmaturity.ui.shell import assessment_caption, require_assessment, resume_link

enter_page(__file__)

record = require_assessment()
language = current_language()
questionnaire = questionnaire_of(record)

st.title(t("app.answer.title"))
assessment_caption(record)
resume_link(record)
if record.is_closed:
    st.warning(t("app.answer.closed"))
st.caption(t("app.answer.intro"))
answer_screen(questionnaire, get_store().self_respondent(record.id).id, language, read_only=record.is_closed)
