"""Respondents of an assessment and their personal links."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxmaturity.auth import Access
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import StoreBase, clean_text, required_text, respondent_record
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import (
    SELF_LABEL,
    NotFoundError,
    RespondentRecord,
    is_token_shaped,
    new_token,
)
from cxmaturity.storage.tables import Assessment, Respondent, utc_now


class RespondentStore(StoreBase):
    """Add, find, list, revoke and delete respondents."""

    @guarded(Access.EDIT, "assessment")
    def add_respondent(
        self,
        assessment_id: int,
        label: str,
        *,
        group: str | None = None,
        email: str | None = None,
    ) -> RespondentRecord:
        """Add a respondent with a fresh token; ``ValueError`` when the label is taken."""
        label = required_text(label, "respondent label", 200)
        try:
            with self._sessions.begin() as session:
                if session.get(Assessment, assessment_id) is None:
                    raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
                row = Respondent(
                    assessment_id=assessment_id,
                    label=label,
                    group_name=clean_text(group, "group", 200),
                    email=clean_text(email, "e-mail", 320),
                    token=new_token(),
                    revoked=False,
                )
                session.add(row)
                session.flush()
                return respondent_record(row)
        except IntegrityError as error:
            raise KeyedValueError(
                f"respondent {label!r} already exists in this assessment", "core_error.respondent_exists", label=label
            ) from error

    @guarded(Access.READ, "assessment")
    def list_respondents(self, assessment_id: int) -> list[RespondentRecord]:
        """The assessment's respondents in the order they were added."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Respondent).where(Respondent.assessment_id == assessment_id).order_by(Respondent.id)
            )
            return [respondent_record(row) for row in rows]

    @guarded(Access.READ, "respondent", respondent_may=True)
    def get_respondent(self, respondent_id: int) -> RespondentRecord | None:
        """The respondent with this id, or None."""
        with self._sessions() as session:
            row = session.get(Respondent, respondent_id)
            return respondent_record(row) if row is not None else None

    @guarded(Access.READ, "assessment")
    def find_respondent(self, assessment_id: int, label: str) -> RespondentRecord | None:
        """The assessment's respondent with this label (e.g. ``SELF_LABEL``), or None."""
        with self._sessions() as session:
            row = session.scalar(
                select(Respondent).where(Respondent.assessment_id == assessment_id, Respondent.label == label)
            )
            return respondent_record(row) if row is not None else None

    @guarded(Access.EDIT, "assessment")
    def self_respondent(self, assessment_id: int) -> RespondentRecord:
        """The "self" respondent created with the assessment (re-created if it was deleted)."""
        found = self.find_respondent(assessment_id, SELF_LABEL)
        if found is not None:
            return found
        try:
            return self.add_respondent(assessment_id, SELF_LABEL)
        except ValueError:  # another request created it meanwhile
            again = self.find_respondent(assessment_id, SELF_LABEL)
            assert again is not None
            return again

    def find_respondent_by_token(self, token: str) -> RespondentRecord | None:
        """The respondent of a personal link; None for an unknown, malformed or revoked token."""
        if not is_token_shaped(token):
            return None
        with self._sessions() as session:
            row = session.scalar(select(Respondent).where(Respondent.token == token))
            if row is None or row.revoked:
                return None
            return respondent_record(row)

    @guarded(Access.EDIT, "respondent")
    def update_respondent(
        self,
        respondent_id: int,
        *,
        label: str | None = None,
        group: str | None = None,
        email: str | None = None,
    ) -> RespondentRecord:
        """Change label, group or e-mail; None leaves a field, "" clears group or e-mail."""
        try:
            with self._sessions.begin() as session:
                row = self._row(session, respondent_id)
                if label is not None:
                    row.label = required_text(label, "respondent label", 200)
                if group is not None:
                    row.group_name = clean_text(group, "group", 200)
                if email is not None:
                    row.email = clean_text(email, "e-mail", 320)
                session.flush()
                return respondent_record(row)
        except IntegrityError as error:
            raise KeyedValueError(
                f"respondent {label!r} already exists in this assessment", "core_error.respondent_exists", label=label
            ) from error

    @guarded(Access.EDIT, "respondent")
    def set_revoked(self, respondent_id: int, revoked: bool = True) -> RespondentRecord:
        """Disable (or re-enable) a respondent's link; their answers stay and still count."""
        with self._sessions.begin() as session:
            row = self._row(session, respondent_id)
            row.revoked = revoked
            session.flush()
            return respondent_record(row)

    @guarded(Access.EDIT, "respondent", respondent_may=True)
    def set_submitted(self, respondent_id: int, submitted: bool = True) -> RespondentRecord:
        """Mark that a respondent has finished (stamped now), or undo it."""
        with self._sessions.begin() as session:
            row = self._row(session, respondent_id)
            row.submitted_at = utc_now() if submitted else None
            session.flush()
            return respondent_record(row)

    @guarded(Access.EDIT, "respondent")
    def new_respondent_token(self, respondent_id: int) -> RespondentRecord:
        """Replace a respondent's token: the old link stops working at once."""
        with self._sessions.begin() as session:
            row = self._row(session, respondent_id)
            row.token = new_token()
            session.flush()
            return respondent_record(row)

    @guarded(Access.EDIT, "respondent")
    def delete_respondent(self, respondent_id: int) -> bool:
        """Delete a respondent and their answers; False when there was none."""
        with self._engine.begin() as connection:
            result = connection.execute(delete(Respondent).where(Respondent.id == respondent_id))
            return bool(result.rowcount)

    @staticmethod
    def _row(session: Session, respondent_id: int) -> Respondent:
        row = session.get(Respondent, respondent_id)
        if row is None:
            raise NotFoundError(f"respondent {respondent_id} does not exist", "core_error.respondent_missing")
        return row
