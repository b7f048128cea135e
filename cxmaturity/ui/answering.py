"""The answering screen: one pyramid level at a time, every answer and note saved as it is given.

Widget keys are part of the contract with the tests: ``q.<question id>.value`` (the option
code: a scale value such as ``"3"``, ``"na"`` or ``"dk"``) and ``q.<question id>.note``.
The screen is one ``st.fragment`` (a level change reruns it, not the page) and each question's card
is a fragment of its own: a click reruns that card only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from cxmaturity.auth import AccessDenied
from cxmaturity.core.model import DONT_KNOW, NOT_APPLICABLE, Answer, Question, Questionnaire, format_value
from cxmaturity.i18n import translate
from cxmaturity.storage import AnswerRejectedError, StorageError
from cxmaturity.ui import answer_items, answer_layout, pending_saves
from cxmaturity.ui.answer_progress import (
    all_answered,
    is_answered,
    live_texts,
    progress_text,
    section_captions,
    summary_text,
    tally_of,
)
from cxmaturity.ui.context import error_text, t
from cxmaturity.ui.error_boundary import guarded_fragment, named_guarded_fragment
from cxmaturity.ui.shell import page_exists, plain

SECTION_KEY = "answer.section"
ONLY_UNANSWERED_KEY = "answer.only_unanswered"
ERROR_KEY = "answer.error"
# The question whose answer the last click changed: its card, rerunning alone, updates the progress.
CHANGED_KEY = "answer.changed"
SUMMARY_CONTAINER = "answer-summary"
# The answering screen's fragment, by name: the last answer on a level without the finish line reruns it.
SCREEN_FRAGMENT = "answer-screen"
#: The key of the container a footer draws its changing caption in (updated after each click).
FOOTER_CAPTION = "answer-footer-caption"


def value_key(question_id: str) -> str:
    """Widget key of a question's answer options."""
    return f"q.{question_id}.value"


def note_key(question_id: str) -> str:
    """Widget key of a question's note."""
    return f"q.{question_id}.note"


def option_codes(questionnaire: Questionnaire, question: Question) -> list[str]:
    """The codes a question can be answered with: its scale values, then ``na`` and ``dk`` if allowed."""
    scale = questionnaire.scales[question.scale]
    codes = [format_value(option.value) for option in scale.options]
    if scale.allow_na:
        codes.append(NOT_APPLICABLE)
    if scale.allow_dont_know:
        codes.append(DONT_KNOW)
    return codes


def _report(error: Exception) -> None:
    if isinstance(error, AccessDenied):
        # The store no longer lets this screen write: for a respondent, their link was replaced or
        # revoked meanwhile. Say it with a revoked link's words (the page never tells which).
        error = AnswerRejectedError("this respondent's link has been revoked", "core_error.link_revoked")
    st.session_state[ERROR_KEY] = t("app.answer.save_failed", reason=error_text(error))


def _save_value(
    respondent_id: int, question_id: str, token: str | None = None, completes: Callable[[], bool] | None = None
) -> None:
    code = st.session_state.get(value_key(question_id))
    if code is None:
        return
    try:
        pending_saves.save(respondent_id, question_id, "value", code, token)
    except (StorageError, ValueError, AccessDenied) as error:
        _report(error)
        completes = None  # nothing new was saved: nothing new can be complete
    # The card's own rerun sends the new progress to the rest of the screen (see _card).
    st.session_state[CHANGED_KEY] = question_id
    if completes is not None and not pending_saves.waiting() and completes():
        # The last answer, given on a level that has no finish line yet: the whole answering screen
        # reruns to draw it, as "Next level" reruns it. Asked for here, in the callback, the card's
        # rerun is replaced by the screen's. (Asked for from inside the card's rerun, a whole-app
        # rerun sometimes never reached the browser on a loaded machine: saved, but the screen
        # stayed at "67 of 68".)
        st.rerun(scope=SCREEN_FRAGMENT)


def _save_note(respondent_id: int, question_id: str, token: str | None = None) -> None:
    try:
        note = st.session_state.get(note_key(question_id)) or ""
        pending_saves.save(respondent_id, question_id, "note", note, token)
    except (StorageError, ValueError, AccessDenied) as error:
        _report(error)


def _go_to(level_id: str) -> None:
    st.session_state[SECTION_KEY] = level_id
    answer_layout.request_scroll_to_top()


@functools.lru_cache(maxsize=8)
def _texts(language: str) -> dict[str, str]:
    # Looked up once per language: the screen needs these ~100 times per rerun.
    keys = ("na", "dk", "unanswered_marker", "options", "note", "note_placeholder")
    texts = {key: translate(f"app.answer.{key}", language) for key in keys}
    texts["note_saved"] = translate("honest.answer.note_saved", language)
    texts["all_points"] = translate("answer_flow.all_points", language)
    texts["look_at"] = translate("app.answer.help", language)
    return texts


def _option_texts(questionnaire: Questionnaire, question: Question, language: str) -> tuple[dict[str, str], str]:
    """Short labels of the option codes (the scale's numbers, "not applicable", "don't know") and the
    question's anchors as the HTML of :func:`answer_layout.anchors_html` (cached: texts never change)."""
    cache_key = (questionnaire.id, questionnaire.version, questionnaire.source_hash, question.id, language)
    found = _OPTIONS.get(cache_key)
    if found is not None:
        return found
    texts = _texts(language)
    scale = questionnaire.scales[question.scale]
    labels = {NOT_APPLICABLE: texts["na"], DONT_KNOW: texts["dk"]}
    points: list[tuple[str, str, str | None]] = []
    for option in scale.options:
        code = format_value(option.value)
        labels[code] = code
        anchor = question.anchors.get(option.value)
        points.append((code, option.label.get(language), anchor.get(language) if anchor is not None else None))
    codes = option_codes(questionnaire, question)
    anchors = answer_layout.anchors_html(points, texts["all_points"]) if question.anchors else ""
    found = ({code: labels[code] for code in codes}, anchors)
    if len(_OPTIONS) > 5000:  # bounded: a few questionnaires x languages
        _OPTIONS.clear()
    _OPTIONS[cache_key] = found
    return found


_OPTIONS: dict[tuple[str, str, str, str, str], tuple[dict[str, str], str]] = {}


def scale_legend(questionnaire: Questionnaire, language: str) -> str:
    """The answer scales in words, once per screen: what each number means, "not applicable" and "don't know".

    Only the scales of the rating questions: a metric item shows its own scale under it.
    """
    scales = []
    used = {question.scale for question in questionnaire.questions}
    for scale_id, scale in questionnaire.scales.items():
        if scale_id not in used:
            continue
        scales.append(" · ".join(f"**{format_value(o.value)}** {plain(o.label.get(language))}" for o in scale.options))
    explained = [
        f"**{translate(f'app.answer.{kind}', language)}**: {translate(f'app.answer.{kind}_help', language)}"
        for kind in ("na", "dk")
    ]
    return "  \n".join([translate("answer_flow.legend", language, scale="; ".join(scales)), *explained])


def card_texts(question: Question, language: str) -> tuple[str, str | None, str | None]:
    """(the question's text, the line under it, the tooltip) as its card shows them, as plain text.

    The one place a card picks its words. The line says what the question means in plain words for
    self-respondents; the auditor's "what to look at, then Evidence: ..." stays one tap away.
    """
    line = plain(question.meaning.get(language)) if question.meaning is not None else None
    helper = plain(question.help.get(language)) if question.help is not None else None
    return plain(question.text.get(language)), line, helper


def _tooltip(meaning: str | None, auditor_help: str | None, look_at: str) -> str | None:
    """The question's tooltip: first what it means in plain words (for every respondent), then the
    auditor's "what to look at". A visible line per card would break the level height goals
    (16 questions: 3,784 px at 1366 px against 3,500, measured), so both are one tap away."""
    parts = [meaning] if meaning else []
    if auditor_help:
        parts.append(f"**{look_at}:** {auditor_help}" if meaning else auditor_help)
    return "\n\n".join(parts) or None


@guarded_fragment
def _card(
    questionnaire: Questionnaire,
    question: Question,
    number: int,
    stored: Answer | None,
    respondent_id: int,
    language: str,
    read_only: bool,
    token: str | None,
    live: Callable[[], dict[str, object]],
    completes: Callable[[], bool] | None,
) -> None:
    """One question's card, a fragment of its own: a click reruns this card only, not the level.

    ``stored`` is the answer read by the screen's last whole run; after that the widgets' own state is
    the truth. When a click changed this question's answer, ``live`` gives the progress worked out from
    the saved answers, and :func:`answer_layout.show_live` puts it in place outside the card.
    ``completes`` (on a level without the finish line) tells the click's callback whether this answer
    was the last one, so that the whole screen reruns to draw the finish line.
    """
    texts = _texts(language)
    key = value_key(question.id)
    current = st.session_state.get(key, stored.code() if stored is not None and is_answered(stored) else None)
    # A small gap inside the card: a level of sixteen questions fits 3,500 px on a desktop, 6,000 on a phone.
    with st.container(border=True, key=f"q.{question.id}.card", gap=4):
        marker = "" if current is not None else f" :orange-badge[{texts['unanswered_marker']}]"
        # "What to look at" is a tooltip on the question: always one tap away, never a block per card.
        wording, line, helper = card_texts(question, language)
        # The question and its note's button in one row: the button as wide as its words (in columns it was
        # cut to «Комме…»), and a click redraws one row block where columns took three.
        row = st.container(horizontal=True, gap="small", wrap=False)
        row.markdown(f"**{number}.** {wording}{marker}", help=_tooltip(line, helper, texts["look_at"]), width="stretch")
        written = st.session_state.get(note_key(question.id), (stored.note or "") if stored is not None else "")
        with row.popover(texts["note_saved"] if written else texts["note"], icon=":material/edit_note:"):
            st.text_input(
                texts["note"],
                value=written,
                key=note_key(question.id),
                on_change=_save_note,
                args=(respondent_id, question.id, token),
                placeholder=texts["note_placeholder"],
                max_chars=2000,
                disabled=read_only,
            )
        # The default is always the current value, so a browser that redraws the widget shows it too.
        labels, anchors = _option_texts(questionnaire, question, language)
        st.radio(
            texts["options"],
            list(labels),
            index=list(labels).index(current) if current in labels else None,
            format_func=labels.__getitem__,
            key=key,
            on_change=_save_value,
            args=(respondent_id, question.id, token, completes),
            label_visibility="collapsed",
            horizontal=True,
            disabled=read_only,
        )
        if anchors:
            st.html(anchors)
        if ERROR_KEY in st.session_state:
            st.error(st.session_state.pop(ERROR_KEY))
    if st.session_state.get(CHANGED_KEY) == question.id:
        del st.session_state[CHANGED_KEY]
        if pending_saves.waiting():
            st.rerun()  # the database is away: the whole screen says so, with its retry button
        answer_layout.show_live(live())


def _section_title(questionnaire: Questionnaire, section: str, language: str) -> str:
    """A level's title, or the items section's."""
    if section == answer_items.ITEMS_SECTION:
        return translate("voice_ui.answer.items_section", language)
    return questionnaire.level(section).title.get(language)


@named_guarded_fragment(SCREEN_FRAGMENT)
def answer_screen(
    questionnaire: Questionnaire,
    respondent_id: int,
    language: str,
    read_only: bool = False,
    results_link: bool = True,
    footer: Callable[[int, int], None] | None = None,
    token: str | None = None,
    footer_caption: Callable[[int, int], str] | None = None,
) -> None:
    """Progress, the section picker and the questions of one level (reruns on its own).

    ``token``: the personal link this screen was opened with; every save checks it, so a tab left
    open on a link that was replaced or revoked meanwhile saves nothing more.

    ``results_link=False`` leaves out the link to the results once every question is answered
    (a respondent's personal link must not lead there). ``footer`` is drawn last, inside the
    fragment, with the numbers of answered and of all questions. A click reruns only its question's
    card, so the footer's changing text is given by ``footer_caption`` (same numbers) and drawn by
    the footer inside ``st.container(key=FOOTER_CAPTION)``: the card then updates it in place.
    """
    tally = tally_of(questionnaire, respondent_id)
    answers, done, total, levels, counts = tally.answers, tally.done, tally.total, tally.levels, tally.counts

    answer_layout.style()
    answer_layout.scroll_if_requested()
    # Start with the first level not finished. The level lives in the widget's own state (set by
    # "Next level" before the widget is drawn), so the radio never gets a default as well: that
    # pair made Streamlit warn on every "Next level".
    if st.session_state.get(SECTION_KEY) not in levels:
        st.session_state[SECTION_KEY] = next((lid for lid in levels if not all(counts[lid])), levels[0])
    section = st.session_state[SECTION_KEY]
    index = levels.index(section)

    with st.container(key=answer_layout.PROGRESS_CONTAINER):
        st.progress(len(done) / total if total else 0.0, text=progress_text(tally, section, language))
        if ERROR_KEY in st.session_state:
            st.error(st.session_state.pop(ERROR_KEY))
        pending_saves.notice(_report)

    titles = {
        lid: f"{n}. {plain(_section_title(questionnaire, lid, language))}" for n, lid in enumerate(levels, start=1)
    }
    st.radio(
        t("app.answer.section"),
        levels,
        format_func=titles.__getitem__,
        captions=section_captions(tally, language),
        horizontal=True,
        key=SECTION_KEY,
    )
    only_unanswered = st.toggle(t("app.answer.only_unanswered"), key=ONLY_UNANSWERED_KEY)
    on_items = section == answer_items.ITEMS_SECTION
    with st.container(key="answer-level-top"):
        heading = _section_title(questionnaire, section, language) if on_items else None
        st.subheader(f"{index + 1}. {plain(heading or questionnaire.level(section).heading(language))}")
        description = (
            translate("voice_ui.answer.items_intro", language) if on_items else questionnaire.level(section).description
        )
        if description is not None:
            st.caption(plain(description if isinstance(description, str) else description.get(language)))
    if not on_items:
        st.caption(scale_legend(questionnaire, language), help=t("honest.answer.keyboard"))

    questions = () if on_items else questionnaire.questions_of(level=section)
    # The finish line (a summary and one clear next step) closes the last level, and any level once
    # every question is answered.
    finish_line_shown = index + 1 == len(levels) or len(done) == total
    live = functools.partial(live_texts, questionnaire, respondent_id, section, language, footer_caption)
    completes = None if finish_line_shown else functools.partial(all_answered, questionnaire, respondent_id)
    shown = 0
    with st.container(gap=8, key="answer-questions"):
        for position, question in enumerate(questions, start=1):
            if only_unanswered and question.id in done:
                continue
            shown += 1
            _card(
                questionnaire,
                question,
                position,
                answers.get(question.id),
                respondent_id,
                language,
                read_only,
                token,
                live,
                completes,
            )
        if on_items:
            marker = _texts(language)["unanswered_marker"]
            shown = answer_items.draw_items(
                questionnaire, answers, respondent_id, language, read_only, token, _report, marker, only_unanswered
            )
    if only_unanswered and shown == 0:
        st.success(t("app.answer.section_complete"))

    back, forward = st.columns(2)
    if index > 0:
        back.button(t("app.answer.previous"), key="answer.previous", on_click=_go_to, args=(levels[index - 1],))
    if index + 1 < len(levels):
        forward.button(
            t("app.answer.next"), key="answer.next", on_click=_go_to, args=(levels[index + 1],), type="primary"
        )
    if finish_line_shown:
        # The finish line: what was given, and one clear next step.
        with st.container(key=SUMMARY_CONTAINER):
            st.info(summary_text(questionnaire, answers, language), icon=":material/task_alt:")
        if results_link and page_exists("pages/results.py"):
            finish = st.button(
                t("app.answer.see_results"), key="answer.finish", type="primary", icon=":material/insights:"
            )
            if finish:
                st.switch_page("pages/results.py")
    if footer is not None:
        footer(len(done), total)
