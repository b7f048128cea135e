"""Reading CSV and XLSX tables from users: cheap checks first, then the parse, every failure located.

This is the one boundary for tables: whatever goes wrong inside pandas or openpyxl (a cut
workbook, broken XML, a quote never closed) comes out as an :class:`InputError` naming the
file, never as a traceback. Before anything expensive runs, the header line gives the number
of columns and a count of line breaks gives the rows, so a 3 MB file of 400,000 columns is
refused in milliseconds instead of parsed for ten minutes; an XLSX sheet is read as a stream
of rows that stops at a cell cap.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from zipfile import BadZipFile, ZipFile

import numpy as np
import pandas as pd

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.limits import MAX_CELLS, MAX_COLUMNS, MAX_XLSX_CELLS, MAX_XLSX_UNPACKED_BYTES


def read_table_bytes(data: bytes, name: str, column_types: Mapping[str, type[object]] | None = None) -> pd.DataFrame:
    """A CSV or ``.xlsx`` file as a table of text plus the source ``row`` number of each row.

    With ``column_types`` (even empty), pandas parses a CSV's columns itself: number columns
    become numbers, the columns named in the mapping get that type, and only empty cells are
    missing (NaN). An ``.xlsx`` is always read as text.

    Raises :class:`InputError` (located) for anything that cannot be read or breaks a limit of
    :mod:`cxmaturity.files.limits`; never lets a parser's own exception through.
    """
    try:
        if name.lower().endswith(".xlsx"):
            from cxmaturity.files.isolated import run_isolated

            check_xlsx(data, name)  # cheap, here; only openpyxl's parse goes to a child process
            return run_isolated(parse_xlsx_sheet, (data, name), name)
        return read_csv_table(data, name, column_types)
    except InputError:
        raise
    except MemoryError:
        raise InputError([LocatedError(name, None, "", "the file is too large to read here")]) from None
    except Exception as error:  # the boundary: any parser failure becomes a located error
        raise InputError([LocatedError(name, None, "", f"cannot read the file ({type(error).__name__})")]) from None


def _refuse(name: str, line: int | None, message: str) -> InputError:
    return InputError([LocatedError(name, line, "", message)])


def _check_size(name: str, columns: int, rows: int, cell_limit: int) -> None:
    if columns > MAX_COLUMNS:
        raise _refuse(
            name, 1, f"the table has {columns:,} columns; at most {MAX_COLUMNS:,} are read: keep the columns you need"
        )
    if columns * rows > cell_limit:
        message = f"the table has about {columns * rows:,} cells ({rows:,} rows x {columns:,} columns); "
        raise _refuse(name, None, message + f"at most {cell_limit:,} are read: split the file")


def csv_separator(header: bytes) -> str:
    """``;`` when the header line holds more semicolons than commas, else ``,``."""
    return ";" if header.count(b";") > header.count(b",") else ","


def read_csv_table(data: bytes, name: str, column_types: Mapping[str, type[object]] | None = None) -> pd.DataFrame:
    """A CSV (UTF-8, with or without BOM, ``,`` or ``;``) as a table of text; see :func:`read_table_bytes`."""
    if not data or data.isspace():  # isspace scans without copying a large file
        raise _refuse(name, None, "the file is empty")
    header_end = data.find(b"\n")
    header = data if header_end < 0 else data[:header_end]
    separator = csv_separator(header)
    try:
        fields = next(csv.reader([header.decode("utf-8-sig", errors="replace").rstrip("\r")], delimiter=separator))
    except (csv.Error, StopIteration):
        fields = []
    # numpy counts the line breaks of a 4 MB file in a fraction of bytes.count's time.
    _check_size(name, len(fields), int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))), MAX_CELLS)
    # A BOM is cut here so that pandas reads plain UTF-8 in C ("utf-8-sig" goes through Python's decoder).
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        # pandas decodes the bytes itself (faster than decoding into a str copy first).
        # Answer files repeat a few labels (respondents, question ids, 0..4/na/dk) over many rows:
        # reading them as categories skips building millions of separate strings.
        if column_types is not None:
            frame = pd.read_csv(
                io.BytesIO(body), sep=separator, dtype=dict(column_types), encoding="utf-8",
                keep_default_na=False, na_values=[""], skip_blank_lines=True,
            )  # fmt: skip
        else:
            frame = pd.read_csv(
                io.BytesIO(body), sep=separator, dtype="category", encoding="utf-8",
                keep_default_na=False, na_filter=False, skip_blank_lines=True,
            )  # fmt: skip
    except UnicodeDecodeError:
        try:
            data.decode("utf-8-sig")
            line = None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
        raise _refuse(name, line, "the file is not UTF-8 text; save it as CSV UTF-8") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise _refuse(name, _parser_line(str(exc)), f"not a valid CSV file: {exc}") from None
    if frame.columns.duplicated().any():
        duplicated = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise _refuse(name, 1, f"duplicate column(s): {', '.join(duplicated)}")
    # File line of each data row: header is line 1. Rows with embedded newlines shift this,
    # which is rare in answer files and still points near the right place.
    frame["row"] = np.arange(2, len(frame) + 2)
    return frame


def _parser_line(message: str) -> int | None:
    words = message.replace(",", " ").split()
    for index, word in enumerate(words[:-1]):
        if word == "line" and words[index + 1].isdigit():
            return int(words[index + 1])
    return None


def count_xlsx_cells(data: bytes) -> int:
    """Cells (``<c ...>`` elements) in every worksheet of a workbook, counted in the unpacked bytes
    as they stream out of the zip: no XML is parsed, so 6 million cells are counted in about a second."""
    total = 0
    with ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            tail = b""
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    window = tail + chunk
                    total += window.count(b"<c ") + window.count(b"<c>") + window.count(b"<c/")
                    # Keep the last two bytes: a tag cut between chunks is counted in the next window,
                    # and one that was already counted cannot fit in two bytes.
                    tail = window[-2:]
    return total


def read_xlsx_table(data: bytes, name: str) -> pd.DataFrame:
    """The first sheet of an ``.xlsx`` workbook as a table of text, in this process; see
    :func:`read_table_bytes` (which parses in a child process)."""
    check_xlsx(data, name)
    return parse_xlsx_sheet(data, name)


def check_xlsx(data: bytes, name: str) -> None:
    """The cheap checks of a workbook, before any XML is parsed: a readable zip, its unpacked
    size (:data:`MAX_XLSX_UNPACKED_BYTES`) and its cells (:data:`MAX_XLSX_CELLS`)."""
    try:
        with ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except BadZipFile:
        raise _refuse(name, None, "not a readable .xlsx workbook (not a zip archive)") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        limit = MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)
        raise _refuse(
            name, None, f"the workbook would unpack to {unpacked / 1e6:.0f} MB (limit {limit} MB); save a CSV"
        )
    try:
        cells = count_xlsx_cells(data)
    except Exception as error:  # a damaged member (bad CRC, cut deflate stream)
        raise _refuse(name, None, f"not a readable .xlsx workbook ({type(error).__name__})") from None
    if cells > MAX_XLSX_CELLS:
        message = f"the workbook has {cells:,} cells; at most {MAX_XLSX_CELLS:,} are read: save it as CSV or split it"
        raise _refuse(name, None, message)


def parse_xlsx_sheet(data: bytes, name: str) -> pd.DataFrame:
    """The first sheet parsed with openpyxl, rows streamed; the read stops at :data:`MAX_XLSX_CELLS`
    cells or :data:`MAX_COLUMNS` header columns (a second guard behind :func:`check_xlsx`)."""
    from openpyxl import load_workbook

    row_number = 0
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            header: list[str] = []
            body: list[list[str]] = []
            cells = 0
            for row_number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
                cells += len(row)
                if row_number == 1:
                    header = [_cell_text(cell) for cell in row]
                    while header and header[-1] == "":
                        header.pop()
                    _check_size(name, len(header), 1, MAX_XLSX_CELLS)
                else:
                    body.append([_cell_text(cell) for cell in row[: len(header)]])
                if cells > MAX_XLSX_CELLS:
                    message = f"the sheet has more than {MAX_XLSX_CELLS:,} cells; save it as CSV or split it"
                    raise _refuse(name, row_number, message)
        finally:
            workbook.close()
    except InputError:
        raise
    except Exception as error:  # cut zips, broken XML, missing parts: all located here
        where = f" near row {row_number + 1}" if row_number else ""
        raise _refuse(name, None, f"not a readable .xlsx workbook{where} ({type(error).__name__})") from None
    if not header:
        raise _refuse(name, None, "the first sheet is empty")
    body = [values + [""] * (len(header) - len(values)) for values in body]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame["row"] = np.arange(2, len(frame) + 2)
    keep = (frame.drop(columns="row") != "").any(axis=1)
    return frame[keep].reset_index(drop=True)


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)  # as core.model.format_value
    return str(cell)
