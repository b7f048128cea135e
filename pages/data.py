"""Data: export the answers as CSV, import answers from a file, delete the assessment."""

import streamlit as st

from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.data_io import delete_section, export_section, import_section
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

record = require_assessment()
st.title(t("app.data.title"))
assessment_caption(record)
export_section(record)
st.divider()
import_section(record, current_language())
st.divider()
delete_section(record)
