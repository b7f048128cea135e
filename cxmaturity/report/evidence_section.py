"""The "self vs evidence" section: the consultant's assessed values beside the respondents' answers.

Scores come from :func:`cxmaturity.workspace.evidence.compare_self_and_evidence` (both sides by
the same contract); the difference is evidence minus self. Evidence texts, links and
rationales are user text: written as plain text, wrapped, across pages when long.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxmaturity.core.model import format_value
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import MUTED, ReportDocument
from cxmaturity.workspace.evidence import Difference


def write_evidence(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Self, evidence and difference per level and aspect, then the evidence question by question."""
    comparison = ctx.workspace.comparison
    if comparison is None:
        return
    pdf.section(ctx.t("report.ws.section.evidence"))
    pdf.paragraph(ctx.t("report.ws.evidence.intro"), size=9.5, colour=MUTED)
    largest = comparison.largest("level", 1) + comparison.largest("aspect", 1)
    largest.sort(key=lambda item: -abs(item.difference or 0.0))
    if largest:
        top = largest[0]
        pdf.paragraph(
            ctx.t(
                "report.ws.evidence.largest",
                name=_name(ctx, top),
                self_score=ctx.num(top.self_score),
                evidence_score=ctx.num(top.evidence_score),
                difference=top.difference,
            ),
            size=10,
            bold=True,
        )
    columns = [
        (ctx.t("report.ws.col.item"), 88.0, "L"),
        (ctx.t("report.ws.col.self"), 30.0, "R"),
        (ctx.t("report.ws.col.evidence"), 30.0, "R"),
        (ctx.t("report.ws.col.difference"), pdf.epw - 148.0, "R"),
    ]
    rows: Sequence[Difference] = (comparison.overall, *comparison.levels, *comparison.aspects)
    pdf.data_table(
        columns,
        [
            [_name(ctx, row), ctx.num(row.self_score), ctx.num(row.evidence_score), ctx.signed(row.difference)]
            for row in rows
        ],
        max_lines=2,
    )
    _evidence_list(pdf, ctx)


def _name(ctx: ReportContext, row: Difference) -> str:
    """A row's title: the overall score, or a level or aspect with what it is."""
    if row.section == "overall":
        return ctx.t("report.groups.overall")
    title = ctx.level_title(row.item_id) if row.section == "level" else ctx.aspect_title(row.item_id)
    return f"{title} ({ctx.t(f'workspace.section.{row.section}')})"


def _evidence_list(pdf: ReportDocument, ctx: ReportContext) -> None:
    """Every question with evidence, in questionnaire order: text, link, assessed value, rationale."""
    evidence = ctx.workspace.evidence
    questions = [question for question in ctx.questionnaire.questions if question.id in evidence]
    if not questions:
        return
    pdf.section(ctx.t("report.ws.evidence.list_title"), level=1, new_page=False)
    empty = ctx.t("report.ws.evidence.empty")
    for question in questions:
        record = evidence[question.id]
        pdf.ensure_space(24)
        pdf.paragraph(question.text.get(ctx.lang), size=9.5, bold=True)
        value = empty
        if record.value is not None:
            label = next(
                (
                    option.label.get(ctx.lang)
                    for option in ctx.questionnaire.scales[question.scale].options
                    if option.value == record.value
                ),
                "",
            )
            value = f"{format_value(record.value)} = {label}" if label else format_value(record.value)
        pdf.key_values(
            [
                (ctx.t("report.ws.evidence.text"), (record.text or "").strip() or empty),
                (ctx.t("report.ws.evidence.link"), (record.link or "").strip() or empty),
                (ctx.t("report.ws.evidence.value"), value),
                (ctx.t("report.ws.evidence.rationale"), (record.rationale or "").strip() or empty),
            ],
            key_width=40,
            size=9,
        )
        pdf.rule(3)
