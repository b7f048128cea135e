"""The Clients page: organisations and their assessments (search, filters, open one) and their forms."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st

from cxmaturity.files.errors import InputError
from cxmaturity.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, format_number, format_percent
from cxmaturity.storage import (
    AssessmentRecord,
    AssessmentSummary,
    OrganisationRecord,
    QuestionnaireSnapshot,
    StorageError,
)
from cxmaturity.ui.context import (
    builtin_questionnaires,
    current_assessment,
    error_text,
    get_store,
    located_text,
    open_assessment,
    t,
)
from cxmaturity.ui.shell import (
    GRID_ROWS,
    assessment_caption,
    assessment_title,
    is_self_assessment,
    page_exists,
    plain,
    show_table,
)
from cxmaturity.ui.start import SIZES

SEARCH_KEY = "clients.search"
STATUS_KEY = "clients.status"
CLIENT_KEY = "clients.client"
OPEN_PICK_KEY = "clients.open.pick"
CLEAR_STATE = "clients.clear_form"  # the prefix of a form saved in the previous run
# The picker is drawn above the forms, so a form cannot set it in the same run (Streamlit refuses to
# change a widget's value once drawn): it leaves the id here for the next run.
PICK_NEXT_STATE = "clients.open.pick_next"
OPEN_BUTTON_KEY = "clients.open.button"
TABLE_KEY = "clients.table"
FINISHED = "consultant_day.clients.col.finished"
#: Set when a client was added: the new-assessment form then follows in the same tab (Streamlit
#: cannot switch a tab from the server), until an assessment is created.
JUST_ADDED_STATE = "clients.just_added"
NEW_CLIENT_FORM = "clients.new"
NEW_ASSESSMENT_FORM = "clients.new_assessment"
EDIT_PICK_KEY = "clients.edit.pick"
DETAILS_FORM = "clients.details"
STATUS_BUTTON_KEY = "clients.details.status"
#: Status filter choices: "" is every status.
STATUS_CHOICES = ("", "collecting", "closed")
_FLASH = "clients.flash"


def flash(area: str, kind: str, text: str) -> None:
    """Keep a message for the next run (shown by :func:`show_flash` where ``area`` is drawn)."""
    st.session_state.setdefault(_FLASH, {}).setdefault(area, []).append((kind, text))


def show_flash(area: str) -> None:
    """Show, once, the messages kept for ``area`` (success, warning or error)."""
    for kind, text in st.session_state.get(_FLASH, {}).pop(area, []):
        {"success": st.success, "warning": st.warning, "error": st.error}[kind](text)


def _size_label(code: str | None) -> str:
    return t("app.start.size_none") if not code else t("app.start.size_people", size=code)


def _status_label(status: str) -> str:
    return t(f"clients.status.{status or 'any'}")


# The list ---------------------------------------------------------------------------------------


def assessment_list(language: str) -> None:
    """Search and filters, the table of assessments with their respondents' progress, and "open"."""
    store = get_store()
    organisations = store.list_organisations()
    show_flash("list")
    if not organisations:
        st.info(t("clients.empty.no_clients"), icon=":material/business:")
        return
    by_id = {organisation.id: organisation for organisation in organisations}
    search_column, status_column, client_column = st.columns([2, 1, 1])
    search = search_column.text_input(
        t("clients.filter.search"), key=SEARCH_KEY, placeholder=t("clients.filter.search_hint"), max_chars=200
    )
    # Labels computed here, not inside format_func, so they never depend on when it is called.
    statuses = {status: _status_label(status) for status in STATUS_CHOICES}
    status = status_column.selectbox(
        t("clients.filter.status"), list(statuses), format_func=statuses.__getitem__, key=STATUS_KEY
    )
    client_labels = {0: t("clients.filter.any_client")} | {o.id: o.name for o in organisations}
    client = client_column.selectbox(
        t("clients.filter.client"), list(client_labels), format_func=client_labels.__getitem__, key=CLIENT_KEY
    )
    every = store.list_assessment_summaries(
        client or None, search=search or None, status=status or None, include_self=False
    )
    summaries = [summary for summary in every if not is_self_assessment(summary)]
    if len(summaries) < len(every):
        st.caption(t("consultant_day.clients.self_hidden", n=len(every) - len(summaries)))
    if not summaries:
        filtered = bool(search or status or client)
        st.info(t("clients.empty.no_match" if filtered else "clients.empty.no_assessments"))
        return
    rows = _rows(summaries, language)
    if len(rows) > GRID_ROWS:  # the grid scrolls in its own box and opens a clicked row
        _grid(rows, summaries)
    else:
        finished = t(FINISHED)
        show_table(pd.DataFrame([{**row, finished: _percent(row[finished], language)} for row in rows]), key="clients")
        st.caption(t("deeplinks3.clients.table_help"))
    _open_picker(summaries, by_id)


def _grid(rows: list[dict[str, object]], summaries: list[AssessmentSummary]) -> None:
    """A long list in the data grid: it scrolls in its own box, and a click on a row opens that assessment."""
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        on_select=functools.partial(_row_picked, [summary.assessment for summary in summaries]),
        selection_mode="single-row",
        # Widths in pixels that add up to a laptop's page beside the menu (about 690 px at 1366).
        column_config={
            t("clients.col.client"): st.column_config.TextColumn(width=120),
            t("clients.col.title"): st.column_config.TextColumn(width=190),
            t("clients.col.status"): st.column_config.TextColumn(width=115),
            t(FINISHED): st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100, width=85),
            t("consultant_day.clients.col.respondents"): st.column_config.TextColumn(width=75),
            t("clients.col.updated"): st.column_config.TextColumn(width=105),
        },
    )
    st.caption(t("consultant_day.clients.table_help"))


def _percent(share: object, language: str) -> str:
    # The grid draws 0..100 as a bar; the table says it as a percentage.
    return format_percent(float(share) / 100, language) if isinstance(share, int | float) else str(share)


def _row_picked(records: list[AssessmentRecord]) -> None:
    # A click on a row opens that assessment, as the picker and its button do.
    selection = st.session_state[TABLE_KEY].selection.rows
    if not selection:
        return
    record = records[selection[0]]
    open_assessment(record)
    st.session_state[OPEN_PICK_KEY] = record.id
    st.session_state[EDIT_PICK_KEY] = record.organisation_id
    flash("list", "success", t("clients.open.done", title=plain(record.title)))


def _rows(summaries: list[AssessmentSummary], language: str) -> list[dict[str, object]]:
    """What fits a laptop's width: client, assessment (with the wave it repeats), status, progress, last change."""
    titles = {s.assessment.id: s.assessment.title for s in summaries}
    if any(s.previous_assessment_id not in (None, *titles) for s in summaries):
        titles = {record.id: record.title for record in get_store().list_assessments()}
    rows = []
    for summary in summaries:
        record, progress = summary.assessment, summary.progress
        previous = summary.previous_assessment_id
        title = assessment_title(record)
        if previous is not None and previous in titles:
            title = t("consultant_day.clients.repeats", title=title, previous=titles[previous])
        invited = progress.completed + progress.started + progress.not_opened
        rows.append(
            {
                t("clients.col.client"): record.organisation_name,
                t("clients.col.title"): title,
                t("clients.col.status"): _status_label(record.status),
                t(FINISHED): 100 * progress.completed / invited if invited else 0.0,
                t("consultant_day.clients.col.respondents"): t(
                    "consultant_day.clients.progress",
                    completed=format_number(progress.completed, language, 0),
                    invited=format_number(invited, language, 0),
                ),
                t("clients.col.updated"): format_date(record.updated_at.date(), language),
            }
        )
    return rows


def _open_picker(summaries: list[AssessmentSummary], organisations: dict[int, OrganisationRecord]) -> None:
    records = {summary.assessment.id: summary.assessment for summary in summaries}
    labels = {i: f"{r.organisation_name} · {assessment_title(r)}" for i, r in records.items()}
    current = current_assessment()
    index = list(records).index(current.id) if current is not None and current.id in records else 0
    if st.session_state.get(PICK_NEXT_STATE) in records:
        st.session_state[OPEN_PICK_KEY] = st.session_state.pop(PICK_NEXT_STATE)
    pick_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick_column.selectbox(
        t("clients.open.pick"), list(records), index=index, format_func=labels.__getitem__, key=OPEN_PICK_KEY
    )
    if button_column.button(t("clients.open.button"), key=OPEN_BUTTON_KEY, icon=":material/folder_open:"):
        open_assessment(records[chosen])
        st.session_state[EDIT_PICK_KEY] = records[chosen].organisation_id
        flash("list", "success", t("clients.open.done", title=plain(records[chosen].title)))
        st.rerun()


# The open assessment ----------------------------------------------------------------------------


def open_assessment_panel(language: str) -> None:
    """Title, consultant notes and status of the open assessment, with links to its other pages."""
    record = current_assessment()
    if record is None:
        st.caption(t("clients.details.none_open"))
        return
    assessment_caption(record)
    show_flash("details")
    links = [
        ("pages/respondents.py", "app.nav.respondents", ":material/group:"),
        ("pages/answer.py", "app.nav.answer", ":material/checklist:"),
        ("pages/results.py", "app.nav.results", ":material/insights:"),
    ]
    for column, (page, title, icon) in zip(st.columns(len(links)), links, strict=True):
        if page_exists(page):
            column.page_link(page, label=t(title), icon=icon, query_params={"a": record.key, "lang": language})
    with st.form(DETAILS_FORM):
        # Keys carry the assessment's id: opening another assessment shows its own values.
        title = st.text_input(
            t("clients.details.title"), value=record.title, max_chars=300, key=f"{DETAILS_FORM}.title.{record.id}"
        )
        notes = st.text_area(
            t("clients.details.notes"), value=record.notes or "", help=t("clients.details.notes_help"),
            key=f"{DETAILS_FORM}.notes.{record.id}",
        )  # fmt: skip
        saved = st.form_submit_button(t("clients.details.save"), icon=":material/save:", key=f"{DETAILS_FORM}.save")
    if saved:
        if not title.strip():
            st.error(t("clients.details.title_missing"))
        else:
            try:
                get_store().update_assessment(record.id, title=title, notes=notes)
            except (StorageError, ValueError) as error:
                st.error(t("clients.details.failed", reason=plain(error_text(error))))
            else:
                flash("details", "success", t("clients.details.saved"))
                st.rerun()
    _status_switch(record)


def _status_switch(record: AssessmentRecord) -> None:
    if record.is_closed:
        st.warning(t("clients.details.closed_now"), icon=":material/lock:")
        label, new_status = t("clients.details.reopen"), "collecting"
    else:
        st.caption(t("clients.details.collecting_now"))
        label, new_status = t("clients.details.close"), "closed"
    if st.button(label, key=STATUS_BUTTON_KEY):
        get_store().set_status(record.id, new_status)
        flash("details", "success", t(f"clients.details.status_set.{new_status}"))
        st.rerun()


# Forms ------------------------------------------------------------------------------------------


def _client_fields(prefix: str, organisation: OrganisationRecord | None = None) -> tuple[str, str, str, str]:
    """Name, industry, size and notes inputs (inside a form), prefilled from ``organisation``."""
    name = st.text_input(
        t("clients.form.name"), value=organisation.name if organisation else "", max_chars=200, key=f"{prefix}.name"
    )
    left, right = st.columns(2)
    industry = left.text_input(
        t("app.start.industry"), value=(organisation.industry or "") if organisation else "", max_chars=200,
        key=f"{prefix}.industry",
    )  # fmt: skip
    sizes = list(SIZES)
    if organisation and organisation.size and organisation.size not in sizes:
        sizes.append(organisation.size)  # a size written elsewhere (an import) stays choosable
    size_labels = {code: _size_label(code) for code in sizes}
    size = right.selectbox(
        t("app.start.size"), sizes, index=sizes.index(organisation.size or "") if organisation else 0,
        format_func=size_labels.__getitem__, key=f"{prefix}.size",
    )  # fmt: skip
    notes = st.text_area(
        t("clients.form.notes"), value=(organisation.notes or "") if organisation else "", key=f"{prefix}.notes"
    )
    return name, industry, size or "", notes


def _client_form(
    prefix: str,
    submit_label: str,
    organisation: OrganisationRecord | None,
    save: Callable[[str, str, str, str], OrganisationRecord],
) -> OrganisationRecord | None:
    """The client fields in a form; on submit, checks the name and calls ``save(name, industry, size, notes)``.

    Returns what ``save`` returned, or None (not submitted, or the problem shown under the form).
    """
    with st.form(prefix):
        name, industry, size, notes = _client_fields(prefix, organisation)
        submitted = st.form_submit_button(submit_label, type="primary", key=f"{prefix}.submit")
    if not submitted:
        return None
    if not name.strip():
        st.error(t("clients.form.name_missing"))
        return None
    try:
        return save(name, industry, size, notes)
    except (StorageError, ValueError) as error:
        st.error(t("clients.form.failed", reason=plain(error_text(error))))
        return None


def _clear_if_saved(prefix: str, fields: dict[str, str]) -> None:
    """Empty a form whose content was just saved (before its widgets are drawn, as Streamlit requires).

    Removing the widgets' state is not enough: a keyed widget keeps its value in the browser.
    """
    if st.session_state.get(CLEAR_STATE) == prefix:
        del st.session_state[CLEAR_STATE]
        for field, empty in fields.items():
            st.session_state[f"{prefix}.{field}"] = empty


def new_client_form() -> None:
    """A new client: the name is required; industry, size and notes are optional."""
    show_flash("new_client")
    _clear_if_saved(NEW_CLIENT_FORM, {"name": "", "industry": "", "size": "", "notes": ""})
    store = get_store()
    organisation = _client_form(
        NEW_CLIENT_FORM,
        t("clients.form.create"),
        None,
        lambda name, industry, size, notes: store.create_organisation(name, industry=industry, size=size, notes=notes),
    )
    if organisation is None:
        return
    st.session_state[CLEAR_STATE] = NEW_CLIENT_FORM
    st.session_state[EDIT_PICK_KEY] = organisation.id
    st.session_state[f"{NEW_ASSESSMENT_FORM}.client"] = organisation.id
    st.session_state[JUST_ADDED_STATE] = organisation.id
    flash("new_client", "success", t("clients.form.created", name=plain(organisation.name)))
    st.rerun()


def client_added() -> bool:
    """True right after a client was added: its new-assessment form is then shown where the user is."""
    return st.session_state.get(JUST_ADDED_STATE) is not None


def _pick_client(organisations: list[OrganisationRecord], key: str) -> OrganisationRecord:
    by_id = {organisation.id: organisation for organisation in organisations}
    if st.session_state.get(key) not in by_id:
        current = current_assessment()
        st.session_state[key] = current.organisation_id if current else organisations[0].id
    chosen = st.selectbox(t("clients.form.client"), list(by_id), format_func=lambda i: by_id[i].name, key=key)
    return by_id[chosen]


def new_assessment_form(language: str) -> None:
    """A new assessment for an existing client: title, questionnaire, language; it opens at once."""
    show_flash("new_assessment")
    _clear_if_saved(NEW_ASSESSMENT_FORM, {"title": ""})
    organisations = get_store().list_organisations()
    if not organisations:
        st.caption(t("clients.empty.add_client_first"))
        return
    entries, errors = builtin_questionnaires()
    for error in errors:
        st.error(t("app.start.questionnaire_invalid", error=plain(error_text(error))))
    if not entries:
        st.error(t("app.start.no_questionnaire"))
        return
    by_id = {entry.id: entry for entry in entries}
    with st.form(NEW_ASSESSMENT_FORM):
        organisation = _pick_client(organisations, f"{NEW_ASSESSMENT_FORM}.client")
        title = st.text_input(t("clients.details.title"), max_chars=300, key=f"{NEW_ASSESSMENT_FORM}.title")
        chosen = st.selectbox(
            t("app.start.questionnaire"),
            list(by_id),
            format_func={
                qid: t(
                    "clients.form.questionnaire_option",
                    title=e.questionnaire.title.get(language),
                    version=e.version,
                    target=format_number(e.questionnaire.target, language, 0),
                )
                for qid, e in by_id.items()
            }.__getitem__,
            key=f"{NEW_ASSESSMENT_FORM}.questionnaire",
        )
        answer_language = st.selectbox(
            t("clients.form.language"), LANGUAGES, index=LANGUAGES.index(language),
            format_func=LANGUAGE_NAMES.__getitem__, key=f"{NEW_ASSESSMENT_FORM}.language",
        )  # fmt: skip
        st.caption(t("clients.form.target_help"))
        submitted = st.form_submit_button(
            t("clients.form.create_assessment"), type="primary", key=f"{NEW_ASSESSMENT_FORM}.submit"
        )
    if not submitted:
        return
    if not title.strip():
        st.error(t("clients.form.title_missing"))
        return
    try:
        snapshot = QuestionnaireSnapshot.from_file(by_id[chosen or entries[0].id].path)
        record = get_store().create_assessment(
            organisation.name, snapshot, title, answer_language or language, organisation_id=organisation.id
        )
    except InputError as error:
        for located in error.errors:
            st.error(t("app.start.questionnaire_invalid", error=plain(located_text(located))))
        return
    except (StorageError, ValueError) as error:
        st.error(t("clients.form.failed", reason=plain(error_text(error))))
        return
    st.session_state[CLEAR_STATE] = NEW_ASSESSMENT_FORM
    st.session_state.pop(JUST_ADDED_STATE, None)
    st.session_state[PICK_NEXT_STATE] = record.id  # the list's picker shows it on the next run
    open_assessment(record)
    flash("list", "success", t("clients.form.assessment_created", title=plain(record.title)))
    st.rerun()


def edit_client_form() -> None:
    """Change a client's name, industry, size and notes ("" clears an optional field)."""
    organisations = get_store().list_organisations()
    if not organisations:
        st.caption(t("clients.empty.add_client_first"))
        return
    show_flash("edit_client")
    organisation = _pick_client(organisations, EDIT_PICK_KEY)
    store = get_store()
    # The form's keys carry the client's id: picking another client shows its own values.
    saved = _client_form(
        f"clients.edit.{organisation.id}",
        t("clients.form.save"),
        organisation,
        lambda name, industry, size, notes: store.update_organisation(
            organisation.id, name=name, industry=industry, size=size, notes=notes
        ),
    )
    if saved is not None:
        flash("edit_client", "success", t("clients.form.saved", name=plain(saved.name)))
        st.rerun()
