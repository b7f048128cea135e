"""The fast path of an import: answers checked column-wise and written with one driver call.

Going through Answer objects and the ORM cost ~70 µs per answer (10,000 respondents x
55 questions took over 40 s). Here whole columns are checked with pandas (on the few
distinct labels where the reader gives categoricals), respondents are written with
Core statements, and the answer rows go to the driver's ``executemany`` (SQLite) or
``COPY`` (PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.dialects import sqlite as sqlite_types
from sqlalchemy.exc import IntegrityError

from cxmaturity.core.model import AnswerSet
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.files.text import CONTROL_CHARACTERS
from cxmaturity.storage._base import touch_assessment
from cxmaturity.storage.records import AnswerRejectedError, NotFoundError, new_token
from cxmaturity.storage.segments import SegmentColumns, write_segments
from cxmaturity.storage.tables import ANSWER_KINDS, AnswerRow, Assessment, Respondent, UTCDateTime, utc_now

_COLUMNS = ("respondent_id", "question_id", "kind", "value", "note", "updated_at")
_LABEL_LIMIT = 200
_ID_LIMIT = 100


def _labels(column: pd.Series) -> pd.Categorical:
    """Stripped text as a Categorical ("" and missing -> missing); cleaning touches distinct values only."""
    categorical = column.array if isinstance(column.dtype, pd.CategoricalDtype) else pd.Categorical(column)
    codes = np.asarray(categorical.codes).copy()
    names = pd.Series(categorical.categories.astype(str)).str.strip()
    new_codes, new_names = pd.factorize(names.where(names != "", None))
    if not len(new_codes):  # no labels at all
        return pd.Categorical.from_codes(np.full(len(codes), -1), categories=pd.Index([], dtype=object))
    mapped = np.where(codes >= 0, new_codes[np.maximum(codes, 0)], -1)
    return pd.Categorical.from_codes(mapped, categories=pd.Index(new_names, dtype=object))


def check_answer_set(answers: AnswerSet) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Validate an AnswerSet for storage; returns the clean table and each respondent's group (first-seen order).

    Raises ``ValueError`` naming the first bad record (1-based, table order).
    """
    table = answers.table
    empty = pd.Series([None] * len(table), dtype=object)
    respondent = _labels(table["respondent"])
    question = _labels(table["question"])
    group = _labels(table.get("group", empty))
    frame = pd.DataFrame(
        {
            "respondent": respondent,
            "question": question,
            "kind": table["kind"].astype(str).to_numpy(),
            "value": table["value"].to_numpy(dtype=float),
            "note": table.get("note", empty).to_numpy(dtype=object),
        }
    )

    def fail(mask: Any, message: str) -> None:
        bad = np.flatnonzero(np.asarray(mask))
        if bad.size:
            i = int(bad[0])
            raise KeyedValueError(
                f"record {i + 1} ({respondent[i]}, {question[i]}): {message}",
                "core_error.record_value",
                row=i + 1,
                respondent=respondent[i],
                question=question[i],
            )

    def too_long(values: pd.Categorical, limit: int) -> np.ndarray:
        lengths = pd.Series(values.categories.astype(str)).str.len().to_numpy()
        codes = np.asarray(values.codes)
        return (codes >= 0) & (lengths[np.maximum(codes, 0)] > limit) if len(lengths) else codes < -1

    fail(
        (np.asarray(respondent.codes) < 0) | (np.asarray(question.codes) < 0),
        "respondent and question must not be empty",
    )
    fail(too_long(respondent, _LABEL_LIMIT), "the respondent label is too long")
    fail(too_long(question, _ID_LIMIT), "the question id is too long")
    fail(too_long(group, _LABEL_LIMIT), "the group name is too long")

    def dirty(values: pd.Categorical) -> np.ndarray:
        # Checked on the few distinct labels, then spread to the rows through the codes.
        bad = pd.Series(values.categories.astype(str)).str.contains(CONTROL_CHARACTERS, na=False).to_numpy()
        codes = np.asarray(values.codes)
        return (codes >= 0) & bad[np.maximum(codes, 0)] if len(bad) else codes < -1

    for values, what in ((respondent, "respondent label"), (question, "question id"), (group, "group name")):
        fail(dirty(values), f"the {what} holds an invisible control character; remove it")
    fail(~frame["kind"].isin(ANSWER_KINDS), f"answer kind must be one of {', '.join(ANSWER_KINDS)}")
    is_value = (frame["kind"] == "value").to_numpy()
    fail(is_value & ~np.isfinite(frame["value"].to_numpy()), "a 'value' answer needs a finite number")
    pairs = pd.Series(np.asarray(respondent.codes, dtype=np.int64) * (len(question.categories) + 1) + question.codes)
    fail(pairs.duplicated().to_numpy(), "the same respondent answers the same question twice")
    codes = pd.DataFrame({"r": respondent.codes, "g": group.codes})
    grouped = codes[codes["g"] >= 0]
    spread = grouped.groupby("r")["g"].nunique()
    fail(codes["r"].isin(spread.index[spread > 1]).to_numpy(), "this respondent is in two groups")
    frame["value"] = frame["value"].where(is_value, np.nan)
    notes = frame["note"].map(lambda n: n.strip() or None if isinstance(n, str) else None).astype(object)
    texts = notes.dropna().astype(str).str.replace("\r\n?", "\n", regex=True)
    fail(
        notes.index.isin(texts.index[texts.str.len() > MAX_TEXT_CHARS]),
        f"the note is longer than {MAX_TEXT_CHARS:,} characters",
    )
    fail(
        notes.index.isin(texts.index[texts.str.contains(CONTROL_CHARACTERS)]),
        "the note holds an invisible control character; remove it",
    )
    notes[texts.index] = texts
    frame["note"] = notes
    first_group = grouped.drop_duplicates("r").set_index("r")["g"]
    order = pd.unique(np.asarray(respondent.codes))
    groups = {
        str(respondent.categories[r]): (str(group.categories[first_group[r]]) if r in first_group.index else None)
        for r in order
    }
    return frame, groups


@contextmanager
def _bulk_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction; on SQLite with per-row foreign key and CHECK tests off meanwhile.

    Together they cost more than the insert itself (~10 µs per answer on a busy
    machine) and can add nothing here: every respondent id is read or created inside
    the same write transaction, and ``check_answer_set``/``check_answer`` have just
    tested the kinds and values the CHECK constraints test. The pragmas only work
    outside a transaction, so they are set before BEGIN and restored after, even on errors.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
            connection.commit()  # ends SQLAlchemy's autobegun transaction (the driver began none)
        try:
            with connection.begin():
                yield connection
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")
                connection.commit()


def replace_rows(
    engine: Engine,
    assessment_id: int,
    groups: dict[str, str | None],
    frame: pd.DataFrame,
    segments: SegmentColumns | None = None,
) -> None:
    """Replace the assessment's answers by ``frame`` (checked) in one transaction; see ``replace_answers``.

    The stored segment columns are replaced by ``segments`` in the same transaction (none: removed).
    """
    now = utc_now()
    with _bulk_connection(engine) as connection:
        status = connection.scalar(select(Assessment.status).where(Assessment.id == assessment_id))
        if status is None:
            raise NotFoundError(f"assessment {assessment_id} does not exist", "core_error.assessment_missing")
        if status == "closed":
            raise AnswerRejectedError("the assessment is closed", "core_error.assessment_closed")
        mine = select(Respondent.id).where(Respondent.assessment_id == assessment_id)
        connection.execute(delete(AnswerRow).where(AnswerRow.respondent_id.in_(mine.scalar_subquery())))
        existing = {label: (rid, group) for rid, label, group in connection.execute(
            select(Respondent.id, Respondent.label, Respondent.group_name).where(Respondent.assessment_id == assessment_id)
        )}  # fmt: skip
        new = [
            {"assessment_id": assessment_id, "label": label, "group_name": group, "token": new_token(),
             "revoked": False, "created_at": now}
            for label, group in groups.items() if label not in existing
        ]  # fmt: skip
        if new:
            connection.execute(insert(Respondent), new)
        changed = [{"rid": existing[label][0], "g": group} for label, group in groups.items()
                   if label in existing and existing[label][1] != group]  # fmt: skip
        if changed:
            connection.execute(
                update(Respondent).where(Respondent.id == bindparam("rid")).values(group_name=bindparam("g")), changed
            )
        ids = dict(
            connection.execute(
                select(Respondent.label, Respondent.id).where(Respondent.assessment_id == assessment_id)
            ).all()
        )
        if len(frame):
            _insert_answers(connection, frame, ids, now)
        write_segments(connection, assessment_id, ids, segments or {})
        # An imported file is a finished set of answers: its respondents count as submitted
        # (results use submitted respondents only, see workspace/participation.py).
        connection.execute(
            update(Respondent)
            .where(Respondent.assessment_id == assessment_id, Respondent.label.in_(list(groups)))
            .where(Respondent.submitted_at.is_(None))
            .values(submitted_at=now)
        )
        touch_assessment(connection, assessment_id)


def _insert_answers(connection: Connection, frame: pd.DataFrame, ids: dict[str, int], now: Any) -> None:
    respondent = frame["respondent"]
    if isinstance(respondent.dtype, pd.CategoricalDtype):
        lookup = np.array([ids[str(label)] for label in respondent.cat.categories], dtype=np.int64)
        respondent_ids = lookup[respondent.cat.codes.to_numpy()].tolist()
    else:
        respondent_ids = [ids[label] for label in respondent]
    values = [None if v != v else v for v in frame["value"].tolist()]  # NaN -> NULL
    questions = frame["question"].astype(object).tolist()
    notes = [n if isinstance(n, str) else None for n in frame["note"].tolist()]  # NaN -> NULL
    columns = (respondent_ids, questions, frame["kind"].tolist(), values, notes)
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        raw: Any = connection.connection.dbapi_connection
        statement = f"COPY answer ({', '.join(_COLUMNS)}) FROM STDIN"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in zip(*columns, strict=True):
                    copy.write_row((*row, now))
        except dialect.loaded_dbapi.IntegrityError as error:
            # The driver's own error: wrap it as SQLAlchemy would, so callers catch one type.
            raise IntegrityError(statement, None, error) from error
        return
    if dialect.name == "sqlite":
        # The timestamp as SQLAlchemy stores it on SQLite, converted once for all rows.
        to_text = sqlite_types.DATETIME().bind_processor(dialect)  # type: ignore[no-untyped-call]
        utc = UTCDateTime().process_bind_param(now, dialect)
        text = to_text(utc) if to_text is not None else utc
        connection.exec_driver_sql(
            f"INSERT INTO answer ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
            [(*row, text) for row in zip(*columns, strict=True)],
        )
        return
    connection.execute(
        insert(AnswerRow), [dict(zip(_COLUMNS, (*row, now), strict=True)) for row in zip(*columns, strict=True)]
    )


def load_answer_set(connection: Connection, assessment_id: int) -> AnswerSet:
    """The assessment's answers as an AnswerSet, straight from the rows (no Answer objects in between).

    Same content and order as ``answer_set_from_records(load_answers(...))``; about 5x faster.
    """
    rows = connection.execute(
        select(Respondent.label, Respondent.group_name, AnswerRow.question_id, AnswerRow.kind, AnswerRow.value,
               AnswerRow.note)
        .join(Respondent, Respondent.id == AnswerRow.respondent_id)
        .where(Respondent.assessment_id == assessment_id)
        .order_by(Respondent.id, AnswerRow.id)
    ).all()  # fmt: skip
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    table = pd.DataFrame(
        {
            "respondent": pd.Categorical(columns[0]),
            "group": pd.Categorical(columns[1]),
            "question": pd.Categorical(columns[2]),
            "kind": np.array(columns[3], dtype=object),
            "value": np.array([np.nan if v is None else v for v in columns[4]], dtype=float),
            "note": np.array(columns[5], dtype=object),
        }
    )
    return AnswerSet(table=table, respondents=tuple(dict.fromkeys(map(str, columns[0]))))


def redact_answer_set(answers: AnswerSet, names: Mapping[str, str]) -> AnswerSet:
    """The same answers with the respondents' names replaced (``names``: label -> pseudonym) and every note removed.

    What a results-only reader (a client viewer) gets: enough to score and to read groups above
    the anonymity threshold, never who answered what or what they wrote.
    """
    table = answers.table.copy()
    table["respondent"] = pd.Categorical(table["respondent"].astype(str).map(names))
    table["note"] = None
    return AnswerSet(table=table, respondents=tuple(names[label] for label in answers.respondents))
