"""Results and raw answers (with notes and evidence) as CSV and XLSX tables.

Every text cell that a spreadsheet would run as a formula (starting with = + - @, a
tab or a carriage return) gets a leading ``'`` (:func:`cxmaturity.core.answers.neutralise_formula`):
respondents' notes and labels come from outside and must never execute. Headers
and sheet names come from the catalogue in the chosen language; scores are rounded
to two decimals.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxmaturity.core.answers import neutralise_formula
from cxmaturity.core.model import Answer, Questionnaire, ScoreCard, SetScore
from cxmaturity.i18n import translate
from cxmaturity.workspace.perception import agreement_of, visible_groups

if TYPE_CHECKING:
    from cxmaturity.storage import EvidenceRecord, Store

Cell = str | float | int | None


@dataclass(frozen=True)
class ExportTable:
    """One sheet: ``name`` (stable id, also the CSV file stem), translated ``title`` and ``header``, rows."""

    name: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _table(name: str, lang: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> ExportTable:
    header = tuple(translate(f"workspace.export.col.{column}", lang) for column in columns)
    return ExportTable(name, translate(f"workspace.export.sheet.{name}", lang), header, tuple(map(tuple, rows)))


def _stats(score: SetScore, lang: str) -> list[Cell]:
    agreement = agreement_of(score.stdev)
    return [
        _round(score.score), score.n, _round(score.median), _round(score.min), _round(score.max),
        _round(score.stdev), translate(f"workspace.agreement.{agreement}", lang) if agreement else None,
        _round(score.target), _round(score.gap),
    ]  # fmt: skip


_STATS = ("score", "n", "median", "min", "max", "stdev", "agreement", "target", "gap")


def results_tables(
    questionnaire: Questionnaire, card: ScoreCard, lang: str, *, min_group_size: int = 1
) -> list[ExportTable]:
    """Levels, aspects, cells and groups (groups below ``min_group_size`` left out) as tables."""
    levels = [
        [level.id, level.title.get(lang), *_stats(card.levels[level.id], lang), _round(card.levels[level.id].priority)]
        for level in questionnaire.levels
    ]
    aspects = [
        [aspect.id, aspect.title.get(lang), *_stats(card.aspects[aspect.id], lang)] for aspect in questionnaire.aspects
    ]
    cells = [
        [level.id, aspect.id, _round(s.score), s.n, _round(s.stdev)]
        for level in questionnaire.levels
        for aspect in questionnaire.aspects
        if (s := card.cells[(level.id, aspect.id)]) is not None
    ]
    groups: list[list[Cell]] = []
    for name, group in visible_groups(card, min_group_size).items():
        for section, items in (("level", questionnaire.levels), ("aspect", questionnaire.aspects)):
            scores = group.levels if section == "level" else group.aspects
            for item in items:
                found = scores[item.id]
                groups.append(
                    [name, translate(f"workspace.section.{section}", lang), item.id, item.title.get(lang),
                     _round(found.score), found.n, _round(found.stdev)]
                )  # fmt: skip
    return [
        _table("levels", lang, ("id", "title", *_STATS, "priority"), levels),
        _table("aspects", lang, ("id", "title", *_STATS), aspects),
        _table("cells", lang, ("level", "aspect", "score", "n", "stdev"), cells),
        _table("groups", lang, ("group", "section", "id", "title", "score", "n", "stdev"), groups),
    ]


def answers_tables(
    questionnaire: Questionnaire, answers: Sequence[Answer], evidence: Mapping[str, EvidenceRecord], lang: str
) -> list[ExportTable]:
    """Raw answers with notes (one row per answer) and the evidence (one row per question with evidence)."""
    texts = {q.id: q.text.get(lang) for q in questionnaire.questions}
    rows = [
        [a.respondent, a.group, a.question, texts.get(a.question), a.code(), a.note]
        for a in answers
    ]  # fmt: skip
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    found = sorted(evidence.values(), key=lambda e: order.get(e.question_id, len(order)))
    evidence_rows = [
        [e.question_id, texts.get(e.question_id), e.text, e.link, e.value, e.rationale, e.updated_at.isoformat()]
        for e in found
    ]
    return [
        _table("answers", lang, ("respondent", "group", "question", "question_text", "value", "note"), rows),
        _table(
            "evidence",
            lang,
            ("question", "question_text", "text", "link", "assessed_value", "rationale", "updated_at"),
            evidence_rows,
        ),
    ]


def _safe(cell: Cell) -> Cell:
    return neutralise_formula(cell) if isinstance(cell, str) else cell


def to_csv(table: ExportTable) -> str:
    """One table as CSV text (RFC 4180 line ends; header row first; empty cells for None)."""
    buffer = io.StringIO()
    # "\r\n" line ends: the writer then quotes cells holding a lone "\r", which "\n" ends would not.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow(["" if cell is None else _safe(cell) for cell in row])
    return buffer.getvalue()


def to_csv_files(tables: Sequence[ExportTable]) -> dict[str, bytes]:
    """``{"<name>.csv": UTF-8 bytes with BOM}`` (the BOM makes Excel read Cyrillic correctly)."""
    return {f"{table.name}.csv": to_csv(table).encode("utf-8-sig") for table in tables}


def to_zip(tables: Sequence[ExportTable]) -> bytes:
    """The tables as a ZIP archive of CSV files (see :func:`to_csv_files`), compressed."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in to_csv_files(tables).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique names.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "sheet"
    candidate, number = clean, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.casefold())
    return candidate


#: Widths of XLSX columns, in characters: wide enough for the longest cell, within these bounds.
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 8, 60
#: Number formats of XLSX cells: scores with up to two decimals, counts as whole numbers.
DECIMAL_FORMAT, WHOLE_FORMAT = "0.0#", "0"


def column_widths(table: ExportTable) -> list[float]:
    """Each column's width in characters: its longest line (header or cell) plus a margin, within bounds."""

    def length(cell: Cell) -> int:
        if cell is None:
            return 0
        text = f"{cell:.2f}" if isinstance(cell, float) else str(_safe(cell))
        return max((len(line) for line in text.splitlines()), default=0)

    widths = []
    for index, header in enumerate(table.header):
        longest = max([length(header), *(length(row[index]) for row in table.rows if index < len(row))])
        widths.append(float(min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, longest + 2))))
    return widths


def number_format(cell: Cell) -> str | None:
    """The XLSX number format of a cell: decimals for scores, whole numbers for counts, none for text."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    return WHOLE_FORMAT if isinstance(cell, int) else DECIMAL_FORMAT


def to_xlsx(tables: Sequence[ExportTable]) -> bytes:
    """All tables as one workbook, a sheet per table: header row bold and frozen, columns as wide as their
    content (up to :data:`MAX_COLUMN_WIDTH`), scores with two decimals at most and counts as whole numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.freeze_panes = "A2"
        widths = column_widths(table)
        # A write-only sheet takes its column widths before the first row.
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for text in table.header:
            cell = WriteOnlyCell(sheet, value=_safe(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=_safe(value))
                found = number_format(value)
                if found is not None:
                    cell.number_format = found
                elif isinstance(value, str) and index < len(widths) and len(value) > widths[index]:
                    cell.alignment = wrapped  # a long note wraps inside its column instead of running on
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def journey_export_tables(store: Store, assessment_id: int, lang: str) -> list[ExportTable]:
    """The journey map, drivers and barriers, ratings, measured figures and KPI table (those not empty), one
    sheet each; none for an assessment without a journey.

    Their headers are the column ids of docs/journey.md, so a sheet saved on its own imports again.
    """
    from cxmaturity.journey import stored
    from cxmaturity.journey.figures import figures_table
    from cxmaturity.journey.tables import kpi_table, links_table, map_table, ratings_table

    journey = stored.load_map(store, assessment_id)
    ratings, kpis = stored.load_ratings(store, assessment_id), stored.load_kpis(store, assessment_id)
    figures = stored.load_figures(store, assessment_id)
    found = [
        ("journey_map", map_table(journey), journey.touchpoints, "journey.export.journey_map"),
        ("journey_links", links_table(journey), journey.links, "journey.export.journey_links"),
        ("journey_ratings", ratings_table(ratings), ratings, "journey.export.journey_ratings"),
        ("journey_figures", figures_table(figures), figures, "journey_ui2.export.journey_figures"),
        ("journey_kpis", kpi_table(kpis), kpis, "journey.export.journey_kpis"),
    ]
    return [
        ExportTable(name, translate(title, lang), tuple(table[0]), tuple(map(tuple, table[1:])))
        for name, table, content, title in found
        if content
    ]


def export_assessment(store: Store, assessment_id: int, lang: str, source: str | None = None) -> list[ExportTable]:
    """Every table of a stored assessment: results (as its settings score them), answers, evidence, journey."""
    from cxmaturity.workspace.evidence import score_assessment

    results = score_assessment(store, assessment_id, source)
    return [
        *results_tables(results.questionnaire, results.card, lang, min_group_size=results.min_group_size),
        *answers_tables(
            results.questionnaire, store.load_answers(assessment_id), store.load_evidence(assessment_id), lang
        ),
        *journey_export_tables(store, assessment_id, lang),
    ]
