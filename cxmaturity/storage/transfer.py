"""Copying assessments: a new wave from a previous one, and whole-assessment export/import (backups).

The export is plain Python data (text, numbers, datetimes) without database ids, so
it can be restored into any installation; ``cxmaturity.workspace.backup`` turns it into JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxmaturity.auth import Access, may_create_clients
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import clean_text, required_text
from cxmaturity.storage.actions import _check
from cxmaturity.storage.answers import check_answer
from cxmaturity.storage.guard import grant_owner, guarded, reach, write_audit
from cxmaturity.storage.journey import journey_copy, journey_export, journey_import
from cxmaturity.storage.records import (
    ActionState,
    AssessmentRecord,
    NotFoundError,
    QuestionnaireSnapshot,
    check_targets,
    is_token_shaped,
    new_token,
)
from cxmaturity.storage.segments import RespondentSegment, export_segments
from cxmaturity.storage.tables import (
    ASSESSMENT_STATUSES,
    CALLBACK_STATUSES,
    DEFAULT_ANONYMITY_THRESHOLD,
    SEGMENT_NAME_CHARS,
    SEGMENT_VALUE_CHARS,
    AnswerRow,
    Assessment,
    AssessmentSetting,
    Evidence,
    Organisation,
    Respondent,
    RoadmapAction,
    VoiceCallback,
    utc_now,
)
from cxmaturity.storage.workspace import WorkspaceStore, _questionnaire, check_assessed_value, check_link


def _fresh(session: Session, column: Any, wanted: str | None) -> str:
    """``wanted`` when it is token-shaped and unused in ``column``; otherwise a new token."""
    if (
        wanted is not None
        and is_token_shaped(wanted)
        and session.scalar(select(column).where(column == wanted)) is None
    ):
        return wanted
    return new_token()


def _restore_voice(session: Session, assessment_id: int, respondent_id: int, person: Mapping[str, Any]) -> None:
    """A restored respondent's segment values and callback state (both absent in older backups)."""
    for name, value in (person.get("segments") or {}).items():
        session.add(
            RespondentSegment(
                respondent_id=respondent_id,
                name=required_text(name, "segment column", SEGMENT_NAME_CHARS),
                value=required_text(value, f"segment {name[:60]!r}", SEGMENT_VALUE_CHARS),
            )
        )
    callback = person.get("callback")
    if callback is not None:
        if callback["status"] not in CALLBACK_STATUSES:
            raise KeyedValueError(
                f"callback status must be one of {CALLBACK_STATUSES}", "voice_ui.error.callback_status"
            )
        session.add(
            VoiceCallback(
                assessment_id=assessment_id,
                respondent_id=respondent_id,
                owner=clean_text(callback.get("owner"), "owner", 200),
                due_at=callback.get("due_at"),
                status=callback["status"],
                # "open" never has a call time (as save_callback keeps it).
                called_at=None if callback["status"] == "open" else callback.get("called_at"),
                lesson=clean_text(callback.get("lesson"), "lesson"),
                updated_at=callback["updated_at"],
            )
        )


class TransferStore(WorkspaceStore):
    """New waves and whole-assessment export/import."""

    @guarded(Access.EDIT, "assessment")
    def start_wave(
        self,
        previous_id: int,
        title: str,
        *,
        questionnaire: QuestionnaireSnapshot | None = None,
        language: str | None = None,
    ) -> AssessmentRecord:
        """Start a new assessment repeating ``previous_id``, in one transaction.

        Same organisation, questionnaire snapshot (or ``questionnaire``, e.g. a newer
        version), targets, language, settings, journey map and KPI table (not its ratings); the same respondents (label, group,
        e-mail, revoked) with NEW tokens and no answers; ``previous_assessment_id`` set.
        """
        title = required_text(title, "title", 300)
        with self._sessions.begin() as session:
            old = session.get(Assessment, previous_id)
            if old is None:
                raise NotFoundError(f"assessment {previous_id} does not exist", "core_error.assessment_missing")
            snapshot = questionnaire or QuestionnaireSnapshot(
                old.questionnaire_id, old.questionnaire_version, old.questionnaire_hash, old.questionnaire_snapshot
            )
            now = utc_now()
            new = Assessment(
                key=new_token(),
                organisation_id=old.organisation_id,
                title=title,
                language=required_text(language, "language", 16) if language else old.language,
                questionnaire_id=snapshot.id,
                questionnaire_version=snapshot.version,
                questionnaire_hash=snapshot.hash,
                questionnaire_snapshot=snapshot.text,
                targets=dict(old.targets or {}),
                status="collecting",
                created_at=now,
                updated_at=now,
            )
            session.add(new)
            session.flush()
            for person in session.scalars(
                select(Respondent).where(Respondent.assessment_id == previous_id).order_by(Respondent.id)
            ):
                session.add(
                    Respondent(
                        assessment_id=new.id,
                        label=person.label,
                        group_name=person.group_name,
                        email=person.email,
                        token=new_token(),
                        revoked=person.revoked,
                        created_at=now,
                    )
                )
            old_settings = session.get(AssessmentSetting, previous_id)
            session.add(
                AssessmentSetting(
                    assessment_id=new.id,
                    group_names=None if old_settings is None else old_settings.group_names,
                    anonymity_threshold=DEFAULT_ANONYMITY_THRESHOLD
                    if old_settings is None
                    else old_settings.anonymity_threshold,
                    results_source="respondents" if old_settings is None else old_settings.results_source,
                    previous_assessment_id=previous_id,
                )
            )
            session.flush()
            # The yearly re-rating compares maps: the new wave starts from the same map and KPI table.
            journey_copy(session, previous_id, new.id)
            new_id = new.id
        record = self.get_assessment(new_id)
        assert record is not None  # just committed
        return record

    @guarded(Access.READ, "assessment")
    def export_assessment_data(self, assessment_id: int) -> dict[str, Any]:
        """Everything about one assessment as plain data, without database ids (see docs/workspace.md)."""
        self.audit("backup.export", f"assessment {assessment_id}")
        with self._sessions() as session:
            assessment = session.get(Assessment, assessment_id)
            if assessment is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
            organisation = session.get(Organisation, assessment.organisation_id)
            assert organisation is not None  # foreign key
            settings = self.get_settings(assessment_id)
            previous_key = (
                session.scalar(select(Assessment.key).where(Assessment.id == settings.previous_assessment_id))
                if settings.previous_assessment_id is not None
                else None
            )
            respondents = list(
                session.scalars(
                    select(Respondent).where(Respondent.assessment_id == assessment_id).order_by(Respondent.id)
                )
            )
            answers: dict[int, list[dict[str, Any]]] = {r.id: [] for r in respondents}
            for row in session.scalars(
                select(AnswerRow).where(AnswerRow.respondent_id.in_(list(answers))).order_by(AnswerRow.id)
            ):
                answers[row.respondent_id].append(
                    {"question": row.question_id, "kind": row.kind, "value": row.value, "note": row.note,
                     "updated_at": row.updated_at}
                )  # fmt: skip
            segments = export_segments(session.connection(), assessment_id)
            callbacks = {
                c.respondent_id: {"owner": c.owner, "due_at": c.due_at, "status": c.status, "called_at": c.called_at,
                                  "lesson": c.lesson, "updated_at": c.updated_at}
                for c in session.scalars(select(VoiceCallback).where(VoiceCallback.assessment_id == assessment_id))
            }  # fmt: skip
            evidence = session.scalars(
                select(Evidence).where(Evidence.assessment_id == assessment_id).order_by(Evidence.id)
            )
            actions = session.scalars(
                select(RoadmapAction).where(RoadmapAction.assessment_id == assessment_id).order_by(RoadmapAction.id)
            )
            return {
                "organisation": {"name": organisation.name, "industry": organisation.industry, "size": organisation.size,
                                 "notes": organisation.notes, "created_at": organisation.created_at},
                "assessment": {
                    "key": assessment.key, "title": assessment.title, "language": assessment.language,
                    "questionnaire_id": assessment.questionnaire_id,
                    "questionnaire_version": assessment.questionnaire_version,
                    "questionnaire_hash": assessment.questionnaire_hash,
                    "questionnaire_snapshot": assessment.questionnaire_snapshot,
                    "targets": {part: dict((assessment.targets or {}).get(part) or {}) for part in ("levels", "aspects")},
                    "status": assessment.status, "created_at": assessment.created_at,
                    "updated_at": assessment.updated_at, "notes": assessment.notes,
                    "self_assessment": assessment.self_assessment,
                },
                "settings": {"group_names": list(settings.group_names),
                             "anonymity_threshold": settings.anonymity_threshold,
                             "results_source": settings.results_source, "previous_assessment_key": previous_key},
                "respondents": [
                    {"label": r.label, "group": r.group_name, "token": r.token, "email": r.email,
                     "created_at": r.created_at, "submitted_at": r.submitted_at, "revoked": r.revoked,
                     "answers": answers[r.id], "segments": segments.get(r.id, {}), "callback": callbacks.get(r.id)}
                    for r in respondents
                ],
                "evidence": [
                    {"question": e.question_id, "text": e.text, "link": e.link, "value": e.value,
                     "rationale": e.rationale, "updated_at": e.updated_at}
                    for e in evidence
                ],
                "actions": [
                    {"action_id": a.action_id, "status": a.status, "owner": a.owner, "due_date": a.due_date,
                     "authority": a.authority, "notes": a.notes, "title": a.title, "step": a.step,
                     "edited": a.edited, "is_new": a.is_new, "in_plan": a.in_plan, "start_date": a.start_date}
                    for a in actions
                ],
                "journey": journey_export(session, assessment_id),
            }  # fmt: skip

    def import_assessment_data(self, data: Mapping[str, Any]) -> AssessmentRecord:
        """Recreate an assessment from :meth:`export_assessment_data` output, all or nothing.

        Gets new ids and a new organisation. The key and respondent tokens are kept
        unless they are already used here (or malformed); then fresh ones are made.
        The previous wave is linked when an assessment with its key exists here.
        Raises ``ValueError`` (nothing written) for inconsistent data.
        """
        if not may_create_clients(self.actor):
            self.refuse("import_assessment_data")
        part = data["assessment"]
        snapshot = QuestionnaireSnapshot.from_text(part["questionnaire_snapshot"], "backup questionnaire_snapshot")
        if (snapshot.id, snapshot.version) != (part["questionnaire_id"], part["questionnaire_version"]):
            raise KeyedValueError(
                "assessment: the questionnaire id or version does not match its snapshot", "core_error.backup_snapshot"
            )
        if part["status"] not in ASSESSMENT_STATUSES:
            raise KeyedValueError(f"assessment.status: must be one of {ASSESSMENT_STATUSES}", "core_error.status")
        try:
            new_id = self._import(data, snapshot)
        except IntegrityError as error:
            raise KeyedValueError(
                f"backup refused, nothing changed: {error.orig}", "core_error.backup_refused"
            ) from error
        record = self.get_assessment(new_id)
        assert record is not None  # just committed
        return record

    def _import(self, data: Mapping[str, Any], snapshot: QuestionnaireSnapshot) -> int:
        part = data["assessment"]
        questionnaire = _questionnaire(snapshot.text)
        settings = data["settings"]
        with self._sessions.begin() as session:
            org = data["organisation"]
            organisation = Organisation(
                name=required_text(org["name"], "organisation name", 200),
                industry=clean_text(org.get("industry"), "industry", 200),
                size=clean_text(org.get("size"), "size", 100),
                notes=clean_text(org.get("notes"), "organisation notes"),
                created_at=org["created_at"],
            )
            session.add(organisation)
            session.flush()
            grant_owner(session.connection(), self.actor, organisation.id)
            write_audit(session.connection(), self.actor, "backup.restore", f"client {organisation.id}")
            assessment = Assessment(
                key=_fresh(session, Assessment.key, part["key"]),
                organisation_id=organisation.id,
                title=required_text(part["title"], "title", 300),
                language=required_text(part["language"], "language", 16),
                questionnaire_id=snapshot.id,
                questionnaire_version=snapshot.version,
                # The file's own hash may come from a file with other line endings; keep the original.
                questionnaire_hash=part["questionnaire_hash"],
                questionnaire_snapshot=snapshot.text,
                targets=check_targets(part["targets"]),
                status=part["status"],
                created_at=part["created_at"],
                updated_at=part["updated_at"],
                notes=clean_text(part.get("notes"), "assessment notes"),
                self_assessment=bool(part.get("self_assessment", False)),  # backups made before 0011_self have none
            )
            session.add(assessment)
            session.flush()
            previous_key = settings.get("previous_assessment_key")
            previous_id = (
                session.scalar(select(Assessment.id).where(Assessment.key == previous_key)) if previous_key else None
            )
            if (
                previous_id is not None
                and reach(session.connection(), self.actor, "assessment", previous_id) < Access.EDIT
            ):
                # A backup never links itself to a wave of a client the restorer may not edit; refused
                # aloud (nothing is restored), not dropped. A key unknown here (a backup from another
                # server) simply starts a new chain of waves.
                raise KeyedValueError(
                    "settings.previous_assessment_key: the previous wave is an assessment you may not change; "
                    "ask its owner to share the client with you, or remove the key from the backup",
                    "core_error.previous_wave_refused",
                )
            session.add(
                AssessmentSetting(
                    assessment_id=assessment.id,
                    group_names=list(settings["group_names"]),
                    anonymity_threshold=settings["anonymity_threshold"],
                    results_source=settings["results_source"],
                    previous_assessment_id=previous_id if previous_id != assessment.id else None,
                )
            )
            answer_rows: list[dict[str, Any]] = []
            for person in data["respondents"]:
                row = Respondent(
                    assessment_id=assessment.id,
                    label=required_text(person["label"], "respondent label", 200),
                    group_name=clean_text(person.get("group"), "group", 200),
                    token=_fresh(session, Respondent.token, person.get("token")),
                    email=clean_text(person.get("email"), "e-mail", 320),
                    created_at=person["created_at"],
                    submitted_at=person.get("submitted_at"),
                    revoked=bool(person.get("revoked")),
                )
                session.add(row)
                session.flush()
                _restore_voice(session, assessment.id, row.id, person)
                for answer in person["answers"]:
                    kind, value = check_answer(answer["kind"], answer.get("value"))
                    answer_rows.append(
                        {"respondent_id": row.id, "question_id": required_text(answer["question"], "question id", 100),
                         "kind": kind, "value": value, "note": clean_text(answer.get("note"), "note"),
                         "updated_at": answer["updated_at"]}
                    )  # fmt: skip
            if answer_rows:
                session.execute(insert(AnswerRow), answer_rows)
            for item in data["evidence"]:
                session.add(
                    Evidence(
                        assessment_id=assessment.id,
                        question_id=item["question"],
                        text=clean_text(item.get("text"), "evidence text"),
                        link=check_link(item.get("link")),
                        value=check_assessed_value(questionnaire, item["question"], item.get("value")),
                        rationale=clean_text(item.get("rationale"), "rationale"),
                        updated_at=item["updated_at"],
                    )
                )
            for action in data["actions"]:
                state = ActionState(**action)
                _check(state)
                session.add(
                    RoadmapAction(assessment_id=assessment.id, **{**action, "action_id": state.action_id.strip()})
                )
            session.flush()
            journey_import(session, assessment.id, data.get("journey") or {})
            return assessment.id
