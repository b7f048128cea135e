"""Whose answers count: submitted respondents and the assessment's own answers, by default.

A respondent who opened a link, gave three answers and never submitted must not move the
results silently. By default the results use the respondents who submitted, plus the
built-in "self" respondent (the executive's own self-assessment, which has no submit step).
The consultant may include the answers of respondents still in progress; the results then
say so. Respondents who never opened their link have no answers to count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxmaturity.core.model import AnswerSet

if TYPE_CHECKING:
    from cxmaturity.storage.records import RespondentProgress

#: A report never prints a group's size, nor names anyone, below this group size
#: (``cxmaturity.storage.DEFAULT_ANONYMITY_THRESHOLD``), whatever the assessment's own threshold.
REPORT_MIN_GROUP_SIZE = 3

#: The built-in respondent of the assessment's own answers (``cxmaturity.storage.SELF_LABEL``);
#: repeated here so the pages can import this module without loading the database stack.
SELF_LABEL = "self"


@dataclass(frozen=True)
class Participation:
    """How many invited respondents submitted, are in progress or never opened their link.

    ``in_progress_included`` says whether the in-progress answers count in the results;
    ``own_answers`` whether the assessment's own ("self") answers are part of them.
    """

    submitted: int = 0
    in_progress: int = 0
    not_opened: int = 0
    in_progress_included: bool = False
    own_answers: bool = False

    @property
    def invited(self) -> int:
        """Every invited respondent (the built-in "self" is not invited)."""
        return self.submitted + self.in_progress + self.not_opened

    @property
    def counted(self) -> int:
        """Invited respondents whose answers the results use."""
        return self.submitted + (self.in_progress if self.in_progress_included else 0)


def participation_of(progress: Iterable[RespondentProgress], *, include_in_progress: bool = False) -> Participation:
    """Count the invited respondents by state (revoked links still count by what they did)."""
    states = {"completed": 0, "started": 0, "not_opened": 0}
    own = False
    for entry in progress:
        if entry.respondent.label == SELF_LABEL:
            own = entry.answered > 0
            continue
        states[entry.state] += 1
    return Participation(
        submitted=states["completed"],
        in_progress=states["started"],
        not_opened=states["not_opened"],
        in_progress_included=include_in_progress,
        own_answers=own,
    )


def counted_labels(progress: Iterable[RespondentProgress], *, include_in_progress: bool = False) -> set[str]:
    """Labels of the respondents whose answers the results use."""
    wanted = {"completed", "started"} if include_in_progress else {"completed"}
    return {
        entry.respondent.label for entry in progress if entry.respondent.label == SELF_LABEL or entry.state in wanted
    }


def keep_respondents(answers: AnswerSet, labels: Sequence[str] | set[str]) -> AnswerSet:
    """The answers of the respondents named in ``labels`` only (their order kept)."""
    wanted = set(labels)
    kept = tuple(label for label in answers.respondents if label in wanted)
    if len(kept) == len(answers.respondents):
        return answers
    table = answers.table
    rows = table["respondent"].astype(str).isin(wanted).to_numpy()
    trimmed = table[rows].reset_index(drop=True)
    for column in ("respondent", "group", "question"):
        if hasattr(trimmed[column], "cat"):
            trimmed[column] = trimmed[column].cat.remove_unused_categories()
    return AnswerSet(table=trimmed, respondents=kept)


def participation_reading(participation: Participation, language: str) -> str:
    """One line for the Results, Groups and PDF: submitted, in progress (counted or not), not opened.

    Empty when nobody was invited and the assessment's own answers are all there is.
    """
    from cxmaturity.i18n import format_number, translate

    if not participation.invited:
        return ""
    key = "honest.participation.included" if participation.in_progress_included else "honest.participation.excluded"
    text = translate(
        key,
        language,
        submitted=format_number(participation.submitted, language, 0),
        in_progress=format_number(participation.in_progress, language, 0),
        not_opened=format_number(participation.not_opened, language, 0),
    )
    if participation.own_answers:
        text = f"{text} {translate('honest.participation.own', language)}"
    return text


def with_participation(headline: str, participation: Participation | None, language: str) -> str:
    """The stage headline, saying so when unfinished answers of respondents in progress are counted."""
    from cxmaturity.i18n import format_number, translate

    if participation is None or not participation.in_progress_included or not participation.in_progress:
        return headline
    n = format_number(participation.in_progress, language, 0)
    return translate("honest.headline.with_in_progress", language, headline=headline, n=n)


def may_list_participants(answers: AnswerSet, min_group_size: int) -> bool:
    """True when every group reaches the threshold (and :data:`REPORT_MIN_GROUP_SIZE`): names identify no answer."""
    from cxmaturity.workspace.perception import group_sizes

    floor = max(min_group_size, REPORT_MIN_GROUP_SIZE)
    return all(size >= floor for size in group_sizes(answers).values())


def source_phrase(source: str, respondents: Sequence[str], language: str) -> str:
    """What the scores are computed from, in words that fit after a colon mid-sentence (lower case).

    ``source`` is ``respondents``, ``evidence`` or ``both``; ``respondents`` the labels whose answers
    count. An executive alone (only the built-in "self" answered) reads "the executive's own answers
    (a self-assessment)", not "the respondents' answers".
    """
    from cxmaturity.i18n import translate

    if source == "respondents" and tuple(respondents) == (SELF_LABEL,):
        return translate("report_ws.source.own", language)
    return translate(f"report_ws.source.{source}", language)
