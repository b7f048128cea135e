"""Customer voice: NPS, CSAT/CSI, CES and CLI with intervals, segments, the pain map and the trend across waves."""

import streamlit as st

from cxmaturity.ui import voice_view as view
from cxmaturity.ui.context import current_language, enter_page, questionnaire_of, sees_people, t
from cxmaturity.ui.shell import assessment_caption, require_assessment
from cxmaturity.ui.voice_callbacks_view import callbacks
from cxmaturity.ui.voice_company_view import company_vs_customers
from cxmaturity.workspace.voice_data import asks_metrics

enter_page(__file__)

language = current_language()
st.title(t("voice_ui.title"))
record = require_assessment()
assessment_caption(record)
if not asks_metrics(questionnaire_of(record)):
    view.not_a_customer_questionnaire(record)
    st.stop()
st.caption(t("voice_ui.intro"))
data = view.load(record)
view.analysis(data, language)
if len(data.responses) and sees_people(record):  # contacts and callback states: the store refuses them to others
    callbacks(record, data, language)
view.trends(record, language, data)
company_vs_customers(record, language)
