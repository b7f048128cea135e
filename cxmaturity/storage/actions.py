"""The consultant's state of roadmap actions (status, owner, due date, authority, notes)."""

from __future__ import annotations

from sqlalchemy import delete, select

from cxmaturity.auth import Access
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import StoreBase, clean_text, required_text, touch_assessment
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import ActionState, NotFoundError
from cxmaturity.storage.tables import ACTION_STATUSES, Assessment, RoadmapAction


def _state(row: RoadmapAction) -> ActionState:
    return ActionState(
        action_id=row.action_id,
        status=row.status,
        owner=row.owner,
        due_date=row.due_date,
        authority=row.authority,
        notes=row.notes,
        title=row.title,
        step=row.step,
        edited=row.edited,
        is_new=row.is_new,
        in_plan=row.in_plan,
        start_date=row.start_date,
    )


def _check(state: ActionState) -> None:
    required_text(state.action_id, "action id", 100)
    if state.status not in ACTION_STATUSES:
        raise KeyedValueError(
            f"action status must be one of {ACTION_STATUSES}, not {state.status!r}", "core_error.action_status"
        )
    if state.step is not None and (isinstance(state.step, bool) or not 1 <= state.step <= 5):
        raise KeyedValueError(f"roadmap step must be 1..5, not {state.step!r}", "core_error.action_step")
    if state.is_new and not (state.title or "").strip():
        raise KeyedValueError("a new action needs a title", "core_error.action_title")
    if state.start_date is not None and state.due_date is not None and state.due_date < state.start_date:
        raise KeyedValueError(
            f"The due date ({state.due_date}) is before the start ({state.start_date}). "
            "Choose a due date on or after the start.",
            "deliverable.error.due_before_start",
        )


class ActionStore(StoreBase):
    """Load and save roadmap action states of an assessment."""

    @guarded(Access.RESULTS, "assessment")
    def load_action_states(self, assessment_id: int) -> dict[str, ActionState]:
        """Saved action states keyed by action id, in the order they were first saved."""
        with self._sessions() as session:
            rows = session.scalars(
                select(RoadmapAction).where(RoadmapAction.assessment_id == assessment_id).order_by(RoadmapAction.id)
            )
            return {row.action_id: _state(row) for row in rows}

    @guarded(Access.EDIT, "assessment")
    def save_action_state(self, assessment_id: int, state: ActionState) -> ActionState:
        """Insert or overwrite the state of ``state.action_id`` and commit; returns what was stored."""
        _check(state)
        with self._sessions.begin() as session:
            if session.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
            row = session.scalar(
                select(RoadmapAction).where(
                    RoadmapAction.assessment_id == assessment_id,
                    RoadmapAction.action_id == state.action_id.strip(),
                )
            )
            if row is None:
                row = RoadmapAction(assessment_id=assessment_id, action_id=state.action_id.strip())
                session.add(row)
            row.status = state.status
            row.owner = clean_text(state.owner, "owner", 200)
            row.due_date = state.due_date
            row.authority = clean_text(state.authority, "authority", 50)
            row.notes = clean_text(state.notes, "notes")
            row.title = clean_text(state.title, "title")
            row.step = state.step
            row.edited = state.edited
            row.is_new = state.is_new
            row.in_plan = state.in_plan
            row.start_date = state.start_date
            session.flush()
            touch_assessment(session, assessment_id)
            return _state(row)

    @guarded(Access.EDIT, "assessment")
    def delete_action_state(self, assessment_id: int, action_id: str) -> bool:
        """Forget an action's state (a new action disappears); False when none was saved."""
        with self._engine.begin() as connection:
            result = connection.execute(
                delete(RoadmapAction).where(
                    RoadmapAction.assessment_id == assessment_id, RoadmapAction.action_id == action_id
                )
            )
            if result.rowcount:
                touch_assessment(connection, assessment_id)
            return bool(result.rowcount)
