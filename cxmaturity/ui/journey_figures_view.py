"""What customers measured at each touchpoint, stored: typed or corrected in a table, or imported from a file.

The table has one row per touchpoint (NPS, CSAT and CES, each with its number of answers, and
where the figures came from); it is saved as soon as it is valid, and each bad cell is named by
its row and column, like every other journey table. A customer answer file with a column naming
the touchpoint is read, shown, and stored only when the consultant says so; the stored figures
then stay for every later visit, chart, roadmap and PDF.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.journey import stored
from cxmaturity.journey.figures import METRIC_NAMES, METRICS, ROW_FIELDS, Figure, figures_from_rows, figures_text
from cxmaturity.journey.measured import (
    CUSTOMER_QUESTIONNAIRE,
    imported_figures,
    measured_by_touchpoint,
    read_customer_answers,
)
from cxmaturity.journey.summary import JourneySummary
from cxmaturity.journey.tables import MAX_FILE_BYTES
from cxmaturity.storage import AssessmentRecord, StorageError
from cxmaturity.ui.context import error_text, get_store, t
from cxmaturity.ui.journey_view import digest, edited_records, flash, save_or_explain
from cxmaturity.ui.shell import plain
from cxmaturity.voice.responses import Responses

UPLOAD_KEY = "journey_ui.measured.file"


def figure_labels() -> dict[str, str]:
    """The figures table's column ids and the names the editor shows."""
    names = {metric: METRIC_NAMES[metric] for metric in METRICS} | {"csat": t("journey_ui2.col.csat")}
    labels = {metric: names[metric] for metric in METRICS}
    labels |= {f"{metric}_n": t("journey_ui2.col.n", metric=METRIC_NAMES[metric]) for metric in METRICS}
    return labels | {"touchpoint": t("journey_ui.col.touchpoint"), "source": t("journey_ui2.col.source")}


def source_text(figures: tuple[Figure, ...]) -> str:
    """Where a touchpoint's figures came from: imported, typed, or imported with the typed ones named."""
    typed = [METRIC_NAMES[f.metric] for f in figures if f.source == "typed"]
    if not figures:
        return ""
    if len(typed) == len(figures):
        return t("journey_ui2.source.typed")
    return t("journey_ui2.source.mixed", metrics=", ".join(typed)) if typed else t("journey_ui2.source.imported")


def figures_frame(summary: JourneySummary) -> pd.DataFrame:
    """One row per touchpoint in journey order with its stored figures (empty where none)."""
    rows = []
    for point in summary.journey.ordered():
        found = {figure.metric: figure for figure in summary.measured.get(point.key, ())}
        row: dict[str, Any] = {"number": summary.positions[point.key], "touchpoint": point.key, "name": point.name,
                               "stage": point.stage}  # fmt: skip
        for metric in METRICS:
            figure = found.get(metric)
            row[metric] = None if figure is None else figure.value
            row[f"{metric}_n"] = None if figure is None else figure.n
        row["source"] = source_text(summary.measured.get(point.key, ()))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["number", "touchpoint", "name", "stage", *ROW_FIELDS, "source"])
    for metric in METRICS:
        frame[metric] = frame[metric].astype("Float64")
        frame[f"{metric}_n"] = frame[f"{metric}_n"].astype("Int64")
    return frame


def figures_editor(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The stored figures per touchpoint, typed or corrected in place and saved as soon as they are valid."""
    st.markdown(f"#### {t('journey_ui2.figures.heading')}")
    st.caption(t("journey_ui2.figures.help"))
    labels = figure_labels()
    config: dict[str, Any] = {
        "number": st.column_config.NumberColumn("#", disabled=True, format="%d", width="small"),
        "name": st.column_config.TextColumn(labels["touchpoint"], disabled=True),
        "stage": st.column_config.TextColumn(t("journey_ui.col.stage"), disabled=True),
        "source": st.column_config.TextColumn(labels["source"], disabled=True),
    }
    for metric in METRICS:
        # No bounds here: a figure out of range reaches the check, which names its row and column.
        config[metric] = st.column_config.NumberColumn(labels[metric], format="%.1f")
        config[f"{metric}_n"] = st.column_config.NumberColumn(
            labels[f"{metric}_n"], step=1, format="%d", help=t("journey_ui2.col.n_help")
        )
    order = ["number", "name", "stage", *ROW_FIELDS, "source"]
    key = f"journey_ui2.figures.{digest(summary.journey, summary.figures)}"
    records = edited_records(figures_frame(summary), key, config, editable, dynamic=False, column_order=order)
    if records is None:
        return
    table = t("journey_ui2.figures.heading")

    def save() -> None:
        figures = figures_from_rows(records, table, summary.journey, summary.figures, language)
        stored.save_figures(get_store(), record.id, figures, language)

    if save_or_explain(save, table, labels):
        flash("success", t("journey_ui.saved"))
        st.rerun()


@st.cache_resource(show_spinner=False)
def _customer_questionnaire() -> Any:
    return find_questionnaire(CUSTOMER_QUESTIONNAIRE)


def _store_imported(record_id: int, figures: list[Figure], name: str, language: str) -> None:
    try:
        stored.import_figures(get_store(), record_id, figures, language)
    except (ValueError, LookupError, StorageError) as error:  # e.g. the map changed since the file was read
        flash("error", error_text(error))
        return
    st.session_state.pop(UPLOAD_KEY, None)
    flash("success", t("journey_ui2.import.done", count=len(figures), file=name))


def figures_import(record: AssessmentRecord, summary: JourneySummary, language: str) -> None:
    """A customer answer file tagged with touchpoints: read, shown, and stored when the consultant says so."""
    with st.expander(t("journey_ui.measured.heading"), icon=":material/groups:"):
        st.caption(t("journey_ui.measured.help"))
        upload = st.file_uploader(
            t("journey_ui.measured.file"), type=["csv", "xlsx"], key=UPLOAD_KEY,
            max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
        )  # fmt: skip
        if upload is None:
            return
        questionnaire = _customer_questionnaire()
        found: list[Responses] = []
        if not save_or_explain(
            lambda: found.append(read_customer_answers(upload.getvalue(), upload.name, questionnaire)),
            upload.name, {}, in_file=True,
        ):  # fmt: skip
            return
        columns = [column for column in found[0].segments if column != "group"] or list(found[0].segments)
        if not columns:
            st.warning(t("journey_ui.measured.no_column"))
            return
        column = st.selectbox(t("journey_ui.measured.column"), columns, key="journey_ui.measured.column")
        measured = measured_by_touchpoint(questionnaire, found[0], str(column), summary.journey)
        if measured.unmatched:
            st.warning(t("journey_ui.measured.unmatched", labels=plain(", ".join(measured.unmatched) or '""')))
        figures, too_few = imported_figures(measured)
        names = {point.key: f"{summary.positions[point.key]}. {point.name}" for point in summary.journey.touchpoints}
        if too_few:
            shown = "; ".join(f"{names[key]}: {metric} (n = {n})" for key, metric, n in too_few)
            st.info(t("journey_ui2.import.too_few", figures=plain(shown)))
        if not figures:
            st.info(t("journey_ui2.import.none"))
            return
        touched = list(dict.fromkeys(figure.touchpoint for figure in figures))
        lines = [
            f"{names[key]}: {figures_text([f for f in figures if f.touchpoint == key], language)}" for key in touched
        ]
        st.markdown(
            plain(t("journey_ui2.import.preview", count=len(figures), touchpoints=len(touched)))
            + "\n\n" + "\n".join(f"- {plain(line)}" for line in lines)
        )  # fmt: skip
        slots = {(figure.touchpoint, figure.metric) for figure in figures}
        replaced = sum(1 for figure in summary.figures if (figure.touchpoint, figure.metric) in slots)
        if replaced:
            st.warning(t("journey_ui2.import.replaces", count=replaced))
        st.button(
            t("journey_ui2.import.store"), key="journey_ui2.import.store", type="primary",
            on_click=_store_imported, args=(record.id, figures, upload.name, language),
        )  # fmt: skip


def figures_section(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The stored figures' editor, then (for an editor) the import from a customer answer file."""
    figures_editor(record, summary, language, editable)
    if editable:
        figures_import(record, summary, language)
