"""Assemble the PDF report from a ScoreCard: cover, summary, charts, levels, roadmap, appendix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
from cxmaturity.report.workspace import WorkspaceContext


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
) -> bytes:
    """Build the PDF report and return its bytes.

    ``notes`` is either the consultant's general notes (a string, shown in its
    own section) or notes per question id (added to the answers' own notes).
    ``logo`` is PNG, JPEG or SVG bytes. ``roadmap`` (a
    :class:`cxmaturity.roadmap.engine.Roadmap` or anything shaped like one) and the
    card's groups add their sections only when present. ``workspace`` (from
    :func:`cxmaturity.report.workspace.load_workspace_context`) adds the results
    source, hides groups below the anonymity threshold and adds the evidence and
    trend sections when present; its ``card``, when set, replaces ``card`` (the
    scores of the chosen source). The same inputs with
    the same ``created`` give the same bytes; without ``created`` the current
    time is used.
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
        prepared_for=prepared_for,
        prepared_by=prepared_by,
        roadmap=roadmap,
        workspace=workspace,
    )
    ctx.per_question = summarise_answers(answers, question_notes)
    pdf = ReportDocument(ctx.organisation, ctx.date(), ctx.title)
    _metadata(pdf, ctx)
    write_cover(pdf, ctx)
    write_summary(pdf, ctx)
    write_notes(pdf, ctx)
    write_charts(pdf, ctx)
    if ctx.groups():
        write_groups(pdf, ctx)
    if workspace.comparison is not None:
        write_evidence(pdf, ctx)
    if workspace.trend is not None:
        write_trend(pdf, ctx)
    write_levels(pdf, ctx)
    if workspace.journey is not None:
        write_journey(pdf, ctx, workspace.journey)
    if roadmap is not None:
        write_roadmap(pdf, ctx)
    write_appendix(pdf, ctx)
    return bytes(pdf.output())


def _metadata(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Document information: title, author, subject, language, fixed creation date."""
    pdf.set_title(f"{ctx.title}: {ctx.organisation}" if ctx.organisation else ctx.title)
    pdf.set_author(ctx.prepared_by or ctx.organisation or "cxmaturity")
    pdf.set_subject(ctx.t("report.meta.subject", organisation=ctx.organisation))
    pdf.set_keywords([ctx.questionnaire.id, ctx.questionnaire.version, "CX maturity"])
    pdf.set_creator(f"cxmaturity {__version__}")
    pdf.set_lang(ctx.lang)
    pdf.set_creation_date(ctx.created)
    pdf.page_mode = PageMode.USE_OUTLINES
