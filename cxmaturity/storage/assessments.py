"""Organisations, assessments and their targets."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from cxmaturity.auth import Access, may_create_clients
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.questionnaire import load_questionnaire_text
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import (
    StoreBase,
    assessment_query,
    assessment_record,
    clean_text,
    required_text,
)
from cxmaturity.storage.guard import grant_owner, guarded, write_audit
from cxmaturity.storage.records import (
    SELF_LABEL,
    AssessmentRecord,
    NotFoundError,
    OrganisationRecord,
    QuestionnaireSnapshot,
    check_targets,
    frozen_targets,
    is_token_shaped,
    new_token,
)
from cxmaturity.storage.tables import ASSESSMENT_STATUSES, Assessment, Organisation, Respondent, utc_now


def _organisation_record(row: Organisation) -> OrganisationRecord:
    return OrganisationRecord(row.id, row.name, row.industry, row.size, row.notes, row.created_at)


class AssessmentStore(StoreBase):
    """Create, find, list, change and delete assessments."""

    def create_assessment(
        self,
        organisation_name: str,
        questionnaire: QuestionnaireSnapshot | str | Path,
        title: str,
        language: str,
        *,
        industry: str | None = None,
        size: str | None = None,
        notes: str | None = None,
        targets: Mapping[str, Any] | None = None,
        organisation_id: int | None = None,
        self_assessment: bool = False,
    ) -> AssessmentRecord:
        """Start an assessment: its organisation, the assessment and one respondent "self".

        ``questionnaire`` is a snapshot or the path of a questionnaire file (validated
        and copied in full). With ``organisation_id`` the assessment joins that existing
        organisation and ``organisation_name``, ``industry`` and ``size`` are ignored.
        ``self_assessment``: the executive's own assessment (Start), kept apart from consulting clients.
        Everything is written in one transaction.
        """
        snapshot = (
            questionnaire
            if isinstance(questionnaire, QuestionnaireSnapshot)
            else QuestionnaireSnapshot.from_file(questionnaire)
        )
        clean_targets = check_targets(targets or {})
        title = required_text(title, "title", 300)
        language = required_text(language, "language", 16)
        if organisation_id is not None:
            self.require(Access.EDIT, "organisation", organisation_id, "create_assessment")
        elif self.actor.kind != "personal" and self.actor.kind != "user":
            self.refuse("create_assessment")
        with self._sessions.begin() as session:
            if organisation_id is None:
                # Any signed-in user may start their own self-assessment: they own its organisation.
                organisation = Organisation(
                    name=required_text(organisation_name, "organisation name", 200),
                    industry=clean_text(industry, "industry", 200),
                    size=clean_text(size, "size", 100),
                )
                session.add(organisation)
                session.flush()
                organisation_id = organisation.id
                grant_owner(session.connection(), self.actor, organisation_id)
            elif session.get(Organisation, organisation_id) is None:
                raise NotFoundError(f"organisation {organisation_id} does not exist", "core_error.organisation_missing")
            now = utc_now()
            assessment = Assessment(
                key=new_token(),
                organisation_id=organisation_id,
                title=title,
                language=language,
                questionnaire_id=snapshot.id,
                questionnaire_version=snapshot.version,
                questionnaire_hash=snapshot.hash,
                questionnaire_snapshot=snapshot.text,
                targets=clean_targets,
                status="collecting",
                created_at=now,
                updated_at=now,
                notes=clean_text(notes, "notes"),
                self_assessment=self_assessment,
            )
            session.add(assessment)
            session.flush()
            session.add(Respondent(assessment_id=assessment.id, label=SELF_LABEL, token=new_token()))
            new_id = assessment.id
        record = self.get_assessment(new_id)
        assert record is not None  # just committed
        return record

    @guarded(Access.QUESTIONNAIRE, "assessment")
    def get_assessment(self, assessment_id: int) -> AssessmentRecord | None:
        """The assessment with this id, or None."""
        with self._engine.connect() as connection:
            row = connection.execute(assessment_query().where(Assessment.id == assessment_id)).first()
        return assessment_record(row) if row is not None else None

    def find_assessment_by_key(self, key: str) -> AssessmentRecord | None:
        """The assessment whose URL key this is; None for an unknown or malformed key."""
        if not is_token_shaped(key):
            return None
        with self._engine.connect() as connection:
            row = connection.execute(assessment_query().where(Assessment.key == key)).first()
        if row is None:
            return None
        record = assessment_record(row)
        # In team mode the key alone grants nothing: the actor must be allowed to open it too.
        self.require(Access.QUESTIONNAIRE if self.actor.kind == "respondent" else Access.RESULTS,
                     "assessment", record.id, "find_assessment_by_key")  # fmt: skip
        return record

    def list_assessments(
        self,
        organisation_id: int | None = None,
        *,
        search: str | None = None,
        status: str | None = None,
    ) -> list[AssessmentRecord]:
        """All assessments (or one organisation's), most recently changed first.

        ``status`` keeps "collecting" or "closed" ones; ``search`` keeps those whose
        organisation name or title contains the text, ignoring case (in any script).
        """
        query = assessment_query().order_by(Assessment.updated_at.desc(), Assessment.id.desc())
        if organisation_id is not None:
            query = query.where(Assessment.organisation_id == organisation_id)
        visible = self._visible_organisations()
        if visible is not None:
            query = query.where(Assessment.organisation_id.in_(visible))
        if status is not None:
            if status not in ASSESSMENT_STATUSES:
                raise KeyedValueError(
                    f"status must be one of {ASSESSMENT_STATUSES}, not {status!r}", "core_error.status"
                )
            query = query.where(Assessment.status == status)
        with self._engine.connect() as connection:
            records = [assessment_record(row) for row in connection.execute(query)]
        needle = (search or "").strip().casefold()
        if needle:
            # Filtered here, not in SQL: SQLite's lower() folds ASCII only, and names are often Cyrillic.
            records = [r for r in records if needle in r.organisation_name.casefold() or needle in r.title.casefold()]
        return records

    @guarded(Access.QUESTIONNAIRE, "assessment")
    def load_snapshot(self, assessment_id: int) -> str:
        """The questionnaire YAML text the assessment was started with."""
        with self._engine.connect() as connection:
            text = connection.scalar(select(Assessment.questionnaire_snapshot).where(Assessment.id == assessment_id))
        if text is None:
            raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
        return text

    @guarded(Access.QUESTIONNAIRE, "assessment")
    def load_questionnaire(self, assessment_id: int) -> Questionnaire:
        """The questionnaire the assessment was started with, rebuilt from its snapshot.

        Cache the result by ``AssessmentRecord.questionnaire_hash``: parsing costs far more than reading.
        """
        return load_questionnaire_text(self.load_snapshot(assessment_id), f"assessment {assessment_id}")

    @guarded(Access.OWN, "assessment")
    def delete_assessment(self, assessment_id: int) -> bool:
        """Delete an assessment with its respondents, answers and roadmap states.

        Its organisation goes too when no other assessment refers to it.
        Returns False when there was nothing to delete.
        """
        with self._sessions.begin() as session:
            organisation_id = session.scalar(select(Assessment.organisation_id).where(Assessment.id == assessment_id))
            if organisation_id is None:
                return False
            write_audit(session.connection(), self.actor, "assessment.delete", f"assessment {assessment_id}")
            # The database cascades to respondents, answers and roadmap actions.
            session.execute(delete(Assessment).where(Assessment.id == assessment_id))
            others = session.scalar(
                select(func.count()).select_from(Assessment).where(Assessment.organisation_id == organisation_id)
            )
            if not others:
                session.execute(delete(Organisation).where(Organisation.id == organisation_id))
        return True

    @guarded(Access.EDIT, "assessment")
    def update_assessment(
        self,
        assessment_id: int,
        *,
        title: str | None = None,
        language: str | None = None,
        notes: str | None = None,
    ) -> AssessmentRecord:
        """Change the title, language or notes; None leaves a field as it is, "" clears the notes."""
        values: dict[str, Any] = {}
        if title is not None:
            values["title"] = required_text(title, "title", 300)
        if language is not None:
            values["language"] = required_text(language, "language", 16)
        if notes is not None:
            values["notes"] = clean_text(notes, "notes")
        return self._update(assessment_id, values)

    @guarded(Access.EDIT, "assessment")
    def set_status(self, assessment_id: int, status: str) -> AssessmentRecord:
        """Open ("collecting") or close ("closed") an assessment for answers."""
        if status not in ASSESSMENT_STATUSES:
            raise KeyedValueError(f"status must be one of {ASSESSMENT_STATUSES}, not {status!r}", "core_error.status")
        return self._update(assessment_id, {"status": status})

    @guarded(Access.EDIT, "assessment")
    def set_targets(self, assessment_id: int, targets: Mapping[str, Any]) -> None:
        """Store targets ``{"levels": {id: n}, "aspects": {id: n}}`` (0..100), replacing the old ones."""
        self._update(assessment_id, {"targets": check_targets(targets)})

    @guarded(Access.RESULTS, "assessment")
    def get_targets(self, assessment_id: int) -> Mapping[str, Mapping[str, float]]:
        """The stored targets, read-only, with both parts ("levels", "aspects") present."""
        with self._engine.connect() as connection:
            row = connection.execute(select(Assessment.targets).where(Assessment.id == assessment_id)).first()
        if row is None:
            raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
        return frozen_targets(row[0] or {})

    def _update(self, assessment_id: int, values: dict[str, Any]) -> AssessmentRecord:
        with self._engine.begin() as connection:
            result = connection.execute(
                update(Assessment).where(Assessment.id == assessment_id).values(updated_at=utc_now(), **values)
            )
            if not result.rowcount:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
        record = self.get_assessment(assessment_id)
        if record is None:  # deleted in between
            raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
        return record

    # Organisations -----------------------------------------------------------------

    def list_organisations(self) -> list[OrganisationRecord]:
        """All organisations by name."""
        query = select(Organisation).order_by(Organisation.name, Organisation.id)
        visible = self._visible_organisations()
        if visible is not None:
            query = query.where(Organisation.id.in_(visible))
        with self._sessions() as session:
            return [_organisation_record(row) for row in session.scalars(query)]

    def create_organisation(
        self,
        name: str,
        *,
        industry: str | None = None,
        size: str | None = None,
        notes: str | None = None,
    ) -> OrganisationRecord:
        """Add an organisation without an assessment yet (a client the consultant starts with).

        The name is required; empty optional fields are stored as None. Names need not be unique.
        """
        if not may_create_clients(self.actor):
            self.refuse("create_organisation")
        with self._sessions.begin() as session:
            row = Organisation(
                name=required_text(name, "organisation name", 200),
                industry=clean_text(industry, "industry", 200),
                size=clean_text(size, "size", 100),
                notes=clean_text(notes, "notes"),
            )
            session.add(row)
            session.flush()
            grant_owner(session.connection(), self.actor, row.id)
            return _organisation_record(row)

    @guarded(Access.RESULTS, "organisation")
    def get_organisation(self, organisation_id: int) -> OrganisationRecord | None:
        """The organisation with this id, or None."""
        with self._sessions() as session:
            row = session.get(Organisation, organisation_id)
            return _organisation_record(row) if row is not None else None

    @guarded(Access.EDIT, "organisation")
    def update_organisation(
        self,
        organisation_id: int,
        *,
        name: str | None = None,
        industry: str | None = None,
        size: str | None = None,
        notes: str | None = None,
    ) -> OrganisationRecord:
        """Change an organisation; None leaves a field as it is, "" clears an optional one."""
        with self._sessions.begin() as session:
            row = session.get(Organisation, organisation_id)
            if row is None:
                raise NotFoundError(f"organisation {organisation_id} does not exist", "core_error.organisation_missing")
            if name is not None:
                row.name = required_text(name, "organisation name", 200)
            if industry is not None:
                row.industry = clean_text(industry, "industry", 200)
            if size is not None:
                row.size = clean_text(size, "size", 100)
            if notes is not None:
                row.notes = clean_text(notes, "notes")
            session.flush()
            return _organisation_record(row)
