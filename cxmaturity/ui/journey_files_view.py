"""Import and export of the journey map, its drivers and barriers, the ratings and the KPI table (CSV or XLSX).

An import is checked whole before anything is saved: a file with any problem imports nothing
and every problem is listed with its file, line and column. Exports carry no formulas.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cxmaturity.journey import stored
from cxmaturity.journey.tables import (
    MAX_FILE_BYTES,
    kpi_table,
    links_table,
    map_table,
    ratings_table,
    read_kpis,
    read_links,
    read_map,
    read_ratings,
    to_csv,
    to_xlsx,
)
from cxmaturity.storage import AssessmentRecord
from cxmaturity.ui.context import get_store, t
from cxmaturity.ui.journey_view import flash, save_or_explain

TABLES = ("map", "links", "ratings", "kpis")


def _tables(summary: stored.JourneySummary) -> dict[str, list[list[object]]]:
    return {
        "map": map_table(summary.journey),
        "links": links_table(summary.journey),
        "ratings": ratings_table(summary.ratings),
        "kpis": kpi_table(summary.kpis),
    }


def exports(summary: stored.JourneySummary) -> None:
    """One workbook with the four tables, and each table as CSV."""
    tables = _tables(summary)
    st.download_button(
        t("journey_ui.files.xlsx"),
        data=lambda: to_xlsx({t(f"journey_ui.files.sheet.{name}"): table for name, table in tables.items()}),
        file_name=f"{t('journey_ui.files.stem')}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="journey_ui.files.xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    columns = st.columns(len(TABLES))
    for column, name in zip(columns, TABLES, strict=True):
        column.download_button(
            t(f"journey_ui.files.csv.{name}"),
            data=lambda table=tables[name]: to_csv(table),  # built on click, like the workbook, not every rerun
            file_name=f"{t('journey_ui.files.stem')}-{name}.csv",
            mime="text/csv",
            key=f"journey_ui.files.csv.{name}",
            on_click="ignore",
            width="stretch",
        )


def _import(record: AssessmentRecord, summary: stored.JourneySummary, name: str, language: str) -> Callable[[], object]:
    """What importing the uploaded file of table ``name`` does: read and check it all, then save."""
    upload = st.session_state.get(f"journey_ui.files.upload.{name}")
    data, file_name = upload.getvalue(), upload.name
    store = get_store()
    add_stages = bool(st.session_state.get("journey_ui.files.add_stages"))

    def run() -> object:
        if name == "map":
            journey = read_map(data, file_name, summary.journey, language, add_stages=add_stages)
            return stored.save_map(store, record.id, journey, language)
        if name == "links":
            return stored.save_map(store, record.id, read_links(data, file_name, summary.journey, language), language)
        if name == "ratings":
            return stored.replace_ratings(store, record.id, read_ratings(data, file_name, summary.journey, language))
        return stored.save_kpis(store, record.id, read_kpis(data, file_name, summary.journey, language), language)

    return run


def imports(record: AssessmentRecord, summary: stored.JourneySummary, language: str) -> None:
    """A file per table; an import replaces that table once the whole file is valid."""
    st.caption(t("journey_ui.files.import_help", limit=MAX_FILE_BYTES // (1024 * 1024)))
    columns = st.columns(2)
    for index, name in enumerate(TABLES):
        with columns[index % 2]:
            upload = st.file_uploader(
                t(f"journey_ui.files.sheet.{name}"), type=["csv", "xlsx"], key=f"journey_ui.files.upload.{name}",
                max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
            )  # fmt: skip
            if name == "map":
                st.checkbox(t("journey_ui.files.add_stages"), key="journey_ui.files.add_stages")
            if upload is None:
                continue
            clicked = st.button(t("journey_ui.files.import", file=upload.name), key=f"journey_ui.files.go.{name}")
            if clicked and save_or_explain(_import(record, summary, name, language), upload.name, {}, in_file=True):
                flash("success", t("journey_ui.files.imported", file=upload.name))
                st.rerun()


def files_section(record: AssessmentRecord, summary: stored.JourneySummary, language: str, editable: bool) -> None:
    """Import and export, folded away below the tabs."""
    with st.expander(t("journey_ui.files.heading"), icon=":material/table_view:"):
        exports(summary)
        if editable:
            imports(record, summary, language)
