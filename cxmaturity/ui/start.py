"""The start page's parts: the new-assessment form and the list of assessments to resume."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.registry import QuestionnaireEntry
from cxmaturity.files.errors import InputError
from cxmaturity.i18n import format_date, format_number
from cxmaturity.storage import SELF_LABEL, AssessmentRecord, QuestionnaireSnapshot, StorageError
from cxmaturity.ui.answer_items import asked_ids
from cxmaturity.ui.context import (
    builtin_questionnaires,
    error_text,
    get_store,
    located_text,
    open_assessment,
    questionnaire_of,
    sees_people,
    t,
)
from cxmaturity.ui.shell import assessment_title, is_self_assessment, page_exists, plain

FORM_KEY = "start.form"
ORGANISATION_KEY = "start.organisation"
INDUSTRY_KEY = "start.industry"
SIZE_KEY = "start.size"
QUESTIONNAIRE_KEY = "start.questionnaire"
SUBMIT_KEY = "start.create"
#: Organisation sizes by headcount (stored as these codes, shown translated).
SIZES = ("", "1-49", "50-249", "250-999", "1000-4999", "5000+")
#: How many assessments the resume list shows (the most recently changed first).
LIST_LIMIT = 25


def questionnaire_facts(entries: list[QuestionnaireEntry]) -> tuple[int, int]:
    """Fewest and most questions among the shipped questionnaires (for "how long it takes")."""
    counts = [len(asked_ids(entry.questionnaire)) for entry in entries] or [0]
    return min(counts), max(counts)


def _size_label(code: str) -> str:
    return t("app.start.size_none") if not code else t("app.start.size_people", size=code)


def new_assessment_form(language: str) -> None:
    """Organisation, industry, size and questionnaire; creating opens it on the Answer page."""
    entries, errors = builtin_questionnaires()
    for error in errors:  # a shipped file that does not validate: say where, not a traceback
        st.error(t("app.start.questionnaire_invalid", error=plain(error_text(error))))
    if not entries:
        st.error(t("app.start.no_questionnaire"))
        return
    by_id = {entry.id: entry for entry in entries}
    with st.form(FORM_KEY):
        organisation = st.text_input(t("app.start.organisation"), key=ORGANISATION_KEY, max_chars=200)
        left, right = st.columns(2)
        industry = left.text_input(t("app.start.industry"), key=INDUSTRY_KEY, max_chars=200)
        # Labels computed here, not inside format_func, so they never depend on when it is called.
        size_labels = {code: _size_label(code) for code in SIZES}
        size = right.selectbox(t("app.start.size"), SIZES, format_func=size_labels.__getitem__, key=SIZE_KEY)
        chosen = st.selectbox(
            t("app.start.questionnaire"),
            list(by_id),
            format_func={
                qid: f"{e.questionnaire.title.get(language)} · {e.version}" for qid, e in by_id.items()
            }.__getitem__,
            key=QUESTIONNAIRE_KEY,
        )
        submitted = st.form_submit_button(t("app.start.create"), type="primary", key=SUBMIT_KEY)
    if not submitted:
        return
    if not (organisation or "").strip():
        st.error(t("app.start.organisation_missing"))
        return
    entry = by_id[chosen or entries[0].id]
    try:
        snapshot = QuestionnaireSnapshot.from_file(entry.path)
        title = t("app.start.default_title", date=format_date(dt.date.today(), language))
        record = get_store().create_assessment(
            organisation, snapshot, title, language, industry=industry or None, size=size or None, self_assessment=True
        )
    except InputError as error:
        for located in error.errors:
            st.error(t("app.start.questionnaire_invalid", error=plain(located_text(located))))
        return
    except (StorageError, ValueError) as error:
        st.error(t("app.start.create_failed", reason=plain(error_text(error))))
        return
    open_assessment(record)
    st.switch_page("pages/answer.py", query_params={"a": record.key, "lang": language})


def progress_of(record: AssessmentRecord) -> tuple[int, int]:
    """Questions the self-assessment has answered (value, n/a or don't know) and the total."""
    asked = asked_ids(questionnaire_of(record))
    answered = sum(
        1
        for answer in get_store().load_answers(record.id)
        if answer.respondent == SELF_LABEL and answer.kind is not AnswerKind.UNANSWERED and answer.question in asked
    )
    return answered, len(asked)


def assessment_list(language: str) -> None:
    """Existing assessments, most recently changed first, each with its progress and resume link.

    A self-assessment shows how many questions its executive answered; a consultant's assessment
    how many invited respondents finished (its own "self" answers are not its progress).
    """
    summaries = get_store().list_assessment_summaries(include_self=False)
    if not summaries:
        st.caption(t("app.start.none_yet"))
        return
    for summary in summaries[:LIST_LIMIT]:
        record = summary.assessment
        if not sees_people(record):
            _results_only(record, language)  # a client viewer: their organisation's results, no answers
            continue
        with st.container(border=True):
            st.markdown(f"**{plain(record.organisation_name)}** · {plain(assessment_title(record))}")
            # The time tells apart two assessments of one organisation started on the same day.
            st.caption(
                t(
                    "consultant_day.start.dates",
                    started=format_date(record.created_at.date(), language),
                    time=f"{record.created_at:%H:%M}",
                    changed=format_date(record.updated_at.date(), language),
                )
            )
            progress, action = st.columns([3, 2], vertical_alignment="center")
            counts = summary.progress
            invited = counts.completed + counts.started + counts.not_opened
            if is_self_assessment(summary) or not invited:  # nobody invited: the own answers are the progress
                done, total = progress_of(record)
                text = t(
                    "app.start.progress", done=format_number(done, language, 0), total=format_number(total, language, 0)
                )
                page, label, icon = "pages/answer.py", t("app.start.resume"), ":material/play_arrow:"
            else:
                done, total = counts.completed, invited
                text = t("consultant_day.start.respondents", done=format_number(done, language, 0), total=total)
                page, label, icon = "pages/respondents.py", t("consultant_day.start.open"), ":material/group:"
                if not page_exists(page):
                    page = "pages/results.py"
            progress.progress(done / total if total else 0.0, text=text)
            action.page_link(page, label=label, icon=icon, query_params={"a": record.key, "lang": language})
    if len(summaries) > LIST_LIMIT:
        st.caption(t("app.start.more", count=format_number(len(summaries) - LIST_LIMIT, language, 0)))


def _results_only(record: AssessmentRecord, language: str) -> None:
    """A line of the list for someone who may see the results but not the answers (a client viewer)."""
    with st.container(border=True):
        st.markdown(f"**{plain(record.organisation_name)}** · {plain(record.title)}")
        st.page_link(
            "pages/results.py",
            label=t("auth.start.results"),
            icon=":material/insights:",
            query_params={"a": record.key, "lang": language},
        )
