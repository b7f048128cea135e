"""The Customer voice page: metric cards with intervals, segments, the pain map and the trend across waves.

The arithmetic is in :mod:`cxmaturity.voice`; this module loads the stored answers once per
distinct set of answers (keyed on the database's fingerprint, as the results are), and draws.
Segments and groups below the assessment's anonymity threshold are never shown or offered.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from cxmaturity.charts.voice_charts import estimates_figure, pareto_figure
from cxmaturity.core.model import Questionnaire
from cxmaturity.i18n import format_number
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import get_store, include_in_progress, questionnaire_of, sees_people, t
from cxmaturity.ui.shell import plain
from cxmaturity.voice.intervals import Estimate
from cxmaturity.voice.metrics import METRIC_NAMES, MetricItems, VoiceMetrics, compute_metrics, respondent_cli
from cxmaturity.voice.painmap import detractors, pain_map, reason_items
from cxmaturity.voice.readings import display_value, estimate_text, metric_name
from cxmaturity.voice.responses import Responses
from cxmaturity.voice.segments import metric_of, segment_view
from cxmaturity.voice.stored import FILE_COLUMN, GROUP, HOUR, WEEKDAY
from cxmaturity.workspace.voice_data import StoredVoice, asks_metrics, load_voice

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord

FILTER_KEY = "voice.filter"
SEGMENT_KEY = "voice.segment"
METRIC_KEY = "voice.metric"
REASON_ITEM_KEY = "voice.reason_item"
REASON_AMONG_KEY = "voice.reason_among"
BASE_KEY = "voice.base"
ALL = "~all"


@dataclass(frozen=True)
class VoiceData:
    """The counted customers' answers, one row per respondent, and what the page needs around them."""

    questionnaire: Questionnaire
    responses: Responses
    items: MetricItems
    cli: np.ndarray | None
    min_size: int
    contacts: dict[str, str]
    answered_at: dict[str, datetime | None]
    respondent_ids: dict[str, int]
    #: Names this content (the answers, respondents and callbacks as the database has them now).
    content_key: str = ""


@st.cache_resource(show_spinner=False, max_entries=16)
def _load(assessment_id: int, questionnaire_hash: str, content_key: str, partial: bool, people: bool) -> VoiceData:
    # Keyed by the database's fingerprint of the answers: any saved answer gives a new key. ``people``
    # keeps a results-only reader's entry (pseudonyms, no contacts) apart from a consultant's.
    return voice_data_of(load_voice(get_store(), assessment_id, include_in_progress=partial))


def voice_data_of(stored: StoredVoice, min_size: int = 1) -> VoiceData:
    """What the page works on: the stored answers with their metric items and each customer's CLI."""
    items = MetricItems(stored.questionnaire, stored.responses)
    cli = respondent_cli(stored.responses, items)
    return VoiceData(
        stored.questionnaire, stored.responses, items, cli, min_size, stored.contacts, stored.answered_at,
        stored.respondent_ids,
    )  # fmt: skip


def load(record: AssessmentRecord) -> VoiceData:
    """The assessment's counted answers as customer responses (cached by content)."""
    store = get_store()
    partial = include_in_progress()
    key = f"{hash((record.questionnaire_hash, store.voice_fingerprint(record.id), partial)):x}"
    data = _load(record.id, record.questionnaire_hash, key, partial, sees_people(record))
    # The threshold is read on every run: a changed setting applies at once, whatever the cache holds.
    threshold = store.get_settings(record.id).anonymity_threshold
    return dataclasses.replace(data, min_size=threshold, content_key=key)


@st.fragment
def analysis(data: VoiceData, language: str) -> None:
    """The filter, the cards, the segments and the pain map: one fragment, so a changed filter reruns
    only this (the answers are not looked up again; a full run of the page does that)."""
    rows = selection(data)
    metrics = cards(data, rows, language)
    if metrics.respondents:
        segments(data, rows, metrics, language)
        pains(data, rows, language)


def segment_title(column: str) -> str:
    """A segment column's name as the page says it (group, weekday, hour, or an imported file's column as written)."""
    if column.startswith(FILE_COLUMN):
        return column.removeprefix(FILE_COLUMN)
    return t(
        {GROUP: "voice_ui.segment.group", WEEKDAY: "voice_ui.segment.weekday", HOUR: "voice_ui.segment.hour"}[column]
    )


def segment_columns(data: VoiceData) -> list[str]:
    """The segments offered: the group, the weekday, the hour, then each column an imported file brought."""
    return [GROUP, WEEKDAY, HOUR, *(c for c in data.responses.segments if c.startswith(FILE_COLUMN))]


def segment_label(column: str, label: str) -> str:
    """A segment value as the page says it: weekday names, hours as 09:00, an empty value as "not given"."""
    if not label:
        return t("voice_ui.segment.none")
    if column == WEEKDAY:
        return t(f"voice_ui.weekday.{label}")
    if column == HOUR:
        return f"{label}:00"
    return label


def selection(data: VoiceData) -> np.ndarray | None:
    """The filter of customers: all, or one group at or above the anonymity threshold (a boolean mask)."""
    groups = data.responses.segments[GROUP]
    sizes = pd.Series(np.asarray(groups, dtype=object)).value_counts()
    offered = [ALL, *sorted(str(g) for g, size in sizes.items() if g and size >= max(data.min_size, 1))]
    if len(offered) == 1:
        return None
    chosen = st.selectbox(
        t("voice_ui.filter"),
        offered,
        format_func=lambda g: t("voice_ui.filter_all") if g == ALL else g,
        key=FILTER_KEY,
    )
    if chosen in (None, ALL):
        return None
    mask: np.ndarray = np.asarray(groups == chosen)
    return mask


def cards(data: VoiceData, rows: np.ndarray | None, language: str) -> VoiceMetrics:
    """One card per metric the answers hold: the figure, its 95% interval and n."""
    metrics = compute_metrics(data.responses, data.items, rows, data.cli)
    shown = [(name, metric_of(metrics, name)) for name in METRIC_NAMES]
    present = [(name, estimate) for name, estimate in shown if estimate is not None]
    if not present:
        st.info(t("voice_ui.no_metric_answers"), icon=":material/info:")
        return metrics
    columns = st.columns(len(present))
    for column, (name, estimate) in zip(columns, present, strict=True):
        with column.container(border=True, key=f"voice-card-{name}"):
            value = display_value(name, estimate.value, language) if estimate.enough else t("voice.not_enough_answers")
            st.metric(metric_name(name, language), value, help=t(f"voice_ui.metric_help.{name}"))
            st.caption(_interval_caption(name, estimate, language))
    nps = metrics.nps
    if nps is not None and nps.n:
        st.caption(
            t(
                "voice_ui.nps_split",
                promoters=display_value("csat", nps.share(nps.promoters), language),
                passives=display_value("csat", nps.share(nps.passives), language),
                detractors=display_value("csat", nps.share(nps.detractors), language),
            )
        )
    return metrics


def _interval_caption(name: str, estimate: Estimate, language: str) -> str:
    n = format_number(estimate.n, language, 0)
    if not estimate.enough:
        return t("voice_ui.reading.not_enough", n=n)
    text = t(
        "voice_ui.card_interval",
        low=display_value(name, estimate.ci_low, language),
        high=display_value(name, estimate.ci_high, language),
        n=n,
    )
    return f"{text} · :orange[{t('voice.indicative')}]" if estimate.indicative else text


def _scale(data: VoiceData, name: str) -> tuple[float, float] | None:
    values = {"csi": data.items.csat_scale, "ces": data.items.ces_scale}.get(name)
    return (values[0], values[-1]) if values else None


def segments(data: VoiceData, rows: np.ndarray | None, metrics: VoiceMetrics, language: str) -> None:
    """The chosen metric per segment (group, weekday or hour), sorted, with its error bars."""
    st.subheader(t("voice_ui.segments.heading"))
    names = [name for name in METRIC_NAMES if metric_of(metrics, name) is not None]
    if not names:
        return
    left, right = st.columns(2)
    column = left.selectbox(
        t("voice_ui.segments.by"), segment_columns(data), format_func=segment_title, key=SEGMENT_KEY
    )
    name = right.selectbox(
        t("voice_ui.segments.metric"), names, format_func=lambda n: metric_name(n, language), key=METRIC_KEY
    )
    responses = data.responses if rows is None else _subset(data.responses, rows)
    view = segment_view(data.questionnaire, responses, column, name, data.min_size)
    labelled = [(segment_label(column, row.label), row.estimate) for row in view.rows]
    # A file's column name is the user's text: escaped, as the chart escapes its labels (plotly reads HTML).
    segment = html.escape(segment_title(column), quote=False)
    title = t("voice_ui.segments.chart_title", metric=metric_name(name, language), segment=segment)
    chart_view.show_chart(estimates_figure(name, labelled, title, language, _scale(data, name)), "voice-segments-chart")
    if view.hidden_segments:
        st.caption(
            t(
                "voice_ui.segments.hidden",
                segments=view.hidden_segments,
                people=view.hidden_respondents,
                threshold=data.min_size,
            )
        )


def _subset(responses: Responses, rows: np.ndarray) -> Responses:
    """The respondents selected by a boolean mask (segments keep only the categories still used)."""
    return Responses(
        responses.respondents[rows],
        {k: v[rows] for k, v in responses.numbers.items()},
        {k: v[rows] for k, v in responses.choices.items()},
        {k: v[rows] for k, v in responses.texts.items()},
        {k: v[rows].remove_unused_categories() for k, v in responses.segments.items()},
    )


def pains(data: VoiceData, rows: np.ndarray | None, language: str) -> None:
    """The pain map: reasons by how often they are named, overall or among detractors, for a customer base."""
    st.subheader(t("voice_ui.pain.heading"))
    items = [item for item in reason_items(data.questionnaire) if item in data.responses.choices]
    if not items:
        st.caption(t("voice_ui.pain.no_reason_item"))
        return
    first, second, third = st.columns(3)
    item_id = first.selectbox(
        t("voice_ui.pain.item"),
        items,
        format_func=lambda i: data.questionnaire.item(i).text.get(language),
        key=REASON_ITEM_KEY,
    )
    among = second.radio(
        t("voice_ui.pain.among"),
        ["all", "detractors"],
        format_func=lambda a: t(f"voice_ui.pain.among_{a}"),
        key=REASON_AMONG_KEY,
        horizontal=True,
    )
    base = third.number_input(
        t("voice_ui.pain.base"),
        min_value=0,
        max_value=10**9,
        value=0,
        step=1000,
        key=BASE_KEY,
        help=t("voice_ui.pain.base_help"),
    )
    mask = rows
    if among == "detractors":
        worst = detractors(data.responses, data.questionnaire)
        if worst is None:
            st.caption(t("voice_ui.pain.no_nps"))
            return
        mask = worst if rows is None else worst & rows
    pain = pain_map(data.responses, item_id, mask, int(base) if base else None)
    item = data.questionnaire.item(item_id)
    labels = {choice.id: choice.label.get(language) for choice in item.choices}
    chart_view.show_chart(pareto_figure(pain, labels, t("voice_ui.pain.chart_title"), language), "voice-pain-chart")
    st.caption(t("voice_ui.pain.answered", n=pain.answered))
    if not pain.rows:
        return
    table = {
        t("voice_ui.pain.col_reason"): [labels.get(r.choice, r.choice) for r in pain.rows],
        t("voice_ui.pain.col_count"): [r.count for r in pain.rows],
        t("voice_ui.pain.col_share"): [estimate_text("csat", r.share, language) for r in pain.rows],
        t("voice_ui.pain.col_cumulative"): [display_value("csat", r.cumulative, language) for r in pain.rows],
    }
    if pain.base is not None:
        table[t("voice_ui.pain.col_base", base=pain.base)] = [_base_text(r.in_base, language) for r in pain.rows]
    st.dataframe(pd.DataFrame(table), hide_index=True, key="voice-pain-table")


def _base_text(in_base: tuple[float, float, float] | None, language: str) -> str:
    if in_base is None:
        return t("voice.not_enough_answers")
    value, low, high = (format_number(v, language, 0) for v in in_base)
    return t("voice_ui.pain.in_base", value=value, low=low, high=high)


def trends(record: AssessmentRecord, language: str, current: VoiceData | None = None) -> None:
    """Each metric across the waves of this assessment's chain that ask it, with intervals.

    ``current``: this assessment's answers as the page already loaded them (not looked up again).
    """
    from cxmaturity.workspace import waves

    store = get_store()
    chain = waves.wave_chain(store, record.id) + waves.later_waves(store, record.id)
    measured: list[tuple[str, VoiceMetrics]] = []
    latest: VoiceData | None = None
    for number, wave in enumerate(chain, start=1):
        if not asks_metrics(questionnaire_of(wave)):
            continue
        data = latest = current if current is not None and wave.id == record.id else load(wave)
        label = f"{number}. {wave.title}"
        measured.append((label, compute_metrics(data.responses, data.items, None, data.cli)))
    st.subheader(t("voice_ui.trend.heading"))
    if len(measured) < 2 or latest is None:
        st.caption(t("voice_ui.trend.one_wave"))
        return
    for name in METRIC_NAMES:
        labelled = [(label, e) for label, m in measured if (e := metric_of(m, name)) is not None]
        if len(labelled) >= 2:
            title = t("voice_ui.trend.chart_title", metric=metric_name(name, language))
            figure = estimates_figure(name, labelled, title, language, _scale(latest, name))
            chart_view.show_chart(figure, f"voice-trend-{name}")


def not_a_customer_questionnaire(record: AssessmentRecord) -> None:
    """What to do when the assessment's questionnaire asks no customer metric."""
    title = plain(questionnaire_of(record).title.get())
    st.info(t("voice_ui.not_customer", title=title), icon=":material/info:")
