"""Answers the database could not take yet: kept in the tab's session, said plainly, retried until saved.

When the database is out of reach for a moment (a dropped connection, a PostgreSQL restart, a
full disk, a read-only data folder) the store raises ``StorageUnavailableError`` and writes
nothing. The answering screen then keeps the answer here, in ``st.session_state`` under a key of
its own (a widget's state is dropped when the widget is not drawn; this is not), tells the person
"not saved yet, retrying", and tries again on every click and every few seconds until the
database takes it. Answers are written in the order they were given; a newer answer to the same
question replaces the older one waiting.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Literal

import streamlit as st

from cxmaturity.auth import AccessDenied
from cxmaturity.core.model import DONT_KNOW, NOT_APPLICABLE, AnswerKind
from cxmaturity.storage import StorageError, StorageUnavailableError
from cxmaturity.ui.context import get_store, t

#: Session key of the answers waiting for the database: (respondent id, question id, what) -> (text, token).
PENDING_STATE = "answer.pending"
#: Session key of the "saved after all" notice shown once when the last waiting answer is written.
FLUSHED_STATE = "answer.pending.flushed"
#: How often the screen tries again on its own while answers wait.
RETRY_EVERY = "3s"

What = Literal["value", "note", "item"]
_Key = tuple[int, str, str]


def _pending() -> dict[_Key, tuple[str, str | None]]:
    return st.session_state.setdefault(PENDING_STATE, {})


def waiting() -> int:
    """How many answers and notes of this tab wait for the database."""
    return len(st.session_state.get(PENDING_STATE) or {})


def _write(respondent_id: int, question_id: str, what: str, text: str, token: str | None) -> None:
    store = get_store()
    if what == "item":  # an item of the last section: its kind, number and note, as item_text made them
        kind, value, note = json.loads(text)
        store.save_answer(respondent_id, question_id, kind, value, note=note, token=token)
    elif what == "note":
        store.save_note(respondent_id, question_id, text, token=token)
    elif text in (NOT_APPLICABLE, DONT_KNOW):
        store.save_answer(respondent_id, question_id, text, token=token)
    else:
        store.save_answer(respondent_id, question_id, AnswerKind.VALUE, float(text), token=token)


def flush() -> Exception | None:
    """Write the waiting answers in order; stop at the first that still cannot be written.

    An answer the store refuses for good (a revoked link, a closed assessment) leaves the queue;
    the refusal is returned, to be said like any refused save.
    """
    pending = st.session_state.get(PENDING_STATE)
    if not pending:
        return None
    for key, (text, token) in list(pending.items()):
        try:
            _write(*key, text, token)
        except StorageUnavailableError:
            return None
        except (StorageError, ValueError, AccessDenied) as refused:
            pending.pop(key, None)
            return refused
        pending.pop(key, None)
    st.session_state[FLUSHED_STATE] = True
    return None


def save(respondent_id: int, question_id: str, what: What, text: str, token: str | None = None) -> None:
    """Save one answer (``what="value"``: an option code) or note; while the database is out of
    reach keep it to retry, so it is never lost silently. Other refusals raise as the store's do."""
    key = (respondent_id, question_id, what)
    pending = _pending()
    if pending:
        # Answers already wait: this one goes behind them, so the order given is the order saved.
        pending.pop(key, None)
        pending[key] = (text, token)
        refused = flush()
        if refused is not None:
            raise refused
        return
    try:
        _write(respondent_id, question_id, what, text, token)
    except StorageUnavailableError:
        pending[key] = (text, token)


def item_text(kind: AnswerKind, value: float | None, note: str | None) -> str:
    """An item's answer (a number, a choice's position with its id, a text) as one waiting entry's text."""
    return json.dumps([kind.value, value, note])


def waiting_items(respondent_id: int) -> set[str]:
    """Ids of this respondent's items whose answer waits for the database (a cleared comment is none)."""
    pending = st.session_state.get(PENDING_STATE) or {}
    return {
        question
        for (rid, question, what), (text, _) in pending.items()
        if rid == respondent_id and what == "item" and json.loads(text)[0] == AnswerKind.VALUE.value
    }


def waiting_answer_codes(respondent_id: int) -> dict[str, str]:
    """Question id -> option code of this respondent's answers still waiting (to count them as given)."""
    pending = st.session_state.get(PENDING_STATE) or {}
    return {
        question: text
        for (rid, question, what), (text, _) in pending.items()
        if rid == respondent_id and what == "value"
    }


@st.fragment(run_every=RETRY_EVERY)
def _retry_on_its_own(report: Callable[[Exception], None]) -> None:
    # A fragment of its own: it reruns every few seconds only while it is drawn (answers wait),
    # and when the last one is written it reruns the app so the screen shows them as saved.
    _flush_or_report(report)
    if not waiting():
        st.rerun()


def _flush_or_report(report: Callable[[Exception], None]) -> None:
    refused = flush()
    if refused is not None:
        report(refused)


def notice(report: Callable[[Exception], None]) -> None:
    """The "not saved yet, retrying" warning with a retry button while answers wait; "saved" once after.

    ``report`` says a refusal that a retry met (a link revoked meanwhile) the way the screen says
    any refused save.
    """
    count = waiting()
    if count:
        st.warning(t("deploy.not_saved_retrying", count=count), icon=":material/cloud_off:")
        st.button(t("deploy.retry_now"), key="answer.pending.retry", on_click=_flush_or_report, args=(report,))
        _retry_on_its_own(report)
    elif st.session_state.pop(FLUSHED_STATE, False):
        st.success(t("deploy.saved_after_retry"), icon=":material/cloud_done:")
