"""What a respondent has answered so far, and the texts that say it (the progress line, the levels'
captions, the finish line's summary), as a whole run of the answering screen and a card's live update
both draw them. Answers that wait for the database (:mod:`pending_saves`) count as given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from cxmaturity.core.model import Answer, AnswerKind, Questionnaire
from cxmaturity.i18n import format_number, translate
from cxmaturity.storage import StorageUnavailableError
from cxmaturity.ui import answer_items, pending_saves
from cxmaturity.ui.context import get_store

# Session key prefix of the answers last read for a respondent (shown while the database is away).
LOADED_PREFIX = "answer.loaded."


def is_answered(answer: Answer | None) -> bool:
    """True for a value, "not applicable" or "don't know" (a note alone is not an answer)."""
    return answer is not None and answer.kind is not AnswerKind.UNANSWERED


def summary_text(questionnaire: Questionnaire, answers: dict[str, Answer], language: str) -> str:
    """Answered, not applicable and don't know, in one sentence (the finish line)."""
    kinds = [answers[q.id].kind for q in questionnaire.questions if is_answered(answers.get(q.id))]
    items = answer_items.counted_items(questionnaire)
    kinds += [AnswerKind.VALUE for item in items if answer_items.item_answered(answers.get(item.id))]
    total = len(questionnaire.questions) + len(items)

    def number(value: int) -> str:
        return format_number(value, language, 0)

    text = translate(
        "honest.answer.summary",
        language,
        answered=number(len(kinds)),
        total=number(total),
        scale=number(sum(kind is AnswerKind.VALUE for kind in kinds)),
        na=number(sum(kind is AnswerKind.NOT_APPLICABLE for kind in kinds)),
        dk=number(sum(kind is AnswerKind.DONT_KNOW for kind in kinds)),
    )
    if len(kinds) < total:
        text = f"{text} {translate('honest.answer.still_open', language, n=number(total - len(kinds)))}"
    return text


def answers_so_far(respondent_id: int) -> dict[str, Answer]:
    """The respondent's stored answers; while the database is out of reach, the last ones read in
    this session (the screen stays usable and the new answers wait in :mod:`pending_saves`)."""
    remembered = f"{LOADED_PREFIX}{respondent_id}"
    try:
        answers = get_store().load_respondent_answers(respondent_id)
    except StorageUnavailableError:
        if remembered not in st.session_state:
            raise
        return st.session_state[remembered]
    st.session_state[remembered] = answers
    return answers


@dataclass(frozen=True)
class Tally:
    """What is answered so far, read from the saved answers (and those waiting for the database)."""

    answers: dict[str, Answer]
    done: set[str]
    total: int
    levels: list[str]
    counts: dict[str, list[bool]]


def tally_of(questionnaire: Questionnaire, respondent_id: int) -> Tally:
    answers = answers_so_far(respondent_id)
    done = {q.id for q in questionnaire.questions if is_answered(answers.get(q.id))}
    done |= set(pending_saves.waiting_answer_codes(respondent_id))  # given, waiting for the database
    # A customer questionnaire's items (NPS, CES, choices...) come as one more section after the levels.
    items = answer_items.counted_items(questionnaire)
    done |= {item.id for item in items if answer_items.item_answered(answers.get(item.id))}
    done |= pending_saves.waiting_items(respondent_id) & {item.id for item in items}  # waiting for the database
    levels = [level.id for level in questionnaire.levels]
    counts = {lid: [q.id in done for q in questionnaire.questions_of(level=lid)] for lid in levels}
    if questionnaire.items:
        levels.append(answer_items.ITEMS_SECTION)
        counts[answer_items.ITEMS_SECTION] = [item.id in done for item in items]
    return Tally(answers, done, len(questionnaire.questions) + len(items), levels, counts)


def answered_count(questionnaire: Questionnaire, respondent_id: int) -> tuple[int, int]:
    """(answered, asked) for a respondent right now, as the progress counts them."""
    tally = tally_of(questionnaire, respondent_id)
    return len(tally.done), tally.total


def progress_text(tally: Tally, section: str, language: str) -> str:
    def number(value: float) -> str:
        return format_number(value, language, 0)

    level = tally.counts[section]
    return (
        translate("app.answer.progress", language, done=number(len(tally.done)), total=number(tally.total))
        + " · "
        + translate(
            "honest.answer.level_progress",
            language,
            level=number(tally.levels.index(section) + 1),
            done=number(sum(level)),
            total=number(len(level)),
        )
    )


def section_captions(tally: Tally, language: str) -> list[str]:
    # Labels must stay the same from run to run (Streamlit keeps a radio's value as its label), so
    # the per-level progress goes into the captions.
    return [
        translate(
            "app.answer.section_progress",
            language,
            done=format_number(sum(tally.counts[lid]), language, 0),
            total=format_number(len(tally.counts[lid]), language, 0),
        )
        + (" ✓" if all(tally.counts[lid]) else "")
        for lid in tally.levels
    ]


def live_texts(
    questionnaire: Questionnaire,
    respondent_id: int,
    section: str,
    language: str,
    footer_caption: Callable[[int, int], str] | None,
) -> dict[str, object]:
    """The progress, the levels' captions, the finish summary and the footer's caption after a click,
    from the saved answers: the same texts a whole run draws."""
    tally = tally_of(questionnaire, respondent_id)
    return {
        "progress": progress_text(tally, section, language),
        "fraction": len(tally.done) / tally.total if tally.total else 0.0,
        "captions": section_captions(tally, language),
        "summary": summary_text(questionnaire, tally.answers, language),
        "footer": footer_caption(len(tally.done), tally.total) if footer_caption is not None else None,
    }


def all_answered(questionnaire: Questionnaire, respondent_id: int) -> bool:
    answered, asked = answered_count(questionnaire, respondent_id)
    return answered == asked
