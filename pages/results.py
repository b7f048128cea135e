"""Results: where the organisation stands on the pyramid, chart by chart, with targets and the PDF."""

import streamlit as st

from cxmaturity.ui import results_view as view
from cxmaturity.ui.context import current_language, enter_page, results_of, t
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

lang = current_language()
st.title(t("results.title"))
record = require_assessment()
assessment_caption(record)
results = results_of(record)
view.source_caption(results)
view.headline(record, results, lang)
view.target_editor(record, results.questionnaire, lang)  # the targets drive every gap: said before the charts
view.pdf_button(record, results, lang)
view.chart_grid(results, lang)
