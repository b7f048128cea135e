"""Everything a report section needs, gathered once: inputs, translations and answer summaries."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from cxmaturity.core import readings
from cxmaturity.core.model import AnswerKind, AnswerSet, Questionnaire, ScoreCard
from cxmaturity.i18n import format_date, format_number, format_percent, translate
from cxmaturity.report.workspace import WorkspaceContext
from cxmaturity.roadmap.schedule import Plan, build_plan
from cxmaturity.workspace import group_readings
from cxmaturity.workspace.participation import participation_reading, source_phrase
from cxmaturity.workspace.perception import hidden_groups, visible_groups


@dataclass
class QuestionAnswers:
    """What the respondents gave for one question: counts, values and notes."""

    kinds: dict[str, int] = field(default_factory=dict)
    values: dict[float, int] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: the single answer when there is exactly one respondent
    single_kind: str | None = None
    single_value: float | None = None


@dataclass
class ReportContext:
    """Inputs of one report plus small helpers shared by the sections."""

    card: ScoreCard
    questionnaire: Questionnaire
    lang: str
    organisation: str
    created: dt.datetime
    title: str
    answers: AnswerSet | None = None
    general_notes: str | None = None
    question_notes: Mapping[str, str] = field(default_factory=dict)
    logo: bytes | None = None
    prepared_for: str | None = None
    prepared_by: str | None = None
    roadmap: Any = None
    per_question: dict[str, QuestionAnswers] = field(default_factory=dict)
    workspace: WorkspaceContext = field(default_factory=WorkspaceContext)
    #: the consultant's plan (:class:`cxmaturity.roadmap.schedule.Plan`); built from the roadmap when absent
    plan: Plan | None = None
    #: the consultancy's name (white-labelling): on the cover and as "prepared by" when that is not given
    consultancy: str | None = None
    #: the question-by-question appendix (the consultant may leave it out)
    question_detail: bool = True

    def report_title(self) -> str:
        """The report's title: "Customer-experience maturity of <organisation>" (the questionnaire's without one)."""
        if not self.organisation:
            return self.questionnaire.title.get(self.lang)
        return self.t("deliverable.cover.title", organisation=self.organisation)

    def the_plan(self) -> Plan | None:
        """The plan the report shows: the consultant's, else the roadmap's default plan; None without a roadmap."""
        if self.plan is not None or self.roadmap is None:
            return self.plan
        from cxmaturity.roadmap.plan import plan_rows

        self.plan = build_plan(plan_rows(self.roadmap, {}), self.roadmap.generated_on)
        return self.plan

    def groups(self) -> Mapping[str, ScoreCard]:
        """The groups shown separately: those at or above the anonymity threshold, in their order."""
        return visible_groups(self.card, self.workspace.min_group_size)

    def hidden_groups(self) -> int:
        """How many groups are too small to be shown (their names are never written).

        Counted on the answers when the report has them: a card scored with the threshold
        no longer holds the small groups.
        """
        if self.answers is not None:
            return hidden_groups(self.answers, self.workspace.min_group_size)
        return len(self.card.groups) - len(self.groups())

    def source_phrase(self) -> str:
        """Which answers the scores use, in words that fit mid-sentence (an executive alone: their own)."""
        respondents = self.answers.respondents if self.answers is not None else ()
        return source_phrase(self.workspace.source, respondents, self.lang)

    def source_sentence(self) -> str:
        """Which answers the scores use, as one sentence."""
        return self.t("workspace.source.used", source=self.source_phrase())

    def names_shown(self) -> bool:
        """True only when the consultant opted in to name participants and every group allows it."""
        return bool(self.workspace.participants)

    def group_label(self, name: str, size: int) -> str:
        """A group's name, with its size only when that size cannot single anyone out."""
        if size >= self.workspace.size_floor:
            return f"{self.group(name)} ({size})"
        return self.group(name)

    def participation_line(self) -> str:
        """Submitted, in progress and not opened, as one sentence (empty without invited respondents)."""
        found = self.workspace.participation
        return participation_reading(found, self.lang) if found is not None else ""

    def group(self, name: str) -> str:
        """A group's name as the reader sees it: the default groups in the report's language."""
        return group_readings.group_name(name, self.lang)

    def t(self, key: str, **values: object) -> str:
        """Translate a catalogue key into the report's language."""
        return translate(key, self.lang, **values)

    def num(self, value: float | None, digits: int | None = None) -> str:
        """A number in the report's language (``—`` when missing).

        Without ``digits`` it is a score, written exactly as the screen writes it
        (:func:`cxmaturity.core.readings.format_score`: ``42``, ``42.5``).
        """
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        if digits is None:
            return readings.format_score(value, self.lang)
        return format_number(value, self.lang, digits)

    def signed(self, value: float | None, digits: int | None = None) -> str:
        """A difference with its sign as written (``+12.5``, ``−7``, ``0``); ``—`` when missing."""
        if value is None or math.isnan(value):
            return "—"
        text = self.num(abs(value), digits)
        if text.strip("0.,") == "":
            return text
        return f"+{text}" if value > 0 else f"−{text}"

    def stage(self) -> str:
        """The continuous stage, truncated like the screen (never shows a stage not reached)."""
        return readings.format_stage(self.card.stage, self.lang) if self.card.has_answers else "—"

    def pct(self, share: float | None) -> str:
        """A share 0..1 as a percentage in the report's language."""
        return format_percent(share, self.lang)

    def date(self) -> str:
        """The report's date in words."""
        return format_date(self.created.date(), self.lang)

    def text(self, value: Any) -> str:
        """Resolve a :class:`~cxmaturity.core.model.Text`, a string or anything else to a string."""
        if value is None:
            return ""
        getter = getattr(value, "get", None)
        if callable(getter) and hasattr(value, "by_language"):
            return str(getter(self.lang))
        return str(value)

    def level_title(self, level_id: str) -> str:
        """Title of a level, or its id when unknown."""
        try:
            return self.questionnaire.level(level_id).title.get(self.lang)
        except KeyError:
            return level_id

    def aspect_title(self, aspect_id: str) -> str:
        """Title of an aspect, or its id when unknown."""
        try:
            return self.questionnaire.aspect(aspect_id).title.get(self.lang)
        except KeyError:
            return aspect_id


def summarise_answers(answers: AnswerSet | None, extra_notes: Mapping[str, str]) -> dict[str, QuestionAnswers]:
    """Per question: how many gave each kind of answer and each value, and every note.

    Counted with pandas group-bys: iterating 200 respondents x 100 questions row
    by row cost more than drawing the whole report.
    """
    summary: dict[str, QuestionAnswers] = {}
    table = answers.table if answers is not None else None
    if table is not None and len(table):
        for key, count in table.groupby(["question", "kind"], sort=False).size().items():
            question, kind = cast(tuple[str, str], key)
            entry = summary.setdefault(str(question), QuestionAnswers())
            entry.kinds[str(kind)] = int(count)
        valued = table[table["kind"] == AnswerKind.VALUE.value]
        for key, count in valued.groupby(["question", "value"], sort=False).size().items():
            question, value = cast(tuple[str, float], key)
            summary[str(question)].values[float(value)] = int(count)
        notes = table["note"]
        has_note = notes.notna() & (notes.astype("string").str.strip().str.len() > 0)
        for respondent, question, note in table.loc[has_note, ["respondent", "question", "note"]].itertuples(
            index=False, name=None
        ):
            summary.setdefault(str(question), QuestionAnswers()).notes.append((str(respondent), str(note).strip()))
        if answers is not None and len(answers.respondents) == 1:
            for question, kind, value in table[["question", "kind", "value"]].itertuples(index=False, name=None):
                entry = summary[str(question)]
                entry.single_kind = str(kind)
                is_value = kind == AnswerKind.VALUE.value and value is not None and not math.isnan(value)
                entry.single_value = float(value) if is_value else None
    for question, note in extra_notes.items():
        if note and note.strip():
            summary.setdefault(question, QuestionAnswers()).notes.append(("", note.strip()))
    return summary
