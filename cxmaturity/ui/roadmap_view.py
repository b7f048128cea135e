"""The Roadmap page: the five steps, a timeline, per-action progress and the plan's export.

The roadmap is regenerated from the current scores on every visit (about a millisecond);
the consultant's entries live in the database per action id (``Store.save_action_state``)
and are merged in by :func:`cxmaturity.roadmap.plan.plan_rows`, so they survive new scores.
Widget keys start with ``roadmap.`` so tests can drive them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from cxmaturity.auth import Access
from cxmaturity.charts.roadmap_timeline import step_name, timeline_figure
from cxmaturity.core.model import Questionnaire
from cxmaturity.core.registry import shipped_ref
from cxmaturity.i18n import format_date
from cxmaturity.journey.stored import load_summary
from cxmaturity.journey.summary import TouchpointProblem, fix_first_problem
from cxmaturity.roadmap.engine import Action, Roadmap, build_roadmap
from cxmaturity.roadmap.method import LibraryChoice, roadmap_library
from cxmaturity.roadmap.plan import (
    AUTHORITIES,
    STATUSES,
    WARNING_STEP,
    PlanRow,
    plan_rows,
    roadmap_csv,
    roadmap_xlsx,
    states_to_record,
    titles_of,
    unique_actions,
)
from cxmaturity.roadmap.recommendations import RecommendationLibrary
from cxmaturity.roadmap.schedule import Plan, build_plan, next_summary
from cxmaturity.storage import AssessmentRecord
from cxmaturity.storage.records import ActionState
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import Results, error_text, get_store, may_edit, t
from cxmaturity.ui.shell import plain, show_table

PICK_KEY = "roadmap.edit.action"
SAVE_KEY = "roadmap.edit.save"
ACK_KEY = "roadmap.new.ack"
_FLASH = "roadmap.flash"


def field_key(field: str, action_id: str) -> str:
    """Widget key of one field (status, owner, due, authority, notes) of one action's editor."""
    return f"roadmap.edit.{field}.{action_id}"


@st.cache_resource(show_spinner=False)
def _library(questionnaire_id: str, questionnaire_hash: str, _questionnaire: Questionnaire) -> LibraryChoice:
    # Keyed by the snapshot's hash: the library is checked against the questionnaire the assessment uses.
    # Never fails: a questionnaire without (usable) advice of its own gets the method library alone.
    # An assessment started with an earlier shipped version (cx-pyramid@1.0.0) gets that version's library.
    return roadmap_library(shipped_ref(questionnaire_id, _questionnaire.version), _questionnaire)


def preload_library(questionnaire_id: str, questionnaire_hash: str, questionnaire: Questionnaire) -> None:
    """Read a questionnaire's library into the cache :func:`library_of` uses (``ui/warm_up.py``, once per process)."""
    _library(questionnaire_id, questionnaire_hash, questionnaire)


def library_of(record: AssessmentRecord, questionnaire: Questionnaire) -> RecommendationLibrary:
    """The library the assessment's roadmap is built from: its questionnaire's own merged onto the method library."""
    return _library(record.questionnaire_id, record.questionnaire_hash, questionnaire).library


def roadmap_for(
    record: AssessmentRecord,
    results: Results,
    lang: str,
    today: dt.date | None = None,
    library: RecommendationLibrary | None = None,
) -> Roadmap:
    """Today's roadmap for the assessment's scores (every questionnaire gets one).

    ``library``: the assessment's library when the caller has it already (:func:`library_of`).
    """
    library = library or library_of(record, results.questionnaire)
    touchpoint = touchpoint_problem(record)
    return build_roadmap(
        results.card, results.questionnaire, library, lang, today or dt.date.today(), touchpoint=touchpoint
    )


def touchpoint_problem(record: AssessmentRecord) -> TouchpointProblem | None:
    """The journey map's worst fix-first touchpoint, for step 3 and the pilot (None without one).

    Ratings are read only by those who may read the assessment's details (a client viewer's roadmap
    keeps to the scores, and no refusal is written for them).
    """
    store = get_store()
    if store.reach("assessment", record.id) < Access.READ:
        return None
    return fix_first_problem(load_summary(store, record.id))


def plan_for(
    record: AssessmentRecord, results: Results, lang: str, today: dt.date | None = None
) -> tuple[Roadmap, Plan]:
    """Today's roadmap and the consultant's plan on it (their selection, dates and owners), as the PDF shows it."""
    library = library_of(record, results.questionnaire)
    roadmap = roadmap_for(record, results, lang, today, library)
    rows = plan_rows(roadmap, get_store().load_action_states(record.id), library)
    return roadmap, build_plan(rows, today or dt.date.today())


def remember_seen(record: AssessmentRecord, roadmap: Roadmap) -> dict[str, ActionState]:
    """Save a state for every action not seen before (marked new unless it is the first visit)."""
    store = get_store()
    states = store.load_action_states(record.id)
    step_of = {action.id: step for step, action in unique_actions(roadmap)}
    unseen = states_to_record(roadmap, states)
    for action, new in unseen:
        step = step_of.get(action.id)
        state = ActionState(
            action.id,
            is_new=new,
            title=action.title if new else None,
            step=step if new and isinstance(step, int) else None,
        )
        store.save_action_state(record.id, state)
    return store.load_action_states(record.id) if unseen else states


# --- showing the roadmap --------------------------------------------------------------------------


def _label(prefix: str, code: str) -> str:
    key = f"{prefix}.{code}"
    text = t(key)
    return code if text == key else text


def action_block(
    row: PlanRow, lang: str, extra: tuple[str | None, tuple[str, ...]] = (None, ()), dates: str | None = None
) -> None:
    """One action as an expander: title, dates and status in the label; description, why and entries inside."""
    flag = " · 🆕 " + t("roadmap_page.flag.new") if row.is_new else ""
    status = _label("roadmap_page.status", row.status)
    when = f" · {dates}" if dates else ""
    with st.expander(f"{plain(row.title)}{plain(when)} · _{status}_{flag}"):
        if row.description:
            st.markdown(plain(row.description))
        if row.horizon_days is not None:
            meta = t(
                "roadmap_page.action.meta",
                authority=_label("roadmap.authority", row.authority),
                effort=_label("roadmap.effort", row.effort),
                impact=_label("roadmap.impact", row.impact),
                role=row.role,
                metric=row.metric,
                days=row.horizon_days,
            )
            st.caption(plain(meta))
        if row.why:
            st.markdown(f"**{t('roadmap_page.action.why')}:** {plain(row.why)}")
        hypothesis, questions = extra
        if hypothesis:
            st.markdown(f"**{t('roadmap_page.action.hypothesis')}:** {plain(hypothesis)}")
        if questions:
            # A pilot's questions are its method, the five stages of design thinking (docs/roadmap.md).
            label = "roadmap_library.action.method" if hypothesis else "roadmap_page.action.questions"
            st.markdown(f"**{t(label)}:**")
            st.markdown("\n".join(f"- {plain(question)}" for question in questions))
        due = format_date(row.due_date, lang) if row.due_date else "—"
        st.markdown(plain(t("roadmap_page.action.state", status=status, owner=row.owner or "—", due=due)))
        if row.notes:
            st.markdown(f"**{t('roadmap_page.action.notes')}:**")
            st.text(row.notes)


def _planned_caption(plan: Plan, action_id: str, lang: str) -> str | None:
    """``4 Jan 2027 – 18 Jan 2027`` for an action in the plan (None for "more options")."""
    for action in plan.actions:
        if action.row.action_id == action_id:
            return t("deliverable.plan.dates", start=format_date(action.start, lang), due=format_date(action.due, lang))
    return None


def overview(roadmap: Roadmap, rows: list[PlanRow], plan: Plan, lang: str) -> None:
    """Focus, warnings, the plan's Gantt chart, the five steps (the plan, then more options), what comes next."""
    by_id = {row.action_id: row for row in rows}
    extras = {a.id: (a.hypothesis, a.questions) for a in roadmap.all_actions()}
    planned = {action.row.action_id for action in plan.actions}
    st.markdown(f"### {t('roadmap_page.focus.heading')}")
    if roadmap.at_target:
        st.success(t("roadmap_page.at_target"))
        st.markdown(plain(roadmap.focus.why))
    else:
        st.info(plain(roadmap.focus.why))
    for warning in roadmap.warnings:
        st.warning(f"**{plain(warning.title)}** {plain(warning.description)} {plain(warning.why)}", icon="⚠️")
    new = [row for row in rows if row.is_new]
    if new:
        st.info(t("roadmap_page.new.summary", n=len(new)))
    fig = timeline_figure(roadmap, plan, lang)
    chart_view.show_chart(fig, "roadmap.chart.timeline")
    st.caption(
        t(
            "deliverable.plan.reading",
            n=len(plan.actions),
            more=len(plan.more),
            start=format_date(plan.start, lang),
            end=format_date(plan.end, lang),
        )
    )
    for conflict in plan.conflicts():
        st.warning(
            plain(
                t("deliverable.plan.conflict", title=conflict.row.title, step=step_name(conflict.depends_on or 1, lang))
            )
        )
    for step in roadmap.steps:
        st.markdown(f"### {plain(t('roadmap_page.step.heading', number=step.number, title=step.title))}")
        st.markdown(plain(step.summary))
        _step_actions(step.actions, by_id, planned, extras, plan, lang, step.number)
    st.markdown(f"### {plain(roadmap.next.title)}")
    st.markdown(plain(next_summary(plan, roadmap.next, lang)))  # the plan's date, as the chart and the PDF
    if roadmap.next.following is not None:
        # The summary names the re-assessment date and the following focus; this says why.
        st.caption(plain(roadmap.next.following.why))
    _step_actions(roadmap.next.actions, by_id, planned, extras, plan, lang, "next")
    kept = [row for row in rows if row.kept]
    if kept:
        st.markdown(f"### {t('roadmap_page.kept.heading')}")
        st.caption(t("roadmap_page.kept.help"))
        for row in kept:
            action_block(row, lang, dates=_planned_caption(plan, row.action_id, lang))


def _step_actions(
    actions: tuple[Action, ...],
    by_id: dict[str, PlanRow],
    planned: set[str],
    extras: dict[str, tuple[str | None, tuple[str, ...]]],
    plan: Plan,
    lang: str,
    step: int | str,
) -> None:
    """A step's actions in the plan, then the others under "more options" (collapsed)."""
    chosen = [a for a in actions if a.id in by_id and a.id in planned]
    others = [a for a in actions if a.id in by_id and a.id not in planned]
    if not actions:
        st.caption(t("roadmap_page.step.empty"))
    for action in chosen:
        action_block(by_id[action.id], lang, extras[action.id], _planned_caption(plan, action.id, lang))
    if others:
        with st.expander(t("deliverable.plan.more", n=len(others)), key=f"roadmap.more.{step}"):
            for action in others:
                _more_option(by_id[action.id], lang)


def _more_option(row: PlanRow, lang: str) -> None:
    """An action left out of the plan: its title, what it is and why, in a few lines."""
    st.markdown(f"**{plain(row.title)}**")
    if row.description:
        st.caption(plain(row.description))


# --- editing --------------------------------------------------------------------------------------


def _save(record_id: int, row: PlanRow) -> None:
    state = st.session_state
    due = state.get(field_key("due", row.action_id))
    start = state.get(field_key("start", row.action_id))
    saved = ActionState(
        action_id=row.action_id,
        status=state.get(field_key("status", row.action_id), row.status),
        owner=(state.get(field_key("owner", row.action_id)) or "").strip() or None,
        due_date=due if isinstance(due, dt.date) else None,
        start_date=start if isinstance(start, dt.date) else None,
        in_plan=bool(state.get(field_key("in_plan", row.action_id), True)),
        authority=state.get(field_key("authority", row.action_id), row.authority),
        notes=(state.get(field_key("notes", row.action_id)) or "").strip() or None,
        title=row.title,
        step=row.step if isinstance(row.step, int) else None,
        edited=True,
        is_new=False,
    )
    try:
        get_store().save_action_state(record_id, saved)
    except (ValueError, LookupError) as error:
        st.session_state[_FLASH] = ("error", t("roadmap_page.edit.error", message=error_text(error)))
        return
    st.session_state[_FLASH] = ("success", t("roadmap_page.edit.saved", title=row.title))


def acknowledge_new(record_id: int, rows: list[PlanRow]) -> None:
    """Clear the "new" mark of every new action (its other entries stay)."""
    store = get_store()
    states = store.load_action_states(record_id)
    for row in rows:
        if row.is_new and row.action_id in states:
            old = states[row.action_id]
            store.save_action_state(record_id, dataclasses.replace(old, title=None, step=None, is_new=False))


def editor(record: AssessmentRecord, rows: list[PlanRow], plan: Plan, lang: str) -> None:
    """Pick an action, then change whether it is in the plan, its dates, owner, status, authority and notes."""
    st.markdown(f"### {t('roadmap_page.edit.heading')}")
    flash = st.session_state.pop(_FLASH, None)
    if flash is not None:
        (st.success if flash[0] == "success" else st.error)(plain(flash[1]))
    if any(row.is_new for row in rows):
        st.button(t("roadmap_page.new.ack"), key=ACK_KEY, on_click=acknowledge_new, args=(record.id, rows))
    by_id = {row.action_id: row for row in rows}
    choice = st.selectbox(
        t("roadmap_page.edit.pick"),
        list(by_id),
        key=PICK_KEY,
        format_func=lambda action_id: f"{step_name(by_id[action_id].step, lang)} — {by_id[action_id].title}",
    )
    if choice is None or choice not in by_id:
        return
    row = by_id[choice]
    planned = {action.row.action_id: action for action in plan.actions}
    with st.form(f"roadmap.edit.form.{row.action_id}"):
        st.checkbox(
            t("deliverable.edit.in_plan"),
            value=row.action_id in planned,
            key=field_key("in_plan", row.action_id),
            help=t("deliverable.edit.in_plan_help"),
        )
        left, right = st.columns(2)
        left.selectbox(
            t("roadmap_page.edit.status"),
            STATUSES,
            index=STATUSES.index(row.status) if row.status in STATUSES else 0,
            format_func=lambda code: _label("roadmap_page.status", code),
            key=field_key("status", row.action_id),
        )
        right.selectbox(
            t("roadmap_page.edit.authority"),
            AUTHORITIES,
            index=AUTHORITIES.index(row.authority) if row.authority in AUTHORITIES else 0,
            format_func=lambda code: _label("roadmap.authority", code),
            key=field_key("authority", row.action_id),
        )
        left.text_input(
            t("deliverable.edit.owner"),
            value=row.owner or "",
            max_chars=200,
            key=field_key("owner", row.action_id),
            placeholder=row.role,
        )
        right.caption(t("deliverable.edit.dates_help"))
        start_col, due_col = right.columns(2)
        start_col.date_input(
            t("deliverable.edit.start"),
            value=row.start_date,
            format="YYYY-MM-DD" if lang == "en" else "DD.MM.YYYY",
            key=field_key("start", row.action_id),
        )
        due_col.date_input(
            t("roadmap_page.edit.due"),
            value=row.due_date,
            format="YYYY-MM-DD" if lang == "en" else "DD.MM.YYYY",
            key=field_key("due", row.action_id),
        )
        st.text_area(t("roadmap_page.edit.notes"), value=row.notes or "", key=field_key("notes", row.action_id))
        st.form_submit_button(t("roadmap_page.edit.save"), key=SAVE_KEY, on_click=_save, args=(record.id, row))


def plan_table(plan: Plan, lang: str) -> None:
    """Every action as one table (plain text cells): the plan first, with its dates and owners, then the other options."""
    st.markdown(f"### {t('roadmap_page.plan.heading')}")
    planned = list(plan.actions)
    rows = [action.row for action in planned] + list(plan.more)
    yes, no = t("deliverable.table.yes"), ""
    frame = pd.DataFrame(
        {
            t("roadmap_page.export.step"): [step_name(row.step, lang) for row in rows],
            t("roadmap_page.export.title"): [row.title for row in rows],
            t("deliverable.export.in_plan"): [yes] * len(planned) + [no] * len(plan.more),
            t("roadmap_page.export.owner"): [row.owner or "" for row in rows],
            t("deliverable.export.start_date"): [format_date(a.start, lang) for a in planned] + [""] * len(plan.more),
            t("roadmap_page.export.due_date"): [format_date(a.due, lang) for a in planned]
            + [format_date(row.due_date, lang) if row.due_date else "" for row in plan.more],
            t("roadmap_page.export.status"): [_label("roadmap_page.status", row.status) for row in rows],
            t("roadmap_page.export.authority"): [_label("roadmap.authority", row.authority) for row in rows],
            t("roadmap_page.export.flag"): [_flag(row) for row in rows],
        }
    )
    show_table(frame, key="roadmap-plan")  # not st.dataframe: see markdown_table


def _flag(row: PlanRow) -> str:
    if row.kept:
        return t("roadmap_page.flag.kept")
    if row.is_new:
        return t("roadmap_page.flag.new")
    return t("roadmap_page.flag.edited") if row.edited else ""


def exports(record: AssessmentRecord, results: Results, rows: list[PlanRow], plan: Plan, lang: str) -> None:
    """CSV and XLSX downloads of the plan (with its computed dates), built only when clicked."""
    st.markdown(f"**{t('roadmap_page.export.heading')}**")
    names = titles_of(results.questionnaire, lang)
    stem = t("roadmap_page.export.file")
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("roadmap_page.export.csv"),
            data=lambda: roadmap_csv(rows, lang, names, plan),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key="roadmap.export.csv",
            on_click="ignore",
        )
    with right:
        st.download_button(
            t("roadmap_page.export.xlsx"),
            data=lambda: roadmap_xlsx(rows, lang, names, plan=plan),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="roadmap.export.xlsx",
            on_click="ignore",
        )


def render(record: AssessmentRecord, results: Results, lang: str) -> None:
    """The whole page below its title."""
    if not results.card.has_answers:
        st.info(t("roadmap_page.no_answers"))
        return
    library = library_of(record, results.questionnaire)
    roadmap = roadmap_for(record, results, lang, library=library)
    editable = may_edit(record)
    # A client viewer reads the plan as the consultant keeps it; only an editor's visit records new actions.
    states = remember_seen(record, roadmap) if editable else get_store().load_action_states(record.id)
    rows = plan_rows(roadmap, states, library)
    plan = build_plan(rows, dt.date.today())
    if roadmap.notice:
        # One sentence, not an error: the steps below still hold for this questionnaire.
        st.info(plain(roadmap.notice))
        if library.own_problems:
            st.caption(t("method_roadmap.own_problems.help"))
    overview(roadmap, rows, plan, lang)
    if editable:
        editor(record, rows, plan, lang)
    plan_table(plan, lang)
    exports(record, results, rows, plan, lang)


__all__ = ["WARNING_STEP", "field_key", "library_of", "plan_for", "render", "roadmap_for"]
