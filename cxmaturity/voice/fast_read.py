"""The fast path for clean wide CSV files of customer answers: polars parses, checks and codes them.

With it, reading, checking and measuring a 100,000-response file takes about 1.5x the time
``pandas.read_csv`` needs to read it, against 2.4x with pandas alone (docs/benchmarks.md). polars
parses each column straight into what :class:`~cxmaturity.voice.responses.Responses` holds: answers
as small integers checked against their scale's bounds, choices as an ``Enum`` of the item's list,
segments as categories, and it counts the distinct ids in one hashed pass.

This path only takes files it can read *exactly* as the located reader does. Anything else returns
None and the caller reads the file again with the located reader, which names every bad row as
before: any error (an answer off its scale, text in a number column, a typo in a choice, a repeated
or empty id, a second header row), ``na`` or ``dk`` codes, a decimal comma, an encoding other than
UTF-8, a blank line, padded ids or labels, a segment or text column of numbers only, the long shape.

polars starts a pool of threads when it is imported, and a process with extra threads must never
be forked (cxmaturity/files/isolated.py): only this module imports polars, and it is itself imported
only inside ``read_responses``, when a customer file is read (an import contract in pyproject.toml
forbids polars in every other wing; tests/voice/test_fast_read.py checks the forkserver).
"""

from __future__ import annotations

import codecs
import csv
import functools
import re

import numpy as np
import pandas as pd
import polars as pl

from cxmaturity.core.answers import LONG_COLUMNS
from cxmaturity.core.model import ItemKind, Questionnaire
from cxmaturity.files.limits import MAX_CELLS, MAX_COLUMNS
from cxmaturity.files.tables import csv_separator
from cxmaturity.voice.responses import ItemColumn, Responses, TextArray, item_columns, looks_like_a_typo, on_scale

#: A text that pandas could never read as a number: a character outside digits, signs, points,
#: exponents, spaces and the letters of "inf", "infinity" and "nan". A segment or text column with
#: no such value would be read as numbers by pandas (and labelled "1" for "01"): the located reader's job.
_SURELY_TEXT = re.compile(r"[^0-9+\-.eEinfatyINFATY\s]")
#: Bytes an id may not start or end with here: ASCII spaces and control characters (stripped by
#: the located reader), and the first or last byte of a non-ASCII character (checked in Python).
_PLAIN_EDGE_LOW, _PLAIN_EDGE_HIGH = 0x20, 0x80


def read_clean_csv(data: bytes, name: str, questionnaire: Questionnaire) -> Responses | None:
    """The responses of a clean wide CSV file, or None when the located reader must read it.

    ``data`` is the whole file. The result equals what the located reader returns for the same
    file: the same ids, numbers, choices, texts and segments, with the same types and orders.
    """
    if name.lower().endswith(".xlsx") or not data or data.isspace():
        return None
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    header_end = body.find(b"\n")
    if header_end < 0:
        return None
    header = body[:header_end]
    if b'"' in header:  # a quoted name may hide a separator or a line break: leave it to pandas
        return None
    try:
        raw_names = next(csv.reader([header.decode("utf-8").rstrip("\r")], delimiter=csv_separator(header)))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    lines = int(np.count_nonzero(np.frombuffer(body, dtype=np.uint8) == ord("\n")))
    if len(raw_names) > MAX_COLUMNS or len(raw_names) * lines > MAX_CELLS:
        return None  # the located reader refuses it with the limit named
    items = item_columns(questionnaire)
    names = _column_names(raw_names, items)
    if names is None:
        return None
    try:
        schema = {raw: _column_type(column, items, questionnaire) for raw, column in zip(raw_names, names, strict=True)}
        table = pl.read_csv(
            body, separator=csv_separator(header), schema=schema, has_header=True, null_values=None,
            quote_char='"', comment_prefix=None, encoding="utf8", raise_if_empty=True,
        )  # fmt: skip
    except Exception:  # any parse error (a bad cell, a ragged row, bad UTF-8): the located reader names it
        return None
    return _responses(table.rename(dict(zip(raw_names, names, strict=True))), names, items, questionnaire)


def _column_names(raw_names: list[str], items: dict[str, ItemColumn]) -> list[str] | None:
    """The names as the located reader renames them (stripped; ours and the item ids in lowercase),
    or None when the header holds anything that reader reports or reads another way."""
    known = {*LONG_COLUMNS, *items}
    names = [name.strip() for name in raw_names]
    names = [name.lower() if name.lower() in known else name for name in names]
    if "respondent" not in names or "question" in names or "value" in names or "row" in names:
        return None  # no ids (an error), or the long shape
    if "" in names or len(set(names)) < len(names):
        return None
    item_ids = tuple(items)
    if any(column not in items and column != "group" and _close_to_an_item(column, item_ids) for column in names):
        return None  # a probable typo of an item id: reported by the located reader
    return names


@functools.lru_cache(maxsize=1024)
def _close_to_an_item(column: str, item_ids: tuple[str, ...]) -> bool:
    """Whether a column's name is one slip from an item id (remembered: files repeat their headers,
    and the comparison is Python's, about 0.4 ms per segment column against 25 items)."""
    return any(looks_like_a_typo(column, item_id) for item_id in item_ids)


def _column_type(column: str, items: dict[str, ItemColumn], questionnaire: Questionnaire) -> pl.DataType:
    if column == "respondent" or (column in items and items[column][0] is ItemKind.TEXT):
        return pl.String()
    if column not in items:
        # A segment column (or group), with categories of its own: the process-wide ones would keep
        # every label ever read, and number them beyond this file's few.
        return pl.Categorical(pl.Categories.random())
    kind, values, _, _ = items[column]
    if kind is ItemKind.CHOICE:
        return pl.Enum(list(questionnaire.item(column).choice_ids()))
    if values and all(float(v).is_integer() and -128 <= v <= 127 for v in values):
        return pl.Int8()  # a value beyond -128..127 is a parse error: off the scale anyway
    return pl.Float64()


def _responses(
    table: pl.DataFrame,
    names: list[str],
    items: dict[str, ItemColumn],
    questionnaire: Questionnaire,
) -> Responses | None:
    respondents = _respondents(table["respondent"])
    if respondents is None:
        return None
    scales: dict[str, tuple[float, ...]] = {}
    choices: dict[str, pd.Categorical] = {}
    texts: dict[str, TextArray] = {}
    segments: dict[str, pd.Categorical] = {}
    for column in names:
        if column == "respondent":
            continue
        cells = table[column]
        kind = items[column][0] if column in items else None
        if kind is None:
            segment = _segment(cells)
            if segment is None:
                return None
            segments[column] = segment
        elif kind is ItemKind.TEXT:
            if not _holds_text(cells):
                return None
            texts[column] = pd.array(cells.fill_null("").to_arrow(), dtype="str")
        elif kind is ItemKind.CHOICE:
            allowed = questionnaire.item(column).choice_ids()
            codes = cells.to_physical().cast(pl.Int64).fill_null(-1).to_numpy()
            choices[column] = pd.Categorical.from_codes(codes, categories=pd.Index(list(allowed), dtype=object))
        else:
            scales[column] = items[column][1]  # read below, all answer columns at once
    numbers = _numbers(table, scales)
    if numbers is None:
        return None
    return Responses(respondents, numbers, choices, texts, segments)


def _respondents(ids: pl.Series) -> pd.Index | None:
    """The ids as the located reader returns them, or None when one is empty, padded or repeated."""
    if ids.null_count() or ids.n_unique() < len(ids):
        return None
    text = ids.to_arrow()
    if hasattr(text, "combine_chunks"):
        text = text.combine_chunks()
    text = text.cast("large_string")
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    characters = np.frombuffer(text.buffers()[2], dtype=np.uint8)
    lengths = np.diff(offsets)
    if (lengths == 0).any():  # an empty id written as "" in quotes
        return None
    first, last = characters[offsets[:-1]], characters[offsets[1:] - 1]
    if ((first <= _PLAIN_EDGE_LOW) | (last <= _PLAIN_EDGE_LOW)).any():
        return None
    other = np.flatnonzero((first >= _PLAIN_EDGE_HIGH) | (last >= _PLAIN_EDGE_HIGH))
    if len(other) and any(value != value.strip() for value in ids.gather(other).to_list()):
        return None  # a non-ASCII space at an edge: the located reader strips it
    respondents: pd.Index = pd.Index(pd.array(text, dtype="str"))
    return respondents


def _holds_text(cells: pl.Series) -> bool:
    """True when some value of the column is text pandas would never read as a number."""
    given = cells.drop_nulls()
    if any(_SURELY_TEXT.search(value) for value in given.head(20).to_list()):
        return True  # the usual case, found in the first few values
    return bool(given.str.contains(_SURELY_TEXT.pattern).any())


def _segment(cells: pl.Series) -> pd.Categorical | None:
    """A segment column as the located reader codes it: its labels in order of first appearance,
    an empty cell being the label ``""``; None when a label is padded, or all of them are numbers."""
    distinct = cells.unique(maintain_order=True)
    labels = ["" if label is None else label for label in distinct.to_list()]
    if any(label != label.strip() for label in labels) or len(set(labels)) < len(labels):
        return None  # padded labels, or "" written twice (empty, and quoted ""): stripped and merged there
    if not any(_SURELY_TEXT.search(label) for label in labels):
        return None
    # The parser's codes (this file's own categories, numbered as its threads met them): a look-up
    # table turns them into positions in order of first appearance, as pandas' factorize numbers them.
    parsed = distinct.to_physical()
    empty = int(parsed.max() or 0) + 1  # type: ignore[arg-type]
    lookup = np.zeros(empty + 1, dtype=np.int64)
    lookup[parsed.fill_null(empty).to_numpy()] = np.arange(len(labels))
    codes = lookup[cells.to_physical().fill_null(empty).to_numpy()]
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object), validate=False)


def _numbers(table: pl.DataFrame, scales: dict[str, tuple[float, ...]]) -> dict[str, np.ndarray] | None:
    """The answer columns as floats (NaN: no answer), or None when one is off its scale or not a number.

    One query for the bounds of every column and one for their values: each polars call has a fixed
    cost (about 0.1 ms) that would otherwise be paid four times per column.
    """
    if not scales:
        return {}
    if not all(scales.values()):
        return None  # an item without a scale: the located reader's case
    columns = list(scales)
    floats = [column for column in columns if table.schema[column].is_float()]
    found = table.select(
        *(pl.col(column).min().alias(f"low {column}") for column in columns),
        *(pl.col(column).max().alias(f"high {column}") for column in columns),
        *(pl.col(column).is_nan().any().alias(f"nan {column}") for column in floats),
    ).row(0, named=True)
    if any(found[f"nan {column}"] for column in floats):
        return None  # "nan" written out: text in a number column for the located reader
    for column, values in scales.items():
        low, high = found[f"low {column}"], found[f"high {column}"]  # None when the column has no answer
        if low is not None and (low < values[0] or high > values[-1]):
            return None
    # Writable float64 arrays, as the located reader hands on (no answer: NaN).
    as_floats = table.select(*(pl.col(column).cast(pl.Float64).fill_null(np.nan) for column in columns))
    numbers = {
        column: cells.to_numpy(writable=True) for column, cells in zip(columns, as_floats.get_columns(), strict=True)
    }
    for column, values in scales.items():
        whole = table.schema[column].is_integer() and values == tuple(np.arange(values[0], values[-1] + 1))
        if not whole:  # whole numbers within the bounds of a scale of every whole number between them are on it
            answers = numbers[column]
            if not on_scale(answers[~np.isnan(answers)], values).all():
                return None
    return numbers
