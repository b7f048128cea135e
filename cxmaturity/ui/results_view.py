"""The Results page: headline, charts with their readings, questions, targets and the PDF.

Everything shown is computed by the core (scoring, charts, readings); this module only
lays it out. Widget keys start with ``results.`` so tests can drive them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import streamlit as st

from cxmaturity.charts import score_charts
from cxmaturity.core import readings
from cxmaturity.core.model import Questionnaire, ScoreCard
from cxmaturity.i18n import format_percent
from cxmaturity.storage import AssessmentRecord
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import (
    INCLUDE_IN_PROGRESS_STATE,
    Results,
    current_language,
    error_text,
    get_store,
    include_in_progress,
    may_edit,
    t,
)
from cxmaturity.ui.shell import assessment_title, lazy_expander, markdown_table, page_exists, plain, show_table
from cxmaturity.workspace.group_readings import group_name
from cxmaturity.workspace.participation import (
    REPORT_MIN_GROUP_SIZE,
    may_list_participants,
    participation_reading,
    source_phrase,
    with_participation,
)

FORM_KEY = "results.targets"
SAVE_KEY = "results.targets.save"
RESET_KEY = "results.targets.reset"
TARGETS_OPEN_KEY = "results.targets.open"
GROUPS_KEY = "results.groups"
PDF_KEY = "results.pdf"
IN_PROGRESS_KEY = "results.in_progress"
NAMES_KEY = "results.pdf.names"
DETAIL_KEY = "results.pdf.detail"
_FLASH = "results.flash"
ROADMAP_PAGE = "pages/roadmap.py"
# Guards the two small caches below (deferred downloads run outside the script thread).
_PDF_LOCK = threading.Lock()


def target_key(kind: str, item_id: str) -> str:
    """Widget key of the target input of a level (``kind="level"``) or an aspect."""
    return f"results.target.{kind}.{item_id}"


# --- headline -------------------------------------------------------------------------------------


def headline(record: AssessmentRecord, results: Results, lang: str) -> None:
    """Stage in numbers and words, the level scores, what is attained, coverage and warnings."""
    card, q = results.card, results.questionnaire
    title = with_participation(readings.stage_headline(card, q, lang), results.participation, lang)
    st.subheader(plain(title))
    if not card.has_answers:
        st.info(t("results.no_answers"))
    stage = readings.format_stage(card.stage, lang) if card.has_answers else "—"
    cells = st.columns(4)
    cells[0].metric(t("results.metric.stage", total=len(q.levels)), stage)
    overall = readings.format_headline_score(card.overall.score, lang)
    # "38/100": the scale is said where the number is (finding 20 of the November review).
    cells[1].metric(
        t("results.metric.overall"), t("consultant_day.score_of_100", score=overall) if card.has_answers else overall
    )
    cells[2].metric(t("results.metric.coverage"), format_percent(card.overall.coverage, lang))
    cells[3].metric(t("results.metric.uncertainty"), format_percent(card.overall.uncertainty, lang))
    st.markdown(f"**{t('results.levels.heading')}**")
    columns = st.columns(len(q.levels))
    for column, level in zip(columns, q.levels, strict=True):
        score = readings.format_headline_score(card.levels[level.id].score, lang, card.threshold)
        column.metric(plain(level.title.get(lang)), score)
    subtitled = [level for level in q.levels if level.subtitle is not None]
    if subtitled:  # a title that misleads alone (Commitment is not the customer's loyalty)
        st.caption(" · ".join(plain(level.heading(lang)) for level in subtitled))
    if not card.has_answers:
        return
    threshold = readings.format_score(card.threshold, lang)
    reached = readings.attained_count(card, q)
    if reached:
        names = ", ".join(level.title.get(lang) for level in q.levels[:reached])
        st.success(plain(t("results.attained", threshold=threshold, names=names)))
    else:
        st.info(plain(t("results.attained_none", threshold=threshold)))
    warning = readings.unsupported_warning(card, q, lang)
    if warning:
        st.warning(plain(warning), icon="⚠️")
    if results.source != "evidence":  # the evidence alone has no respondents to count
        st.caption(plain(readings.coverage_reading(card, lang)))
    who_is_counted(results, lang)


def who_is_counted(results: Results, lang: str) -> None:
    """Submitted, in progress and not opened; the evidence's own coverage; the in-progress choice."""
    line = participation_reading(results.participation, lang)
    if line:
        st.caption(line)
    if results.evidence_coverage is not None:
        st.caption(t("honest.evidence.coverage", coverage=format_percent(results.evidence_coverage, lang)))
    found = results.participation
    if found.in_progress or found.in_progress_included:
        st.toggle(
            t("honest.in_progress.toggle"),
            value=include_in_progress(),
            key=IN_PROGRESS_KEY,
            help=t("honest.in_progress.help"),
            on_change=_remember_in_progress,
        )


def _remember_in_progress() -> None:
    # The widget's own key is dropped on pages that do not draw it: keep the choice apart.
    st.session_state[INCLUDE_IN_PROGRESS_STATE] = bool(st.session_state.get(IN_PROGRESS_KEY))


def source_caption(results: Results) -> None:
    """One line saying what the scores are computed from (respondents, evidence or both)."""
    source = source_phrase(results.source, results.answers.respondents, current_language())
    st.caption(t("workspace.source.used", source=source))


# --- charts ---------------------------------------------------------------------------------------


_KEYS: OrderedDict[int, tuple[Results, str, str]] = OrderedDict()


def content_key(results: Results, targets: bool = True) -> str:
    """A key naming the content of ``results``: the answers (respondents, questionnaire) and targets.

    With ``targets=False`` the key names the answers only, for figures that do not draw
    targets. Hashing thousands of answers costs milliseconds, so the keys are remembered
    per Results object; the object is held while remembered, so its ``id`` cannot be reused.
    """
    with _PDF_LOCK:
        found = _KEYS.get(id(results))
    if found is None or found[0] is not results:
        card = results.card
        answers = hash((results.questionnaire.source_hash, results.content_key, results.min_group_size))
        goals = tuple((k, v.target) for k, v in (*card.levels.items(), *card.aspects.items()))
        found = (results, f"{answers:x}", f"{hash((answers, goals)):x}")
        with _PDF_LOCK:
            _KEYS[id(results)] = found
            while len(_KEYS) > 16:
                _KEYS.popitem(last=False)
    return found[2] if targets else found[1]


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(
    key: str, chart: str, lang: str, groups: bool, _card: ScoreCard, _q: Questionnaire, phone: bool = False
) -> object:
    # The same content and language give the same figure: built once (1-2 ms) and handed to
    # show_chart again on every rerun (which keeps its SVG).
    if chart not in ("level_radar", "aspect_radar"):
        return getattr(score_charts, f"{chart}_figure")(_card, _q, lang)
    # Plotly does not make room for long spoke labels ("Relationship evolution") in a half-width
    # column: ``narrow`` breaks them into lines and widens the side margins.
    return getattr(score_charts, f"{chart}_figure")(_card, _q, lang, groups=groups, narrow=True, phone=phone)


def _chart(results: Results, chart: str, lang: str, reading: str, groups: bool = False) -> None:
    # The pyramid and the heatmap draw no targets: a changed target reuses them.
    key = content_key(results, targets=chart not in ("pyramid", "heatmap"))
    fig = _figure(key, chart, lang, groups, results.card, results.questionnaire)
    if chart in ("level_radar", "aspect_radar"):
        # On a phone the radar gets the full width, its spokes named by short codes explained under it.
        small = _figure(key, chart, lang, groups, results.card, results.questionnaire, phone=True)
        note = score_charts.spoke_key(results.questionnaire, chart.removesuffix("_radar"), lang)
        chart_view.show_chart(fig, f"results.chart.{chart}", phone=small, width=chart_view.HALF, phone_note=note)
    else:
        width = chart_view.FULL if chart == "heatmap" else chart_view.HALF
        chart_view.show_chart(fig, f"results.chart.{chart}", width=width)
    if reading:
        st.markdown(plain(reading))


# Below 640 px (a phone) the heatmap gives way to the table; above, the table is hidden. The style is the
# first element of the table's own container, sent before the heatmap's: it is in force before either is
# drawn (a style-only st.html goes to the end of the page and arrives later: a phone would see both until
# it did). Not in the heading's st.markdown: HTML there loads a 184 KB parser (see chart_view). The empty
# span makes the st.html more than a style sheet; its own slot is hidden so it leaves no gap. The table
# scrolls sideways where a phone is narrower than it.
_NARROW_STYLE = (
    "<style>.st-key-results-heatmap-narrow{display:none}@media (max-width:640px)"
    "{.st-key-results-heatmap-wide{display:none}.st-key-results-heatmap-narrow{display:flex}}"
    ".st-key-results-heatmap-narrow [data-testid=stElementContainer]:has(.stHtml){display:none}"
    ".st-key-results-heatmap-narrow [data-testid=stMarkdownContainer]{overflow-x:auto}</style><span></span>"
)


def heatmap_table(card: ScoreCard, q: Questionnaire, lang: str) -> None:
    """Levels (top of the pyramid first) x aspects as a small table: the heatmap for a narrow screen."""
    rows = [
        [level.title.get(lang)]
        + [readings.format_score(card.cells[(level.id, aspect.id)].score, lang) for aspect in q.aspects]
        for level in reversed(q.levels)
    ]
    header = ["", *(aspect.id.upper() for aspect in q.aspects)]
    numbers = frozenset(range(1, len(header)))
    st.markdown(f"**{t('charts.heatmap.title')}**\n\n{markdown_table(header, rows, numbers)}")
    st.caption(" · ".join(f"{a.id.upper()} — {plain(a.title.get(lang))}" for a in q.aspects))


def chart_grid(results: Results, lang: str) -> None:
    """Two charts per row, each with its one-line reading under it."""
    card, q = results.card, results.questionnaire
    st.markdown(f"### {t('results.section.charts')}")
    show_groups = False
    if card.groups:
        show_groups = st.toggle(t("results.groups.toggle"), key=GROUPS_KEY)
    left, right = st.columns(2, gap="large")
    with left:
        # The unsupported warning is already in the headline: read the pyramid without repeating it.
        pyramid = readings.pyramid_reading(card, q, lang)
        if readings.unsupported_warning(card, q, lang) == pyramid:
            words = readings.stage_words(card, q, lang)
            pyramid = words[:1].upper() + words[1:] + "."
        _chart(results, "pyramid", lang, pyramid)
    with right:
        _chart(results, "level_radar", lang, readings.level_radar_reading(card, q, lang), groups=show_groups)
    left, right = st.columns(2, gap="large")
    with left:
        _chart(results, "aspect_radar", lang, readings.aspect_radar_reading(card, q, lang))
    with right:
        _chart(results, "gap_bars", lang, readings.gap_reading(card, q, lang))
    # The heatmap gets the full width: five aspect columns with two-line titles need it. On a phone
    # its numbers would print over each other: there a table of the same cells takes its place.
    with st.container(key="results-heatmap-narrow"):  # first: its style hides one of the two (above)
        st.html(_NARROW_STYLE)
        heatmap_table(card, q, lang)
    with st.container(key="results-heatmap-wide"):
        _chart(results, "heatmap", lang, "")
    st.markdown(plain(readings.heatmap_reading(card, q, lang)))
    questions(card, q, lang)
    if card.groups and card.perception_gap is not None:
        perception_gap(card, q, lang)


def questions(card: ScoreCard, q: Questionnaire, lang: str) -> None:
    """The five strongest and five weakest questions, side by side, each with its score."""
    st.markdown(f"### {t('results.questions.heading')}")
    strongest, weakest = readings.question_ranking(card, q, lang)
    if not strongest:
        st.caption(t("results.questions.none"))
        return
    columns = st.columns(2, gap="large")
    for column, label, rows in (
        (columns[0], t("results.questions.strongest"), strongest),
        (columns[1], t("results.questions.weakest"), weakest),
    ):
        lines = [f"1. **{readings.format_score(score, lang)}** — {plain(text)}" for _qid, text, score in rows]
        column.markdown(f"**{label}**\n\n" + "\n".join(lines))


def perception_gap(card: ScoreCard, q: Questionnaire, lang: str) -> None:
    """Where groups disagree: one row per level and aspect, largest gap first."""
    gap = card.perception_gap
    assert gap is not None
    st.markdown(f"### {t('results.groups.heading')}")
    st.caption(t("results.groups.help"))
    rows = [(q.level(k).title.get(lang), g) for k, g in gap.levels.items()]
    rows += [(q.aspect(k).title.get(lang), g) for k, g in gap.aspects.items()]
    rows.sort(key=lambda item: -item[1].gap)
    frame = pd.DataFrame(
        {
            t("results.groups.set"): [name for name, _g in rows],
            t("results.groups.gap"): [readings.format_score(g.gap, lang) for _n, g in rows],
            t("results.groups.high"): [
                f"{group_name(g.high, lang)} ({readings.format_score(g.high_score, lang)})" for _n, g in rows
            ],
            t("results.groups.low"): [
                f"{group_name(g.low, lang)} ({readings.format_score(g.low_score, lang)})" for _n, g in rows
            ],
        }
    )
    show_table(frame, key="results-groups")  # not st.dataframe: see markdown_table


# --- targets --------------------------------------------------------------------------------------


def _current_targets(record: AssessmentRecord, q: Questionnaire) -> dict[str, dict[str, float]]:
    return {
        "levels": {lv.id: float(record.targets.get("levels", {}).get(lv.id, q.target)) for lv in q.levels},
        "aspects": {a.id: float(record.targets.get("aspects", {}).get(a.id, q.target)) for a in q.aspects},
    }


def _save_targets(record_id: int, q: Questionnaire) -> None:
    # Only targets that differ from the questionnaire's are stored: the rest follow its default.
    targets: dict[str, dict[str, float]] = {"levels": {}, "aspects": {}}
    for part, kind, items in (("levels", "level", q.levels), ("aspects", "aspect", q.aspects)):
        for item in items:
            value = float(st.session_state.get(target_key(kind, item.id), q.target))
            if value != q.target:
                targets[part][item.id] = value
    try:
        get_store().set_targets(record_id, targets)
    except (ValueError, LookupError) as error:
        st.session_state[_FLASH] = ("error", t("results.targets.error", message=error_text(error)))
        return
    st.session_state[_FLASH] = ("success", t("results.targets.saved"))


def _reset_targets(record_id: int, q: Questionnaire) -> None:
    get_store().set_targets(record_id, {"levels": {}, "aspects": {}})
    for kind, items in (("level", q.levels), ("aspect", q.aspects)):
        for item in items:
            st.session_state[target_key(kind, item.id)] = float(q.target)
    st.session_state[_FLASH] = ("success", t("results.targets.saved"))


def targets_summary(record: AssessmentRecord, q: Questionnaire, lang: str) -> str:
    """The targets in one line: "80 for every level and aspect", or the ones set apart and the rest."""
    current = _current_targets(record, q)
    default = readings.format_score(q.target, lang)
    titles = {**{lv.id: lv.title.get(lang) for lv in q.levels}, **{a.id: a.title.get(lang) for a in q.aspects}}
    apart = [
        f"{titles[item_id]} {readings.format_score(value, lang)}"
        for part in ("levels", "aspects")
        for item_id, value in current[part].items()
        if value != q.target
    ]
    if not apart:
        return t("consultant_day.targets.all", value=default)
    return t("consultant_day.targets.some", apart=", ".join(apart), value=default)


def target_editor(record: AssessmentRecord, q: Questionnaire, lang: str) -> None:
    """The targets in one line near the top (every reader), and under it their editor (editors only).

    Targets drive every gap and the roadmap, so they are said before the charts (finding 21).
    """
    label = t("consultant_day.targets.label", summary=plain(targets_summary(record, q, lang)))
    if not may_edit(record):
        st.caption(label)
        return
    flash = st.session_state.pop(_FLASH, None)
    if flash is not None:
        st.session_state[TARGETS_OPEN_KEY] = True  # the message is in the box: it stays open
    # Drawn only when opened: a page opened by its address loads neither the ten number fields nor their JavaScript.
    with lazy_expander(label, key=TARGETS_OPEN_KEY, icon=":material/flag:") as opened:
        if not opened:
            return
        if flash is not None:
            (st.success if flash[0] == "success" else st.error)(flash[1])
        st.caption(t("results.targets.help", target=readings.format_score(q.target, lang)))
        current = _current_targets(record, q)
        with st.form(FORM_KEY, border=False):
            for part, kind, items in (("levels", "level", q.levels), ("aspects", "aspect", q.aspects)):
                st.markdown(f"**{t(f'results.targets.{part}')}**")
                columns = st.columns(len(items))
                for column, item in zip(columns, items, strict=True):
                    key = target_key(kind, item.id)
                    options = {"min_value": 0.0, "max_value": 100.0, "step": 5.0, "format": "%.0f", "key": key}
                    if key not in st.session_state:
                        options["value"] = current[part][item.id]
                    column.number_input(plain(item.title.get(lang)), **options)
            st.form_submit_button(t("results.targets.save"), key=SAVE_KEY, on_click=_save_targets, args=(record.id, q))
        st.button(t("results.targets.reset"), key=RESET_KEY, on_click=_reset_targets, args=(record.id, q))


# --- PDF ------------------------------------------------------------------------------------------

_PDF_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PDF_CACHE_SIZE = 8


def cached_pdf(key: str, build: Callable[[dt.datetime], bytes]) -> bytes:
    """The report for ``key``, built once (with its creation time fixed then) and reused."""
    with _PDF_LOCK:
        if key in _PDF_CACHE:
            _PDF_CACHE.move_to_end(key)
            return _PDF_CACHE[key]
    data = build(dt.datetime.now(dt.UTC).replace(microsecond=0))
    with _PDF_LOCK:
        _PDF_CACHE[key] = data
        while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
            _PDF_CACHE.popitem(last=False)
    return data


def pdf_button(record: AssessmentRecord, results: Results, lang: str) -> None:
    """A download button whose PDF is built only when clicked (Streamlit's deferred download)."""
    from cxmaturity.ui.branding_view import current_branding
    from cxmaturity.ui.roadmap_view import plan_for

    list_names = participants_choice(results)
    detail = st.checkbox(t("deliverable.pdf.question_detail"), value=True, key=DETAIL_KEY)
    roadmap, plan = plan_for(record, results, lang)
    branding = current_branding()
    # The plan and the branding are part of what the PDF shows: a change to either builds a new one.
    shown = (detail, branding.consultancy, len(branding.logo or b""), hash(branding.logo), repr(plan))
    key = f"{content_key(results)}.{lang}.{list_names}.{hashlib.sha256(repr(shown).encode()).hexdigest()[:16]}"
    store = get_store()

    def pdf() -> bytes:
        # Runs on click: the workspace part (source, evidence, waves) is read then and named in the key.
        from cxmaturity.report import build_report
        from cxmaturity.report.workspace import load_workspace_context

        workspace = load_workspace_context(
            store,
            record.id,
            results.answers,
            source=results.source,
            card=results.card,
            participation=results.participation,
            evidence_coverage=results.evidence_coverage,
            list_participants=list_names,
        )

        def build(created: dt.datetime) -> bytes:
            return build_report(
                results.card,
                results.questionnaire,
                lang,
                organisation=record.organisation_name,
                answers=results.answers,
                roadmap=roadmap,
                created=created,
                workspace=workspace,
                plan=plan,
                title=assessment_title(record, lang),  # Start's default title in the report's language
                consultancy=branding.consultancy,
                logo=branding.logo,
                question_detail=detail,
            )

        return cached_pdf(f"{key}.{workspace.fingerprint()}", build)

    left, right = st.columns(2)
    if page_exists(ROADMAP_PAGE):
        right.page_link(ROADMAP_PAGE, label=t("results.roadmap_link"), icon=":material/route:")
    left.download_button(
        t("results.pdf.button"),
        data=pdf,
        file_name=f"{t('results.pdf.file')}.pdf",
        mime="application/pdf",
        key=PDF_KEY,
        help=t("results.pdf.help"),
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        disabled=not results.card.has_answers,
    )


def participants_choice(results: Results) -> bool:
    """The opt-in to name participants in the PDF; offered only when every group is large enough."""
    if not results.participation.invited:
        return False
    floor = max(results.min_group_size, REPORT_MIN_GROUP_SIZE)
    allowed = may_list_participants(results.answers, results.min_group_size)
    chosen = st.checkbox(
        t("honest.report.participants.toggle"),
        key=NAMES_KEY,
        value=False,
        disabled=not allowed,
        help=t("honest.report.participants.help", n=floor),
    )
    if not allowed:
        st.caption(t("honest.report.participants.blocked", n=floor))
    return bool(chosen and allowed)
