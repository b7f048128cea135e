"""The journey map's editors: the starter map, the stages, the touchpoints, the drivers and barriers.

Every table is edited in place and saved as soon as it is valid (so a refresh, a closed tab or a
restarted server loses nothing that was accepted). A table with a problem is not saved: each
problem is listed under it with its row and column, and the typed values stay in the editor to be
corrected. Editors are keyed by a digest of the stored data, so after a save they start afresh
from what the database holds. Checks are the journey wing's (:mod:`cxmaturity.journey`), access
is the store's: a reader sees the tables, only an editor may change them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from cxmaturity.files.errors import InputError
from cxmaturity.journey import stored
from cxmaturity.journey.model import LINK_KINDS, STAGE_PRESETS, JourneyMap, preset_stages, set_stages
from cxmaturity.journey.starter import STARTERS
from cxmaturity.journey.tables import MAP_COLUMNS, links_from_rows, map_from_rows, rows_from_records
from cxmaturity.storage import AssessmentRecord, StorageError
from cxmaturity.ui.context import error_text, get_store, located_message, t
from cxmaturity.ui.shell import plain

FLASH = "journey_ui.flash"
#: What an empty cell shows: nothing. Streamlit's own placeholder is the English word "None", on every page.
EMPTY_CELL = ""


def digest(*values: object) -> str:
    """A short name of stored content: an editor keyed by it starts afresh whenever the content changes."""
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:12]


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """An editor's rows as plain records (missing cells as None), row 1 first."""
    cleaned = frame.astype(object).where(pd.notna(frame), None)
    return [dict(record) for record in cleaned.to_dict("records")]


def table_height(rows: int, dynamic: bool = False) -> int:
    """Pixels for a table showing every row up to 20; beyond, it scrolls.

    An editor that can grow gets room for three more rows, so a row added does not scroll the table
    under the pointer.
    """
    shown = min(rows + (4 if dynamic else 0), 20)
    return 36 * (shown + 1) + 3


def edited_records(
    frame: pd.DataFrame,
    key: str,
    config: Mapping[str, Any],
    editable: bool,
    dynamic: bool = True,
    column_order: Sequence[str] | None = None,
) -> list[dict[str, Any]] | None:
    """A table editor over ``frame`` (locked for a reader); its rows when an editor changed them, else None."""
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic" if editable and dynamic else "fixed",
        height=table_height(len(frame), editable and dynamic),
        column_order=column_order,
        disabled=not editable,
        hide_index=True,
        column_config=dict(config),
        width="stretch",
        placeholder=EMPTY_CELL,
    )
    if not editable:
        return None
    records = records_of(edited)
    return None if records == records_of(frame) else records


def flash(kind: str, text: str) -> None:
    """Show ``text`` once at the top of the next run (``success``, ``warning`` or ``error``)."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """The message a save left for this run, if any."""
    # A container on every run, message or not: the tabs below keep their place, so the tab the
    # user was working in stays open (an element appearing above them would reset them to the first).
    slot = st.container()
    found = st.session_state.pop(FLASH, None)
    if found is not None:
        getattr(slot, found[0])(plain(found[1]))


def show_problems(error: InputError, table: str, labels: Mapping[str, str], in_file: bool = False) -> None:
    """Every problem of a table, one line each: where (row and column as the editor names them, or the
    file's line and column), then what to do. The journey wing writes its messages in the reader's language.
    """
    lines = []
    for problem in error.errors:
        column = labels.get(problem.field, problem.field)
        if in_file:
            where = t("journey_ui.problem_in_file", file=problem.file, line=problem.line or "—", column=column or "—")
        elif problem.line is not None and column:
            where = t("journey_ui.problem_at", row=problem.line, column=column)
        elif problem.line is not None:
            where = t("journey_ui.problem_row", row=problem.line)
        else:
            where = column
        # A file's own problems (unreadable, too large) carry a catalogue key; the journey wing's are translated.
        message = located_message(problem) if problem.key else problem.message
        lines.append(f"- {plain(where)}: {plain(message)}")
    heading = t("journey_ui.not_imported", file=table) if in_file else t("journey_ui.not_saved", table=table)
    st.error(heading + "\n\n" + "\n".join(lines))


def save_or_explain(save: Callable[[], object], table: str, labels: Mapping[str, str], in_file: bool = False) -> bool:
    """Run ``save``; on a refusal list its problems (located) or say why it failed. True when saved."""
    try:
        save()
    except InputError as error:
        show_problems(error, table, labels, in_file)
        return False
    except (StorageError, ValueError, LookupError) as error:
        st.error(t("journey_ui.save_failed", message=error_text(error)))
        return False
    return True


# --- starting a map ---------------------------------------------------------------------------------


def _start(record_id: int, kind: str, language: str) -> None:
    try:
        stored.use_starter(get_store(), record_id, kind, language)
    except (InputError, StorageError, ValueError) as error:
        flash("error", error_text(error))
        return
    flash("success", t("journey_ui.start.done", name=t(f"journey.starter.{kind}")))


def _start_empty(record_id: int, preset: str, language: str) -> None:
    journey = JourneyMap(preset_stages(preset, language))
    try:
        stored.save_map(get_store(), record_id, journey, language)
    except (InputError, StorageError, ValueError) as error:
        flash("error", error_text(error))
        return
    flash("success", t("journey_ui.start.empty_done"))


def starter(record: AssessmentRecord, journey: JourneyMap, language: str, editable: bool) -> None:
    """For a map without touchpoints: start from the B2C or B2B starter map, or from empty stages."""
    st.info(t("journey_ui.start.intro"))
    if not editable:
        return
    columns = st.columns(len(STARTERS))
    for column, kind in zip(columns, STARTERS, strict=True):
        column.button(
            t("journey_ui.start.use", name=t(f"journey.starter.{kind}")),
            key=f"journey_ui.start.{kind}",
            on_click=_start,
            args=(record.id, kind, language),
            width="stretch",
        )
    if journey.stages:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    preset = left.selectbox(
        t("journey_ui.start.preset"),
        list(STAGE_PRESETS),
        format_func=lambda code: t(f"journey.preset.{code}"),
        key="journey_ui.start.preset",
    )
    right.button(
        t("journey_ui.start.empty"),
        key="journey_ui.start.empty",
        on_click=_start_empty,
        args=(record.id, preset, language),
        width="stretch",
    )


# --- stages ------------------------------------------------------------------------------------------


def stage_editor(record: AssessmentRecord, journey: JourneyMap, language: str, editable: bool) -> None:
    """The stages in order: rename a row to rename the stage (its touchpoints follow), add or delete rows."""
    st.markdown(f"#### {t('journey_ui.stages.heading')}")
    st.caption(t("journey_ui.stages.help"))
    key = f"journey_ui.stages.{digest(journey.stages)}"
    frame = pd.DataFrame({"stage": list(journey.stages)}, dtype=object)
    label = t("journey_ui.col.stage")
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic" if editable else "fixed",
        disabled=not editable,
        hide_index=True,
        column_config={"stage": st.column_config.TextColumn(label, max_chars=200)},
        width="stretch",
        placeholder=EMPTY_CELL,
    )
    if not editable:
        return
    rows = [str(value or "").strip() for value in edited["stage"].tolist()]
    if rows == list(journey.stages):
        return
    changes = st.session_state.get(key) or {}
    renamed = {
        journey.stages[index]: str(values.get("stage") or "")
        for index, values in (changes.get("edited_rows") or {}).items()
        if int(index) < len(journey.stages) and int(index) not in set(changes.get("deleted_rows") or [])
    }
    stages = [row for row in rows if row]

    def save() -> None:
        changed = set_stages(journey, stages, renamed, language, source=t("journey_ui.stages.heading"))
        stored.save_map(get_store(), record.id, changed, language)

    if save_or_explain(save, t("journey_ui.stages.heading"), {"stage": label, "stages": label}):
        flash("success", t("journey_ui.saved"))
        st.rerun()


# --- touchpoints -------------------------------------------------------------------------------------


def touchpoint_labels() -> dict[str, str]:
    """The touchpoint table's column ids and the names the editor shows."""
    return {column: t(f"journey_ui.col.{column}") for column in MAP_COLUMNS}


def touchpoint_frame(journey: JourneyMap) -> pd.DataFrame:
    """The touchpoints in journey order, one row each (the columns of the map file)."""
    rows = [
        {"id": p.key, "stage": p.stage, "order": p.order, "name": p.name, "channel": p.channel or "",
         "owner": p.owner or "", "moment_of_truth": p.moment_of_truth}
        for p in journey.ordered()
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(MAP_COLUMNS))
    frame["moment_of_truth"] = frame["moment_of_truth"].astype(bool)
    return frame


def _save_map(record_id: int, changed: JourneyMap, language: str) -> None:
    removed = stored.save_map(get_store(), record_id, changed, language)
    flash("success", t("journey_ui.saved_removed", count=removed) if removed else t("journey_ui.saved"))


def touchpoint_editor(record: AssessmentRecord, journey: JourneyMap, language: str, editable: bool) -> None:
    """The touchpoints: stage, order within the stage, name, channel, owner, moment of truth.

    Deleting touchpoints that carry ratings or measured figures asks first (they go with them).
    """
    st.markdown(f"#### {t('journey_ui.touchpoints.heading')}")
    st.caption(t("journey_ui.touchpoints.help"))
    labels = touchpoint_labels()
    frame = touchpoint_frame(journey)
    config = {
        "id": st.column_config.TextColumn(labels["id"], disabled=True, help=t("journey_ui.col.id_help")),
        "stage": st.column_config.SelectboxColumn(labels["stage"], options=list(journey.stages), required=True),
        "order": st.column_config.NumberColumn(labels["order"], min_value=1, step=1, format="%d"),
        "name": st.column_config.TextColumn(labels["name"], max_chars=200, required=True),
        "channel": st.column_config.TextColumn(labels["channel"], max_chars=200),
        "owner": st.column_config.TextColumn(labels["owner"], max_chars=200),
        "moment_of_truth": st.column_config.CheckboxColumn(labels["moment_of_truth"], default=False),
    }
    # The id last: people read the name first.
    order = [*MAP_COLUMNS[1:], MAP_COLUMNS[0]]
    records = edited_records(frame, f"journey_ui.touchpoints.{digest(journey)}", config, editable, column_order=order)
    if records is None:
        return
    table = t("journey_ui.touchpoints.heading")
    changed: list[JourneyMap] = []

    def check() -> None:
        changed.append(map_from_rows(rows_from_records(records), table, journey, language))

    if not save_or_explain(check, table, labels):
        return
    lost = stored.ratings_lost(get_store(), record.id, changed[0])
    figures = stored.figures_lost(get_store(), record.id, changed[0])
    if lost or figures:
        if lost:
            st.warning(t("journey_ui.touchpoints.confirm_delete", count=lost))
        if figures:
            st.warning(t("journey_ui2.touchpoints.figures_go", count=figures))
        st.button(
            t("journey_ui.touchpoints.confirm_button", count=lost)
            if lost
            else t("journey_ui2.touchpoints.confirm_figures", count=figures),
            key="journey_ui.touchpoints.confirm",
            on_click=_save_map,
            args=(record.id, changed[0], language),
            type="primary",
        )
        return
    if save_or_explain(lambda: _save_map(record.id, changed[0], language), table, labels):
        st.rerun()


# --- drivers and barriers ---------------------------------------------------------------------------


def touchpoint_choices(journey: JourneyMap, positions: Mapping[str, int]) -> dict[str, str]:
    """Each touchpoint's label in a picker ("3. Payment · Buy") by key, in journey order."""
    return {p.key: f"{positions.get(p.key, 0)}. {p.name} · {p.stage}" for p in journey.ordered()}


def link_editor(
    record: AssessmentRecord, journey: JourneyMap, positions: Mapping[str, int], language: str, editable: bool
) -> None:
    """The drivers that move the customer on and the barriers that hold them back, between two touchpoints."""
    st.markdown(f"#### {t('journey_ui.links.heading')}")
    st.caption(t("journey_ui.links.help"))
    choices = touchpoint_choices(journey, positions)
    keys = {label: key for key, label in choices.items()}
    kinds = {t(f"journey.link.{kind}"): kind for kind in LINK_KINDS}
    kind_names = {kind: label for label, kind in kinds.items()}
    frame = pd.DataFrame(
        [{"kind": kind_names.get(link.kind, link.kind), "from": choices.get(link.source, link.source),
          "to": choices.get(link.target, link.target), "text": link.text} for link in journey.links],
        columns=["kind", "from", "to", "text"],
    )  # fmt: skip
    labels = {column: t(f"journey_ui.col.link_{column}") for column in ("kind", "from", "to", "text")}
    config = {
        "kind": st.column_config.SelectboxColumn(labels["kind"], options=list(kinds), required=True),
        "from": st.column_config.SelectboxColumn(labels["from"], options=list(keys), required=True),
        "to": st.column_config.SelectboxColumn(labels["to"], options=list(keys), required=True),
        "text": st.column_config.TextColumn(labels["text"], max_chars=200, required=True),
    }
    records = edited_records(frame, f"journey_ui.links.{digest(journey)}", config, editable)
    if records is None:
        return
    converted = [
        {"kind": kinds.get(str(r["kind"] or ""), r["kind"] or ""), "from": keys.get(str(r["from"] or ""), r["from"]),
         "to": keys.get(str(r["to"] or ""), r["to"]), "text": r["text"]}
        for r in records
    ]  # fmt: skip
    table = t("journey_ui.links.heading")

    def save() -> None:
        changed = links_from_rows(rows_from_records(converted), table, journey, language)
        stored.save_map(get_store(), record.id, changed, language)

    if save_or_explain(save, table, labels):
        flash("success", t("journey_ui.saved"))
        st.rerun()


def map_section(record: AssessmentRecord, journey: JourneyMap, positions: Mapping[str, int], language: str,
                editable: bool) -> None:  # fmt: skip
    """The map tab: a starter when it is empty, then the stages, the touchpoints, drivers and barriers."""
    if not journey.touchpoints:
        starter(record, journey, language, editable)
    if journey.stages:
        stage_editor(record, journey, language, editable)
        touchpoint_editor(record, journey, language, editable)
    if journey.touchpoints:
        link_editor(record, journey, positions, language, editable)
