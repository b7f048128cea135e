"""Answers and notes: saved one at a time as they are given, or replaced wholesale by an import."""

from __future__ import annotations

import functools
import hmac
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, case, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from cxmaturity.auth import Access
from cxmaturity.core.model import Answer, AnswerKind, AnswerSet
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage._base import StoreBase, check_clean, clean_text, pseudonyms
from cxmaturity.storage.bulk import check_answer_set, load_answer_set, redact_answer_set, replace_rows
from cxmaturity.storage.guard import guarded
from cxmaturity.storage.records import AnswerRejectedError, NotFoundError, StorageUnavailableError
from cxmaturity.storage.segments import SegmentColumns
from cxmaturity.storage.tables import AnswerRow, Assessment, Respondent, utc_now

_KEY_COLUMNS = ("respondent_id", "question_id")
# Column lengths (PostgreSQL enforces them; SQLite would not).
_ID_LIMIT = 100
_LABEL_LIMIT = 200


def check_answer(kind: AnswerKind | str, value: float | None) -> tuple[str, float | None]:
    """Validate a kind and value; returns the stored kind code and value.

    A "value" answer needs a finite number; the other kinds store no number
    (a value given with them is dropped).
    """
    try:
        code = AnswerKind(kind).value
    except ValueError as error:
        allowed = ", ".join(k.value for k in AnswerKind)
        raise KeyedValueError(
            f"answer kind must be one of {allowed}, not {kind!r}", "core_error.answer_kind"
        ) from error
    if code != AnswerKind.VALUE.value:
        return code, None
    if value is None or isinstance(value, bool) or not math.isfinite(float(value)):
        raise KeyedValueError(f"a 'value' answer needs a finite number, not {value!r}", "core_error.answer_number")
    return code, float(value)


@functools.cache
def _upsert_statement(dialect: str, update_columns: tuple[str, ...]) -> Any:
    """Insert-or-update of an answer row, built once per dialect and column set.

    Building these statements costs more than running them (~0.7 ms), hence the cache.
    """
    module: Any = sqlite if dialect == "sqlite" else postgresql
    statement = module.insert(AnswerRow)
    return statement.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS),
        set_={column: statement.excluded[column] for column in update_columns},
    )


_WRITABLE = (
    select(Respondent.assessment_id, Respondent.revoked, Assessment.status, Respondent.token)
    .join(Assessment, Assessment.id == Respondent.assessment_id)
    .where(Respondent.id == bindparam("respondent_id"))
)
_TOUCH = (
    update(Assessment)
    .where(Assessment.id == bindparam("assessment_id"))
    .values(updated_at=bindparam("updated_at", type_=Assessment.__table__.c.updated_at.type))
)


def _upsert(connection: Connection, values: dict[str, Any], update_columns: tuple[str, ...]) -> None:
    """Insert an answer row or update the existing one for (respondent, question)."""
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        # One statement: no read-then-write race between two tabs of one respondent.
        connection.execute(_upsert_statement(dialect, update_columns), values)
        return
    # Other databases: update first, insert when nothing was there.
    result = connection.execute(
        update(AnswerRow)
        .where(
            AnswerRow.respondent_id == values["respondent_id"],
            AnswerRow.question_id == values["question_id"],
        )
        .values({column: values[column] for column in update_columns})
    )
    if not result.rowcount:
        connection.execute(insert(AnswerRow).values(**values))


# Plain columns, not ORM entities: loading 6,000 answers this way is ~10x faster.
_ANSWER_COLUMNS = (
    Respondent.label,
    Respondent.group_name,
    AnswerRow.question_id,
    AnswerRow.kind,
    AnswerRow.value,
    AnswerRow.note,
)
_KINDS = {kind.value: kind for kind in AnswerKind}
# Each kind as a distinct number, for the fingerprint's checksum.
_KIND_NUMBER = case(*((AnswerRow.kind == kind.value, n) for n, kind in enumerate(AnswerKind, start=1)), else_=0)


def _answers(connection: Connection, condition: Any, order: tuple[Any, ...]) -> list[Answer]:
    rows = connection.execute(
        select(*_ANSWER_COLUMNS)
        .join(Respondent, Respondent.id == AnswerRow.respondent_id)
        .where(condition)
        .order_by(*order)
    )
    return [
        Answer(respondent=label, question=question, kind=_KINDS[kind], value=value, group=group, note=note)
        for label, group, question, kind, value, note in rows
    ]


def answer_totals(assessment_id: int) -> Any:
    """A query of one row that moves with any saved answer or note of the assessment: the count, the
    highest id, the latest save, the sum of values and the total length of the notes."""
    return (
        select(
            func.count(AnswerRow.id),
            func.max(AnswerRow.id),
            func.max(AnswerRow.updated_at),
            func.sum(AnswerRow.value),
            func.sum(func.length(AnswerRow.note)),
            # Position-weighted sums: two servers whose clocks differ a little could save
            # a swap of two answers with an older time than the latest; these still move.
            func.sum(AnswerRow.id * _KIND_NUMBER),
            func.sum(AnswerRow.id * func.coalesce(AnswerRow.value, 0)),
            func.sum(AnswerRow.id * func.coalesce(func.length(AnswerRow.note), 0)),
        )
        .join(Respondent, Respondent.id == AnswerRow.respondent_id)
        .where(Respondent.assessment_id == assessment_id)
    )


class AnswerStore(StoreBase):
    """Save, load and replace answers."""

    @guarded(Access.EDIT, "respondent", respondent_may=True)
    def save_answer(
        self,
        respondent_id: int,
        question_id: str,
        kind: AnswerKind | str,
        value: float | None = None,
        note: str | None = None,
        *,
        token: str | None = None,
    ) -> None:
        """Save one answer (insert or overwrite) and commit.

        ``note=None`` keeps the question's note as it is; "" clears it. Raises
        :class:`NotFoundError` for an unknown respondent and
        :class:`AnswerRejectedError` when the respondent is revoked, the assessment
        closed, or ``token`` (the personal link a respondent's screen was opened with)
        is no longer the respondent's: a replaced link stops writing at once.
        """
        code, number = check_answer(kind, value)
        values: dict[str, Any] = {
            "respondent_id": respondent_id,
            "question_id": question_id,
            "kind": code,
            "value": number,
            "updated_at": utc_now(),
        }
        if note is not None:
            values["note"] = clean_text(note, "note")
        self._write(respondent_id, values, tuple(c for c in values if c not in _KEY_COLUMNS), token)

    @guarded(Access.EDIT, "respondent", respondent_may=True)
    def save_note(self, respondent_id: int, question_id: str, note: str | None, *, token: str | None = None) -> None:
        """Save the note on a question ("" or None clears it), keeping the answer; commits.

        A note on a question not yet answered creates an "unanswered" row to hold it.
        ``token`` is checked as in :meth:`save_answer`.
        """
        values: dict[str, Any] = {
            "respondent_id": respondent_id,
            "question_id": question_id,
            "kind": AnswerKind.UNANSWERED.value,
            "value": None,
            "note": clean_text(note, "note"),
            "updated_at": utc_now(),
        }
        self._write(respondent_id, values, ("note", "updated_at"), token)

    def _write(
        self, respondent_id: int, values: dict[str, Any], update_columns: tuple[str, ...], token: str | None = None
    ) -> None:
        question_id = values["question_id"]
        if not question_id or len(question_id) > _ID_LIMIT:
            raise KeyedValueError(f"question id must have 1..{_ID_LIMIT} characters", "core_error.question_id")
        check_clean(question_id, "question id")
        try:
            self._write_once(respondent_id, values, update_columns, token)
        except StorageUnavailableError:
            # A connection that died since its last use (a database restart, an idle timeout) is
            # found out by this first try and dropped from the pool; the save is an idempotent
            # upsert, so one more try on a fresh connection is safe. A second failure is an outage.
            self._write_once(respondent_id, values, update_columns, token)

    def _write_once(
        self, respondent_id: int, values: dict[str, Any], update_columns: tuple[str, ...], token: str | None
    ) -> None:
        with self._engine.begin() as connection:
            found = connection.execute(_WRITABLE, {"respondent_id": respondent_id}).first()
            if found is None:
                raise NotFoundError(f"respondent {respondent_id} does not exist", "core_error.respondent_missing")
            assessment_id, revoked, status, current_token = found
            # A replaced link is refused with the revoked one's words: the page never tells which.
            if revoked or (token is not None and not hmac.compare_digest(token, current_token)):
                raise AnswerRejectedError("this respondent's link has been revoked", "core_error.link_revoked")
            if status == "closed":
                raise AnswerRejectedError("the assessment is closed", "core_error.assessment_closed")
            _upsert(connection, values, update_columns)
            connection.execute(_TOUCH, {"assessment_id": assessment_id, "updated_at": values["updated_at"]})

    @guarded(Access.READ, "assessment")
    def load_answers(self, assessment_id: int) -> list[Answer]:
        """Every stored answer of the assessment, by respondent (label and group) and entry order.

        Rows that only hold a note come back as ``AnswerKind.UNANSWERED``.
        """
        with self._engine.connect() as connection:
            return _answers(connection, Respondent.assessment_id == assessment_id, (Respondent.id, AnswerRow.id))

    @guarded(Access.RESULTS, "assessment")
    def load_answer_set(self, assessment_id: int) -> AnswerSet:
        """Every stored answer of the assessment as an AnswerSet, ready for scoring.

        The same as ``answer_set_from_records(load_answers(id))``, several times faster
        (it builds no Answer objects): use it for results pages.
        """
        with self._engine.connect() as connection:
            answers = load_answer_set(connection, assessment_id)
            if self.reach("assessment", assessment_id) >= Access.READ:
                return answers
            return redact_answer_set(answers, pseudonyms(connection, assessment_id))

    @guarded(Access.RESULTS, "assessment")
    def answers_fingerprint(self, assessment_id: int) -> tuple[Any, ...]:
        """A cheap value that changes whenever the assessment's answers, notes or respondents change.

        Results pages key their caches on it instead of loading every answer on every rerun
        (two small queries instead of thousands of rows). It covers the answers (count,
        highest id, latest save, sum of values, total note length: a save always moves the
        latest save time, and sums weighted by row id that move even when server clocks
        disagree) and each respondent's id, label, group, revoked flag and submission time (results count
        submitted respondents only).
        """
        with self._engine.connect() as connection:
            answers = connection.execute(answer_totals(assessment_id)).one()
            people = connection.execute(
                select(
                    Respondent.id, Respondent.label, Respondent.group_name, Respondent.revoked, Respondent.submitted_at
                )
                .where(Respondent.assessment_id == assessment_id)
                .order_by(Respondent.id)
            ).all()
        if self.reach("assessment", assessment_id) < Access.READ:
            # No names for a results-only reader.
            return (
                tuple(answers),
                tuple((i, None, group, revoked, submitted) for i, _label, group, revoked, submitted in people),
            )
        return (tuple(answers), tuple(tuple(row) for row in people))

    @guarded(Access.READ, "respondent", respondent_may=True)
    def load_respondent_answers(self, respondent_id: int) -> dict[str, Answer]:
        """One respondent's answers keyed by question id (to fill in the form again)."""
        with self._engine.connect() as connection:
            found = _answers(connection, Respondent.id == respondent_id, (AnswerRow.id,))
        return {answer.question: answer for answer in found}

    @guarded(Access.EDIT, "assessment")
    def replace_answers(
        self, assessment_id: int, answers: Iterable[Answer] | AnswerSet, segments: SegmentColumns | None = None
    ) -> int:
        """Replace all answers of an assessment (an import); all or nothing, one transaction.

        Respondents are matched by label and created when new (with a fresh token);
        a respondent's group is set from the answers. Respondents missing from the
        import stay, with no answers. A bad record (unknown kind, missing number,
        the same respondent and question twice, groups that disagree) raises
        ``ValueError`` and leaves the stored answers untouched. Returns the number
        of answers stored. An :class:`AnswerSet` (what the file readers return) is
        checked and written column-wise: 500,000 answers take about a second.
        ``segments`` (column name -> {respondent label -> value}) replaces the stored segment
        columns in the same transaction; without it, the stored ones are removed.
        """
        if isinstance(answers, AnswerSet):
            frame, frame_groups = check_answer_set(answers)
            return self._replace(assessment_id, frame_groups, frame, segments)
        records = list(answers)
        groups: dict[str, str | None] = {}
        checked: list[tuple[str, str, str, float | None, str | None]] = []
        for position, answer in enumerate(records, start=1):
            label = (answer.respondent or "").strip()
            if not label or not answer.question:
                raise KeyedValueError(
                    f"record {position}: respondent and question must not be empty",
                    "core_error.record_empty",
                    row=position,
                )
            if len(label) > _LABEL_LIMIT or len(answer.question) > _ID_LIMIT:
                raise KeyedValueError(
                    f"record {position}: respondent or question id is too long",
                    "core_error.record_too_long",
                    row=position,
                )
            try:
                code, number = check_answer(answer.kind, answer.value)
            except ValueError as error:
                raise KeyedValueError(
                    f"record {position} ({label}, {answer.question}): {error}",
                    "core_error.record_value",
                    row=position,
                    respondent=label,
                    question=answer.question,
                ) from error
            group = clean_text(answer.group, "group", 200)
            previous = groups.get(label)
            if previous is not None and group is not None and previous != group:
                raise KeyedValueError(
                    f"record {position}: respondent {label!r} is in two groups",
                    "core_error.record_two_groups",
                    row=position,
                    respondent=label,
                )
            groups[label] = previous if previous is not None else group
            checked.append((label, answer.question, code, number, clean_text(answer.note, "note")))
        return self._replace(assessment_id, groups, checked, segments)

    def _replace(
        self,
        assessment_id: int,
        groups: dict[str, str | None],
        checked: list[tuple[str, str, str, float | None, str | None]] | pd.DataFrame,
        segments: SegmentColumns | None = None,
    ) -> int:
        if not isinstance(checked, pd.DataFrame):
            checked = pd.DataFrame(checked, columns=["respondent", "question", "kind", "value", "note"])
        try:
            replace_rows(self._engine, assessment_id, groups, checked, segments)
        except IntegrityError as error:
            raise KeyedValueError(
                f"import refused, nothing changed: {_explain(error)}", "core_error.import_refused"
            ) from error
        return len(checked)


def _explain(error: IntegrityError) -> str:
    text = str(error.orig)
    if "respondent_id" in text or "unique" in text.lower():
        return "the same respondent answers the same question twice"
    return text
