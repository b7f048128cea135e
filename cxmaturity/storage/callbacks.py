"""The callback list's states (owner, due time, status, lesson) per customer of an assessment.

Reading them shows who is being called back, so it needs the right to see people
(:attr:`Access.READ`): a results-only reader (a client viewer) is refused in the store, whatever
the page shows. Changing them needs :attr:`Access.EDIT`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, cast, func, select

from cxmaturity.auth import Access
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import StoreBase, clean_text, touch_assessment
from cxmaturity.storage.answers import answer_totals
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import NotFoundError
from cxmaturity.storage.tables import CALLBACK_STATUSES, Respondent, VoiceCallback, utc_now


@dataclass(frozen=True)
class CallbackState:
    """What was decided for one customer's callback; ``due_at`` None means the default (48 h after the answer)."""

    respondent_id: int
    owner: str | None = None
    due_at: datetime | None = None
    status: str = "open"
    called_at: datetime | None = None
    lesson: str | None = None


def _state(row: VoiceCallback) -> CallbackState:
    return CallbackState(row.respondent_id, row.owner, row.due_at, row.status, row.called_at, row.lesson)


class CallbackStore(StoreBase):
    """Load and save the callback states of an assessment's customers."""

    @guarded(Access.RESULTS, "assessment")
    def voice_fingerprint(self, assessment_id: int) -> tuple[Any, ...]:
        """A value that changes whenever the customer voice's inputs change, in three aggregate queries.

        The Customer voice page keys its cache on it at every rerun. Unlike ``answers_fingerprint`` it
        reads no row per respondent (10,000 customers cost it ~0.6 s): the answers as there (count,
        highest id, latest save, sum of values, total note length), the respondents by count, highest
        id, latest submission, revoked count and total length of labels, groups and e-mails, and the
        callbacks by count and latest change.
        """
        mine = Respondent.assessment_id == assessment_id
        with self._engine.connect() as connection:
            answers = connection.execute(answer_totals(assessment_id)).one()
            people = connection.execute(
                select(
                    func.count(Respondent.id),
                    func.max(Respondent.id),
                    func.max(Respondent.submitted_at),
                    func.count(Respondent.submitted_at),
                    func.sum(cast(Respondent.revoked, Integer)),
                    func.sum(func.length(Respondent.label)),
                    func.sum(func.length(func.coalesce(Respondent.group_name, ""))),
                    func.sum(func.length(func.coalesce(Respondent.email, ""))),
                ).where(mine)
            ).one()
            callbacks = connection.execute(
                select(func.count(VoiceCallback.id), func.max(VoiceCallback.updated_at)).where(
                    VoiceCallback.assessment_id == assessment_id
                )
            ).one()
        return (tuple(answers), tuple(people), tuple(callbacks))

    @guarded(Access.READ, "assessment")
    def load_callbacks(self, assessment_id: int) -> dict[int, CallbackState]:
        """Saved callback states keyed by respondent id."""
        with self._sessions() as session:
            rows = session.scalars(select(VoiceCallback).where(VoiceCallback.assessment_id == assessment_id))
            return {row.respondent_id: _state(row) for row in rows}

    @guarded(Access.EDIT, "assessment")
    def save_callback(self, assessment_id: int, state: CallbackState) -> CallbackState:
        """Insert or overwrite one customer's callback state and commit; returns what was stored.

        The first time the status leaves "open", the time is kept as ``called_at`` (a later change of
        status keeps it); back to "open" clears it.
        """
        if state.status not in CALLBACK_STATUSES:
            raise KeyedValueError(
                f"callback status must be one of {CALLBACK_STATUSES}, not {state.status!r}",
                "voice_ui.error.callback_status",
            )
        with self._sessions.begin() as session:
            respondent = session.get(Respondent, state.respondent_id)
            if respondent is None or respondent.assessment_id != assessment_id:
                raise NotFoundError(
                    f"respondent {state.respondent_id} is not in assessment {assessment_id}",
                    "core_error.respondent_missing",
                )
            row = session.scalar(select(VoiceCallback).where(VoiceCallback.respondent_id == state.respondent_id))
            if row is None:
                row = VoiceCallback(assessment_id=assessment_id, respondent_id=state.respondent_id)
                session.add(row)
            if state.status == "open":
                row.called_at = None
            elif row.called_at is None:
                row.called_at = state.called_at or utc_now()
            row.owner = clean_text(state.owner, "owner", 200)
            row.due_at = state.due_at
            row.status = state.status
            row.lesson = clean_text(state.lesson, "lesson")
            row.updated_at = utc_now()
            session.flush()
            touch_assessment(session, assessment_id)
            return _state(row)
