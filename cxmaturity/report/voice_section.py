"""The customer's voice in the PDF: the metrics with their intervals, the headline metric by group
(dots and interval bars drawn with fpdf2's own lines), and the pain map overall and among detractors.

The figures come from :func:`cxmaturity.workspace.voice_data.voice_summary`; groups below the
anonymity threshold are already held back there, and the section says how many. It names no one.
"""

from __future__ import annotations

from cxmaturity.charts import palette
from cxmaturity.i18n import format_number
from cxmaturity.report.charts_shapes import rgb
from cxmaturity.report.context import ReportContext
from cxmaturity.report.document import INK, MUTED, RULE, ReportDocument
from cxmaturity.report.fonts import FAMILY
from cxmaturity.voice.intervals import Estimate
from cxmaturity.voice.metrics import METRIC_NAMES
from cxmaturity.voice.painmap import PainMap
from cxmaturity.voice.readings import DISPLAY_FACTOR, display_value, estimate_text, metric_name
from cxmaturity.voice.segments import SegmentView, metric_of
from cxmaturity.workspace.voice_data import VoiceSummary

_ROW_H = 7.0
_LABEL_W = 45.0


def write_voice(pdf: ReportDocument, ctx: ReportContext) -> None:
    """The customer's voice; writes nothing when the report's workspace holds no customer survey."""
    voice = ctx.workspace.voice
    if voice is None:
        return
    pdf.section(ctx.t("voice_ui.report.section"))
    pdf.paragraph(ctx.t("voice_ui.report.intro"), size=9.5, colour=MUTED)
    rows = []
    for name in METRIC_NAMES:
        estimate = metric_of(voice.metrics, name)
        if estimate is None:
            continue
        text = estimate_text(name, estimate, ctx.lang)
        if estimate.enough and estimate.indicative:
            text = f"{text}; {ctx.t('voice.indicative')}"
        rows.append((f"{metric_name(name, ctx.lang)}: {ctx.t(f'voice_ui.metric_help.{name}')}", text))
    pdf.key_values(rows, key_width=95)
    nps = voice.metrics.nps
    if nps is not None and nps.n:
        split = ctx.t(
            "voice_ui.nps_split",
            promoters=display_value("csat", nps.share(nps.promoters), ctx.lang),
            passives=display_value("csat", nps.share(nps.passives), ctx.lang),
            detractors=display_value("csat", nps.share(nps.detractors), ctx.lang),
        )
        pdf.paragraph(split, size=9, colour=MUTED)
    if voice.by_group is not None and (voice.by_group.rows or voice.by_group.hidden_segments):
        _groups(pdf, ctx, voice.by_group)
    _pains(pdf, ctx, voice)


def _groups(pdf: ReportDocument, ctx: ReportContext, view: SegmentView) -> None:
    name = view.metric
    title = ctx.t(
        "voice_ui.segments.chart_title", metric=metric_name(name, ctx.lang), segment=ctx.t("voice_ui.segment.group")
    )
    pdf.ensure_space(_ROW_H * (len(view.rows) + 2) + 12)
    pdf.section(title, level=1, new_page=False)
    if view.rows:
        labelled = [
            (
                f"{ctx.group(row.label) if row.label else ctx.t('voice_ui.segment.none')} (n\u00a0=\u00a0{row.estimate.n})",
                row.estimate,
            )
            for row in view.rows
        ]
        _interval_chart(pdf, ctx, name, labelled)
    if view.hidden_segments:
        hidden = ctx.t(
            "voice_ui.segments.hidden",
            segments=view.hidden_segments,
            people=view.hidden_respondents,
            threshold=ctx.workspace.size_floor,
        )
        pdf.paragraph(hidden, size=9, colour=MUTED)


def _interval_chart(pdf: ReportDocument, ctx: ReportContext, name: str, labelled: list[tuple[str, Estimate]]) -> None:
    """A row per segment: its label, a line over its 95% interval and a dot at the figure; an axis below."""
    fixed = {"nps": (-100.0, 100.0), "csat": (0.0, 100.0), "cli": (0.0, 100.0)}
    ends = [v for _, e in labelled for v in (e.ci_low, e.ci_high) if v is not None]
    low, high = fixed.get(name) or (float(int(min(ends, default=1.0))), float(int(max(ends, default=5.0)) + 1))
    left = pdf.l_margin + _LABEL_W
    width = pdf.epw - _LABEL_W - 30

    def x_of(value: float) -> float:
        shown = min(max(value * DISPLAY_FACTOR[name], low), high)
        return left + (shown - low) / (high - low) * width

    top = pdf.y
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 8.5)
        for index, (label, estimate) in enumerate(labelled):
            y = top + index * _ROW_H + _ROW_H / 2
            pdf.set_text_color(*INK)
            pdf.text_lines_at(pdf.l_margin, y - 2.2, _LABEL_W - 2, [pdf.truncate(label, _LABEL_W - 2)], 4.4)
            if estimate.value is None or estimate.ci_low is None or estimate.ci_high is None:
                pdf.set_text_color(*MUTED)
                pdf.text_lines_at(left, y - 2.2, width, [ctx.t("voice.not_enough_answers")], 4.4)
                continue
            pdf.set_draw_color(*rgb("#555555"))
            pdf.set_line_width(0.5)
            pdf.line(x_of(estimate.ci_low), y, x_of(estimate.ci_high), y)
            pdf.set_fill_color(*rgb(palette.SCORE_COLOUR))
            pdf.circle(x=x_of(estimate.value), y=y, radius=1.3, style="F")
            value, ci_low, ci_high = (
                display_value(name, v, ctx.lang) for v in (estimate.value, estimate.ci_low, estimate.ci_high)
            )
            pdf.text_lines_at(left + width + 2, y - 2.2, 28, [pdf.truncate(f"{value} ({ci_low}..{ci_high})", 28)], 4.4)
        bottom = top + len(labelled) * _ROW_H + 1
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.line(left, bottom, left + width, bottom)
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "", 7.5)
        for tick in (low, (low + high) / 2, high):
            x = left + (tick - low) / (high - low) * width
            pdf.line(x, bottom, x, bottom + 1)
            pdf.text_lines_at(x - 8, bottom + 1.2, 16, [format_number(tick, ctx.lang, 0)], 3.6, "C")
    pdf.set_y(top + len(labelled) * _ROW_H + 7)


def _pains(pdf: ReportDocument, ctx: ReportContext, voice: VoiceSummary) -> None:
    for key, pain in (
        ("voice_ui.report.pain_all", voice.pain),
        ("voice_ui.report.pain_detractors", voice.pain_among_detractors),
    ):
        if pain is None:
            continue
        pdf.section(ctx.t(key, n=pain.answered), level=1, new_page=False)
        if not pain.rows:
            pdf.paragraph(ctx.t("voice.not_enough_answers"), size=9, colour=MUTED)
            continue
        _pain_table(pdf, ctx, voice, pain)


def _pain_table(pdf: ReportDocument, ctx: ReportContext, voice: VoiceSummary, pain: PainMap) -> None:
    columns = [
        (ctx.t("voice_ui.pain.col_reason"), pdf.epw * 0.42, "L"),
        (ctx.t("voice_ui.pain.col_count"), pdf.epw * 0.12, "R"),
        (ctx.t("voice_ui.pain.col_share"), pdf.epw * 0.30, "L"),
        (ctx.t("voice_ui.pain.col_cumulative"), pdf.epw * 0.16, "R"),
    ]
    rows = []
    for row in pain.rows:
        labels = voice.reasons.get(row.choice, {})
        reason = labels.get(ctx.lang) or labels.get("en") or row.choice
        rows.append(
            [
                reason,
                format_number(row.count, ctx.lang, 0),
                estimate_text("csat", row.share, ctx.lang),
                display_value("csat", row.cumulative, ctx.lang),
            ]
        )
    pdf.data_table(columns, rows, size=8.5)
