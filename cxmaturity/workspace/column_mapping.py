"""Importing answers exported by survey tools: rename their columns onto ours, then validate and store.

A mapping ``{their column: our column or question id}`` turns a survey tool's table
into the core's long format (``respondent, group, question, value, note``) or wide
format (``respondent``, ``group``, one column per question id). Columns mapped to
None or "" are ignored; columns not in the mapping keep their name. Then
:mod:`cxmaturity.core.answers` validates everything, and errors name *their* columns.
The import replaces the stored answers all or nothing (:meth:`Store.replace_answers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from cxmaturity.core.answers import LONG_COLUMNS, answers_from_frame, records_from_answer_set
from cxmaturity.core.model import AnswerSet, Questionnaire
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.tables import read_table_bytes
from cxmaturity.i18n import LANGUAGES, translate
from cxmaturity.workspace.survey_exports import item_for_column, labels_to_answers, normalise_export

if TYPE_CHECKING:
    from cxmaturity.storage import Store

#: Uploads larger than this are refused before reading (Streamlit's default upload limit).
MAX_IMPORT_BYTES = 200 * 1024 * 1024

# Column names survey tools commonly use for our columns (compared case-insensitively).
_SYNONYMS = {
    "respondent": (
        "respondent",
        "respondent id",
        "respondent_id",
        "participant",
        "name",
        "id",
        "response id",
        "responseid",
    ),
    "group": ("group", "team", "department", "segment", "role"),
    "question": ("question", "question id", "question_id", "item"),
    "value": ("value", "answer", "score", "response"),
    "note": ("note", "notes", "comment", "comments"),
}


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """A CSV or XLSX upload as a table of strings (with the source ``row`` number), not yet validated.

    A survey tool's export (Qualtrics, SurveyMonkey, Google Forms, LimeSurvey) comes back with one
    header row (:func:`~cxmaturity.workspace.survey_exports.normalise_export`).
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError([LocatedError(name, None, "", f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MB")])
    return normalise_export(read_table_bytes(data, name))[0]


def suggest_mapping(columns: Sequence[str], questionnaire: Questionnaire) -> dict[str, str | None]:
    """A first guess for each column: our column, a question id (ignoring case), or None (ignore).

    Also recognises the headers of our own answers export in every language, so an
    exported table imports back unchanged.
    """
    targets = {entry.id.casefold(): entry.id for entry in questionnaire.in_file_order()}
    for ours in ("respondent", "group", "question", "value", "note"):
        for lang in LANGUAGES:
            targets.setdefault(translate(f"workspace.export.col.{ours}", lang).casefold(), ours)
    for ours, names in _SYNONYMS.items():
        for alias in names:
            targets.setdefault(alias, ours)
    guess: dict[str, str | None] = {}
    taken: set[str] = set()
    for column in columns:
        if column == "row":
            continue
        # Survey tools name a column by its question's text, in any of the questionnaire's languages.
        target = targets.get(str(column).strip().casefold()) or item_for_column(str(column), questionnaire)
        guess[column] = target if target is not None and target not in taken else None
        if target is not None:
            taken.add(target)
    return guess


def apply_mapping(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], name: str, questionnaire: Questionnaire
) -> pd.DataFrame:
    """Rename and drop columns as ``mapping`` says; every mistake in the mapping is reported at once."""
    known = set(LONG_COLUMNS) | {q.id for q in questionnaire.questions} | {item.id for item in questionnaire.items}
    errors: list[LocatedError] = []
    renames: dict[str, str] = {}
    dropped: list[str] = []
    for theirs, ours in mapping.items():
        if theirs not in frame.columns or theirs == "row":
            errors.append(LocatedError(name, 1, str(theirs), "the file has no such column"))
        elif not ours:
            dropped.append(theirs)
        elif ours not in known:
            errors.append(LocatedError(name, 1, str(theirs), f"{ours!r} is neither a column we read nor a question id"))
        else:
            renames[theirs] = ours
    result_names = [renames.get(c, c) for c in frame.columns if c not in dropped]
    for target in sorted({n for n in result_names if result_names.count(n) > 1}):
        sources = [c for c in frame.columns if c not in dropped and renames.get(c, c) == target]
        errors.append(LocatedError(name, 1, ", ".join(map(str, sources)), f"several columns map onto {target!r}"))
    if errors:
        raise InputError(errors)
    return frame.drop(columns=dropped).rename(columns=renames)


def read_mapped_answers(
    data: bytes, name: str, questionnaire: Questionnaire, mapping: Mapping[str, str | None] | None = None
) -> AnswerSet:
    """Read an upload, apply ``mapping`` and validate it; errors are located by row and *their* column name."""
    return answers_from_mapped_frame(read_table(data, name), name, questionnaire, mapping)


def answers_from_mapped_frame(
    frame: pd.DataFrame, name: str, questionnaire: Questionnaire, mapping: Mapping[str, str | None] | None = None
) -> AnswerSet:
    """Validate a table already read by :func:`read_table`, after applying ``mapping`` (as above)."""
    if mapping:
        frame = apply_mapping(labels_to_answers(frame, mapping, questionnaire), mapping, name, questionnaire)
    try:
        return answers_from_frame(frame, name, questionnaire)
    except InputError as error:
        if not mapping:
            raise
        # Name the file's own columns in the report: that is what the user sees in the file.
        back = {ours: theirs for theirs, ours in mapping.items() if ours}
        raise InputError(
            [LocatedError(e.file, e.line, back.get(e.field, e.field), e.message) for e in error.errors]
        ) from None


def import_answers(
    store: Store, assessment_id: int, data: bytes, name: str, mapping: Mapping[str, str | None] | None = None
) -> int:
    """Validate an upload against the assessment's questionnaire and replace its answers; returns the count.

    Raises :class:`InputError` (every bad row or cell, nothing stored) or, from the
    store, ``ValueError``/``AnswerRejectedError`` (nothing stored either).
    """
    questionnaire = store.load_questionnaire(assessment_id)
    answers = read_mapped_answers(data, name, questionnaire, mapping)
    return store.replace_answers(assessment_id, records_from_answer_set(answers))
