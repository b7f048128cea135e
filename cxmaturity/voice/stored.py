"""Stored answers (an :class:`~cxmaturity.core.model.AnswerSet`) as :class:`Responses`, with time segments.

The app keeps every answer in the database, one row per (respondent, question); the metrics
work on one row per respondent. A choice answer holds its choice id in the note, a text answer
its text (see the ``AnswerSet`` docstring). Besides ``group``, two segments come from the time a
respondent answered: the weekday (``1`` Monday .. ``7`` Sunday) and the hour (``00`` .. ``23``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import numpy as np
import pandas as pd

from cxmaturity.core.model import AnswerKind, AnswerSet, ItemKind, Questionnaire
from cxmaturity.voice.responses import Responses

#: Segment names made from the time of the answer (never a column name of a file: they start with "~").
WEEKDAY = "~weekday"
HOUR = "~hour"
GROUP = "group"
#: Prefix of a segment column an imported file brought (``column:branch``), so that no file column's
#: name can stand for the group or a time segment.
FILE_COLUMN = "column:"


def responses_from_answers(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    answered_at: Mapping[str, datetime | None] | None = None,
    file_columns: Mapping[str, Mapping[str, str]] | None = None,
) -> Responses:
    """One row per respondent of ``answers``; ``answered_at`` (respondent label -> time) adds the time segments.

    A respondent without a time has the empty label ``""`` in the weekday and hour segments.
    ``file_columns`` (column name -> {respondent label -> value}, as an import stored them) adds one
    segment per column, named :data:`FILE_COLUMN` + its name; a respondent without a value has ``""``.
    """
    order = pd.Index(answers.respondents, dtype=object)
    count = len(order)
    table = answers.table
    # The columns are worked on as codes over their few distinct values (the store's categoricals):
    # no text per row is built, only one per respondent, question or kind.
    respondent_codes, respondent_labels = _codes(table["respondent"])
    position = order.get_indexer(respondent_labels)[respondent_codes]
    kind_codes, kind_labels = _codes(table["kind"])
    valued = np.isin(kind_codes, np.flatnonzero(np.asarray(kind_labels == AnswerKind.VALUE.value)))
    values = table["value"].to_numpy(dtype=float)
    notes = table["note"].to_numpy(dtype=object)
    numbers: dict[str, np.ndarray] = {}
    choices: dict[str, pd.Categorical] = {}
    texts: dict[str, np.ndarray] = {}
    # One pass over the questions present: each is a boolean mask over the rows.
    codes, present = _codes(table["question"])
    rows_of = {str(item_id): (codes == code) & valued for code, item_id in enumerate(present)}
    kinds = {q.id: ItemKind.RATING for q in questionnaire.questions} | {i.id: i.kind for i in questionnaire.items}
    for item_id, rows in rows_of.items():
        kind = kinds.get(item_id)
        if kind is None:
            continue  # an answer to a question the questionnaire no longer has
        if kind in (ItemKind.CHOICE, ItemKind.TEXT):
            given: np.ndarray = np.full(count, None, dtype=object)
            given[position[rows]] = notes[rows]
            if kind is ItemKind.CHOICE:
                choices[item_id] = pd.Categorical(given, categories=list(questionnaire.item(item_id).choice_ids()))
            else:
                texts[item_id] = np.where(pd.isna(given), "", given)
            continue
        column = np.full(count, np.nan)
        column[position[rows]] = values[rows]
        numbers[item_id] = column
    segments: dict[str, pd.Categorical] = {GROUP: _groups(table, order, position)}
    if answered_at is not None:
        segments.update(time_segments(order, answered_at))
    for name, by_label in (file_columns or {}).items():
        segments[FILE_COLUMN + name] = pd.Categorical(
            np.array([by_label.get(str(label), "") for label in order], dtype=object)
        )
    return Responses(order, numbers, choices, texts, segments)


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """A column as (code per row, its distinct values as texts): a categorical's own, else factorised."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, values = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, values = pd.factorize(column)
    return codes, pd.Index([str(value) for value in values], dtype=object)


def _groups(table: pd.DataFrame, order: pd.Index, position: np.ndarray) -> pd.Categorical:
    labels: np.ndarray = np.full(len(order), "", dtype=object)
    # One row per answer: the few distinct group names are cleaned once each, not once per row.
    codes, names = pd.factorize(table["group"], use_na_sentinel=True)
    known = codes >= 0
    cleaned = np.array([str(name).strip() for name in names], dtype=object)
    labels[position[known]] = cleaned[codes[known]]
    return pd.Categorical(labels)


def time_segments(order: pd.Index, answered_at: Mapping[str, datetime | None]) -> dict[str, pd.Categorical]:
    """The weekday (``1``..``7``, Monday first) and hour (``00``..``23``) each respondent answered."""
    weekday: list[object] = []
    hour: list[object] = []
    for label in order:
        moment = answered_at.get(str(label))
        weekday.append("" if moment is None else str(moment.isoweekday()))
        hour.append("" if moment is None else f"{moment.hour:02d}")
    return {WEEKDAY: pd.Categorical(weekday), HOUR: pd.Categorical(hour)}
