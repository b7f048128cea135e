"""What every page shares: the store, the language, the open assessment and its scores.

State that must survive a refresh lives in the URL (``?a=<assessment key>&lang=uk``) and in
the database, never only in ``st.session_state``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import streamlit as st

from cxmaturity.core.model import AnswerSet, Questionnaire, ScoreCard
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.i18n import LANGUAGES, resolve_language, translate
from cxmaturity.workspace.participation import Participation

# pandas, SQLAlchemy and the scoring stack cost ~1.5 s to import. They are imported inside the
# functions that need them, so a cold start draws the page's header before paying for them.
if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, Store


ASSESSMENT_PARAM = "a"
RESPONDENT_PARAM = "r"
RESPONDENT_STATE = "ui.respondent_token"
LANGUAGE_PARAM = "lang"
LANGUAGE_STATE = "ui.language"
ASSESSMENT_STATE = "ui.assessment"


SHELL_STATE = "ui.shell"
PENDING_PAGE_STATE = "ui.pending_page"


def enter_page(page_file: str) -> None:
    """Call first in every page: make sure the page runs inside app.py's navigation.

    A page URL opened directly (``/results?a=KEY`` copied from the address bar) starts a session
    in Streamlit's legacy ``pages/`` mode, which runs the page without app.py: no language picker,
    raw file names in the menu. Such a page hands over to app.py, which comes back to it with the
    key and language kept in the session.
    """
    if st.session_state.get(SHELL_STATE):
        return
    st.session_state[PENDING_PAGE_STATE] = f"pages/{page_file.replace(chr(92), '/').rsplit('/', 1)[-1]}"
    for param, state in (
        (ASSESSMENT_PARAM, ASSESSMENT_STATE),
        (LANGUAGE_PARAM, LANGUAGE_STATE),
        (RESPONDENT_PARAM, RESPONDENT_STATE),
    ):
        if st.query_params.get(param):
            st.session_state[state] = st.query_params[param]
    st.switch_page("app.py")


def enter_app_shell() -> str | None:
    """Called by app.py: mark the session as running inside the shell; return a page to go back to."""
    st.session_state[SHELL_STATE] = True
    return st.session_state.pop(PENDING_PAGE_STATE, None)


def respondent_token() -> str | None:
    """The token of a respondent's personal link (``?r=<token>``), or None for everyone else.

    A token handed over by :func:`enter_page` (a ``/respond?r=...`` URL opened directly) is put
    back into the URL once, so the link keeps working after a refresh.
    """
    handed_over = st.session_state.pop(RESPONDENT_STATE, None)
    if handed_over and not st.query_params.get(RESPONDENT_PARAM):
        st.query_params[RESPONDENT_PARAM] = handed_over
    token = st.query_params.get(RESPONDENT_PARAM)
    return token or None


@st.cache_resource(show_spinner=False)
def database() -> Store:
    """The database (opened and migrated once per server process), acting in personal mode.

    Pages use :func:`get_store`; only the sign-in machinery (``ui/team.py``) needs this one.
    """
    from cxmaturity.storage import Store

    return Store.open()


def get_store() -> Store:
    """The database as this run's actor sees it: everything in personal mode; in team mode only what
    the signed-in user (or the respondent of a link) may touch. Nobody signed in reaches nothing.
    """
    from cxmaturity.ui.team import bound_store

    return bound_store(database())


def may_edit(record: AssessmentRecord) -> bool:
    """True when this run's actor may change the assessment (a client viewer and a viewer share may not)."""
    from cxmaturity.auth import Access

    return get_store().reach("assessment", record.id) >= Access.EDIT


def sees_people(record: AssessmentRecord) -> bool:
    """True when this run's actor may see the respondents (names, links, e-mails, single answers)."""
    from cxmaturity.auth import Access

    return get_store().reach("assessment", record.id) >= Access.READ


@st.cache_resource(show_spinner=False)
def builtin_questionnaires() -> tuple[list, list]:
    """The shipped questionnaires the app can ask, and the located errors of any that do not validate.

    The customer questionnaire's format-2 items (NPS, CES, choices, a comment) are asked in the
    answering screen's last section (``ui/answer_items.py``).
    """
    from cxmaturity.core.registry import available_questionnaires

    entries, errors = available_questionnaires()
    return list(entries), errors


def current_language() -> str:
    """The UI language: the URL's ``lang``, else this session's choice, else the browser's, else English."""
    requested = st.query_params.get(LANGUAGE_PARAM) or st.session_state.get(LANGUAGE_STATE)
    if not requested:
        requested = getattr(st.context, "locale", None)
    language = resolve_language(requested, LANGUAGES)
    st.session_state[LANGUAGE_STATE] = language
    return language


def set_language(language: str) -> None:
    """Remember the language in the session and the URL (so a refresh or a shared link keeps it)."""
    language = resolve_language(language, LANGUAGES)
    st.session_state[LANGUAGE_STATE] = language
    st.query_params[LANGUAGE_PARAM] = language


def t(key: str, **values: object) -> str:
    """Translate a catalogue key into the current language."""
    return translate(key, current_language(), **values)


def located_message(error: LocatedError) -> str:
    """What a located problem is, in the current language.

    English shows the core's own message (it is written in English); other languages show the
    catalogue text of its key, or one plain sentence when the message has no key yet.
    """
    if current_language() == "en":
        return error.message
    return t(error.key, **error.values) if error.key else t("core_error.located_unexplained")


def located_text(error: LocatedError) -> str:
    """One located problem as a person reads it: where, then what, in the current language."""
    return str(LocatedError(error.file, error.line, error.field, located_message(error)))


def error_text(error: BaseException) -> str:
    """What a person reads about an error the core raised, in the current language.

    English shows the core's own message. Other languages show the catalogue text of a keyed
    error (``KeyedError``), the located problems of an ``InputError`` (:func:`located_text`),
    or one plain translated sentence for an error without a key: never English on a ru/uk page.
    """
    if isinstance(error, InputError):
        return "; ".join(located_text(located) for located in error.errors)
    if current_language() == "en":
        return str(error)
    key = getattr(error, "key", None)
    return t(key, **getattr(error, "values", {})) if isinstance(key, str) and key else t("core_error.unexplained")


def current_assessment() -> AssessmentRecord | None:
    """The assessment named by the URL's ``a`` key, or None (unknown or malformed keys give None)."""
    key = st.query_params.get(ASSESSMENT_PARAM)
    if not key:
        # Switching pages clears the URL's query parameters: the session remembers the open key.
        key = st.session_state.get(ASSESSMENT_STATE)
        if not key:
            return None
        st.query_params[ASSESSMENT_PARAM] = key
    from cxmaturity.storage import AccessDenied

    try:
        record = get_store().find_assessment_by_key(key)
    except AccessDenied:  # another user's key: refused and audited in the store; nothing of it is shown
        record = None
    if record is None:
        st.session_state.pop(ASSESSMENT_STATE, None)
    else:
        st.session_state[ASSESSMENT_STATE] = key
    return record


def open_assessment(record: AssessmentRecord) -> None:
    """Put the assessment's key in the URL: the link resumes it after a refresh or on another day."""
    st.query_params[ASSESSMENT_PARAM] = record.key
    st.session_state[ASSESSMENT_STATE] = record.key


def close_assessment() -> None:
    """Forget the open assessment (back to the start page's list)."""
    if ASSESSMENT_PARAM in st.query_params:
        del st.query_params[ASSESSMENT_PARAM]
    st.session_state.pop(ASSESSMENT_STATE, None)


@st.cache_resource(show_spinner=False, max_entries=32)
def _questionnaire(assessment_id: int, questionnaire_hash: str) -> Questionnaire:
    # Keyed by the snapshot's hash: an assessment always scores with the file it was started with.
    return get_store().load_questionnaire(assessment_id)


def questionnaire_of(record: AssessmentRecord) -> Questionnaire:
    """The questionnaire snapshot the assessment was started with (cached)."""
    return _questionnaire(record.id, record.questionnaire_hash)


#: Session key of the consultant's choice to count respondents still in progress.
INCLUDE_IN_PROGRESS_STATE = "results.include_in_progress"


@dataclass(frozen=True)
class Results:
    """Everything a results view needs, computed once per distinct set of answers and targets.

    ``answers`` are the respondents' answers the card counts (submitted respondents and the
    assessment's own answers; with ``participation.in_progress_included`` also those in
    progress); the evidence is never among them. ``source`` says whether the card uses the
    respondents, the evidence or both. Groups with fewer than ``min_group_size`` respondents
    are not in ``card.groups``. ``content_key`` names the answers, the source, the threshold
    and who is counted (not the targets): the same key, the same answers.
    """

    questionnaire: Questionnaire
    answers: AnswerSet
    content_key: str
    card: ScoreCard
    source: str = "respondents"
    min_group_size: int = 1
    participation: Participation = field(default_factory=Participation)
    evidence_coverage: float | None = None


@st.cache_resource(show_spinner=False, max_entries=64)
def _results(
    assessment_id: int,
    questionnaire_hash: str,
    content_key: str,
    targets_key: str,
    source: str,
    min_group_size: int,
    names_hidden: bool,
    include_in_progress: bool,
) -> Results:
    # Keyed by the database's fingerprint of the answers (see Store.answers_fingerprint): an
    # unchanged assessment costs two small queries per rerun; any saved change (a submission
    # too) gives a new key and the answers are loaded column-wise and scored once.
    from cxmaturity.workspace.evidence import score_assessment

    questionnaire = _questionnaire(assessment_id, questionnaire_hash)
    stored = score_assessment(
        get_store(), assessment_id, source, include_in_progress=include_in_progress, questionnaire=questionnaire
    )
    assert stored.answers is not None and stored.min_group_size == min_group_size
    return Results(
        questionnaire,
        stored.answers,
        content_key,
        stored.card,
        source,
        min_group_size,
        stored.participation,
        stored.evidence_coverage,
    )


def include_in_progress() -> bool:
    """True when the consultant chose to count the answers of respondents still in progress."""
    return bool(st.session_state.get(INCLUDE_IN_PROGRESS_STATE, False))


def results_of(record: AssessmentRecord, source: str | None = None) -> Results:
    """Scores of the assessment against its saved targets, from ``source`` (default: its setting).

    ``source`` is "respondents", "evidence" (the consultant's assessed values alone) or "both"
    (combined per question, see :mod:`cxmaturity.workspace.evidence`); groups below the
    assessment's anonymity threshold are left out of the card's groups. Counts submitted
    respondents (and in-progress ones when :func:`include_in_progress`). Cached by content: the
    key is the database's fingerprint of the answers, the assessed values, the source, the
    threshold and who is counted.
    """
    store = get_store()
    settings = store.get_settings(record.id)
    chosen = source or settings.results_source
    threshold = settings.anonymity_threshold
    partial = include_in_progress()
    answers_key = store.answers_fingerprint(record.id)
    evidence_key: tuple[object, ...] = ()
    if chosen != "respondents":
        evidence_key = tuple(sorted((q, e.value) for q, e in store.load_evidence(record.id).items()))
    content_key = f"{hash((record.questionnaire_hash, answers_key, evidence_key, chosen, threshold, partial)):x}"
    targets_key = repr(sorted((section, sorted(values.items())) for section, values in record.targets.items()))
    # A client viewer's answers come without names or notes: never share a cache entry with a consultant's.
    hidden = not sees_people(record)
    return _results(record.id, record.questionnaire_hash, content_key, targets_key, chosen, threshold, hidden, partial)
