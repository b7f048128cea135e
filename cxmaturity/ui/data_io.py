"""The data page's parts: export the answers, import answers from a file, delete the assessment."""

from __future__ import annotations

import re

import streamlit as st

from cxmaturity.answers import read_answers_bytes, records_from_answer_set, write_answers_csv
from cxmaturity.errors import InputError
from cxmaturity.i18n import format_number
from cxmaturity.storage import AssessmentRecord, StorageError
from cxmaturity.ui.context import close_assessment, get_store, questionnaire_of, t
from cxmaturity.ui.shell import HOME_PAGE, plain

#: Uploads larger than this are refused (also ``server.maxUploadSize`` in .streamlit/config.toml).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_KEY = "data.import.file"
IMPORT_KEY = "data.import.apply"
EXPORT_KEY = "data.export"
DELETE_KEY = "data.delete"
DELETE_CONFIRM_KEY = "data.delete.confirm"
DELETE_CANCEL_KEY = "data.delete.cancel"
DELETE_PENDING = "data.delete.pending"
IMPORTED_MESSAGE = "data.import.done"
#: A message the start page shows once (e.g. after a deletion).
START_MESSAGE = "start.message"


def export_csv(record: AssessmentRecord) -> str:
    """The assessment's answers in the core's long CSV format (formula-neutralised, readable by the CLI)."""
    return write_answers_csv(get_store().load_answers(record.id))


def export_file_name(record: AssessmentRecord) -> str:
    """A file name from the organisation name and the date, safe on every system."""
    slug = re.sub(r"[^\w]+", "-", record.organisation_name, flags=re.UNICODE).strip("-").lower()[:40] or "assessment"
    return f"cxm-answers-{slug}-{record.updated_at:%Y-%m-%d}.csv"


def export_section(record: AssessmentRecord) -> None:
    """The download button of the answers CSV."""
    st.subheader(t("app.data.export_title"))
    st.caption(t("app.data.export_help"))
    st.download_button(
        t("app.data.export"),
        data=export_csv(record),
        file_name=export_file_name(record),
        mime="text/csv",
        key=EXPORT_KEY,
        icon=":material/download:",
    )


def import_section(record: AssessmentRecord, language: str) -> None:
    """Upload a CSV/XLSX, show every located error, and replace the answers only when it is clean."""
    st.subheader(t("app.data.import_title"))
    st.caption(t("app.data.import_help"))
    if IMPORTED_MESSAGE in st.session_state:
        st.success(st.session_state.pop(IMPORTED_MESSAGE))
    upload = st.file_uploader(t("app.data.import_file"), type=["csv", "xlsx"], key=UPLOAD_KEY)
    if upload is None:
        return
    if upload.size > MAX_UPLOAD_BYTES:
        st.error(t("app.data.too_large", limit=format_number(MAX_UPLOAD_BYTES / (1024 * 1024), language, 0)))
        return
    try:
        answers = read_answers_bytes(upload.getvalue(), upload.name, questionnaire_of(record))
    except InputError as error:
        st.error(t("app.data.import_errors", count=format_number(len(error.errors), language, 0)))
        for located in error.errors:
            st.error(plain(str(located)))
        return
    records = records_from_answer_set(answers)
    st.info(
        t(
            "app.data.import_summary",
            answers=format_number(len(records), language, 0),
            respondents=format_number(len(answers.respondents), language, 0),
        )
    )
    if st.button(t("app.data.import_apply"), key=IMPORT_KEY, type="primary"):
        try:
            count = get_store().replace_answers(record.id, records)
        except (StorageError, ValueError) as error:
            st.error(t("app.data.import_failed", reason=plain(str(error))))
            return
        _forget_answer_widgets()
        st.session_state[IMPORTED_MESSAGE] = t("app.data.imported", count=format_number(count, language, 0))
        del st.session_state[UPLOAD_KEY]
        st.rerun()


def _forget_answer_widgets() -> None:
    # The answering screen seeds its widgets from the database only when they are new.
    for key in [key for key in st.session_state if isinstance(key, str) and key.startswith("q.")]:
        del st.session_state[key]


def delete_section(record: AssessmentRecord) -> None:
    """Delete the assessment after an explicit confirmation."""
    st.subheader(t("app.data.delete_title"))
    if not st.session_state.get(DELETE_PENDING):
        st.caption(t("app.data.delete_help"))
        if st.button(t("app.data.delete"), key=DELETE_KEY, icon=":material/delete:"):
            st.session_state[DELETE_PENDING] = True
            st.rerun()
        return
    st.warning(t("app.data.delete_confirm_text", organisation=plain(record.organisation_name)))
    confirm, cancel, _ = st.columns([1, 1, 3])
    if cancel.button(t("app.data.delete_cancel"), key=DELETE_CANCEL_KEY):
        st.session_state.pop(DELETE_PENDING, None)
        st.rerun()
    if confirm.button(t("app.data.delete_confirm"), key=DELETE_CONFIRM_KEY, type="primary"):
        st.session_state.pop(DELETE_PENDING, None)
        try:
            get_store().delete_assessment(record.id)
        except StorageError as error:
            st.error(t("app.data.delete_failed", reason=plain(str(error))))
            return
        close_assessment()
        _forget_answer_widgets()
        st.session_state[START_MESSAGE] = t("app.data.deleted", organisation=plain(record.organisation_name))
        st.switch_page(HOME_PAGE)
