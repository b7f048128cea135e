"""Customer answer files as one row per respondent: metric numbers, choices, texts and segments.

The files are the long or wide shapes `python -m cxmaturity score` reads
(docs/answers-format.md). In the wide shape, a column that is neither ``respondent``,
``group`` nor an item of the questionnaire is a *segment* column (branch, product, channel...),
unless its name is close to an item id, which is then reported as a probable typo.

Every problem is reported at once, located as ``FILE:ROW: column: message``: answers off the
item's scale, text in a number column, a second header row where one was expected, duplicate
respondent ids, a choice that is not in the item's list (with the closest one). Nothing is
returned from a file with errors. The wide path has no Python loop per row on a clean file: number
columns are checked by comparisons over the whole column, text columns on their distinct values,
the ids by one hash pass; only the rows at fault are then visited to name them. At 100,000
responses the checks cost about as much as hashing each text column once (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.core.answers import (
    LONG_COLUMNS,
    MAX_ANSWER_FILE_BYTES,
    answers_from_frame,
    choice_error,
)
from cxmaturity.core.model import DONT_KNOW, NOT_APPLICABLE, ItemKind, Questionnaire, format_value
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.tables import read_table_bytes

_FREE_KINDS = (ItemKind.CHOICE, ItemKind.TEXT)

#: The answers of a text item: a numpy array of str, or pandas' own text array (the wide reader's).
TextArray = np.ndarray | pd.api.extensions.ExtensionArray
#: What an answerable column is: its kind, its scale's values, whether it allows n/a and don't know.
ItemColumn = tuple[ItemKind, tuple[float, ...], bool, bool]


@dataclass(frozen=True)
class Responses:
    """One row per respondent, column-wise; ``respondents`` is an Index of the ids in file order.

    ``numbers`` maps each rating question or metric item the file holds to a float array
    (NaN: no answer, ``na`` or ``dk``); ``choices`` maps each choice item to a Categorical
    of choice ids (missing: no answer); ``texts`` maps each text item to an array of texts
    (numpy or pandas; an empty answer is ``""``), indexable by a mask or positions like a numpy array;
    ``segments`` maps each segment column (and ``group``) to a Categorical of labels
    (an empty cell is the label ``""``).
    """

    respondents: pd.Index
    numbers: Mapping[str, np.ndarray]
    choices: Mapping[str, pd.Categorical]
    texts: Mapping[str, TextArray]
    segments: Mapping[str, pd.Categorical]

    def __len__(self) -> int:
        return len(self.respondents)


def read_responses(path: str | Path, questionnaire: Questionnaire) -> Responses:
    """Read and validate a customer answer file (CSV or ``.xlsx``, long or wide)."""
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > MAX_ANSWER_FILE_BYTES:
            limit = MAX_ANSWER_FILE_BYTES // 2**20
            raise InputError([LocatedError(name, None, "", f"the file is larger than {limit} MB")])
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([LocatedError(name, None, "", f"cannot read the file: {exc.strerror}")]) from None
    # A clean wide CSV: polars reads it in one pass (imported here only: it starts threads, see fast_read).
    from cxmaturity.voice.fast_read import read_clean_csv

    clean = read_clean_csv(data, name, questionnaire)
    return clean if clean is not None else read_located(data, name, questionnaire)


def read_located(data: bytes, name: str, questionnaire: Questionnaire) -> Responses:
    """Read and validate a customer answer file's bytes with pandas, every problem located
    (``name`` names the file in the errors); :func:`read_responses` without polars' fast path."""
    # Wide files: pandas parses the number columns itself (the fast path). A segment, choice or
    # text column holding only numbers is then labelled by them (01 becomes 1).
    frame = read_table_bytes(data, name, {})
    lowered = {str(column).strip().lower(): column for column in frame.columns}
    if "question" in lowered or "value" in lowered:  # the long shape: read as text, as `score` does
        frame = read_table_bytes(data, name)
    elif "respondent" in lowered and pd.api.types.is_numeric_dtype(frame[lowered["respondent"]].dtype):
        # Ids made only of digits: read them again as text, so that 007 stays 007.
        frame = read_table_bytes(data, name, {str(lowered["respondent"]): object})
    return responses_from_frame(frame, name, questionnaire)


def responses_from_frame(frame: pd.DataFrame, name: str, questionnaire: Questionnaire) -> Responses:
    """Validate a table of strings (one header row, ``row`` = source row) into :class:`Responses`."""
    # Our column names and the item ids (all lowercase) are matched ignoring case, as `score` does;
    # segment columns keep their name as written. One rename, and none when the names are already so.
    known = {*LONG_COLUMNS, "row", *item_columns(questionnaire)}
    names = {c: str(c).strip() for c in frame.columns}
    names = {c: name.lower() if name.lower() in known else name for c, name in names.items()}
    if any(c != name for c, name in names.items()):
        frame = frame.rename(columns=names)
    if "respondent" not in frame.columns:
        found = ", ".join(c for c in frame.columns if c != "row") or "none"
        raise InputError([LocatedError(name, 1, "", f"no 'respondent' column (found: {found})")])
    if "question" in frame.columns or "value" in frame.columns:
        return _from_long(frame, name, questionnaire)
    return _from_wide(frame, name, questionnaire)


# --- the wide shape: one row per respondent -------------------------------------------------------


class _Problems:
    def __init__(self, name: str, rows: np.ndarray):
        self.name = name
        self.rows = rows
        self.errors: list[LocatedError] = []

    def add(self, mask: np.ndarray, column: str, message: str) -> None:
        self.errors.extend(LocatedError(self.name, int(self.rows[i]), column, message) for i in np.flatnonzero(mask))

    def raise_if_any(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda error: (error.line or 0, error.field))
            raise InputError(self.errors)


def _label(value: object) -> str:
    if isinstance(value, float):
        return "" if np.isnan(value) else format_value(value)
    return str(value).strip()


def _codes_and_labels(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """A column's code per row and its distinct labels: stripped texts, an empty cell being ``""``.

    The texts are cleaned once per distinct value, which keeps 100,000 rows fast. An empty cell is
    a value of its own when counting (no second pass over the rows to give it a code).
    """
    codes, labels = pd.factorize(column, use_na_sentinel=False)
    if pd.api.types.is_numeric_dtype(labels.dtype):  # a column of numbers only: label them as written
        texts = pd.Index([_label(v) for v in labels], dtype=object)
        changed = True
    else:
        distinct = pd.Index(labels)
        empty = distinct.hasnans
        texts = (pd.Index(distinct.array.fillna("")) if empty else distinct).astype(str)
        stripped = texts.str.strip()
        changed = empty or not bool((stripped == texts).all())  # "" may now be a label twice
        texts = stripped if changed else texts
    if changed and not texts.is_unique:  # stripping made two labels one
        clean_codes, texts = pd.factorize(texts, use_na_sentinel=False)
        codes = clean_codes[codes]
    return codes, texts


def _categorical(column: pd.Series) -> pd.Categorical:
    """A column as a Categorical of stripped texts, an empty cell being ``""``."""
    codes, labels = _codes_and_labels(column)
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object), validate=False)


def item_columns(questionnaire: Questionnaire) -> dict[str, ItemColumn]:
    """Every answerable id -> (kind, scale values, allows na, allows dk)."""
    columns: dict[str, ItemColumn] = {}
    for question in questionnaire.questions:
        scale = questionnaire.scales[question.scale]
        columns[question.id] = (ItemKind.RATING, scale.values, scale.allow_na, scale.allow_dont_know)
    for item in questionnaire.items:
        item_scale = questionnaire.scales[item.scale] if item.scale else None
        values = item_scale.values if item_scale else ()
        na, dk = (item_scale.allow_na, item_scale.allow_dont_know) if item_scale else (False, False)
        columns[item.id] = (item.kind, values, na, dk)
    return columns


def _scale_text(values: tuple[float, ...]) -> str:
    return f"{format_value(values[0])}..{format_value(values[-1])}"


def _numbers(cells: pd.Categorical, values: tuple[float, ...], na: bool, dk: bool) -> tuple[np.ndarray, list[str]]:
    """Parse a number column on its distinct texts: (numbers per row, message per distinct text or "")."""
    distinct = pd.Series(cells.categories, dtype=object).astype(str)
    parsed = pd.to_numeric(distinct.str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float)
    messages = []
    allowed = ", ".join(format_value(v) for v in values) if len(values) <= 7 else _scale_text(values)
    for text, number in zip(distinct, parsed, strict=True):
        lowered = text.lower()
        if text == "" or (lowered == NOT_APPLICABLE and na) or (lowered == DONT_KNOW and dk):
            messages.append("")
        elif np.isnan(number):
            messages.append(f"{text!r} is not a number; this column holds answers on the scale {allowed}")
        elif number not in values:
            messages.append(f"{text} is outside the scale of this item ({allowed})")
        else:
            messages.append("")
    return parsed[cells.codes], messages


def _cell(frame: pd.DataFrame, column: str, index: int) -> str:
    value = frame[column].iloc[index]
    if isinstance(value, float):
        return "" if np.isnan(value) else format_value(value)
    return str(value).strip()


def _as_numbers(texts: list[str]) -> pd.Series:
    return pd.to_numeric(pd.Series(texts, dtype=object).str.replace(",", ".", regex=False), errors="coerce")


def on_scale(parsed: np.ndarray, values: tuple[float, ...]) -> np.ndarray:
    """True where a number is one of the scale's values (NaN is not)."""
    low, high = values[0], values[-1]
    if values == tuple(np.arange(low, high + 1)):  # 0..10, 1..5: three comparisons instead of one per value
        on: np.ndarray = (parsed >= low) & (parsed <= high) & (np.floor(parsed) == parsed)
        return on
    return np.isin(parsed, np.array(values))


def _checked_numbers(parsed: np.ndarray, values: tuple[float, ...], column: str, problems: _Problems) -> np.ndarray:
    """Report the numbers off the scale (once per distinct number); return the column with them as NaN."""
    fits = on_scale(parsed, values)
    off = ~fits & ~np.isnan(parsed)
    if not off.any():
        return parsed.copy()  # the clean file's case (a copy: the frame's read-only block is not handed on)
    allowed = ", ".join(format_value(v) for v in values) if len(values) <= 7 else _scale_text(values)
    for number in np.unique(parsed[off]):
        message = f"{format_value(float(number))} is outside the scale of this item ({allowed})"
        problems.add(parsed == number, column, message)
    return np.where(fits, parsed, np.nan)


def _looks_like_a_header_row(frame: pd.DataFrame, number_columns: list[str]) -> bool:
    """True when the first data row holds text in every number column that has a value there,
    while a later row holds numbers in those columns (a lone row of bad answers is reported cell by cell)."""
    if len(frame) < 2 or not number_columns:
        return False
    if all(pd.api.types.is_numeric_dtype(frame[c].dtype) for c in number_columns):
        return False  # pandas parsed every one as numbers: no cell of them holds text
    first = [text for text in (_cell(frame, c, 0) for c in number_columns) if text]
    special = {NOT_APPLICABLE, DONT_KNOW}
    if not first or any(text.lower() in special for text in first) or not _as_numbers(first).isna().all():
        return False
    later = [_cell(frame, c, i) for c in number_columns for i in range(1, min(len(frame), 6))]
    return bool(_as_numbers(later).notna().any())


def looks_like_a_typo(column: str, item_id: str) -> bool:
    """One slip away from an item id (two for ids of 8 characters or more): a letter wrong, missing,
    extra, or two letters swapped. Farther names (``region`` beside ``reason``) are segment columns."""
    a, b = column.casefold(), item_id.casefold()
    if a == b or abs(len(a) - len(b)) > 2:
        return a == b
    # Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)] <= (2 if len(b) >= 8 else 1)


def _second_header(name: str, row: int, column: str, text: str) -> None:
    message = (
        f"this row holds text where answers are expected ({column}: {text[:60]!r}): it looks like a second "
        "header row, and this file must have exactly one; delete the extra header row(s), or import the "
        "export through the survey-tool column mapping"
    )
    raise InputError([LocatedError(name, row, "", message)])


def _respondent_ids(column: pd.Series, problems: _Problems) -> pd.Index:
    """The respondent ids as stripped texts, in file order; empty and duplicate ids are reported.

    A clean file costs one pass of hashing (``Series.unique``, done by pyarrow for text columns);
    only when that finds a repeat are the rows of the repeated ids picked out and named, each later
    row with the row of its id's first use.
    """
    if pd.api.types.is_numeric_dtype(column.dtype):  # ids of digits only: labelled as written
        codes, labels = _codes_and_labels(column)
        ids = pd.Series(labels.take(codes), dtype=str)
    else:
        ids = (column.fillna("") if column.hasnans else column).astype(str).str.strip()
    empty = (ids == "").to_numpy(dtype=bool)
    problems.add(empty, "respondent", "the respondent is empty; give every row a respondent id")
    if len(ids.unique()) < len(ids):
        repeated = np.flatnonzero(ids.duplicated(keep=False).to_numpy(dtype=bool) & ~empty)
        first_row: dict[str, int] = {}
        for position, label in zip(repeated, ids.iloc[repeated], strict=True):
            row = int(problems.rows[position])
            if label in first_row:  # the first row of each id is the one kept; the later ones are reported
                message = f"duplicate respondent id {label!r} (first at row {first_row[label]})"
                problems.errors.append(LocatedError(problems.name, row, "respondent", message))
            else:
                first_row[label] = row
    respondents: pd.Index = pd.Index(ids.array)
    return respondents


def _from_wide(frame: pd.DataFrame, name: str, questionnaire: Questionnaire) -> Responses:
    rows = frame["row"].to_numpy()
    problems = _Problems(name, rows)
    items = item_columns(questionnaire)
    columns = [c for c in frame.columns if c not in ("row", "respondent")]
    number_columns = [c for c in columns if c in items and items[c][0] not in _FREE_KINDS]
    if _looks_like_a_header_row(frame, number_columns):
        _second_header(name, int(rows[0]), number_columns[0], _cell(frame, number_columns[0], 0))
    for column in columns:
        if column not in items and column != "group":
            close = [item_id for item_id in items if looks_like_a_typo(column, item_id)]
            if close:
                problems.errors.append(
                    LocatedError(name, 1, column, f"not an item of this questionnaire; did you mean {close[0]!r}?")
                )
    respondents = _respondent_ids(frame["respondent"], problems)
    numbers: dict[str, np.ndarray] = {}
    choices: dict[str, pd.Categorical] = {}
    texts: dict[str, TextArray] = {}
    segments: dict[str, pd.Categorical] = {}
    for column in columns:
        if column in number_columns and pd.api.types.is_numeric_dtype(frame[column]):
            # Parsed by pandas: every cell is a number or empty; only the scale is left to check.
            numbers[column] = _checked_numbers(frame[column].to_numpy(dtype=float), items[column][1], column, problems)
            continue
        if column in items and items[column][0] is ItemKind.TEXT:
            raw = frame[column]
            numeric = pd.api.types.is_numeric_dtype(raw.dtype)
            # Kept as pandas' own text array (an empty cell being ""): no 100,000 Python strings made here.
            texts[column] = pd.array([_label(v) for v in raw], dtype=str) if numeric else raw.array.fillna("")
            continue
        cells = _categorical(frame[column])
        if column not in items:
            segments[column] = cells
            continue
        kind, values, na, dk = items[column]
        if kind is ItemKind.CHOICE:
            allowed = questionnaire.item(column).choice_ids()
            for code, text in enumerate(cells.categories):
                if text and text not in allowed:
                    problems.add(cells.codes == code, column, choice_error(str(text), allowed))
            # Recode onto the item's own list; empty cells (and typos, reported above) have no choice.
            position = np.array([allowed.index(t) if t in allowed else -1 for t in cells.categories], dtype=np.int64)
            chosen = position[cells.codes] if len(position) else np.full(len(cells), -1, dtype=np.int64)
            choices[column] = pd.Categorical.from_codes(chosen, categories=pd.Index(list(allowed), dtype=object))
        else:
            parsed, messages = _numbers(cells, values, na, dk)
            for code, message in enumerate(messages):
                if message:
                    problems.add(cells.codes == code, column, message)
            numbers[column] = np.where(on_scale(parsed, values), parsed, np.nan)
    problems.raise_if_any()
    return Responses(respondents, numbers, choices, texts, segments)


# --- the long shape: one row per answer --------------------------------------------------------


def _from_long(frame: pd.DataFrame, name: str, questionnaire: Questionnaire) -> Responses:
    """Validate with the core's long reader, then turn the answers into one row per respondent.

    Columns other than the long shape's are segment columns: one value per respondent.
    """
    extra = [c for c in frame.columns if c not in (*LONG_COLUMNS, "row")]
    problems = _Problems(name, frame["row"].to_numpy())
    if "question" in frame.columns and "value" in frame.columns and not frame.empty:
        first_question = str(frame["question"].iloc[0]).strip()
        known = first_question in item_columns(questionnaire)
        if not known and _looks_like_a_header_row(frame, ["value"]):
            _second_header(name, int(frame["row"].iloc[0]), "question", first_question)
    respondent = _categorical(frame["respondent"])
    segments_long = {column: _categorical(frame[column]) for column in extra}
    for column, cells in segments_long.items():
        pairs = pd.DataFrame({"r": respondent.codes, "s": cells.codes})
        several = pairs.groupby("r")["s"].transform("nunique").to_numpy() > 1
        problems.add(several, column, "this respondent has more than one value in this segment column")
    try:
        answers = answers_from_frame(frame.drop(columns=extra), name, questionnaire)
    except InputError as error:
        problems.errors.extend(error.errors)
    problems.raise_if_any()
    table = answers.table
    order = pd.Index(answers.respondents)
    position = order.get_indexer(pd.Index(table["respondent"].astype(str)))
    count = len(order)
    items = item_columns(questionnaire)
    numbers: dict[str, np.ndarray] = {}
    choices: dict[str, pd.Categorical] = {}
    texts: dict[str, TextArray] = {}
    question = table["question"].astype(str).to_numpy()
    for item_id in dict.fromkeys(question):
        rows = question == item_id
        kind = items[item_id][0]
        if kind in (ItemKind.CHOICE, ItemKind.TEXT):
            answered: np.ndarray = np.full(count, None, dtype=object)
            answered[position[rows]] = table["note"].to_numpy(dtype=object)[rows]
            if kind is ItemKind.CHOICE:
                choice_ids = list(questionnaire.item(item_id).choice_ids())
                choices[item_id] = pd.Categorical(answered, categories=choice_ids)
            else:
                texts[item_id] = np.where(pd.isna(answered), "", answered)
        else:
            values = np.full(count, np.nan)
            values[position[rows]] = table["value"].to_numpy(dtype=float)[rows]
            numbers[item_id] = values
    segments: dict[str, pd.Categorical] = {}
    first = np.unique(respondent.codes, return_index=True)[1]
    first_by_label = dict(zip(np.asarray(respondent[first], dtype=object), first, strict=True))
    index = np.array([first_by_label[r] for r in answers.respondents], dtype=np.int64)
    for column, cells in {
        **segments_long,
        **({"group": _categorical(frame["group"])} if "group" in frame else {}),
    }.items():
        segments[column] = pd.Categorical(np.asarray(cells, dtype=object)[index])
    return Responses(pd.Index(answers.respondents, dtype=object), numbers, choices, texts, segments)
