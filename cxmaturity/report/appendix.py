"""The appendix: the methodology in words, the questionnaire's identity and the assessment's data."""

from __future__ import annotations

from cxmaturity import __version__
from cxmaturity.core.methodology import methodology_sections
from cxmaturity.core.model import format_value
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import MUTED, ReportDocument
from cxmaturity.report.levels import write_question_detail


def write_notes(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The consultant's general notes, as given (wrapped across pages when long)."""
    if not ctx.general_notes or not ctx.general_notes.strip():
        return
    pdf.section(ctx.t("report.section.notes"))
    for block in ctx.general_notes.strip().split("\n\n"):
        pdf.paragraph(block, size=10)


def write_appendix(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Methodology sections, then the questionnaire, scale and respondents."""
    pdf.section(ctx.t("report.section.appendix"))
    pdf.section(ctx.t("report.appendix.methodology"), level=1, new_page=False)
    for title, paragraphs in methodology_sections(ctx.lang):
        pdf.ensure_space(20)
        pdf.heading(title, 2)
        for text in paragraphs:
            pdf.paragraph(text, size=9.5)
    pdf.ensure_space(20)
    pdf.heading(ctx.t("report.ws.methodology.source_title"), 2)
    pdf.paragraph(f"{ctx.source_sentence()} {ctx.t('report.ws.methodology.sources')}", size=9.5)
    _scales(pdf, ctx)
    write_question_detail(pdf, ctx)
    q = ctx.questionnaire
    pdf.section(ctx.t("report.appendix.data"), level=1, new_page=False)
    respondents = ctx.card.respondents
    rows = [
        (ctx.t("report.appendix.questionnaire"), q.title.get(ctx.lang)),
        (
            ctx.t("report.appendix.counts"),
            ctx.t(
                "report.appendix.counts_value", levels=len(q.levels), aspects=len(q.aspects), questions=len(q.questions)
            ),
        ),
        (ctx.t("report.appendix.threshold_target"), f"{ctx.num(q.threshold, 0)} / {ctx.num(q.target, 0)}"),
        (ctx.t("report.appendix.organisation"), ctx.organisation or "—"),
        (ctx.t("report.appendix.created"), f"{ctx.date()} {ctx.created.strftime('%H:%M')}"),
        (ctx.t("report.appendix.respondent_count"), str(len(respondents))),
    ]
    if ctx.names_shown():
        rows.append((ctx.t("honest.report.participants.label"), ", ".join(ctx.workspace.participants)))
    elif len(respondents) > 1:
        rows.append((ctx.t("report.appendix.respondents"), ctx.t("honest.report.names_withheld")))
    if ctx.participation_line():
        rows.append((ctx.t("honest.report.participation"), ctx.participation_line()))
    source = ctx.source_phrase()  # the same words as the summary's, as a table value (capital first)
    rows.append((ctx.t("report.ws.summary.source"), source[:1].upper() + source[1:]))
    if ctx.workspace.evidence_coverage is not None:
        rows.append((ctx.t("honest.report.evidence_coverage"), ctx.pct(ctx.workspace.evidence_coverage)))
    groups = ctx.groups()
    if groups:
        listed = ", ".join(ctx.group_label(name, len(card.respondents)) for name, card in groups.items())
        rows.append((ctx.t("report.appendix.groups"), listed))
    if ctx.card.groups and ctx.workspace.min_group_size > 1:
        rows.append((ctx.t("report.ws.appendix.threshold"), str(ctx.workspace.min_group_size)))
    pdf.key_values(rows, key_width=55, size=9)
    pdf.ln(3)
    _about(pdf, ctx)


def _scales(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The answer scales: every option's value and label, and "not applicable" / "don't know"."""
    pdf.section(ctx.t("report.appendix.scales"), level=1, new_page=False)
    for scale in ctx.questionnaire.scales.values():
        options = "; ".join(f"{format_value(o.value)} = {o.label.get(ctx.lang)}" for o in scale.options)
        extras = []
        if scale.allow_na:
            extras.append(ctx.t("report.answer.na"))
        if scale.allow_dont_know:
            extras.append(ctx.t("report.answer.dk"))
        text = options + (f" ({', '.join(extras)})" if extras else "")
        pdf.paragraph(text, size=9)
    pdf.ln(2)


def _about(pdf: ReportDocument, ctx: ReportContext) -> None:
    """A small block at the very end for those who check: the questionnaire file, the software, the font."""
    q = ctx.questionnaire
    pdf.ensure_space(30)
    pdf.heading(ctx.t("deliverable.report.about"), 2)
    lines = [
        ctx.t("deliverable.report.about_questionnaire", id=q.id, version=q.version),
        f"{ctx.t('report.appendix.hash')}: {q.source_hash or '—'}",
        ctx.t("deliverable.report.about_software", version=__version__),
        ctx.t("report.appendix.font_note"),
    ]
    for line in lines:
        pdf.paragraph(line, size=9, colour=MUTED)
