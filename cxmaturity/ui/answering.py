"""The answering screen: one pyramid level at a time, every answer and note saved as it is given.

Widget keys are part of the contract with the tests: ``q.<question id>.value`` (the option
code: a scale value such as ``"3"``, ``"na"`` or ``"dk"``) and ``q.<question id>.note``.
The whole screen is one ``st.fragment``: a click reruns one section's widgets, not the page.
"""

from __future__ import annotations

import streamlit as st

from cxmaturity.i18n import format_number
from cxmaturity.model import DONT_KNOW, NOT_APPLICABLE, Answer, AnswerKind, Question, Questionnaire, format_value
from cxmaturity.storage import StorageError
from cxmaturity.ui.context import get_store, t
from cxmaturity.ui.shell import page_exists, plain

SECTION_KEY = "answer.section"
ONLY_UNANSWERED_KEY = "answer.only_unanswered"
ERROR_KEY = "answer.error"


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


def is_answered(answer: Answer | None) -> bool:
    """True for a value, "not applicable" or "don't know" (a note alone is not an answer)."""
    return answer is not None and answer.kind is not AnswerKind.UNANSWERED


def _report(error: Exception) -> None:
    st.session_state[ERROR_KEY] = t("app.answer.save_failed", reason=str(error))


def _save_value(respondent_id: int, question_id: str) -> None:
    code = st.session_state.get(value_key(question_id))
    if code is None:
        return
    try:
        if code in (NOT_APPLICABLE, DONT_KNOW):
            get_store().save_answer(respondent_id, question_id, code)
        else:
            get_store().save_answer(respondent_id, question_id, AnswerKind.VALUE, float(code))
    except (StorageError, ValueError) as error:
        _report(error)


def _save_note(respondent_id: int, question_id: str) -> None:
    try:
        get_store().save_note(respondent_id, question_id, st.session_state.get(note_key(question_id)) or "")
    except (StorageError, ValueError) as error:
        _report(error)


def _go_to(level_id: str) -> None:
    st.session_state[SECTION_KEY] = level_id


def _option_texts(questionnaire: Questionnaire, question: Question, language: str) -> tuple[dict[str, str], list[str]]:
    """Label and caption (the question's anchor, if any) of every option code."""
    scale = questionnaire.scales[question.scale]
    labels = {NOT_APPLICABLE: t("app.answer.na"), DONT_KNOW: t("app.answer.dk")}
    captions = {NOT_APPLICABLE: t("app.answer.na_help"), DONT_KNOW: t("app.answer.dk_help")}
    for option in scale.options:
        code = format_value(option.value)
        labels[code] = f"{code} · {option.label.get(language)}"
        anchor = question.anchors.get(option.value)
        captions[code] = plain(anchor.get(language)) if anchor is not None else ""
    codes = option_codes(questionnaire, question)
    return {code: labels[code] for code in codes}, [captions[code] for code in codes]


def _question(
    questionnaire: Questionnaire,
    question: Question,
    number: int,
    answer: Answer | None,
    respondent_id: int,
    language: str,
) -> None:
    with st.container(border=True):
        marker = "" if is_answered(answer) else f" :orange-badge[{t('app.answer.unanswered_marker')}]"
        st.markdown(f"**{number}.** {plain(question.text.get(language))}{marker}")
        if question.help is not None:
            with st.expander(t("app.answer.help")):
                st.markdown(plain(question.help.get(language)))
        key = value_key(question.id)
        if key not in st.session_state:  # first time on screen: start from what the database holds
            st.session_state[key] = answer.code() if is_answered(answer) else None  # type: ignore[union-attr]
        labels, captions = _option_texts(questionnaire, question, language)
        st.radio(
            t("app.answer.options"),
            list(labels),
            index=None,
            format_func=labels.__getitem__,
            captions=captions,
            key=key,
            on_change=_save_value,
            args=(respondent_id, question.id),
            label_visibility="collapsed",
        )
        key = note_key(question.id)
        if key not in st.session_state:
            st.session_state[key] = (answer.note or "") if answer is not None else ""
        st.text_input(
            t("app.answer.note"),
            key=key,
            on_change=_save_note,
            args=(respondent_id, question.id),
            placeholder=t("app.answer.note_placeholder"),
            max_chars=2000,
        )


@st.fragment
def answer_screen(questionnaire: Questionnaire, respondent_id: int, language: str) -> None:
    """Progress, the section picker and the questions of one level (reruns on its own)."""
    answers = get_store().load_respondent_answers(respondent_id)
    done = {q.id for q in questionnaire.questions if is_answered(answers.get(q.id))}
    total = len(questionnaire.questions)
    number = lambda value: format_number(value, language, 0)  # noqa: E731
    st.progress(
        len(done) / total if total else 0.0, text=t("app.answer.progress", done=number(len(done)), total=number(total))
    )
    if ERROR_KEY in st.session_state:
        st.error(st.session_state.pop(ERROR_KEY))

    levels = [level.id for level in questionnaire.levels]
    counts = {lid: [q.id in done for q in questionnaire.questions_of(level=lid)] for lid in levels}
    if st.session_state.get(SECTION_KEY) not in levels:  # start with the first level not finished
        st.session_state[SECTION_KEY] = next((lid for lid in levels if not all(counts[lid])), levels[0])

    def section_label(lid: str) -> str:
        title = questionnaire.level(lid).title.get(language)
        mark = " ✓" if all(counts[lid]) else ""
        return f"{levels.index(lid) + 1}. {title} · {number(sum(counts[lid]))}/{number(len(counts[lid]))}{mark}"

    section = st.radio(t("app.answer.section"), levels, format_func=section_label, horizontal=True, key=SECTION_KEY)
    only_unanswered = st.toggle(t("app.answer.only_unanswered"), key=ONLY_UNANSWERED_KEY)
    level = questionnaire.level(section)
    st.subheader(f"{levels.index(section) + 1}. {level.title.get(language)}")
    if level.description is not None:
        st.caption(plain(level.description.get(language)))

    questions = questionnaire.questions_of(level=section)
    shown = 0
    for position, question in enumerate(questions, start=1):
        if only_unanswered and question.id in done:
            continue
        shown += 1
        _question(questionnaire, question, position, answers.get(question.id), respondent_id, language)
    if only_unanswered and shown == 0:
        st.success(t("app.answer.section_complete"))

    index = levels.index(section)
    back, forward = st.columns(2)
    if index > 0:
        back.button(t("app.answer.previous"), key="answer.previous", on_click=_go_to, args=(levels[index - 1],))
    if index + 1 < len(levels):
        forward.button(
            t("app.answer.next"), key="answer.next", on_click=_go_to, args=(levels[index + 1],), type="primary"
        )
    elif len(done) == total and page_exists("pages/results.py"):
        forward.page_link("pages/results.py", label=t("app.answer.see_results"), icon=":material/insights:")
