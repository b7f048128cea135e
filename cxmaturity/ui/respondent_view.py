"""The respondent's view behind a personal link (``?r=<token>``): their questionnaire and nothing else.

The token alone decides what is shown, on every run. Nothing here opens the assessment in the
session (no ``ui.assessment``, no ``a=`` in the URL), so the link can never lead to another
assessment, to results or to other respondents. The language is kept in the URL (``lang``).

After submitting, the respondent sees a thank-you; while the assessment is collecting, "Change my
answers" opens the questionnaire again (the submission stays; "Submit my changes" stamps it anew).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from cxmaturity.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, format_number, translate
from cxmaturity.storage import StorageError
from cxmaturity.storage.tokens import is_token_shaped
from cxmaturity.ui.answer_progress import answered_count
from cxmaturity.ui.answering import FOOTER_CAPTION, answer_screen
from cxmaturity.ui.context import (
    LANGUAGE_PARAM,
    current_language,
    error_text,
    get_store,
    questionnaire_of,
    respondent_token,
    set_language,
    t,
)
from cxmaturity.ui.shell import plain

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, RespondentRecord

LANGUAGE_KEY = "respond.language"
CONFIRM_KEY = "respond.confirming"
EDITING_KEY = "respond.editing"
RERUN_KEY = "respond.rerun"
ERROR_KEY = "respond.error"
SUBMIT_KEY = "respond.submit"


@dataclass(frozen=True)
class Invitation:
    """The respondent of a valid personal link and their assessment."""

    respondent: RespondentRecord
    assessment: AssessmentRecord


def _refuse(message_key: str) -> None:
    st.error(t(message_key), icon=":material/link_off:")
    st.stop()


def require_respondent() -> Invitation:
    """The link's respondent; otherwise only a short error (nothing about any assessment) and the page stops.

    A revoked and an unknown token get the same message: the page never tells whether a token existed.
    """
    token = respondent_token()
    if not is_token_shaped(token):
        _refuse("respond.error.malformed")
    assert token is not None  # is_token_shaped() is False for None
    store = get_store()
    respondent = store.find_respondent_by_token(token)
    assessment = store.get_assessment(respondent.assessment_id) if respondent is not None else None
    if respondent is None or assessment is None:
        _refuse("respond.error.invalid")
        raise AssertionError("st.stop() returned")  # for type checkers: never reached
    return Invitation(respondent, assessment)


def respondent_language(assessment: AssessmentRecord) -> str:
    """The URL's language; without one, the assessment's (or else the browser's), put into the URL."""
    if not st.query_params.get(LANGUAGE_PARAM):
        set_language(assessment.language if assessment.language in LANGUAGES else current_language())
    language = current_language()
    if st.query_params.get(LANGUAGE_PARAM) != language:  # e.g. ``lang=de`` becomes the language shown
        st.query_params[LANGUAGE_PARAM] = language
    return language


def _language_picked() -> None:
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen:
        set_language(chosen)


def welcome(invitation: Invitation, language: str) -> None:
    """Title, who asks and for which assessment, whose link it is, and the language picker (main area)."""
    assessment = invitation.assessment
    st.title(t("respond.title"))
    st.markdown(t("respond.welcome", organisation=plain(assessment.organisation_name), title=plain(assessment.title)))
    st.caption(t("respond.for_whom", label=plain(invitation.respondent.label)))
    st.session_state[LANGUAGE_KEY] = language  # seeded from the URL before the widget exists
    st.segmented_control(
        t("respond.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_KEY,
        on_change=_language_picked,
        required=True,
    )


def _help() -> None:
    with st.expander(t("respond.help_title"), icon=":material/help:"):
        st.markdown(t("respond.help"))


def closed(invitation: Invitation, language: str) -> None:
    """A closed assessment: a polite message and the respondent's own answers, read-only."""
    st.info(t("respond.closed"), icon=":material/lock:")
    questionnaire = questionnaire_of(invitation.assessment)
    answer_screen(questionnaire, invitation.respondent.id, language, read_only=True, results_link=False)


def is_editing(respondent: RespondentRecord) -> bool:
    """True while the questionnaire is to be shown for answering (not yet submitted, or reopened)."""
    return respondent.submitted_at is None or bool(st.session_state.get(EDITING_KEY))


def _start_editing() -> None:
    st.session_state[EDITING_KEY] = True


def thanks(invitation: Invitation, language: str) -> None:
    """After submitting: the thank-you, and a way back to change the answers."""
    submitted_at = invitation.respondent.submitted_at
    assert submitted_at is not None
    st.success(t("respond.thanks", date=format_date(submitted_at.date(), language)), icon=":material/task_alt:")
    st.markdown(t("respond.thanks_more"))
    st.button(t("respond.change"), key="respond.change", icon=":material/edit:", on_click=_start_editing)
    _help()


def answering(invitation: Invitation, language: str) -> None:
    """Instructions, the questionnaire (saved as it is answered) and the submit step at its end."""
    respondent = invitation.respondent
    if respondent.submitted_at is not None:
        st.info(t("respond.editing"), icon=":material/edit:")
    questionnaire = questionnaire_of(invitation.assessment)
    if respondent.submitted_at is None:
        # A customer questionnaire (it has items besides the ratings) speaks to customers, not to staff.
        st.markdown(t("voice_ui.respond.instructions" if questionnaire.items else "respond.instructions"))
    _help()
    footer = functools.partial(_submit_step, respondent.token, respondent.submitted_at is not None, language)
    answer_screen(
        questionnaire,
        respondent.id,
        language,
        results_link=False,
        footer=footer,
        token=respondent.token,
        footer_caption=functools.partial(_unanswered_caption, language),
    )


def _submit(token: str) -> None:
    """Submit, checking the link again: it may have been revoked, or the assessment closed, meanwhile."""
    st.session_state.pop(CONFIRM_KEY, None)
    st.session_state[RERUN_KEY] = True  # the whole page changes (thank-you, closed or refused)
    store = get_store()
    try:
        # The checks read the database too: one that is out of reach is said like a failed submit.
        respondent = store.find_respondent_by_token(token)
        if respondent is None:
            return
        assessment = store.get_assessment(respondent.assessment_id)
        if assessment is None or assessment.is_closed:
            return
        store.set_submitted(respondent.id)
    except StorageError as error:
        st.session_state[ERROR_KEY] = t("respond.submit_failed", reason=error_text(error))
        return
    st.session_state.pop(EDITING_KEY, None)


def _ask_or_submit(token: str) -> None:
    # Counted now: a click on an answer reruns only its card, so a count drawn with the button may be old.
    respondent = get_store().find_respondent_by_token(token)
    assessment = get_store().get_assessment(respondent.assessment_id) if respondent is not None else None
    if respondent is not None and assessment is not None:
        answered, total = answered_count(questionnaire_of(assessment), respondent.id)
        if answered < total:
            st.session_state[CONFIRM_KEY] = True
            return
    _submit(token)


def _unanswered_caption(language: str, answered: int, total: int) -> str:
    """The line above the submit button: how many questions are still without an answer."""
    unanswered = total - answered
    if unanswered:
        return translate("respond.unanswered", language, n=format_number(unanswered, language, 0))
    return translate("respond.all_answered", language)


def _keep_answering() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _submit_step(token: str, resubmit: bool, language: str, answered: int, total: int) -> None:
    """Drawn inside the answering fragment, so the count of unanswered questions is always current."""
    if st.session_state.pop(RERUN_KEY, False):
        st.rerun()  # from inside the fragment: reruns the whole page
    unanswered = total - answered
    count = format_number(unanswered, language, 0)
    st.divider()
    if ERROR_KEY in st.session_state:
        st.error(st.session_state.pop(ERROR_KEY))
    if st.session_state.get(CONFIRM_KEY) and unanswered > 0:
        st.warning(t("respond.confirm", n=count), icon=":material/help:")
        yes, no = st.columns(2)
        yes.button(t("respond.confirm_yes"), key="respond.confirm_yes", type="primary", on_click=_submit, args=(token,))
        no.button(t("respond.keep_answering"), key="respond.keep_answering", on_click=_keep_answering)
        return
    st.session_state.pop(CONFIRM_KEY, None)
    with st.container(key=FOOTER_CAPTION):
        st.caption(_unanswered_caption(language, answered, total))
    st.button(
        t("respond.resubmit" if resubmit else "respond.submit"),
        key=SUBMIT_KEY,
        type="primary",
        icon=":material/send:",
        on_click=_ask_or_submit,
        args=(token,),
    )
