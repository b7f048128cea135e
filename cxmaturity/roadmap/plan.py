"""A roadmap with the consultant's progress on it: merged rows, and their CSV and XLSX exports.

The roadmap is regenerated whenever the scores change, while the consultant's
status, owner, due date, authority and notes are stored per action id. This module
merges the two (pure functions, no UI, no database) and writes the result as an
action plan a spreadsheet opens safely: every text cell that a spreadsheet would
run as a formula (``= + - @``, tab, CR) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxmaturity.core.answers import neutralise_formula
from cxmaturity.i18n import translate
from cxmaturity.roadmap.model import Action, Roadmap

if TYPE_CHECKING:  # only the record's shape is needed; importing storage would pull in the database
    from cxmaturity.roadmap.recommendations import RecommendationLibrary
    from cxmaturity.roadmap.schedule import Plan
    from cxmaturity.storage.records import ActionState

#: Status codes of an action, in the order a plan moves through them.
STATUSES: tuple[str, ...] = ("proposed", "planned", "in_progress", "done", "dropped")
#: Authority classes: the library's two plus the consultant's "not possible yet".
AUTHORITIES: tuple[str, ...] = ("own", "management", "not_possible")
#: Step of the unsupported-level warnings in rows (they come before step 1).
WARNING_STEP = "warning"


@dataclass(frozen=True)
class PlanRow:
    """One action of the plan: what the roadmap proposes plus what the consultant made of it.

    ``is_new``: the action appeared after the roadmap was first seen (scores changed)
    and nobody has edited it yet. ``kept``: the consultant edited it earlier and the
    regenerated roadmap no longer proposes it; it stays in the plan.
    """

    action_id: str
    step: int | str
    title: str
    description: str
    why: str
    level: str | None
    aspect: str | None
    authority: str
    effort: str
    impact: str
    role: str
    metric: str
    horizon_days: int | None
    status: str = "proposed"
    owner: str | None = None
    due_date: dt.date | None = None
    notes: str | None = None
    edited: bool = False
    is_new: bool = False
    kept: bool = False
    #: the consultant's choice: True in the plan, False among "more options", None the default
    in_plan: bool | None = None
    start_date: dt.date | None = None


def _step_of(roadmap: Roadmap, action: Action) -> int | str:
    return WARNING_STEP if action in roadmap.warnings else action.step


def unique_actions(roadmap: Roadmap) -> list[tuple[int | str, Action]]:
    """(step, action) for every action of the roadmap, the first occurrence of each id only."""
    seen: set[str] = set()
    found: list[tuple[int | str, Action]] = []
    for action in roadmap.all_actions():
        if action.id not in seen:
            seen.add(action.id)
            found.append((_step_of(roadmap, action), action))
    return found


def plan_rows(
    roadmap: Roadmap, states: Mapping[str, ActionState], library: RecommendationLibrary | None = None
) -> list[PlanRow]:
    """The roadmap's actions merged with their saved states, then edited actions no longer proposed.

    A kept action takes its title from the library in the roadmap's language when the
    library still has it, else the title saved with the edit.
    """
    rows: list[PlanRow] = []
    for step, action in unique_actions(roadmap):
        state = states.get(action.id)
        rows.append(
            PlanRow(
                action_id=action.id,
                step=step,
                title=action.title,
                description=action.description,
                why=action.why,
                level=action.level,
                aspect=action.aspect,
                authority=(state.authority if state is not None and state.authority else action.authority),
                effort=action.effort,
                impact=action.impact,
                role=action.owner,
                metric=action.metric,
                horizon_days=action.horizon_days,
                status=state.status if state is not None else "proposed",
                owner=state.owner if state is not None else None,
                due_date=state.due_date if state is not None else None,
                notes=state.notes if state is not None else None,
                edited=bool(state is not None and state.edited),
                is_new=bool(state is not None and state.is_new and not state.edited),
                in_plan=state.in_plan if state is not None else None,
                start_date=state.start_date if state is not None else None,
            )
        )
    proposed = {row.action_id for row in rows}
    recs = {rec.id: rec for rec in library.actions} if library is not None else {}
    for action_id, state in states.items():
        if action_id in proposed or not state.edited:
            continue
        rec = recs.get(action_id)
        lang = roadmap.language
        rows.append(
            PlanRow(
                action_id=action_id,
                step=rec.step if rec is not None else (state.step or WARNING_STEP),
                title=rec.title.get(lang) if rec is not None else (state.title or action_id),
                description=rec.description.get(lang) if rec is not None else "",
                why="",
                level=None,
                aspect=None,
                authority=state.authority or (rec.authority if rec is not None else "own"),
                effort=rec.effort if rec is not None else "",
                impact=rec.impact if rec is not None else "",
                role=library.roles[rec.owner].get(lang) if rec is not None and library is not None else "",
                metric=library.metrics[rec.metric].get(lang) if rec is not None and library is not None else "",
                horizon_days=rec.horizon_days if rec is not None else None,
                status=state.status,
                owner=state.owner,
                due_date=state.due_date,
                notes=state.notes,
                edited=True,
                kept=True,
                in_plan=state.in_plan,
                start_date=state.start_date,
            )
        )
    return rows


def states_to_record(roadmap: Roadmap, states: Mapping[str, ActionState]) -> list[tuple[Action, bool]]:
    """The actions without a saved state, each with whether it is new since the roadmap was last seen.

    The first time a roadmap is seen (no states at all) nothing is new: every action is the
    baseline. Afterwards an action without a state appeared since, because the scores changed.
    """
    first_visit = not states
    return [(action, not first_visit) for _step, action in unique_actions(roadmap) if action.id not in states]


# --- exports --------------------------------------------------------------------------------------

_COLUMNS: tuple[str, ...] = (
    "step",
    "id",
    "title",
    "in_plan",
    "description",
    "why",
    "level",
    "aspect",
    "authority",
    "effort",
    "impact",
    "role",
    "metric",
    "horizon_days",
    "status",
    "owner",
    "start_date",
    "due_date",
    "notes",
    "flag",
)


def _label(prefix: str, code: str, lang: str) -> str:
    key = f"{prefix}.{code}"
    text = translate(key, lang)
    return code if text == key else text


#: Column titles shared with the page's plan table and the PDF (one term per concept).
_SHARED_TITLES = {"in_plan": "deliverable.export.in_plan", "start_date": "deliverable.export.start_date"}


def _column_title(column: str, lang: str) -> str:
    return translate(_SHARED_TITLES.get(column, f"roadmap_page.export.{column}"), lang)


def export_table(
    rows: Sequence[PlanRow], lang: str, titles: Mapping[str, str] | None = None, plan: Plan | None = None
) -> list[list[Any]]:
    """The header and one list of cells per row, labels in ``lang``, text cells neutralised.

    ``titles`` maps level and aspect ids to their names (ids are written otherwise). ``plan``: the
    plan built from these rows (:func:`cxmaturity.roadmap.schedule.build_plan`; built from today when
    None). An action in the plan carries its computed start and due dates, as the Gantt chart and the
    PDF show them; an action left among "more options" carries the due date the consultant set, if any.
    Numbers stay numbers and dates stay dates, so a spreadsheet can sort and filter them.
    """
    if plan is None:
        from cxmaturity.roadmap.schedule import build_plan  # schedule builds on this module

        plan = build_plan(rows, dt.date.today())
    planned = {action.row.action_id: action for action in plan.actions}
    yes, no = translate("deliverable.table.yes", lang), translate("report_ws.table.no", lang)
    names = titles or {}
    table: list[list[Any]] = [[_column_title(column, lang) for column in _COLUMNS]]
    for row in rows:
        timed = planned.get(row.action_id)
        step = (
            translate("roadmap_page.step.warning", lang)
            if row.step == WARNING_STEP
            else translate("roadmap_page.step.next", lang)
            if row.step == "next"
            else row.step
        )
        flag = "kept" if row.kept else "new" if row.is_new else "edited" if row.edited else ""
        cells: list[Any] = [
            step,
            row.action_id,
            row.title,
            yes if timed is not None else no,
            row.description,
            row.why,
            names.get(row.level or "", row.level or ""),
            names.get(row.aspect or "", row.aspect or ""),
            _label("roadmap.authority", row.authority, lang),
            _label("roadmap.effort", row.effort, lang) if row.effort else "",
            _label("roadmap.impact", row.impact, lang) if row.impact else "",
            row.role,
            row.metric,
            row.horizon_days,
            _label("roadmap_page.status", row.status, lang),
            row.owner or "",
            timed.start if timed is not None else None,
            timed.due if timed is not None else row.due_date,
            row.notes or "",
            _label("roadmap_page.flag", flag, lang) if flag else "",
        ]
        table.append(cells)
    return [[neutralise_formula(cell) if isinstance(cell, str) else cell for cell in line] for line in table]


def roadmap_csv(
    rows: Sequence[PlanRow], lang: str, titles: Mapping[str, str] | None = None, plan: Plan | None = None
) -> bytes:
    """The plan as UTF-8 CSV with a byte-order mark (so spreadsheets read Cyrillic right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in export_table(rows, lang, titles, plan):
        writer.writerow(
            ["" if cell is None else cell.isoformat() if isinstance(cell, dt.date) else cell for cell in line]
        )
    return buffer.getvalue().encode("utf-8-sig")


def roadmap_xlsx(
    rows: Sequence[PlanRow],
    lang: str,
    titles: Mapping[str, str] | None = None,
    sheet: str | None = None,
    plan: Plan | None = None,
) -> bytes:
    """The plan as an XLSX workbook: a bold, frozen header, wrapped long texts, real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    # Sheet names cannot hold []:*?/\ and are limited to 31 characters.
    name = sheet or translate("roadmap_page.export.sheet", lang)
    ws.title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Roadmap"
    for line in export_table(rows, lang, titles, plan):
        ws.append(line)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    widths = {
        "step": 10,
        "id": 28,
        "title": 40,
        "in_plan": 10,
        "description": 60,
        "why": 60,
        "authority": 24,
        "role": 22,
        "metric": 22,
        "status": 14,
        "owner": 18,
        "start_date": 12,
        "due_date": 12,
        "notes": 40,
    }
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(_COLUMNS.index(column) + 1)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                # openpyxl would otherwise store a text starting with "=" as a formula.
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def titles_of(questionnaire: Any, lang: str) -> dict[str, str]:
    """Level and aspect names by id in ``lang`` (for the export's level and aspect columns)."""
    names = {level.id: level.title.get(lang) for level in questionnaire.levels}
    names.update({aspect.id: aspect.title.get(lang) for aspect in questionnaire.aspects})
    return names


def flags(rows: Iterable[PlanRow]) -> dict[str, int]:
    """How many rows are new, kept and edited (for a summary line)."""
    found = {"new": 0, "kept": 0, "edited": 0}
    for row in rows:
        for name in found:
            if getattr(row, "is_new" if name == "new" else name):
                found[name] += 1
    return found
