"""Assemble the PDF report from a ScoreCard: a list of sections, each writing its pages in turn.

The sections are :data:`SECTIONS`, in order; each one writes nothing when it has nothing to
show (no groups, no evidence, one wave, no roadmap), so a new section (customer voice, journey
maps) is one entry in the list and one module with a ``write_<section>(pdf, ctx)`` function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from fpdf.enums import PageMode

from cxmaturity import __version__
from cxmaturity.core.model import AnswerSet, Questionnaire, ScoreCard
from cxmaturity.i18n import resolve_language
from cxmaturity.report.appendix import write_appendix, write_notes
from cxmaturity.report.charts_section import write_charts
from cxmaturity.report.context import ReportContext, summarise_answers
from cxmaturity.report.cover import write_cover
from cxmaturity.report.document import ReportDocument
from cxmaturity.report.evidence_section import write_evidence
from cxmaturity.report.groups import write_groups
from cxmaturity.report.journey_section import write_journey
from cxmaturity.report.levels import write_levels
from cxmaturity.report.roadmap_section import write_roadmap
from cxmaturity.report.summary import write_summary
from cxmaturity.report.trend_section import write_trend
from cxmaturity.report.voice_section import write_voice
from cxmaturity.report.workspace import WorkspaceContext
from cxmaturity.roadmap.schedule import Plan

Section = Callable[[ReportDocument, ReportContext], None]

#: The report's sections in order. Each decides for itself whether it has anything to show.
SECTIONS: list[Section] = [
    write_cover,
    write_summary,
    write_notes,
    write_charts,
    write_groups,
    write_evidence,
    write_trend,
    write_voice,
    write_levels,
    write_journey,
    write_roadmap,
    write_appendix,
]


def build_report(
    card: ScoreCard,
    questionnaire: Questionnaire,
    lang: str,
    *,
    organisation: str,
    answers: AnswerSet | None = None,
    notes: str | Mapping[str, str] | None = None,
    logo: bytes | None = None,
    prepared_for: str | None = None,
    prepared_by: str | None = None,
    roadmap: Any = None,
    created: dt.datetime | None = None,
    title: str | None = None,
    workspace: WorkspaceContext | None = None,
    plan: Plan | None = None,
    consultancy: str | None = None,
    question_detail: bool = True,
) -> bytes:
    """Build the PDF report and return its bytes.

    ``notes`` is either the consultant's general notes (a string, shown in its
    own section) or notes per question id (added to the answers' own notes).
    ``logo`` is PNG or JPEG bytes and ``consultancy`` the consultancy's name, both on the
    cover (white-labelling). ``roadmap`` (a :class:`cxmaturity.roadmap.engine.Roadmap`) adds
    the plan: ``plan`` (:class:`cxmaturity.roadmap.schedule.Plan`, the consultant's selection,
    dates and owners) or, without it, the roadmap's default plan. ``title`` names the
    assessment (e.g. "Spring 2027"). ``workspace`` (from
    :func:`cxmaturity.report.workspace.load_workspace_context`) adds the results source, hides
    groups below the anonymity threshold and adds the evidence and trend sections when
    present; its ``card``, when set, replaces ``card`` (the scores of the chosen source).
    ``question_detail=False`` leaves the question-by-question appendix out. The same inputs
    with the same ``created`` give the same bytes; without ``created`` the current time is used.
    """
    lang = resolve_language(lang)
    workspace = workspace or WorkspaceContext()
    card = workspace.card or card
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    general_notes = notes if isinstance(notes, str) else None
    question_notes = dict(notes) if isinstance(notes, Mapping) else {}
    ctx = ReportContext(
        card=card,
        questionnaire=questionnaire,
        lang=lang,
        organisation=organisation.strip(),
        created=created,
        title=(title or "").strip() or questionnaire.title.get(lang),
        answers=answers,
        general_notes=general_notes,
        question_notes=question_notes,
        logo=logo or None,
        prepared_for=(prepared_for or "").strip() or None,
        prepared_by=(prepared_by or "").strip() or (consultancy or "").strip() or None,
        roadmap=roadmap,
        workspace=workspace,
        plan=plan,
        consultancy=(consultancy or "").strip() or None,
        question_detail=question_detail,
    )
    ctx.per_question = summarise_answers(answers, question_notes)
    pdf = ReportDocument(ctx.organisation, ctx.date(), ctx.report_title())
    _metadata(pdf, ctx)
    for write in SECTIONS:
        write(pdf, ctx)
    return bytes(pdf.output())


def _metadata(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Document information: title, author, subject, language, fixed creation date."""
    pdf.set_title(ctx.report_title())
    pdf.set_author(ctx.prepared_by or ctx.organisation or "cxmaturity")
    pdf.set_subject(ctx.t("report.meta.subject", organisation=ctx.organisation))
    pdf.set_keywords([ctx.questionnaire.id, ctx.questionnaire.version, "CX maturity"])
    pdf.set_creator(f"cxmaturity {__version__}")
    pdf.set_lang(ctx.lang)
    pdf.set_creation_date(ctx.created)
    pdf.page_mode = PageMode.USE_OUTLINES
