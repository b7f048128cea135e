"""Data: exports (answers CSV, results ZIP/XLSX), import with a column mapping, JSON backup and restore, delete."""

import streamlit as st

from cxmaturity.ui.context import current_language, enter_page, t
from cxmaturity.ui.data_io import (
    backup_section,
    delete_section,
    export_section,
    exports_section,
    import_section,
    page_messages,
)
from cxmaturity.ui.shell import assessment_caption, require_assessment

enter_page(__file__)

record = require_assessment()
language = current_language()
st.title(t("app.data.title"))
assessment_caption(record)
page_messages()
export_section(record)
exports_section(record, language)
st.divider()
import_section(record, language)
st.divider()
backup_section(record, language)
st.divider()
delete_section(record)
