"""The Waves page: the chain of waves, starting a new one, the trend charts and the table of changes.

The arithmetic (chain, trend, changes, shared questions) is in :mod:`cxmaturity.workspace.waves` and the
figures in :mod:`cxmaturity.charts.trend_charts`; this module lays them out. Widget keys start with
``waves.`` so tests can drive them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from cxmaturity.charts import trend_charts
from cxmaturity.core.readings import aspect_title, format_score, format_stage, level_title
from cxmaturity.files.errors import InputError
from cxmaturity.i18n import format_date, format_number
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, StorageError
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import builtin_questionnaires, error_text, get_store, open_assessment, questionnaire_of, t
from cxmaturity.ui.shell import plain
from cxmaturity.workspace import group_readings, waves

if TYPE_CHECKING:
    from cxmaturity.core.model import Questionnaire

FORM_KEY = "waves.start"
TITLE_KEY = "waves.start.title"
VERSION_KEY = "waves.start.version"
SUBMIT_KEY = "waves.start.submit"
CLOSE_KEY = "waves.start.close_previous"
WHO_KEY = "waves.who"
CHANGES_KEY = "waves.changes"
_FLASH = "waves.flash"


def open_key(record: AssessmentRecord) -> str:
    """Widget key of the button that opens a wave."""
    return f"waves.open.{record.id}"


def whole_chain(record: AssessmentRecord) -> list[AssessmentRecord]:
    """Every wave of the open assessment's chain, oldest first (earlier and later ones)."""
    store = get_store()
    return waves.wave_chain(store, record.id) + waves.later_waves(store, record.id)


def flash() -> None:
    """The message left by the previous run (e.g. a wave was started)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def chain_section(record: AssessmentRecord, chain: list[AssessmentRecord], lang: str) -> None:
    """The waves in order with their dates; every other wave can be opened."""
    st.subheader(t("waves.chain.heading"))
    for number, wave in enumerate(chain, start=1):
        text, action = st.columns([5, 1], vertical_alignment="center")
        status = t(f"waves.status.{wave.status}")
        line = t("waves.chain.item", n=number, title=plain(wave.title), date=format_date(wave.created_at.date(), lang))
        if wave.id == record.id:
            text.markdown(f"**{line}** · {status} · {t('waves.chain.current')}")
        else:
            text.markdown(f"{line} · {status}")
            action.button(t("waves.chain.open"), key=open_key(wave), on_click=open_assessment, args=(wave,))
    still_open = [(number, wave) for number, wave in enumerate(chain[:-1], start=1) if not wave.is_closed]
    for number, wave in still_open:
        text, action = st.columns([5, 1], vertical_alignment="center")
        text.warning(t("consultant_day.waves.still_open", n=number), icon=":material/lock_open:")
        action.button(t("consultant_day.waves.close"), key=close_key(wave), on_click=_close, args=(wave.id,))


def close_key(record: AssessmentRecord) -> str:
    """Widget key of the button that closes an earlier wave still collecting answers."""
    return f"waves.close.{record.id}"


def _close(assessment_id: int) -> None:
    get_store().set_status(assessment_id, "closed")


def _newer_versions(record: AssessmentRecord) -> list:
    entries, _errors = builtin_questionnaires()
    return waves.newer_questionnaires(entries, record.questionnaire_id, record.questionnaire_version)


def start_form(record: AssessmentRecord, chain: list[AssessmentRecord]) -> None:
    """Start the next wave after the open assessment; it is opened at once."""
    newer = _newer_versions(record)
    with st.form(FORM_KEY, border=True):
        st.markdown(f"**{t('waves.start.heading')}**")
        st.caption(t("waves.start.help"))
        title = st.text_input(t("waves.start.title_label"), value=t("waves.start.default_title", n=len(chain) + 1),
                              key=TITLE_KEY, max_chars=300)  # fmt: skip
        choice = None
        if newer:
            options = ["", *(entry.version for entry in newer)]
            choice = st.selectbox(
                t("waves.start.version_label"),
                options,
                format_func=lambda v: (
                    t("waves.start.same_version", version=record.questionnaire_version)
                    if not v
                    else t("waves.start.newer_version", version=v)
                ),
                key=VERSION_KEY,
            )
        close_previous = False
        if not record.is_closed:
            # Late answers to the old wave would move the baseline after the fact (finding 8).
            close_previous = st.checkbox(
                t("consultant_day.waves.close_previous", title=plain(record.title)), value=True, key=CLOSE_KEY
            )
        submitted = st.form_submit_button(t("waves.start.submit"), key=SUBMIT_KEY, type="primary")
    if not submitted:
        return
    try:
        snapshot = None
        if choice:
            entry = next(entry for entry in newer if entry.version == choice)
            snapshot = QuestionnaireSnapshot.from_file(entry.path)
        new = get_store().start_wave(record.id, title, questionnaire=snapshot)
        if close_previous:
            get_store().set_status(record.id, "closed")
    except (StorageError, ValueError, InputError) as error:
        st.error(t("waves.start.failed", reason=plain(error_text(error))))
        return
    open_assessment(new)
    message = t("waves.started", title=plain(new.title))
    if close_previous:
        message = f"{message} {t('consultant_day.waves.previous_closed', title=plain(record.title))}"
    st.session_state[_FLASH] = message
    st.rerun()


def one_wave_explanation() -> None:
    """What waves are and how to start one (shown while the chain has a single wave)."""
    st.info(t("waves.one.text"), icon=":material/timeline:")


def _item_name(q: Questionnaire, section: str, item_id: str, lang: str) -> str:
    if section == "level":
        return level_title(q, item_id, lang)
    if section == "aspect":
        return aspect_title(q, item_id, lang)
    return t("waves.name.overall")


def _delta(value: float | None, lang: str) -> str | None:
    # st.metric colours the arrow by a leading ASCII minus.
    return None if value is None else trend_charts.signed_points(value, lang).replace("\u2212", "-")


def metrics(trend: waves.Trend, lang: str) -> None:
    """The overall score and the stage of the newest wave, with the change since the previous one."""
    overall, stage = trend.overall, trend.stage
    since = None if overall[-1] is None or overall[-2] is None else overall[-1] - overall[-2]
    left, right, _ = st.columns([1, 1, 2])
    score = format_score(overall[-1], lang)
    shown = t("consultant_day.score_of_100", score=score) if overall[-1] is not None else score  # "—" stays bare
    left.metric(t("waves.metric.overall"), shown, delta=_delta(since, lang))
    # An earlier wave without answers has stage 0 by the scoring contract: no change to show against it.
    stage_change = round(stage[-1] - stage[-2], 1) if trend.answered(-2) else 0
    right.metric(
        t("waves.metric.stage"),
        format_stage(stage[-1], lang),
        delta=None
        if stage_change == 0
        else f"{'+' if stage_change > 0 else '-'}{format_number(abs(stage_change), lang)}",
    )


def changes_frame(trend: waves.Trend, q: Questionnaire, lang: str) -> pd.DataFrame:
    """The table of changes as shown: largest absolute change first, numbers written for ``lang``.

    With two waves the first wave is the previous one: one column and one change, not two identical ones.
    """
    rows = waves.by_largest_change(waves.changes(trend))
    columns = {
        t("waves.col.part"): [t(f"waves.part.{row.section}") for row in rows],
        t("waves.col.name"): [_item_name(q, row.section, row.item_id, lang) for row in rows],
    }
    if len(trend.labels) == 2:
        columns[t("consultant_day.waves.col.earlier")] = [format_score(row.first, lang) for row in rows]
        columns[t("waves.col.last")] = [format_score(row.last, lang) for row in rows]
        columns[t("consultant_day.waves.col.change")] = [
            trend_charts.signed_points(row.since_previous, lang) for row in rows
        ]
        return pd.DataFrame(columns)
    columns[t("waves.col.first")] = [format_score(row.first, lang) for row in rows]
    columns[t("waves.col.previous")] = [format_score(row.previous, lang) for row in rows]
    columns[t("waves.col.last")] = [format_score(row.last, lang) for row in rows]
    columns[t("waves.col.since_previous")] = [trend_charts.signed_points(row.since_previous, lang) for row in rows]
    columns[t("waves.col.since_first")] = [trend_charts.signed_points(row.since_first, lang) for row in rows]
    return pd.DataFrame(columns)


def shared_notice(trend: waves.Trend, questionnaires: list[Questionnaire], lang: str) -> None:
    """When the waves' questionnaires differ: only shared questions are compared; which were left out."""
    if not trend.shared_only:
        return
    dropped = set(trend.dropped_questions)
    shared = [question for question in questionnaires[-1].questions if question.id not in dropped]
    st.warning(
        plain(t("workspace.waves.shared_only", n=len(shared), dropped=", ".join(trend.dropped_questions))),
        icon=":material/rule:",
    )
    texts: dict[str, str] = {}
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            if question.id in dropped:
                texts.setdefault(question.id, question.text.get(lang))
    with st.expander(t("waves.dropped.heading", n=len(dropped))):
        st.dataframe(
            pd.DataFrame(
                {
                    t("waves.dropped.id"): list(trend.dropped_questions),
                    t("waves.dropped.text"): [texts.get(qid, "") for qid in trend.dropped_questions],
                }
            ),
            hide_index=True,
            width="stretch",
            key="waves.dropped",
        )


def who_answered(trend: waves.Trend, lang: str) -> None:
    """Respondents per wave and per group (and assessed values), with a warning when they differ."""
    groups = list(dict.fromkeys(group for found in trend.compositions for group in found.groups))
    frame = pd.DataFrame(
        {
            t("consultant_day.waves.col.wave"): [
                t("consultant_day.waves.wave_title", n=number, title=label)
                for number, label in enumerate(trend.labels, start=1)
            ],
            t("consultant_day.waves.col.respondents"): [found.respondents for found in trend.compositions],
            **{
                group_readings.group_name(group, lang): [found.groups.get(group, 0) for found in trend.compositions]
                for group in groups
            },
            t("consultant_day.waves.col.evidence"): [found.evidence for found in trend.compositions],
        }
    )
    st.markdown(f"**{t('consultant_day.waves.who.heading')}**")
    st.dataframe(frame, hide_index=True, width="stretch", height=35 * (len(frame) + 1) + 3, key=WHO_KEY)
    change = waves.composition_change(trend.compositions)
    for group, numbers in change.groups.items():
        st.warning(
            t(
                "consultant_day.waves.who.group_changed",
                group=plain(group_readings.group_name(group, lang)),
                waves=_numbers(numbers, lang),
                count=len(numbers),  # "wave 1" or "waves 1, 3"
            ),
            icon=":material/group_off:",
        )
    if change.evidence_waves:
        st.warning(
            t(
                "consultant_day.waves.who.evidence_changed",
                waves=_numbers(change.evidence_waves, lang),
                count=len(change.evidence_waves),
            ),
            icon=":material/fact_check:",
        )


def _numbers(numbers: tuple[int, ...], lang: str) -> str:
    return ", ".join(format_number(number, lang, 0) for number in numbers)


def waiting(trend: waves.Trend) -> None:
    """The newest wave has no answers yet: no stage and no changes, only that it waits for answers."""
    number = len(trend.labels)
    st.info(
        t("consultant_day.waves.waiting", n=number, title=plain(trend.labels[-1])),
        icon=":material/hourglass_empty:",
    )


def trend_section(chain: list[AssessmentRecord], lang: str) -> None:
    """Who answered, then the trend charts per level and per aspect with their readings and the changes.

    While the newest wave has no answers, it shows no stage and no change; the trend of the earlier
    waves is drawn when at least two of them have answers.
    """
    store = get_store()
    trend = waves.load_trend(store, chain[-1].id)
    questionnaires = [questionnaire_of(wave) for wave in chain]
    st.subheader(t("waves.trend.heading", n=len(chain)))
    shared_notice(trend, questionnaires, lang)
    if not trend.answered(-1):
        waiting(trend)
    who_answered(trend, lang)
    if not trend.answered(-1):
        answering = [index for index in range(len(chain)) if trend.answered(index)]
        if len(answering) < 2:
            return
        chain, questionnaires = chain[: answering[-1] + 1], questionnaires[: answering[-1] + 1]
        trend = waves.load_trend(store, chain[-1].id)
        st.subheader(t("consultant_day.waves.earlier_heading", n=len(chain)))
    q = questionnaires[-1]
    metrics(trend, lang)
    sections: tuple[trend_charts.Section, ...] = ("levels", "aspects")
    for column, section in zip(st.columns(2, gap="large"), sections, strict=True):
        with column:
            fig = trend_charts.trend_figure(trend, q, section, lang)
            chart_view.show_chart(fig, f"waves.chart.{section}", width=chart_view.HALF)
            st.markdown(plain(trend_charts.trend_reading(trend, q, section, lang)))
    st.subheader(t("waves.changes.heading"))
    labels = {"first": plain(trend.labels[0]), "previous": plain(trend.labels[-2]), "last": plain(trend.labels[-1])}
    help_key = "consultant_day.waves.changes.help_two" if len(chain) == 2 else "waves.changes.help"
    st.caption(t(help_key, **labels))
    frame = changes_frame(trend, q, lang)
    # Tall enough for every row: the table is short (levels + aspects + 1) and is read whole.
    st.dataframe(frame, hide_index=True, width="stretch", height=35 * (len(frame) + 1) + 3, key=CHANGES_KEY)
