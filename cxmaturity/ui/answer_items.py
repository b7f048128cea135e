"""The answering screen's last section for a customer questionnaire (format 2): the items that are
not scored on the pyramid.

Metric items (NPS 0-10, CES 1-7 or 1-5, CSAT 1-5 or 1-10, the three CLI items 1-6) are a row of
numbers; a choice item is a list of its options; a text item is a box for the customer's own words.
Each answer is saved the moment it is given, in the shape the answer import stores (the core's
``AnswerSet`` docstring): a metric item its number; a choice its position in the list (1, 2...)
with the choice's id as the note; a text the value 1 with the text as the note.

Widget keys follow the screen's contract: ``q.<item id>.value`` for every item.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cxmaturity.auth import AccessDenied
from cxmaturity.core.model import Answer, AnswerKind, ItemKind, Questionnaire, SurveyItem, format_value
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.storage import StorageError
from cxmaturity.ui import pending_saves
from cxmaturity.ui.shell import plain

#: The section id of the items on the level picker (never a level id: level ids have no "~").
ITEMS_SECTION = "~items"


def counted_items(questionnaire: Questionnaire) -> tuple[SurveyItem, ...]:
    """The items that count in the progress: all but free text (a comment is optional, never "missing")."""
    return tuple(item for item in questionnaire.items if item.kind is not ItemKind.TEXT)


def asked_ids(questionnaire: Questionnaire) -> set[str]:
    """Ids of what the progress counts: every rating question and every item but free text."""
    return {question.id for question in questionnaire.questions} | {i.id for i in counted_items(questionnaire)}


def item_answered(answer: Answer | None) -> bool:
    """True when an item holds an answer (a number, a choice or a text)."""
    return answer is not None and answer.kind is AnswerKind.VALUE


def _stored_code(item: SurveyItem, answer: Answer | None) -> str | None:
    """The widget value of a stored answer: the number as written, the choice's id or the text."""
    if not item_answered(answer):
        return None
    assert answer is not None
    if item.kind in (ItemKind.CHOICE, ItemKind.TEXT):
        return answer.note
    return answer.code()


def _key(item_id: str) -> str:
    return f"q.{item_id}.value"


def _save(
    questionnaire: Questionnaire,
    respondent_id: int,
    item_id: str,
    token: str | None,
    report: Callable[[Exception], None],
) -> None:
    item = questionnaire.item(item_id)
    given = st.session_state.get(_key(item_id))
    if item.kind is ItemKind.TEXT:
        text = (given or "").strip()
        # An emptied box clears the comment.
        answer = (AnswerKind.VALUE, 1.0, text) if text else (AnswerKind.UNANSWERED, None, "")
    elif given is None:
        return
    elif item.kind is ItemKind.CHOICE:
        answer = (AnswerKind.VALUE, float(item.choice_ids().index(given) + 1), given)
    else:
        answer = (AnswerKind.VALUE, float(given), None)
    try:
        # Kept in the tab and retried while the database is out of reach, as the rated questions are.
        pending_saves.save(respondent_id, item_id, "item", pending_saves.item_text(*answer), token)
    except (StorageError, ValueError, AccessDenied) as error:
        report(error)


def _scale_caption(questionnaire: Questionnaire, item: SurveyItem, language: str) -> str:
    """What the numbers mean: the options whose label says more than the number itself."""
    assert item.scale is not None
    parts = []
    for option in questionnaire.scales[item.scale].options:
        code = format_value(option.value)
        label = option.label.get(language).strip()
        if label != code:
            parts.append(plain(label) if label.startswith(code) else f"**{code}** {plain(label)}")
    return " · ".join(parts)


def draw_items(
    questionnaire: Questionnaire,
    answers: dict[str, Answer],
    respondent_id: int,
    language: str,
    read_only: bool,
    token: str | None,
    report: Callable[[Exception], None],
    unanswered_marker: str,
    only_unanswered: bool,
) -> int:
    """Draw every item (in file order) as a card; return how many were drawn."""
    shown = 0
    waiting = pending_saves.waiting_items(respondent_id)  # given, not yet in the database
    for number, item in enumerate(questionnaire.items, start=1):
        answer = answers.get(item.id)
        answered = item_answered(answer) or item.id in waiting
        if only_unanswered and answered:
            continue
        shown += 1
        key = _key(item.id)
        stored = _stored_code(item, answer)
        current = st.session_state.get(key, stored)
        arguments = (questionnaire, respondent_id, item.id, token, report)
        with st.container(border=True, key=f"q.{item.id}.card", gap=4):
            counted = item.kind is not ItemKind.TEXT
            marker = f" :orange-badge[{unanswered_marker}]" if counted and not answered else ""
            helper = plain(item.help.get(language)) if item.help is not None else None
            st.markdown(f"**{number}.** {plain(item.text.get(language))}{marker}", help=helper)
            if item.kind is ItemKind.TEXT:
                st.text_area(
                    item.text.get(language),
                    value=current or "",
                    key=key,
                    on_change=_save,
                    args=arguments,
                    max_chars=MAX_TEXT_CHARS,
                    label_visibility="collapsed",
                    disabled=read_only,
                )
                continue
            if item.kind is ItemKind.CHOICE:
                labels = {choice.id: choice.label.get(language) for choice in item.choices}
            else:
                assert item.scale is not None
                labels = {
                    format_value(o.value): format_value(o.value) for o in questionnaire.scales[item.scale].options
                }
            st.radio(
                item.text.get(language),
                list(labels),
                index=list(labels).index(current) if current in labels else None,
                format_func=labels.__getitem__,
                key=key,
                on_change=_save,
                args=arguments,
                label_visibility="collapsed",
                horizontal=item.kind is not ItemKind.CHOICE,
                disabled=read_only,
            )
            if item.kind is not ItemKind.CHOICE:
                st.caption(_scale_caption(questionnaire, item, language))
    return shown
