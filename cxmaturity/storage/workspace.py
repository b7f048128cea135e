"""Workspace data of an assessment: settings (groups, anonymity, waves, results source), evidence, progress."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, case, delete, func, select

from cxmaturity.auth import Access
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.questionnaire import load_questionnaire_text
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import clean_text, pseudonyms, touch_assessment
from cxmaturity.storage.assessments import AssessmentStore
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import (
    SELF_LABEL,
    AssessmentSettings,
    AssessmentSummary,
    EvidenceRecord,
    NotFoundError,
    ProgressCounts,
    RespondentProgress,
    RespondentRecord,
)
from cxmaturity.storage.tables import (
    DEFAULT_ANONYMITY_THRESHOLD,
    DEFAULT_GROUPS,
    RESULT_SOURCES,
    AnswerRow,
    Assessment,
    AssessmentSetting,
    Evidence,
    Respondent,
    utc_now,
)

_GROUP_LIMIT = 200
_LINK_LIMIT = 2000


def check_link(link: str | None) -> str | None:
    """Strip an evidence link and accept only an absolute http(s) URL ("" or None: no link).

    Other schemes (``javascript:``, ``file:``, ``data:``) are refused: the link is
    shown to the consultant as something to click.
    """
    text = clean_text(link, "link", _LINK_LIMIT)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise KeyedValueError(
            f"the link must start with http:// or https:// and name a site, not {text!r}", "core_error.link_scheme"
        )
    if any(ch.isspace() for ch in text):
        raise KeyedValueError("the link must not contain spaces", "core_error.link_spaces")
    return text


def check_group_names(names: Iterable[str]) -> tuple[str, ...]:
    """Stripped, non-empty, distinct (ignoring case) group names of at most 200 characters."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = clean_text(raw, "group name", _GROUP_LIMIT)
        if name is None:
            continue
        if name.casefold() in seen:
            raise KeyedValueError(f"group {name!r} is listed twice", "core_error.group_twice", group=name)
        seen.add(name.casefold())
        result.append(name)
    return tuple(result)


@functools.lru_cache(maxsize=16)
def _questionnaire(text: str) -> Questionnaire:
    # Parsing a snapshot costs milliseconds; evidence is saved one question at a time.
    return load_questionnaire_text(text, "assessment snapshot")


def check_assessed_value(questionnaire: Questionnaire, question_id: str, value: float | None) -> float | None:
    """``value`` as a float when it is an option of the question's scale (None passes); else ``ValueError``."""
    try:
        question = questionnaire.question(question_id)
    except KeyError:
        raise KeyedValueError(
            f"unknown question id {question_id!r}", "core_error.question_unknown", question=question_id
        ) from None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise KeyedValueError(f"the assessed value must be a number, not {value!r}", "core_error.evidence_number")
    scale = questionnaire.scales[question.scale]
    if float(value) not in scale.values:
        allowed = ", ".join(f"{v:g}" for v in scale.values)
        raise KeyedValueError(
            f"{value:g} is not on the scale of {question_id} (allowed: {allowed})",
            "core_error.evidence_scale",
            value=f"{value:g}",
            allowed=allowed,
        )
    return float(value)


def _settings(assessment_id: int, row: AssessmentSetting | None) -> AssessmentSettings:
    if row is None:
        return AssessmentSettings(assessment_id, DEFAULT_GROUPS, DEFAULT_ANONYMITY_THRESHOLD, None, "respondents")
    groups = DEFAULT_GROUPS if row.group_names is None else tuple(row.group_names)
    return AssessmentSettings(
        assessment_id, groups, row.anonymity_threshold, row.previous_assessment_id, row.results_source
    )


def _evidence(row: Evidence) -> EvidenceRecord:
    return EvidenceRecord(row.question_id, row.text, row.link, row.value, row.rationale, row.updated_at)


#: Sentinel: "leave previous_assessment_id as it is" (None clears it).
KEEP: Any = object()


class WorkspaceStore(AssessmentStore):
    """Settings, evidence and progress of assessments."""

    # Settings ----------------------------------------------------------------------

    @guarded(Access.RESULTS, "assessment")
    def get_settings(self, assessment_id: int) -> AssessmentSettings:
        """The assessment's workspace settings (defaults when never changed)."""
        with self._sessions() as session:
            if session.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
            return _settings(assessment_id, session.get(AssessmentSetting, assessment_id))

    @guarded(Access.EDIT, "assessment")
    def update_settings(
        self,
        assessment_id: int,
        *,
        group_names: Sequence[str] | None = None,
        anonymity_threshold: int | None = None,
        results_source: str | None = None,
        previous_assessment_id: int | None = KEEP,
    ) -> AssessmentSettings:
        """Change settings; None (or omitting ``previous_assessment_id``) leaves a field as it is.

        ``previous_assessment_id=None`` clears the wave link; the previous assessment
        must exist and differ from this one. The threshold must be 1..1000.
        """
        groups = None if group_names is None else list(check_group_names(group_names))
        if anonymity_threshold is not None and (
            isinstance(anonymity_threshold, bool) or not 1 <= anonymity_threshold <= 1000
        ):
            raise KeyedValueError(
                f"the anonymity threshold must be 1..1000, not {anonymity_threshold!r}",
                "core_error.anonymity_threshold",
            )
        if results_source is not None and results_source not in RESULT_SOURCES:
            raise KeyedValueError(
                f"results source must be one of {RESULT_SOURCES}, not {results_source!r}", "core_error.results_source"
            )
        with self._sessions.begin() as session:
            if session.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
            row = session.get(AssessmentSetting, assessment_id)
            if row is None:
                row = AssessmentSetting(
                    assessment_id=assessment_id,
                    group_names=None,
                    anonymity_threshold=DEFAULT_ANONYMITY_THRESHOLD,
                    results_source="respondents",
                )
                session.add(row)
            if groups is not None:
                row.group_names = groups
            if anonymity_threshold is not None:
                row.anonymity_threshold = anonymity_threshold
            if results_source is not None:
                row.results_source = results_source
            if previous_assessment_id is not KEEP:
                if previous_assessment_id is not None and (
                    previous_assessment_id == assessment_id or session.get(Assessment, previous_assessment_id) is None
                ):
                    raise KeyedValueError(
                        f"assessment {previous_assessment_id} cannot be the previous wave", "core_error.previous_wave"
                    )
                row.previous_assessment_id = previous_assessment_id
            session.flush()
            touch_assessment(session, assessment_id)
            return _settings(assessment_id, row)

    # Evidence ----------------------------------------------------------------------

    @guarded(Access.EDIT, "assessment")
    def save_evidence(
        self,
        assessment_id: int,
        question_id: str,
        *,
        text: str | None = None,
        link: str | None = None,
        value: float | None = None,
        rationale: str | None = None,
    ) -> EvidenceRecord:
        """Store the evidence on a question, replacing what was there ("" and None both mean empty).

        ``link`` must be an http(s) URL; ``value`` an option of the question's scale or
        None. The question must exist in the assessment's questionnaire.
        """
        clean_link = check_link(link)
        with self._sessions.begin() as session:
            snapshot = session.scalar(select(Assessment.questionnaire_snapshot).where(Assessment.id == assessment_id))
            if snapshot is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
            number = check_assessed_value(_questionnaire(snapshot), question_id, value)
            row = session.scalar(
                select(Evidence).where(Evidence.assessment_id == assessment_id, Evidence.question_id == question_id)
            )
            if row is None:
                row = Evidence(assessment_id=assessment_id, question_id=question_id)
                session.add(row)
            row.text = clean_text(text, "evidence text")
            row.link = clean_link
            row.value = number
            row.rationale = clean_text(rationale, "rationale")
            row.updated_at = utc_now()
            session.flush()
            touch_assessment(session, assessment_id)
            return _evidence(row)

    @guarded(Access.RESULTS, "assessment")
    def load_evidence(self, assessment_id: int) -> dict[str, EvidenceRecord]:
        """The assessment's evidence keyed by question id, in the order it was first saved."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Evidence).where(Evidence.assessment_id == assessment_id).order_by(Evidence.id)
            )
            return {row.question_id: _evidence(row) for row in rows}

    @guarded(Access.EDIT, "assessment")
    def delete_evidence(self, assessment_id: int, question_id: str) -> bool:
        """Remove the evidence on a question; False when there was none."""
        with self._engine.begin() as connection:
            result = connection.execute(
                delete(Evidence).where(Evidence.assessment_id == assessment_id, Evidence.question_id == question_id)
            )
            if result.rowcount:
                touch_assessment(connection, assessment_id)
            return bool(result.rowcount)

    # Progress ----------------------------------------------------------------------

    @guarded(Access.READ, "assessment")
    def respondent_progress(self, assessment_id: int) -> list[RespondentProgress]:
        """Every respondent of the assessment with their progress, in the order they were added."""
        return self._progress(assessment_id)

    def _progress(self, assessment_id: int) -> list[RespondentProgress]:
        answered = func.sum(case((AnswerRow.kind != "unanswered", 1), else_=0))
        stats = (
            select(AnswerRow.respondent_id, func.count().label("rows"), answered.label("answered"),
                   func.max(AnswerRow.updated_at).label("last"))
            .group_by(AnswerRow.respondent_id)
            .subquery()
        )  # fmt: skip
        # Plain rows, not ORM objects: 10,000 customers cost a fraction of the time (the Customer voice
        # page and every results page read this on a change of the answers).
        people = (Respondent.id, Respondent.assessment_id, Respondent.label, Respondent.group_name, Respondent.token,
                  Respondent.email, Respondent.created_at, Respondent.submitted_at, Respondent.revoked)  # fmt: skip
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(*people, stats.c.rows, stats.c.answered, stats.c.last)
                .outerjoin(stats, stats.c.respondent_id == Respondent.id)
                .where(Respondent.assessment_id == assessment_id)
                .order_by(Respondent.id)
            ).all()
        result = []
        for rid, aid, label, group, token, email, created, submitted, revoked, saved, count, last in rows:
            record = RespondentRecord(rid, aid, label, group, token, email, created, submitted, bool(revoked))
            state = "completed" if submitted else "started" if saved else "not_opened"
            # max() keeps the column's type, so ``last`` comes back as an aware UTC datetime.
            result.append(RespondentProgress(record, state, int(count or 0), last))
        return result

    @guarded(Access.RESULTS, "assessment")
    def respondent_states(self, assessment_id: int) -> list[RespondentProgress]:
        """:meth:`respondent_progress` as far as the actor may see it: a results-only reader (a client
        viewer) gets each respondent under the pseudonym of :meth:`load_answer_set` (``#1``...), with
        no e-mail and no link, enough to count who submitted and whose answers the results use."""
        progress = self._progress(assessment_id)
        if self.reach("assessment", assessment_id) >= Access.READ:
            return progress
        with self._engine.connect() as connection:
            names = pseudonyms(connection, assessment_id)
        return [
            replace(
                entry, respondent=replace(entry.respondent, label=names[entry.respondent.label], email=None, token="")
            )
            for entry in progress
        ]

    def progress_counts(
        self, assessment_ids: Iterable[int] | None = None, *, include_self: bool = True
    ) -> dict[int, ProgressCounts]:
        """Respondents per progress state for each assessment (all when ``assessment_ids`` is None).

        Revoked respondents are left out, and the built-in "self" respondent too when
        ``include_self`` is False. Assessments without respondents get zero counts.
        """
        ids = None if assessment_ids is None else list(assessment_ids)
        if not self.actor.sees_everything:
            visible = {record.id for record in self.list_assessments()}
            ids = sorted(visible) if ids is None else [i for i in ids if i in visible]
        with self._engine.connect() as connection:
            return _progress_counts(connection, ids, include_self)

    def list_assessment_summaries(
        self,
        organisation_id: int | None = None,
        *,
        search: str | None = None,
        status: str | None = None,
        include_self: bool = True,
    ) -> list[AssessmentSummary]:
        """:meth:`list_assessments` with each assessment's progress counts and previous wave.

        ``include_self=False`` counts only the invited respondents (not the built-in "self").
        """
        records = self.list_assessments(organisation_id, search=search, status=status)
        ids = [record.id for record in records]
        with self._engine.connect() as connection:
            counts = _progress_counts(connection, ids, include_self)
            previous = dict(
                connection.execute(
                    select(AssessmentSetting.assessment_id, AssessmentSetting.previous_assessment_id).where(
                        AssessmentSetting.assessment_id.in_(ids)
                    )
                ).all()
            )
        return [AssessmentSummary(r, counts.get(r.id, ProgressCounts()), previous.get(r.id)) for r in records]


def _progress_counts(connection: Connection, ids: list[int] | None, include_self: bool) -> dict[int, ProgressCounts]:
    has_rows = select(AnswerRow.respondent_id).distinct().subquery()
    state = case(
        (Respondent.submitted_at.is_not(None), "completed"),
        (has_rows.c.respondent_id.is_not(None), "started"),
        else_="not_opened",
    )
    query = (
        select(Respondent.assessment_id, state.label("state"), func.count())
        .outerjoin(has_rows, has_rows.c.respondent_id == Respondent.id)
        .where(Respondent.revoked.is_(False))
        .group_by(Respondent.assessment_id, state)
    )
    if ids is not None:
        query = query.where(Respondent.assessment_id.in_(ids))
    if not include_self:
        query = query.where(Respondent.label != SELF_LABEL)
    tallies: dict[int, dict[str, int]] = {}
    for assessment_id, name, count in connection.execute(query):
        tallies.setdefault(assessment_id, {})[name] = int(count)
    wanted = ids if ids is not None else list(tallies)
    return {i: ProgressCounts(**tallies.get(i, {})) for i in wanted}
