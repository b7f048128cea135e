"""The service model's KPI table: edited in place, saved when valid, with its flags and cause-and-effect chains.

Current and target values are typed as text so that anything a person types reaches the journey
wing's check ("12,5" is a number, "about 12" is named as not one, with its row and column).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from cxmaturity.core.readings import format_score
from cxmaturity.journey import stored
from cxmaturity.journey.kpis import ASPECTS, CUSTOMER_INDICATORS, Kpi, LinkEnd, cause_and_effect, kpi_flags
from cxmaturity.journey.summary import JourneySummary
from cxmaturity.journey.tables import KPI_COLUMNS, kpis_from_rows, rows_from_records
from cxmaturity.storage import AssessmentRecord
from cxmaturity.ui.context import get_store, t
from cxmaturity.ui.journey_view import digest, edited_records, flash, save_or_explain
from cxmaturity.ui.shell import plain


def kpi_labels() -> dict[str, str]:
    """The KPI table's column ids and the names the editor shows."""
    return {column: t(f"journey_ui.kpi.col.{column}") for column in KPI_COLUMNS}


def _number_text(value: float | None, language: str) -> str:
    if value is None:
        return ""
    return format_score(value, language) if value != int(value) else str(int(value))


def kpi_frame(table: Sequence[Kpi], language: str) -> pd.DataFrame:
    """The stored table, one row per indicator, values as the editor shows them."""
    rows = [
        {"indicator": k.name, "aspect": k.aspect, "current": _number_text(k.current, language),
         "target": _number_text(k.target, language), "unit": k.unit or "", "source": k.source or "",
         "owner": k.owner or "", "frequency": k.frequency or "", "linked_to": k.linked_to or ""}
        for k in table
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(KPI_COLUMNS), dtype=object)


def kpi_editor(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The table editor; every problem is listed with its row and column and nothing is saved until it is right."""
    labels = kpi_labels()
    text = {column: st.column_config.TextColumn(labels[column], max_chars=200) for column in KPI_COLUMNS}
    text["indicator"] = st.column_config.TextColumn(labels["indicator"], max_chars=200, required=True)
    text["aspect"] = st.column_config.SelectboxColumn(labels["aspect"], options=list(ASPECTS), required=True)
    text["linked_to"] = st.column_config.TextColumn(
        labels["linked_to"],
        max_chars=200,
        help=t("journey_ui.kpi.linked_help", indicators=", ".join(CUSTOMER_INDICATORS)),
    )
    frame = kpi_frame(summary.kpis, language)
    records = edited_records(
        frame, f"journey_ui.kpis.{digest(summary.kpis, summary.journey.touchpoints)}", text, editable
    )
    if records is None:
        return
    table = t("journey_ui.kpi.heading")

    def save() -> None:
        checked = kpis_from_rows(rows_from_records(records), table, summary.journey, language)
        stored.save_kpis(get_store(), record.id, checked, language)

    if save_or_explain(save, table, labels):
        flash("success", t("journey_ui.saved"))
        st.rerun()


def _end_label(end: LinkEnd) -> str:
    if end.kind == "touchpoint":
        return t("journey_ui.kpi.touchpoint", name=end.label)
    return end.label


def kpi_readings(summary: JourneySummary) -> None:
    """The flags (a financial indicator with no customer link, an indicator with no source) and the chains."""
    table = summary.kpis
    if not table:
        return
    flags = kpi_flags(table, summary.journey)
    if flags:
        lines = [
            f"- {plain(table[index].name)}: {', '.join(t(f'journey.flag.{flag}') for flag in found)}"
            for index, found in flags.items()
        ]
        st.warning(t("journey_ui.kpi.flags") + "\n\n" + "\n".join(lines))
    st.markdown(f"#### {t('journey_ui.kpi.chains')}")
    st.caption(t("journey_ui.kpi.chains_help"))
    lines = []
    for chain in cause_and_effect(table, summary.journey):
        names = []
        for end in chain:
            aspect = f" ({table[end.ref].aspect})" if end.kind == "kpi" and isinstance(end.ref, int) else ""
            names.append(plain(_end_label(end)) + aspect)
        lines.append("- " + " → ".join(names))
    st.markdown("\n".join(lines))


def kpi_section(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The KPI tab."""
    st.caption(t("journey_ui.kpi.help"))
    kpi_editor(record, summary, language, editable)
    kpi_readings(summary)
