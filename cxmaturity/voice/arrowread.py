"""The clean wide CSV's fast path: pyarrow's CSV reader with a type for every column.

A customer answer file of 100,000 responses is parsed by pyarrow in about two thirds of the CPU
time of pandas' C parser (and in less wall-clock time, on several threads), because every column's
type is known from the questionnaire before the parse: the metric and rating items are numbers, the
respondent, segment, choice and text columns are text. Nothing is inferred (no dates, no booleans).

This path only ever answers for a file it has read exactly as :func:`read_located` would. It hands
the file back (``None``) at the first sign of anything else, and the located reader then reads it
again and names every problem by row and column, word for word as before:

- any failure of pyarrow (a cell that is not a number in a number column, ``na``, a decimal comma,
  a ragged line, bytes that are not UTF-8, a quote never closed);
- a row count other than one row per line (a blank line, a line break inside a quoted cell: the
  located reader's row numbers would then differ);
- a header that is not one name per column, unique and non-empty, or the long shape;
- a text, segment or choice column that pandas would have read as numbers or booleans (its labels
  are then the numbers as written: 01 becomes 1), or that holds no value at all;
- a cell that pyarrow reads as a number and pandas does not (``nan``);
- any problem the checks of :func:`responses_from_frame` find (off the scale, duplicate ids...).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from cxmaturity.core.model import ItemKind, Questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.files.tables import CsvLayout, csv_layout
from cxmaturity.voice.responses import FREE_KINDS, Responses, column_names, item_columns, responses_from_frame

_BOOLEAN_WORDS = ("true", "false")
_NUMBER = pa.float64()
#: pandas' own text type holds large_string: reading into it spares a copy of every text column.
_TEXT = pa.large_string()
_LABELS = pa.dictionary(pa.int32(), pa.large_string())


def read_clean_csv(data: bytes, name: str, questionnaire: Questionnaire) -> Responses | None:
    """The responses of a clean wide CSV file, or ``None`` when the located reader must read it.

    Raises :class:`InputError` only for what the located reader refuses before parsing, with the
    same message (an empty file, too many columns or cells).
    """
    layout = csv_layout(data, name)
    types = _column_types(layout.fields, questionnaire)
    if types is None:
        return None
    try:
        table = pa_csv.read_csv(
            io.BytesIO(layout.body),
            read_options=pa_csv.ReadOptions(use_threads=True),
            parse_options=pa_csv.ParseOptions(delimiter=layout.separator),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, ValueError):  # pyarrow's own refusal: the located reader says where
        return None
    ids = next(field for field, used in column_names(layout.fields, questionnaire).items() if used == "respondent")
    frame = _frame(table, layout, types, str(ids))
    if frame is None:
        return None
    try:
        return responses_from_frame(frame, name, questionnaire)
    except InputError:  # the located reader reports it, in its own words and rows
        return None


def _column_types(fields: list[str], questionnaire: Questionnaire) -> dict[str, pa.DataType] | None:
    """pyarrow's type for each column as written in the header, or ``None`` when this path cannot
    read the header as the located reader does (duplicates, an empty or ``row`` name, the long shape)."""
    names = column_names(fields, questionnaire)
    used = list(names.values())
    if len(set(fields)) != len(fields) or len(set(used)) != len(used) or "respondent" not in used:
        return None
    if any(name in ("", "row", "question", "value") for name in used):
        return None
    items = item_columns(questionnaire)
    types = {}
    for field in fields:
        kind = items[names[field]][0] if names[field] in items else None
        if kind is not None and kind not in FREE_KINDS:
            types[field] = _NUMBER
        elif kind is ItemKind.TEXT or names[field] == "respondent":
            types[field] = _TEXT
        else:  # segments and choices: a few labels repeated, coded while parsing (on pyarrow's threads)
            types[field] = _LABELS
    return types


def _frame(table: pa.Table, layout: CsvLayout, types: dict[str, pa.DataType], ids: str) -> pd.DataFrame | None:
    """The table as the located reader's frame (``row`` numbered from 2), or ``None`` when its rows or
    cells could differ from that reader's; ``ids`` is the respondent column as written."""
    data_lines = layout.line_breaks - (1 if layout.body.endswith(b"\n") else 0)
    if table.column_names != list(types) or table.num_rows != data_lines or table.num_rows == 0:
        return None
    columns: dict[str, object] = {}
    for field, kind in types.items():
        column = table.column(field)
        if kind == _NUMBER:
            values = column.to_numpy()
            # pyarrow reads "nan" as a number; pandas reads it as text, which the scale check refuses.
            if int(np.count_nonzero(np.isnan(values))) != column.null_count:
                return None
            columns[field] = values
        else:
            first = _first_value(column)
            # Ids of digits are read as written by the located reader too (it reads them again as text).
            if first is None or _pandas_reads_as_data(first, numbers=field != ids):
                return None
            columns[field] = _categorical(column) if kind == _LABELS else column.to_pandas()
    frame = pd.DataFrame(columns, copy=False)
    frame["row"] = np.arange(2, len(frame) + 2)
    return frame


def _categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A dictionary-coded column as a Categorical (an empty cell has the code -1), without pandas'
    check of every code: pyarrow made them, each within its dictionary."""
    column = column.unify_dictionaries()
    labels = column.chunk(0).dictionary if column.num_chunks else pa.array([], pa.large_string())
    codes = np.concatenate([pc.fill_null(chunk.indices, -1).to_numpy() for chunk in column.chunks])
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels.to_pylist(), dtype=object), validate=False)


def _first_value(column: pa.ChunkedArray) -> str | None:
    """The first non-empty cell of a text column (``None`` when every cell is empty)."""
    for chunk in column.chunks:
        if isinstance(chunk, pa.DictionaryArray):  # any one label will do: every one is a cell's value
            if len(chunk.dictionary):
                return str(chunk.dictionary[0].as_py())
        elif chunk.null_count < len(chunk):
            position = int(pc.index(pc.is_valid(chunk), True).as_py())
            return str(chunk[position].as_py())
    return None


def _pandas_reads_as_data(text: str, numbers: bool) -> bool:
    """True when pandas might read a column starting with ``text`` as numbers (``numbers``) or as
    booleans, not as text: it then labels the cells by their value (``01`` as ``1``, ``true`` as
    ``True``). Erring towards True only costs the located reader's time."""
    stripped = text.strip()
    if stripped.lower() in _BOOLEAN_WORDS:
        return True
    if not numbers:
        return False
    try:
        float(stripped)  # broader than pandas (``1_0``, ``nan``, other scripts' digits): errs safe
    except ValueError:
        return False
    return True
