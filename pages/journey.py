"""Journey map: the touchpoints of the customer's journey, their ratings and charts, and the service model's KPI table."""

import streamlit as st

from cxmaturity.journey.stored import load_summary
from cxmaturity.ui import journey_files_view, journey_rating_view, journey_view, kpi_view
from cxmaturity.ui.context import current_language, enter_page, get_store, may_edit, t
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

lang = current_language()
st.title(t("journey_ui.title"))
record = require_assessment()
assessment_caption(record)
st.caption(t("journey_ui.intro"))
editable = may_edit(record)
if not editable:
    st.info(t("journey_ui.read_only"))
summary = load_summary(get_store(), record.id)
journey_view.show_flash()
tabs = st.tabs(
    [t("journey_ui.tab.map"), t("journey_ui.tab.ratings"), t("journey_ui.tab.charts"), t("journey_ui.tab.kpi")]
)
with tabs[0]:
    journey_view.map_section(record, summary.journey, summary.positions, lang, editable)
with tabs[1]:
    journey_rating_view.ratings_section(record, summary, lang, editable)
with tabs[2]:
    if summary.has_map:
        journey_rating_view.charts(summary, lang)
    else:
        st.info(t("journey_ui.rate.no_map"))
with tabs[3]:
    kpi_view.kpi_section(record, summary, lang, editable)
journey_files_view.files_section(record, summary, lang, editable)
