"""Customer voice: NPS, CSAT/CSI, CES and CLI with intervals, segments, the pain map and the trend across waves."""

import streamlit as st

from cxmaturity.ui import voice_view as view
from cxmaturity.ui.context import current_language, enter_page, questionnaire_of, sees_people, t
from cxmaturity.ui.shell import assessment_caption, require_assessment
from cxmaturity.ui.voice_callbacks_view import callbacks
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
rows = view.selection(data)
metrics = view.cards(data, rows, language)
if metrics.respondents:
    view.segments(data, rows, metrics, language)
    view.pains(data, rows, language)
    if sees_people(record):  # contacts and the callback states: the store refuses them to anyone else
        callbacks(record, data, language)
view.trends(record, language)
