"""The Groups page: results per respondent group, agreement, groups on the radars, the perception gap.

Groups come from the respondents' answers only (the consultant's assessed values belong
to no group). Groups below the assessment's anonymity threshold are never shown: the card
is scored with the threshold, and this module only says how many were hidden. Everything
computed lives in the core (:mod:`cxmaturity.workspace.perception`, :mod:`cxmaturity.core.readings`,
:mod:`cxmaturity.charts.group_charts`). Widget keys start with ``groups.``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmaturity.charts import group_charts, score_charts
from cxmaturity.core import readings
from cxmaturity.core.model import Questionnaire, ScoreCard, SetScore
from cxmaturity.storage import AssessmentRecord, StorageError
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import Results, current_language, error_text, get_store, may_edit, results_of, t
from cxmaturity.ui.error_boundary import guarded_fragment
from cxmaturity.ui.results_view import content_key
from cxmaturity.ui.shell import page_exists, plain, show_table
from cxmaturity.ui.team import page_in_menu
from cxmaturity.workspace import group_readings, perception
from cxmaturity.workspace.participation import participation_reading

WHOSE_KEY = "groups.whose"
GAP_KEY = "groups.gap"
THRESHOLD_KEY = "groups.threshold"
_FLASH = "groups.flash"
RESPONDENTS_PAGE = "pages/respondents.py"
#: How many of the largest gaps are listed in words and drawn.
GAPS_SHOWN = 10
SENTENCES_SHOWN = 3


def load(record: AssessmentRecord) -> Results:
    """The respondents' results with groups below the anonymity threshold left out (cached)."""
    return results_of(record, source="respondents")


# --- state of the data ------------------------------------------------------------------------------


def overview(results: Results) -> bool:
    """Say what is hidden and why, or what to do when there is nothing to compare; True if groups can be shown."""
    card, threshold = results.card, results.min_group_size
    st.caption(t("groups.intro"))
    counted = participation_reading(results.participation, current_language())
    if counted:
        st.caption(counted)
    if not card.has_answers:
        st.info(t("groups.empty.no_answers"))
        _respondents_link()
        return False
    sizes = perception.group_sizes(results.answers)
    hidden = perception.hidden_groups(results.answers, threshold)
    if hidden:
        st.info(
            t("groups.hidden", count=hidden, shown=len(card.groups)) + " " + t("workspace.group.hidden", n=threshold)
        )
    if not sizes:
        st.info(t("groups.empty.no_groups"))
        _respondents_link()
    elif not card.groups:
        st.warning(t("groups.empty.all_hidden", n=threshold))
    elif len(card.groups) == 1:
        st.info(t("groups.empty.one_group"))
    return bool(card.groups)


def _respondents_link() -> None:
    # Not for a client viewer: the Respondents page is not in their menu (and the store refuses it).
    if page_exists(RESPONDENTS_PAGE) and page_in_menu(RESPONDENTS_PAGE):
        st.page_link(RESPONDENTS_PAGE, label=t("groups.to_respondents"), icon=":material/group:")


# --- scores, spread and agreement ------------------------------------------------------------------


def _whose(card: ScoreCard) -> dict[str, ScoreCard]:
    return {"": card, **card.groups}


def score_tables(results: Results, lang: str) -> None:
    """Scores of everyone and of each shown group side by side, then one set's spread and agreement."""
    card, q = results.card, results.questionnaire
    st.markdown(f"### {t('groups.scores.heading')}")
    whose = _whose(card)
    names = {key: group_readings.group_name(key, lang) if key else t("groups.all") for key in whose}
    for section, items in (("level", q.levels), ("aspect", q.aspects)):
        frame = pd.DataFrame(
            {t(f"groups.col.{section}"): [item.title.get(lang) for item in items]}
            | {
                names[key]: [readings.format_score(_entries(each, section)[item.id].score, lang) for item in items]
                for key, each in whose.items()
            }
        )
        show_table(frame, key=f"groups-scores-{section}")
    counts = ", ".join(f"{names[key]}: {each.overall.n}" for key, each in whose.items())
    st.caption(plain(t("groups.scores.counts", counts=counts)))

    st.markdown(f"### {t('groups.spread.heading')}")
    st.caption(t("workspace.agreement.explained"))
    chosen = st.selectbox(t("groups.spread.whose"), list(whose), format_func=names.__getitem__, key=WHOSE_KEY)
    show_table(spread_frame(whose[chosen or ""], q, lang), key="groups-spread")


def _entries(card: ScoreCard, section: str) -> dict[str, SetScore]:
    return dict(card.levels if section == "level" else card.aspects)


def spread_frame(card: ScoreCard, q: Questionnaire, lang: str) -> pd.DataFrame:
    """One row per level, then per aspect: score, respondents, standard deviation, range and agreement."""
    rows = []
    for row in perception.agreement(card):
        entry = _entries(card, row.section)[row.item_id]
        low, high = readings.format_score(entry.min, lang), readings.format_score(entry.max, lang)
        rows.append(
            {
                t("groups.col.part"): t(f"workspace.section.{row.section}"),
                t("groups.col.name"): group_readings.item_title(q, row.section, row.item_id, lang),
                t("groups.col.score"): readings.format_score(entry.score, lang),
                t("groups.col.n"): row.n,
                t("groups.col.stdev"): readings.format_score(row.stdev, lang),
                t("groups.col.range"): f"{low}–{high}" if entry.min is not None else "—",
                t("groups.col.agreement"): t(f"workspace.agreement.{row.agreement}") if row.agreement else "—",
            }
        )
    return pd.DataFrame(rows)


# --- radars ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=64)
def _radar(key: str, section: str, lang: str, _card: ScoreCard, _q: Questionnaire, phone: bool = False) -> object:
    return group_charts.groups_radar_figure(_card, _q, lang, section, phone=phone)


def radars(results: Results, lang: str) -> None:
    """The level and aspect radars with every shown group drawn together and the target; a reading under each."""
    card, q = results.card, results.questionnaire
    st.markdown(f"### {t('groups.radars.heading')}")
    key = content_key(results)
    columns = st.columns(2, gap="large")
    for column, section in zip(columns, ("level", "aspect"), strict=True):
        with column:
            # On a phone: full width, the spokes named by short codes explained under the radar.
            fig, small = _radar(key, section, lang, card, q), _radar(key, section, lang, card, q, phone=True)
            note = score_charts.spoke_key(q, section, lang)
            chart_view.show_chart(fig, f"groups.radar.{section}", small, chart_view.HALF, note)
            st.markdown(plain(group_readings.groups_radar_reading(card, q, lang, section)))


# --- the story and the perception gap --------------------------------------------------------------


def story(results: Results, lang: str) -> None:
    """The client's own "80% think, 8% agree": told only when two groups' shares differ enough."""
    q, card = results.questionnaire, results.card
    found = perception.perception_story(q, results.answers, card.threshold, results.min_group_size)
    if found is None:
        return
    st.markdown(f"### {t('groups.story.heading')}")
    with st.container(border=True):
        st.markdown(f"**{plain(group_readings.story_text(found, q, card.threshold, lang))}**")
        st.caption(t("groups.story.help"))


def gaps(results: Results, lang: str) -> None:
    """The largest gaps in words and as a chart; then the questions behind a chosen gap."""
    card, q = results.card, results.questionnaire
    rows = perception.largest_gaps(card, results.min_group_size)
    if not rows:
        return
    st.markdown(f"### {t('groups.gaps.heading')}")
    st.caption(t("groups.gaps.help"))
    if card.perception_gap is not None and card.perception_gap.left_out:
        st.caption(t("content_q.groups.left_out", n=len(card.perception_gap.left_out)))
    st.markdown("\n".join(f"- {plain(group_readings.gap_sentence(row, q, lang))}" for row in rows[:SENTENCES_SHOWN]))
    fig = _gaps_figure(content_key(results), lang, rows[:GAPS_SHOWN], q, list(card.groups))
    chart_view.show_chart(fig, "groups.gaps.chart")
    st.markdown(plain(group_readings.gaps_reading(rows, q, lang)))
    drivers(results, rows, lang)


# The same answers, targets and language give the same figures: built once per process, not per rerun.
@st.cache_resource(show_spinner=False, max_entries=64)
def _gaps_figure(key: str, lang: str, _rows: list[perception.GapRow], _q: Questionnaire, _groups: list[str]) -> object:
    return group_charts.perception_gap_figure(_rows, _q, lang, _groups)


@st.cache_resource(show_spinner=False, max_entries=256)
def _drivers_figure(
    key: str,
    index: int,
    lang: str,
    _found: list[perception.Driver],
    _row: perception.GapRow,
    _q: Questionnaire,
    _groups: list[str],
) -> object:
    return group_charts.drivers_figure(_found, _row, _q, lang, _groups)


@guarded_fragment
def drivers(results: Results, rows: list[perception.GapRow], lang: str) -> None:
    """Pick a gap; its questions with both groups' means (reruns on its own)."""
    card, q = results.card, results.questionnaire
    st.markdown(f"### {t('groups.drivers.heading')}")
    labels = {
        index: f"{readings.format_score(row.gap.gap, lang)} · {group_readings.gap_sentence(row, q, lang)}"
        for index, row in enumerate(rows)
    }
    index = st.selectbox(t("groups.drivers.pick"), list(labels), format_func=labels.__getitem__, key=GAP_KEY) or 0
    index = min(index, len(rows) - 1)
    row = rows[index]
    found = perception.gap_drivers(q, card, row.section, row.item_id, results.min_group_size)
    high, low = group_readings.group_name(row.gap.high, lang), group_readings.group_name(row.gap.low, lang)
    frame = pd.DataFrame(
        {
            t("groups.col.question"): [q.question(d.question_id).text.get(lang) for d in found],
            high: [readings.format_score(d.high_score, lang) for d in found],
            low: [readings.format_score(d.low_score, lang) for d in found],
            t("groups.col.difference"): [readings.format_score(d.difference, lang) for d in found],
        }
    )
    if found:
        show_table(frame, key="groups-drivers-table")
        fig = _drivers_figure(content_key(results), index, lang, found, row, q, list(card.groups))
        chart_view.show_chart(fig, "groups.drivers.chart")
    st.markdown(plain(group_readings.drivers_reading(found, row, q, lang)))


# --- anonymity threshold ---------------------------------------------------------------------------


def _save_threshold(record_id: int) -> None:
    try:
        get_store().update_settings(record_id, anonymity_threshold=int(st.session_state[THRESHOLD_KEY]))
    except (StorageError, ValueError) as error:
        st.session_state[_FLASH] = t("groups.threshold.error", message=error_text(error))


def threshold_setting(record: AssessmentRecord) -> None:
    """The anonymity threshold, saved as soon as it changes (only for those who may change the assessment)."""
    if not may_edit(record):
        return
    flash = st.session_state.pop(_FLASH, None)
    with st.expander(t("groups.threshold.heading"), expanded=flash is not None):
        if flash:
            st.error(flash)
        current = get_store().get_settings(record.id).anonymity_threshold
        options = {"min_value": 1, "max_value": 1000, "step": 1, "key": THRESHOLD_KEY}
        if THRESHOLD_KEY not in st.session_state:
            options["value"] = current
        st.number_input(
            t("groups.threshold.label"),
            help=t("groups.threshold.help"),
            on_change=_save_threshold,
            args=(record.id,),
            **options,
        )
