"""The Respondents page: groups and anonymity, adding respondents, progress, links and reminders."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cxmaturity.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, format_number, resolve_language
from cxmaturity.storage import (
    SELF_LABEL,
    AssessmentRecord,
    AssessmentSettings,
    RespondentProgress,
    StorageError,
)
from cxmaturity.ui.clients_view import flash, show_flash
from cxmaturity.ui.context import current_language, error_text, get_store, t
from cxmaturity.ui.error_boundary import guarded_fragment
from cxmaturity.ui.links_view import links_root
from cxmaturity.ui.shell import GRID_ROWS, date_format, plain, show_table
from cxmaturity.workspace.group_readings import group_name
from cxmaturity.workspace.respondent_links import (
    LineProblem,
    check_new_respondent,
    group_names_from_lines,
    next_anonymous_label,
    parse_respondent_lines,
    reminder_text,
    respondent_link,
)

#: This page's address path (stripped from the browser's URL to get the app's root for links).
PAGE_PATH = "respondents"
THRESHOLD_KEY = "respondents.threshold"
ADD_FORM = "respondents.add"
BULK_FORM = "respondents.bulk"
PICK_KEY = "respondents.pick"
_PENDING = "respondents.pending"


def _group_text(name: str | None, language: str) -> str:
    return group_name(name, language) or t("respondents.group.none")


def _problem(problem: LineProblem, key: str = "respondents.problem.line") -> str:
    return t(
        key,
        line=problem.line,
        reason=t(f"respondents.problem.{problem.code}", value=plain(problem.value)),
    )


def _when(moment: dt.datetime | None, language: str) -> str:
    if moment is None:
        return ""
    return f"{format_date(moment.date(), language)}, {moment:%H:%M}"


def _seed(key: str, value: object) -> None:
    """Give a widget its value before it is drawn: now, or after a save asked for it on the next run."""
    pending = st.session_state.setdefault(_PENDING, {})
    if key in pending:
        st.session_state[key] = pending.pop(key)
    elif key not in st.session_state:
        st.session_state[key] = value


def _reset_later(key: str, value: object) -> None:
    st.session_state.setdefault(_PENDING, {})[key] = value


# Summary and table ------------------------------------------------------------------------------


def invited(progress: list[RespondentProgress]) -> list[RespondentProgress]:
    """Everyone but the built-in "self" respondent, in the order they were added."""
    return [p for p in progress if p.respondent.label != SELF_LABEL]


def summary(record: AssessmentRecord, progress: list[RespondentProgress], question_count: int, language: str) -> None:
    """The counts at the top: invited, completed, started, not opened (revoked links left out)."""
    counts = get_store().progress_counts([record.id], include_self=False)[record.id]
    people = invited(progress)
    for column, (key, value) in zip(
        st.columns(4),
        (
            ("respondents.summary.invited", counts.total),
            ("workspace.progress.completed", counts.completed),
            ("workspace.progress.started", counts.started),
            ("workspace.progress.not_opened", counts.not_opened),
        ),
        strict=True,
    ):
        column.metric(t(key).capitalize(), format_number(value, language, 0))
    revoked = sum(1 for p in people if p.respondent.revoked)
    if revoked:
        st.caption(t("respondents.summary.revoked", count=format_number(revoked, language, 0)))
    own = next((p for p in progress if p.respondent.label == SELF_LABEL), None)
    st.caption(
        t(
            "respondents.self_note",
            answered=format_number(own.answered if own else 0, language, 0),
            total=format_number(question_count, language, 0),
        )
    )


def respondent_table(progress: list[RespondentProgress], question_count: int, language: str) -> None:
    """One row per invited respondent: group, e-mail, progress, answered count, last saved, link state."""
    people = invited(progress)
    if not people:
        st.info(t("respondents.empty"), icon=":material/group_add:")
        return
    total = format_number(question_count, language, 0)
    rows = [
        {
            t("respondents.col.label"): p.respondent.label,
            t("respondents.col.group"): _group_text(p.respondent.group, language),
            t("respondents.col.email"): p.respondent.email or "",
            t("respondents.col.state"): t(f"workspace.progress.{p.state}"),
            t("respondents.col.answered"): t(
                "respondents.answered", answered=format_number(p.answered, language, 0), total=total
            ),
            t("respondents.col.last_saved"): _when(p.last_saved_at, language),
            t("respondents.col.link"): t(
                "respondents.link.revoked" if p.respondent.revoked else "respondents.link.active"
            ),
        }
        for p in people
    ]
    if len(rows) > GRID_ROWS:
        st.dataframe(rows, hide_index=True, width="stretch")  # a long list scrolls in its own box
    else:
        # E-mail addresses exactly as typed, to be copied (as code, never a link; see code_span).
        show_table(pd.DataFrame(rows), key="respondents", verbatim=frozenset({t("respondents.col.email")}))


# One respondent ---------------------------------------------------------------------------------


def respondent_panel(record: AssessmentRecord, progress: list[RespondentProgress], question_count: int) -> None:
    """For the respondent picked: the personal link, a reminder text, revoke/restore, new link, delete."""
    people = {p.respondent.id: p for p in invited(progress)}
    show_flash("panel")
    if not people:
        return
    if st.session_state.get(PICK_KEY) not in people:
        st.session_state.pop(PICK_KEY, None)
    chosen = st.selectbox(
        t("respondents.pick"),
        list(people),
        format_func=lambda i: people[i].respondent.label,
        key=PICK_KEY,
    )
    person = people[chosen]
    respondent = person.respondent
    link = respondent_link(links_root(PAGE_PATH), respondent.token)
    link_column, reminder_column = st.columns(2, gap="large")
    with link_column:
        st.markdown(t("respondents.link.title"))
        if respondent.revoked:
            st.warning(t("respondents.link.revoked_note"), icon=":material/link_off:")
        else:
            st.caption(t("respondents.link.help"))
        st.code(link, language=None, wrap_lines=True)
        _actions(record, person)
    with reminder_column:
        _reminder(record, person, link, question_count)


@guarded_fragment
def _reminder(record: AssessmentRecord, person: RespondentProgress, link: str, question_count: int) -> None:
    # A fragment: changing the language or the date redraws only the text, not the whole page.
    respondent = person.respondent
    st.markdown(t("respondents.reminder.title"))
    language_column, date_column = st.columns(2)
    language = language_column.selectbox(
        t("respondents.reminder.language"),
        LANGUAGES,
        index=LANGUAGES.index(resolve_language(record.language)),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=f"respondents.reminder.language.{respondent.id}",
    )
    deadline = date_column.date_input(
        t("respondents.reminder.deadline"),
        value=None,
        format=date_format(current_language()),
        key=f"respondents.reminder.deadline.{respondent.id}",
    )
    by_name = st.checkbox(
        t("respondents.reminder.by_name"), value=True, key=f"respondents.reminder.by_name.{respondent.id}"
    )
    text = reminder_text(
        language or record.language,
        organisation=record.organisation_name,
        link=link,
        question_count=question_count,
        name=respondent.label if by_name else None,
        deadline=deadline if isinstance(deadline, dt.date) else None,
        started=person.state == "started",
    )
    st.code(text, language=None, wrap_lines=True)


def _actions(record: AssessmentRecord, person: RespondentProgress) -> None:
    store = get_store()
    respondent = person.respondent
    name = plain(respondent.label)
    revoke_column, token_column = st.columns(2)
    if respondent.revoked:
        if revoke_column.button(t("respondents.action.restore"), key=f"respondents.restore.{respondent.id}"):
            store.set_revoked(respondent.id, False)
            flash("panel", "success", t("respondents.action.restored", name=name))
            st.rerun()
    elif revoke_column.button(t("respondents.action.revoke"), key=f"respondents.revoke.{respondent.id}"):
        store.set_revoked(respondent.id, True)
        flash("panel", "success", t("respondents.action.revoked", name=name))
        st.rerun()
    if token_column.button(t("respondents.action.new_link"), key=f"respondents.new_link.{respondent.id}"):
        store.new_respondent_token(respondent.id)
        flash("panel", "success", t("respondents.action.new_link_done", name=name))
        st.rerun()
    with st.expander(t("respondents.action.delete_title"), icon=":material/delete:"):
        sure = st.checkbox(
            t("respondents.action.delete_confirm", name=name, answered=person.answered),
            key=f"respondents.delete.sure.{respondent.id}",
        )
        if st.button(
            t("respondents.action.delete"), key=f"respondents.delete.{respondent.id}", disabled=not sure, type="primary"
        ):
            store.delete_respondent(respondent.id)
            flash("panel", "success", t("respondents.action.deleted", name=name))
            st.rerun()


# Adding respondents -----------------------------------------------------------------------------


def add_forms(record: AssessmentRecord, settings: AssessmentSettings, language: str) -> None:
    """Add one respondent (a name or an anonymous label) or paste several, one per line."""
    one_column, bulk_column = st.columns(2, gap="large")
    with one_column:
        _add_one(record, settings, language)
    with bulk_column:
        _add_bulk(record, settings, language)


def _taken(record: AssessmentRecord) -> list[str]:
    return [respondent.label for respondent in get_store().list_respondents(record.id)]


def _add_one(record: AssessmentRecord, settings: AssessmentSettings, language: str) -> None:
    st.markdown(t("respondents.add.one_title"))
    show_flash("add")
    # Labels computed here, not inside format_func, so they never depend on when it is called.
    groups = {name: _group_text(name, language) for name in ("", *settings.group_names)}
    _seed(f"{ADD_FORM}.label", "")
    _seed(f"{ADD_FORM}.email", "")
    with st.form(ADD_FORM):
        label = st.text_input(
            t("respondents.add.label"), key=f"{ADD_FORM}.label", max_chars=200, help=t("respondents.add.label_help")
        )
        group = st.selectbox(
            t("respondents.add.group"), list(groups), format_func=groups.__getitem__, key=f"{ADD_FORM}.group"
        )
        email = st.text_input(t("respondents.add.email"), key=f"{ADD_FORM}.email", max_chars=320)
        submitted = st.form_submit_button(t("respondents.add.submit"), type="primary", key=f"{ADD_FORM}.submit")
    if not submitted:
        return
    taken = _taken(record)
    label = label.strip() or next_anonymous_label(t("respondents.add.anonymous_stem"), taken)
    checked = check_new_respondent(label, group, email, settings.group_names, taken)
    if isinstance(checked, str):
        value = {"bad_email": email, "unknown_group": group}.get(checked, label)
        st.error(t(f"respondents.problem.{checked}", value=plain(value)))
        return
    try:
        get_store().add_respondent(record.id, checked.label, group=checked.group, email=checked.email)
    except (StorageError, ValueError) as error:
        st.error(t("respondents.add.failed", reason=plain(error_text(error))))
        return
    _reset_later(f"{ADD_FORM}.label", "")
    _reset_later(f"{ADD_FORM}.email", "")
    flash("add", "success", t("respondents.add.added", name=plain(checked.label)))
    st.rerun()


def _add_bulk(record: AssessmentRecord, settings: AssessmentSettings, language: str) -> None:
    st.markdown(t("respondents.bulk.title"))
    groups = ", ".join(_group_text(name, language) for name in settings.group_names)
    st.caption(t("respondents.bulk.help", groups=plain(groups)))
    show_flash("bulk")
    _seed(f"{BULK_FORM}.text", "")
    with st.form(BULK_FORM):
        text = st.text_area(
            t("respondents.bulk.lines"), key=f"{BULK_FORM}.text", height=150, placeholder=t("respondents.bulk.example")
        )
        submitted = st.form_submit_button(t("respondents.bulk.submit"), key=f"{BULK_FORM}.submit")
    if not submitted:
        return
    good, problems = parse_respondent_lines(text, settings.group_names, _taken(record))
    if not good and not problems:
        st.error(t("respondents.bulk.nothing"))
        return
    added = 0
    for person in good:
        try:
            get_store().add_respondent(record.id, person.label, group=person.group, email=person.email)
            added += 1
        except (StorageError, ValueError) as error:
            flash("bulk", "error", t("respondents.add.failed", reason=plain(error_text(error))))
    if added:
        flash("bulk", "success", t("respondents.bulk.added", count=format_number(added, language, 0)))
    for problem in problems:
        flash("bulk", "error", _problem(problem))
    if problems:
        flash("bulk", "warning", t("respondents.bulk.kept"))
    # The lines that were not added stay in the box, to be corrected and sent again.
    bad_lines = {problem.line for problem in problems}
    _reset_later(
        f"{BULK_FORM}.text", "\n".join(line for n, line in enumerate(text.splitlines(), start=1) if n in bad_lines)
    )
    st.rerun()


# Groups and anonymity ---------------------------------------------------------------------------


def _threshold_changed(assessment_id: int) -> None:
    get_store().update_settings(assessment_id, anonymity_threshold=int(st.session_state[THRESHOLD_KEY]))
    flash("settings", "success", t("respondents.threshold.saved", n=int(st.session_state[THRESHOLD_KEY])))


def settings_section(record: AssessmentRecord, settings: AssessmentSettings, language: str) -> None:
    """The group list (one per line, default groups in the reader's language) and the anonymity threshold."""
    show_flash("settings")
    groups_column, threshold_column = st.columns([3, 2], gap="large")
    key = f"respondents.groups.{record.id}.{language}"
    _seed(key, "\n".join(group_name(name, language) for name in settings.group_names))
    with groups_column, st.form("respondents.groups"):
        text = st.text_area(t("respondents.groups.lines"), key=key, height=160, help=t("respondents.groups.help"))
        submitted = st.form_submit_button(t("respondents.groups.save"), key="respondents.groups.save")
    with threshold_column:
        st.session_state[THRESHOLD_KEY] = settings.anonymity_threshold
        st.number_input(
            t("respondents.threshold.label"),
            min_value=1,
            max_value=1000,
            step=1,
            key=THRESHOLD_KEY,
            on_change=_threshold_changed,
            args=(record.id,),
        )
        st.caption(t("workspace.group.hidden", n=settings.anonymity_threshold))
    if not submitted:
        return
    names, problems = group_names_from_lines(text)
    if problems:
        with groups_column:
            for problem in problems:
                st.error(_problem(problem, "respondents.groups.problem"))
        return
    if not names:
        with groups_column:
            st.error(t("respondents.groups.empty"))
        return
    try:
        get_store().update_settings(record.id, group_names=names)
    except (StorageError, ValueError) as error:
        with groups_column:
            st.error(t("respondents.groups.failed", reason=plain(error_text(error))))
        return
    _reset_later(key, "\n".join(group_name(name, language) for name in names))
    flash("settings", "success", t("respondents.groups.saved"))
    st.rerun()
