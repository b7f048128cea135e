"""Groups and gaps: results per respondent group, agreement, and where the groups see things differently."""

import streamlit as st

from cxmaturity.ui import groups_view as view
from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

lang = current_language()
st.title(t("groups.title"))
record = require_assessment(workspace=True)
assessment_caption(record)
results = view.load(record)
if view.overview(results):
    view.score_tables(results, lang)
    view.radars(results, lang)
    view.story(results, lang)
    view.gaps(results, lang)
elif results.card.has_answers:
    view.score_tables(results, lang)
view.threshold_setting(record)
