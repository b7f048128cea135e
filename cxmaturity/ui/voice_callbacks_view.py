"""The callback list on the Customer voice page: detractors and high-effort answers to call back.

Only a reader who may see people reaches it: the store refuses the callback states to anyone
else (``CallbackStore.load_callbacks`` needs ``Access.READ``), and contacts come from the store's
respondent states, which carry no e-mail for a results-only reader.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from cxmaturity.core.model import ItemKind
from cxmaturity.storage import StorageError
from cxmaturity.storage.callbacks import CallbackState
from cxmaturity.ui.context import current_language, error_text, get_store, may_edit, t
from cxmaturity.ui.shell import date_format
from cxmaturity.ui.voice_view import VoiceData
from cxmaturity.voice.callbacks import STATUSES, Callback, Decision, callback_list, on_time_share
from cxmaturity.voice.readings import display_value
from cxmaturity.workspace.results_export import ExportTable, to_csv_files, to_xlsx
from cxmaturity.workspace.voice_export import callback_table

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord

PICK_KEY = "voice.callback.pick"
FLASH_KEY = "voice.callback.flash"


def _time(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


@st.cache_resource(show_spinner=False, max_entries=8)
def _listed(
    content_key: str, assessment_id: int, language: str, _data: VoiceData
) -> tuple[list[Callback], ExportTable]:
    # Keyed by the content (answers, respondents and callback states): thousands of customers are
    # listed once per change, not at every rerun.
    saved = get_store().load_callbacks(assessment_id)
    decisions = {
        label: Decision(s.owner, s.due_at, s.status, s.called_at, s.lesson)
        for label, rid in _data.respondent_ids.items()
        if (s := saved.get(rid)) is not None
    }
    questionnaire = _data.questionnaire
    reason_item = next(iter(reversed([i.id for i in questionnaire.items_of(ItemKind.CHOICE)])), None)
    comment_item = next((i.id for i in questionnaire.items_of(ItemKind.TEXT)), None)
    found = callback_list(
        questionnaire, _data.responses, _data.answered_at, _data.contacts, decisions, reason_item, comment_item
    )
    reasons = {}
    if reason_item is not None:
        reasons = {c.id: c.label.get(language) for c in questionnaire.item(reason_item).choices}
    return found, callback_table(found, reasons, language)


def callbacks(record: AssessmentRecord, data: VoiceData, language: str) -> None:
    """The list, the share called back on time, a form to update one callback, and the exports."""
    st.subheader(t("voice_ui.callbacks.heading"))
    found, table = _listed(data.content_key, record.id, language, _data=data)
    if not found:
        st.caption(t("voice_ui.callbacks.none"))
        return
    now = dt.datetime.now(dt.UTC)
    share = on_time_share(found, now)
    overdue = sum(c.overdue(now) for c in found)
    st.caption(
        t(
            "voice_ui.callbacks.summary",
            n=len(found),
            detractors=sum(c.detractor for c in found),
            effort=sum(c.high_effort for c in found),
            overdue=overdue,
        )
    )
    st.metric(
        t("voice_ui.callbacks.on_time"),
        display_value("csat", share.share, language) if share.share is not None else "—",
        help=t("voice_ui.callbacks.on_time_help"),
    )
    if share.n:
        st.caption(
            t(
                "voice_ui.callbacks.on_time_count",
                on_time=share.k,
                counted=share.n,
            )
        )
    else:
        st.caption(t("voice_ui.callbacks.none_due"))
    shown = pd.DataFrame(list(table.rows), columns=list(table.header)).astype(object)
    st.dataframe(shown.where(shown.notna(), ""), hide_index=True, key="voice-callbacks")  # no answer: empty
    left, right = st.columns(2)
    left.download_button(
        t("voice_ui.callbacks.csv"),
        data=lambda: to_csv_files([table])["callbacks.csv"],
        file_name="callbacks.csv",
        mime="text/csv",
        key="voice.callbacks.csv",
    )
    right.download_button(
        t("voice_ui.callbacks.xlsx"),
        data=lambda: to_xlsx([table]),
        file_name="callbacks.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="voice.callbacks.xlsx",
    )
    if may_edit(record):
        _edit_form(record, found, data.respondent_ids, language)


def _edit_form(record: AssessmentRecord, found: list[Callback], ids: dict[str, int], language: str) -> None:
    """Owner, due date, status and lesson of one callback, saved on "Save"."""
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    by_label = {c.respondent: c for c in found}
    label = st.selectbox(t("voice_ui.callbacks.pick"), list(by_label), key=PICK_KEY)
    if label is None:
        return
    callback = by_label[label]
    decision = callback.decision
    with st.form(f"voice.callback.form.{ids[label]}"):
        owner = st.text_input(t("voice_ui.callbacks.col.owner"), value=decision.owner or "", max_chars=200)
        due = callback.due_at or dt.datetime.now(dt.UTC)
        due_day = st.date_input(
            t("voice_ui.callbacks.col.due_at"), value=due.date(), format=date_format(current_language())
        )
        status = st.selectbox(
            t("voice_ui.callbacks.col.status"),
            STATUSES,
            index=STATUSES.index(decision.status),
            format_func=lambda s: t(f"voice_ui.callbacks.status.{s}"),
        )
        lesson = st.text_area(t("voice_ui.callbacks.col.lesson"), value=decision.lesson or "", max_chars=2000)
        if not st.form_submit_button(t("voice_ui.callbacks.save"), type="primary"):
            return
    # The due time keeps its hour when only the day changes.
    due_at = dt.datetime.combine(due_day, due.timetz()) if due_day != due.date() else callback.due_at
    state = CallbackState(ids[label], owner or None, due_at, status, None, lesson or None)
    try:
        get_store().save_callback(record.id, state)
    except (StorageError, ValueError) as error:
        st.error(t("voice_ui.callbacks.save_failed", reason=error_text(error)))
        return
    st.session_state[FLASH_KEY] = t("voice_ui.callbacks.saved", name=label)
    st.rerun()
