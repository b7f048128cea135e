"""The data page's parts: export the answers, import answers from a file, delete the assessment."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from cxmaturity.core.answers import LONG_COLUMNS, write_answers_csv
from cxmaturity.core.model import AnswerSet, Questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.i18n import format_number
from cxmaturity.storage import AssessmentRecord, StorageError, Store
from cxmaturity.ui.context import (
    close_assessment,
    error_text,
    get_store,
    located_message,
    located_text,
    open_assessment,
    questionnaire_of,
    t,
)
from cxmaturity.ui.links_view import links_root
from cxmaturity.ui.mapping_view import mapping_choices
from cxmaturity.ui.shell import HOME_PAGE, plain
from cxmaturity.workspace.backup import backup_json, parse_backup, restore_backup
from cxmaturity.workspace.column_mapping import answers_from_mapped_frame, read_table
from cxmaturity.workspace.file_segments import FileSegments, file_segments
from cxmaturity.workspace.link_list import link_table
from cxmaturity.workspace.results_export import ExportTable, export_assessment, to_xlsx, to_zip
from cxmaturity.workspace.voice_data import asks_metrics

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
#: Located errors shown one by one; a longer list is also shown whole as a table.
SHOWN_ERRORS = 50
RESTORE_FILE_KEY = "datapage.restore.file"
RESTORE_KEY = "datapage.restore.apply"
RESTORED_MESSAGE = "datapage.restore.done"
#: This page's address path (stripped from the browser's URL to get the app's root for links).
PAGE_PATH = "data"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A message the start page shows once (e.g. after a deletion).
START_MESSAGE = "start.message"


def export_csv(record: AssessmentRecord) -> str:
    """The assessment's answers in the core's long CSV format (formula-neutralised, readable by the CLI)."""
    return write_answers_csv(get_store().load_answers(record.id))


def export_file_name(record: AssessmentRecord) -> str:
    """A file name from the organisation name and the date, safe on every system."""
    return f"cxm-answers-{_slug(record)}-{record.updated_at:%Y-%m-%d}.csv"


def export_section(record: AssessmentRecord) -> None:
    """The download button of the answers CSV."""
    st.subheader(t("app.data.export_title"))
    st.caption(t("app.data.export_help"))
    store = get_store()
    st.download_button(
        t("app.data.export"),
        # Built when clicked (outside the script thread: no st.* calls in there), not on every rerun.
        data=lambda: write_answers_csv(store.load_answers(record.id)),
        on_click="ignore",
        file_name=export_file_name(record),
        mime="text/csv",
        key=EXPORT_KEY,
        icon=":material/download:",
    )


def import_section(record: AssessmentRecord, language: str) -> None:
    """Upload a CSV/XLSX, map its columns when they are not ours, show every located error,
    and replace the answers only when the whole file is clean."""
    st.subheader(t("app.data.import_title"))
    st.caption(t("app.data.import_help"))
    if IMPORTED_MESSAGE in st.session_state:
        count, respondents = st.session_state.pop(IMPORTED_MESSAGE)
        st.success(t("app.data.imported", count=format_number(count, language, 0)))
        st.caption(t("datapage.import.respondents", count=format_number(respondents, language, 0)))
    upload = st.file_uploader(
        t("app.data.import_file"), type=["csv", "xlsx"], key=UPLOAD_KEY, help=t("honest.upload.streamlit_words")
    )
    if upload is None:
        return
    if upload.size > MAX_UPLOAD_BYTES:
        st.error(t("app.data.too_large", limit=format_number(MAX_UPLOAD_BYTES / (1024 * 1024), language, 0)))
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    questionnaire = questionnaire_of(record)
    try:
        frame = read_upload(digest, upload.name, data)
        mapping = mapping_step(frame, questionnaire, digest, language)
        answers = validated_answers(digest, upload.name, questionnaire, mapping, frame)
    except InputError as error:
        show_errors(error, language)
        return
    # A customer file's other columns (branch, product, channel...) are kept as segment columns.
    segments = file_segments(frame, mapping, answers) if asks_metrics(questionnaire) else FileSegments()
    apply_import(record, answers, language, segments)


def show_errors(error: InputError, language: str, heading: str = "app.data.import_errors") -> None:
    """Every located error: one message each (at most :data:`SHOWN_ERRORS`), then the full list as a table."""
    st.error(t(heading, count=format_number(len(error.errors), language, 0)))
    for located in error.errors[:SHOWN_ERRORS]:
        st.error(plain(located_text(located)))
    if len(error.errors) > SHOWN_ERRORS:
        st.caption(t("datapage.errors.all", count=format_number(len(error.errors), language, 0)))
        st.dataframe(
            pd.DataFrame(
                {
                    t("datapage.errors.file"): [e.file for e in error.errors],
                    t("datapage.errors.row"): [e.line for e in error.errors],
                    t("datapage.errors.column"): [e.field for e in error.errors],
                    t("datapage.errors.problem"): [located_message(e) for e in error.errors],
                }
            ),
            hide_index=True,
            width="stretch",
            key="datapage.errors",
        )


@st.cache_data(show_spinner=False, max_entries=2)
def read_upload(digest: str, name: str, _data: bytes) -> pd.DataFrame:
    """The upload as a table of strings (cached by its content digest: reruns do not parse it again)."""
    return read_table(_data, name)


def is_our_format(columns: list[str], questionnaire: Questionnaire) -> bool:
    """True when every column is one we read as it is (long or wide format, any letter case)."""
    known = set(LONG_COLUMNS) | {entry.id.lower() for entry in questionnaire.in_file_order()}
    return all(str(column).strip().lower() in known for column in columns if column != "row")


def mapping_step(
    frame: pd.DataFrame, questionnaire: Questionnaire, digest: str, language: str
) -> dict[str, str | None] | None:
    """None for a file in our format; otherwise the user's mapping of its columns onto ours
    (matched automatically first; see :mod:`cxmaturity.ui.mapping_view`)."""
    columns = [str(column) for column in frame.columns if column != "row"]
    if is_our_format(columns, questionnaire):
        return None
    return mapping_choices(frame, questionnaire, digest, language)


@st.cache_resource(show_spinner=False, max_entries=2)
def _validated(
    digest: str, name: str, questionnaire_hash: str, mapping_key: str, _q: Questionnaire, _frame: pd.DataFrame,
    _mapping: dict[str, str | None] | None,
) -> AnswerSet | InputError:  # fmt: skip
    # Kept per file, questionnaire and mapping: a rerun (another button) does not validate again.
    try:
        return answers_from_mapped_frame(_frame, name, _q, _mapping)
    except InputError as error:
        return error


def validated_answers(
    digest: str, name: str, questionnaire: Questionnaire, mapping: dict[str, str | None] | None, frame: pd.DataFrame
) -> AnswerSet:
    """The upload's answers after the mapping; raises :class:`InputError` with every problem."""
    key = repr(sorted(mapping.items())) if mapping is not None else ""
    found = _validated(digest, name, questionnaire.source_hash, key, questionnaire, frame, mapping)
    if isinstance(found, InputError):
        raise found
    return found


def _segment_columns_note(segments: FileSegments) -> None:
    if segments.columns:
        # Column names are the file's text: shown as text, never as markdown.
        names = ", ".join(t("voice_ui2.import.quoted", name=plain(c)) for c in segments.columns)
        st.caption(t("voice_ui2.import.kept", columns=names))
    for column, reason in segments.left_out:
        reason_text = t(f"voice_ui2.reason.{reason}")
        quoted = t("voice_ui2.import.quoted", name=plain(column))
        st.caption(t("voice_ui2.import.left_out", column=quoted, reason=reason_text))


def apply_import(
    record: AssessmentRecord, answers: AnswerSet, language: str, segments: FileSegments | None = None
) -> None:
    """What the file holds, a warning that it replaces the stored answers, and the import button.

    ``segments``: the file's columns kept as segment columns (stored with the answers) and those left out.
    """
    segments = segments or FileSegments()
    store = get_store()
    count = len(answers.table)
    if not count:
        # E.g. every question column set to "ignore": importing would only wipe the stored answers.
        st.error(t("datapage.import.empty"))
        return
    st.info(
        t(
            "app.data.import_summary",
            answers=format_number(count, language, 0),
            respondents=format_number(len(answers.respondents), language, 0),
        )
    )
    _segment_columns_note(segments)
    saved = [p.answered for p in store.respondent_progress(record.id) if p.state != "not_opened"]
    if saved:
        # Said before the click: the button is the confirmation, and it cannot be undone.
        st.warning(
            t(
                "datapage.import.replaces",
                answers=format_number(sum(saved), language, 0),
                respondents=format_number(len(saved), language, 0),
            ),
            icon=":material/warning:",
        )
    if st.button(t("app.data.import_apply"), key=IMPORT_KEY, type="primary"):
        try:
            imported = store.replace_answers(record.id, answers, segments.columns)
        except (StorageError, ValueError) as error:
            st.error(t("app.data.import_failed", reason=plain(error_text(error))))
            return
        _forget_answer_widgets()
        st.session_state[IMPORTED_MESSAGE] = (imported, len(answers.respondents))
        del st.session_state[UPLOAD_KEY]
        st.rerun()


def _slug(record: AssessmentRecord) -> str:
    return re.sub(r"[^\w]+", "-", record.organisation_name, flags=re.UNICODE).strip("-").lower()[:40] or "assessment"


def _tables(store: Store, assessment_id: int, language: str, root_url: str | None) -> list[ExportTable]:
    tables = export_assessment(store, assessment_id, language)
    if root_url is not None:
        tables.append(link_table(store.list_respondents(assessment_id), root_url, language))
    return tables


def export_zip(store: Store, assessment_id: int, language: str, root_url: str | None = None) -> bytes:
    """Results, answers with notes, evidence (and respondents' links from ``root_url``) as a ZIP of CSV files."""
    return to_zip(_tables(store, assessment_id, language, root_url))


def export_xlsx(store: Store, assessment_id: int, language: str, root_url: str | None = None) -> bytes:
    """The same tables as one XLSX workbook, a sheet per table, formulas neutralised."""
    return to_xlsx(_tables(store, assessment_id, language, root_url))


def backup_bytes(store: Store, assessment_id: int) -> bytes:
    """The whole assessment as the JSON backup file."""
    return backup_json(store, assessment_id).encode("utf-8")


#: The files built on a click, by kind: what each holds is in :func:`export_files`.
EXPORT_KINDS = ("zip", "xlsx", "backup")


def export_files(
    store: Store, record: AssessmentRecord, language: str, root: str
) -> dict[str, tuple[Callable[[], bytes], str, str]]:
    """Each downloadable file of the page by kind: how it is built, its file name and its type.

    ``root`` starts the respondents' links. Building is left to the click (:func:`_one_click_download`),
    so a rerun of the page builds nothing. No st.* call: Streamlit runs the builders outside the script.
    """
    stem = f"cxm-{_slug(record)}-{record.updated_at:%Y-%m-%d}"
    return {
        "zip": (lambda: export_zip(store, record.id, language, root), f"{stem}.zip", "application/zip"),
        "xlsx": (lambda: export_xlsx(store, record.id, language, root), f"{stem}.xlsx", XLSX_MIME),
        "backup": (
            lambda: backup_bytes(store, record.id),
            f"cxm-backup-{_slug(record)}-{record.updated_at:%Y-%m-%d}.json",
            "application/json",
        ),
    }


def _one_click_download(kind: str, files: dict[str, tuple[Callable[[], bytes], str, str]]) -> None:
    # One click builds the file and downloads it: Streamlit runs ``data`` when the button is
    # clicked (outside the script thread, so nothing in it may call st.*), never on a rerun, and
    # the page is not rerun. The file holds what is saved at that moment.
    build, file_name, mime = files[kind]
    st.download_button(
        t(f"report_ws.download.{kind}"),
        data=build,
        file_name=file_name,
        mime=mime,
        key=f"datapage.download.{kind}",
        on_click="ignore",
        icon=":material/download:",
    )


def exports_section(record: AssessmentRecord, language: str) -> None:
    """Results and raw answers with notes and evidence: a ZIP of CSV files and one XLSX workbook."""
    st.subheader(t("datapage.exports.title"))
    st.caption(f"{t('datapage.exports.help')} {t('consultant_day.links.in_exports')}")
    files = export_files(get_store(), record, language, links_root(PAGE_PATH))
    left, right = st.columns(2)
    with left:
        _one_click_download("zip", files)
    with right:
        _one_click_download("xlsx", files)


def page_messages() -> None:
    """A message left by the previous run (an assessment restored from a backup)."""
    message = st.session_state.pop(RESTORED_MESSAGE, None)
    if message:
        st.success(message)


def backup_section(record: AssessmentRecord, language: str) -> None:
    """Download the whole assessment as JSON; restore a backup file as a new assessment and open it."""
    store = get_store()
    st.subheader(t("datapage.backup.title"))
    st.caption(t("datapage.backup.help"))
    _one_click_download("backup", export_files(store, record, language, links_root(PAGE_PATH)))
    st.markdown(f"**{t('datapage.restore.title')}**")
    st.caption(t("datapage.restore.help"))
    upload = st.file_uploader(
        t("datapage.restore.file"), type=["json"], key=RESTORE_FILE_KEY, help=t("honest.upload.streamlit_words")
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        backup = parse_backup(data, upload.name)
    except InputError as error:
        show_errors(error, language, "datapage.restore.errors")
        return
    answers = sum(len(respondent.answers) for respondent in backup.respondents)
    st.info(
        t(
            "datapage.restore.summary",
            organisation=plain(backup.organisation.name),
            title=plain(backup.assessment.title),
            respondents=format_number(len(backup.respondents), language, 0),
            answers=format_number(answers, language, 0),
        )
    )
    if not st.button(t("datapage.restore.apply"), key=RESTORE_KEY, type="primary"):
        return
    try:
        restored = restore_backup(store, data, upload.name)
    except InputError as error:
        show_errors(error, language, "datapage.restore.errors")
        return
    except (StorageError, ValueError) as error:
        st.error(t("datapage.restore.failed", reason=plain(error_text(error))))
        return
    open_assessment(restored)
    _forget_answer_widgets()
    del st.session_state[RESTORE_FILE_KEY]
    st.session_state[RESTORED_MESSAGE] = t(
        "datapage.restore.done", organisation=plain(restored.organisation_name), title=plain(restored.title)
    )
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
            st.error(t("app.data.delete_failed", reason=plain(error_text(error))))
            return
        close_assessment()
        _forget_answer_widgets()
        st.session_state[START_MESSAGE] = t("app.data.deleted", organisation=plain(record.organisation_name))
        st.switch_page(HOME_PAGE)
