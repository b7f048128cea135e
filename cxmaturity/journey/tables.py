"""CSV and XLSX import and export of the journey map, its drivers and barriers, the ratings and the KPI table.

Files have one header row of fixed English column ids (docs/journey.md lists them); columns may
come in any order. Every bad cell is reported with its file, line and column, all at once, and
nothing is returned from a file with errors. Exports are UTF-8 CSV with a byte-order mark, or
XLSX; a text that a spreadsheet would run as a formula gets a leading ``'`` (removed again on import).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cxmaturity.core.answers import FORMULA_PREFIXES, neutralise_formula
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.tables import read_table_bytes
from cxmaturity.journey.kpis import Kpi, kpi_errors, parse_number
from cxmaturity.journey.model import (
    JourneyMap,
    Link,
    Touchpoint,
    check_map,
    link_errors,
    located,
    new_key,
    touchpoint_errors,
)
from cxmaturity.journey.ratings import RATING_RANGES, Rating, rating_errors

MAP_COLUMNS = ("id", "stage", "order", "name", "channel", "owner", "moment_of_truth")
LINK_COLUMNS = ("kind", "from", "to", "text")
RATING_COLUMNS = ("touchpoint", "rater", *RATING_RANGES, "trigger")
KPI_COLUMNS = ("indicator", "aspect", "current", "target", "unit", "source", "owner", "frequency", "linked_to")
#: Upload limit of every journey file (a map of 1,000 touchpoints is far below it).
MAX_FILE_BYTES = 5 * 1024 * 1024

_YES = {"yes", "y", "true", "1", "x", "да", "д", "так", "т", "+"}
_NO = {"", "no", "n", "false", "0", "нет", "н", "ні", "-"}
_TRIGGER_WORDS = {
    "customer": "customer", "client": "customer", "клиент": "customer", "клієнт": "customer",
    "company": "company", "компания": "company", "компанія": "company",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One data row of a file: its line number and its cells by column id (text, stripped)."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        """The cell of ``column`` ("" when the column is absent)."""
        return self.cells.get(column, "")


def _unquote(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_PREFIXES and text[1:2] else text


def read_rows(
    data: bytes, name: str, columns: Sequence[str], required: Sequence[str], language: str = "en"
) -> list[Row]:
    """The rows of a CSV or XLSX file whose header uses only ``columns`` and has every ``required`` one.

    Raises :class:`InputError`: too large, unreadable, unknown or missing columns (line 1, named).
    """
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise InputError([located(name, None, "", "too_large", language, limit=limit)])
    frame = read_table_bytes(data, name)
    header = [str(column) for column in frame.columns if column != "row"]
    lowered = {column: column.strip().lower() for column in header}
    errors = [
        located(name, 1, column, "unknown_column", language, allowed=", ".join(columns))
        for column in header
        if lowered[column] not in columns
    ]
    errors += [
        located(name, 1, column, "missing_column", language) for column in required if column not in lowered.values()
    ]
    if errors:
        raise InputError(errors)
    records = frame.rename(columns=lowered).astype(str).to_dict("records")
    rows = []
    for record in records:
        cells = {str(key): _unquote(str(value).strip()) for key, value in record.items() if key != "row"}
        if any(cells.values()):
            rows.append(Row(int(record["row"]), cells))
    return rows


def _whole(row: Row, column: str, name: str, language: str, errors: list[LocatedError]) -> int | None:
    text = row.get(column)
    if not text:
        return None
    try:
        number = parse_number(text)
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        errors.append(located(name, row.line, column, "not_whole", language, value=text))
        return None
    return int(number)


def _flag(row: Row, column: str, name: str, language: str, errors: list[LocatedError]) -> bool:
    text = row.get(column).casefold()
    if text in _YES:
        return True
    if text not in _NO:
        errors.append(located(name, row.line, column, "not_yes_no", language, value=row.get(column)))
    return False


def _optional(text: str) -> str | None:
    return text or None


def _raise(errors: list[LocatedError]) -> None:
    if errors:
        raise InputError(sorted(errors, key=lambda e: (e.line or 0, e.field)))


# --- reading ---------------------------------------------------------------------------------------


def rows_from_records(records: Sequence[Mapping[str, object]]) -> list[Row]:
    """Rows of a table editor (a list of records, row 1 first) as :class:`Row` values, cells as text.

    None is an empty cell, True/False are yes/no and whole floats lose their ``.0``; the ``*_from_rows``
    functions then check them exactly as they check a file.
    """

    def text(value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    return [Row(line, {str(k): text(v) for k, v in record.items()}) for line, record in enumerate(records, start=1)]


def read_map(
    data: bytes, name: str, current: JourneyMap, language: str = "en", *, add_stages: bool = False
) -> JourneyMap:
    """Touchpoints from a CSV or XLSX file: :func:`map_from_rows` on the file's rows."""
    rows = read_rows(data, name, MAP_COLUMNS, ("stage", "name"), language)
    return map_from_rows(rows, name, current, language, add_stages=add_stages)


def map_from_rows(
    rows: Sequence[Row], name: str, current: JourneyMap, language: str = "en", *, add_stages: bool = False
) -> JourneyMap:
    """Touchpoints from rows, placed on the stages of ``current`` (whose drivers and barriers are kept
    when their touchpoints remain).

    A stage the map does not have is refused (located) unless ``add_stages`` adds it at the end. A row
    without an ``id`` takes the id of the touchpoint of ``current`` with the same stage and name (so its
    ratings stay), or a new one.
    """
    errors: list[LocatedError] = []
    stages = list(current.stages)
    known = {stage.casefold() for stage in stages}
    if add_stages:
        for row in rows:
            if row.get("stage") and row.get("stage").casefold() not in known:
                stages.append(row.get("stage"))
                known.add(row.get("stage").casefold())
    existing = {(p.stage.casefold(), p.name.casefold()): p.key for p in current.touchpoints}
    used = {row.get("id") for row in rows if row.get("id")}
    points = []
    for row in rows:
        key = row.get("id") or existing.get((row.get("stage").casefold(), row.get("name").casefold()))
        if not key or (not row.get("id") and key in used):
            key = new_key(used)
        used.add(key)
        order = _whole(row, "order", name, language, errors)
        points.append(
            Touchpoint(
                key=key,
                name=row.get("name"),
                stage=row.get("stage"),
                channel=_optional(row.get("channel")),
                owner=_optional(row.get("owner")),
                moment_of_truth=_flag(row, "moment_of_truth", name, language, errors),
                order=row.line if order is None else order,
            )
        )
    keys = {point.key for point in points}
    links = tuple(link for link in current.links if link.source in keys and link.target in keys)
    journey = JourneyMap(tuple(stages), tuple(points), links)
    errors += touchpoint_errors(journey, language, name, [row.line for row in rows])
    _raise(errors)
    return check_map(journey, language, name)  # stage names spelled as the map spells them


def read_links(data: bytes, name: str, journey: JourneyMap, language: str = "en") -> JourneyMap:
    """The map with its drivers and barriers replaced by those of a CSV or XLSX file (:func:`links_from_rows`)."""
    return links_from_rows(read_rows(data, name, LINK_COLUMNS, LINK_COLUMNS, language), name, journey, language)


def links_from_rows(rows: Sequence[Row], name: str, journey: JourneyMap, language: str = "en") -> JourneyMap:
    """The map with its drivers and barriers replaced by those of ``rows`` (``from``/``to``: touchpoint id or name)."""
    by_name: dict[str, list[str]] = {}
    for point in journey.touchpoints:
        by_name.setdefault(point.name.casefold(), []).append(point.key)
    keys = {point.key for point in journey.touchpoints}

    def key_of(text: str) -> str:
        found = by_name.get(text.casefold(), [])
        return text if text in keys or len(found) != 1 else found[0]

    links = tuple(
        Link(row.get("kind").casefold(), key_of(row.get("from")), key_of(row.get("to")), row.get("text"))
        for row in rows
    )
    located = [
        replace(error, file=name, line=rows[error.line - 1].line if error.line else None)
        for error in link_errors(replace(journey, links=links), language, name)
    ]
    _raise(located)
    return replace(journey, links=links)


def read_ratings(data: bytes, name: str, journey: JourneyMap, language: str = "en") -> tuple[Rating, ...]:
    """Ratings from a CSV or XLSX file (:func:`ratings_from_rows`)."""
    rows = read_rows(data, name, RATING_COLUMNS, ("touchpoint", "rater"), language)
    return ratings_from_rows(rows, name, journey, language)


def ratings_from_rows(rows: Sequence[Row], name: str, journey: JourneyMap, language: str = "en") -> tuple[Rating, ...]:
    """Ratings from rows; ``touchpoint`` is the touchpoint's id or its name (when unique in the map)."""
    by_name: dict[str, list[str]] = {}
    for point in journey.touchpoints:
        by_name.setdefault(point.name.casefold(), []).append(point.key)
    keys = {point.key for point in journey.touchpoints}
    errors: list[LocatedError] = []
    ratings = []
    for row in rows:
        text = row.get("touchpoint")
        found = by_name.get(text.casefold(), [])
        key = text if text in keys or len(found) != 1 else found[0]
        trigger_text = row.get("trigger")
        trigger = _TRIGGER_WORDS.get(trigger_text.casefold(), trigger_text) if trigger_text else None
        values = {field: _whole(row, field, name, language, errors) for field in RATING_RANGES}
        ratings.append(Rating(touchpoint=key, rater=row.get("rater"), trigger=trigger, **values))
    errors += rating_errors(ratings, journey, language, name, [row.line for row in rows])
    _raise(errors)
    return tuple(ratings)


def read_kpis(data: bytes, name: str, journey: JourneyMap | None = None, language: str = "en") -> tuple[Kpi, ...]:
    """The KPI table from a CSV or XLSX file (:func:`kpis_from_rows`)."""
    rows = read_rows(data, name, KPI_COLUMNS, ("indicator", "aspect"), language)
    return kpis_from_rows(rows, name, journey, language)


def kpis_from_rows(
    rows: Sequence[Row], name: str, journey: JourneyMap | None = None, language: str = "en"
) -> tuple[Kpi, ...]:
    """The KPI table from rows: numbers as people type them, every non-number and circular link located."""
    errors: list[LocatedError] = []
    table = []
    for row in rows:
        numbers: dict[str, float | None] = {}
        for field in ("current", "target"):
            try:
                numbers[field] = parse_number(row.get(field))
            except ValueError:
                errors.append(located(name, row.line, field, "not_a_number", language, value=row.get(field)))
                numbers[field] = None
        table.append(
            Kpi(
                name=row.get("indicator"),
                aspect=row.get("aspect").upper(),
                unit=_optional(row.get("unit")),
                source=_optional(row.get("source")),
                owner=_optional(row.get("owner")),
                frequency=_optional(row.get("frequency")),
                linked_to=_optional(row.get("linked_to")),
                **numbers,
            )
        )
    errors += kpi_errors(table, journey, language, name, [row.line for row in rows])
    _raise(errors)
    return tuple(table)


# --- writing ---------------------------------------------------------------------------------------


def map_table(journey: JourneyMap) -> list[list[Any]]:
    """The touchpoints as a table (header of :data:`MAP_COLUMNS`), in journey order."""
    return [
        list(MAP_COLUMNS),
        *(
            [p.key, p.stage, p.order, p.name, p.channel or "", p.owner or "", "yes" if p.moment_of_truth else "no"]
            for p in journey.ordered()
        ),
    ]


def links_table(journey: JourneyMap) -> list[list[Any]]:
    """The drivers and barriers as a table (header of :data:`LINK_COLUMNS`)."""
    return [list(LINK_COLUMNS), *([link.kind, link.source, link.target, link.text] for link in journey.links)]


def ratings_table(ratings: Sequence[Rating]) -> list[list[Any]]:
    """The ratings as a table (header of :data:`RATING_COLUMNS`); empty cells for fields not rated."""
    return [
        list(RATING_COLUMNS),
        *([r.touchpoint, r.rater, *(getattr(r, f) for f in RATING_RANGES), r.trigger or ""] for r in ratings),
    ]


def kpi_table(table: Sequence[Kpi]) -> list[list[Any]]:
    """The KPI table as a table (header of :data:`KPI_COLUMNS`); numbers stay numbers."""
    return [
        list(KPI_COLUMNS),
        *(
            [k.name, k.aspect, k.current, k.target, k.unit or "", k.source or "", k.owner or "",
             k.frequency or "", k.linked_to or ""]
            for k in table
        ),
    ]  # fmt: skip


def _cell(value: Any) -> Any:
    return neutralise_formula(value) if isinstance(value, str) else value


def to_csv(table: Sequence[Sequence[Any]]) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark (spreadsheets then read Cyrillic right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in table:
        writer.writerow(["" if cell is None else _cell(cell) for cell in line])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: Mapping[str, Sequence[Sequence[Any]]]) -> bytes:
    """Tables as one workbook, a sheet each (bold, frozen header); text is never stored as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, table in sheets.items():
        sheet = book.create_sheet("".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "sheet")
        for line in table:
            sheet.append([_cell(cell) for cell in line])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for line in sheet.iter_rows(min_row=1):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
