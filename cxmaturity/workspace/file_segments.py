"""The columns of an imported customer file that are no answers (branch, product, channel, region...).

On the Data page, a column the mapping leaves out ("ignore") is kept as a *segment column*:
stored with the imported answers (``Store.replace_answers(..., segments=...)``), it is offered on
the Customer voice page beside the group, the weekday and the hour. A column is kept only when it
can make segments; every column left out is named with its reason, never dropped in silence:

- ``name``: no name, a name over :data:`SEGMENT_NAME_CHARS` characters, or the name of a column kept before;
- ``too_long``: a value over :data:`SEGMENT_VALUE_CHARS` characters (free text, not a category);
- ``control``: a value with an invisible control character;
- ``differs``: one respondent has two values in it (a long file's rows disagree);
- ``unique``: every respondent has a value of their own (an id, an e-mail, a time): no segment
  could ever reach the anonymity threshold, and such a column may name a person;
- ``empty``: no value at all;
- ``too_many``: more than :data:`MAX_SEGMENT_COLUMNS` columns came before it.

Values are kept as text exactly as written (stripped): a formula-like ``=SUM(A1)`` stays text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from cxmaturity.core.model import AnswerSet
from cxmaturity.files.text import control_character
from cxmaturity.storage.tables import SEGMENT_NAME_CHARS, SEGMENT_VALUE_CHARS

#: Segment columns one import keeps at most (a survey export can carry dozens of metadata columns).
MAX_SEGMENT_COLUMNS = 20
#: Why a column was not kept, in the order the checks run.
LEFT_OUT_REASONS = ("name", "too_long", "control", "differs", "unique", "empty", "too_many")


@dataclass(frozen=True)
class FileSegments:
    """The segment columns kept (column name -> {respondent label -> value}) and those left out, with why."""

    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    left_out: tuple[tuple[str, str], ...] = ()


def _reason(values: pd.Series, labels: pd.Series) -> str | None:
    """Why this column cannot be a segment column, or None when it can."""
    filled = values != ""
    if not filled.any():
        return "empty"
    distinct = pd.unique(values[filled])
    if any(len(str(v)) > SEGMENT_VALUE_CHARS for v in distinct):
        return "too_long"
    if any(control_character(str(v)) is not None for v in distinct):
        return "control"
    pairs = pd.DataFrame({"r": labels, "v": values}).drop_duplicates()
    if pairs["r"].duplicated().any():
        return "differs"
    given = pairs[pairs["v"] != ""]
    if len(given) > 1 and given["v"].nunique() == len(given):
        return "unique"
    return None


def file_segments(frame: pd.DataFrame, mapping: Mapping[str, str | None] | None, answers: AnswerSet) -> FileSegments:
    """The columns ``mapping`` leaves out of the answers, as segment columns of the respondents of ``answers``.

    ``frame`` is the upload as :func:`~cxmaturity.workspace.column_mapping.read_table` reads it (strings,
    with ``row``); a file in our own format (``mapping`` None) has no other columns.
    """
    if not mapping:
        return FileSegments()
    respondent = next((theirs for theirs, ours in mapping.items() if ours == "respondent"), None)
    if respondent is None or respondent not in frame.columns:
        return FileSegments()
    labels = frame[respondent].fillna("").astype(str).str.strip()
    counted = labels.isin(set(answers.respondents))
    labels = labels[counted]
    kept: dict[str, dict[str, str]] = {}
    left_out: list[tuple[str, str]] = []
    for column in frame.columns:
        if column == "row" or column not in mapping or mapping[column]:
            continue
        name = str(column).strip()
        values = frame.loc[counted, column].fillna("").astype(str).str.strip()
        if not name or len(name) > SEGMENT_NAME_CHARS or name in kept:
            reason: str | None = "name"
        else:
            reason = "too_many" if len(kept) >= MAX_SEGMENT_COLUMNS else _reason(values, labels)
        if reason is not None:
            left_out.append((str(column), reason))
            continue
        given = values != ""
        kept[name] = dict(zip(labels[given], values[given], strict=True))
    return FileSegments(kept, tuple(left_out))
