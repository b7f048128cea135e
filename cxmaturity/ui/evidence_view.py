"""The Evidence page: per question the respondents' answers beside the consultant's evidence, the
results source, and self vs evidence.

Evidence is saved per question (one small form each) inside an ``st.fragment``: saving one
question reruns the level on screen, not the page. Links are checked by the Store (http or
https only); a refused one is reported under its question and the typed text stays in the
form. Widget keys: ``evidence.<question id>.text|link|value|rationale|save|delete``,
``evidence.source``, ``evidence.section``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from cxmaturity.charts import group_charts
from cxmaturity.core import readings
from cxmaturity.core.model import Question, Questionnaire, format_value
from cxmaturity.i18n import format_number
from cxmaturity.storage import AssessmentRecord, EvidenceRecord, StorageError, check_link, to_targets
from cxmaturity.ui.context import Results, error_text, get_store, results_of, t
from cxmaturity.ui.error_boundary import guarded_fragment
from cxmaturity.ui.shell import plain
from cxmaturity.workspace import group_readings
from cxmaturity.workspace.evidence import SOURCES, AnswerSummary, answer_summaries, compare_self_and_evidence

SOURCE_KEY = "evidence.source"
SECTION_KEY = "evidence.section"
REFRESH_KEY = "evidence.compare.refresh"
_FLASH = "evidence.flash"
FIELDS = ("text", "link", "value", "rationale")


def field_key(question_id: str, field: str) -> str:
    """Widget key of one evidence field (``text``, ``link``, ``value``, ``rationale``) of a question."""
    return f"evidence.{question_id}.{field}"


def load(record: AssessmentRecord) -> Results:
    """The respondents' answers and scores (cached), for the summaries and the self side."""
    return results_of(record, source="respondents")


# --- results source --------------------------------------------------------------------------------


def _save_source(record_id: int) -> None:
    chosen = st.session_state.get(SOURCE_KEY)
    if chosen in SOURCES:
        get_store().update_settings(record_id, results_source=chosen)
        st.session_state[_FLASH] = ("source", t("evidence.source.saved"))


def source_setting(record: AssessmentRecord) -> None:
    """Which answers the Results page, the roadmap and the report use; saved as soon as it changes."""
    st.markdown(f"### {t('evidence.source.heading')}")
    if SOURCE_KEY not in st.session_state:
        st.session_state[SOURCE_KEY] = get_store().get_settings(record.id).results_source
    st.radio(
        t("evidence.source.label"),
        list(SOURCES),
        format_func=lambda source: t(f"workspace.source.{source}"),
        key=SOURCE_KEY,
        on_change=_save_source,
        args=(record.id,),
        horizontal=True,
        help=t("evidence.source.help"),
    )
    flash = st.session_state.get(_FLASH)
    if flash is not None and flash[0] == "source":
        st.session_state.pop(_FLASH)
        st.success(flash[1])


# --- per question ---------------------------------------------------------------------------------


def _value_options(
    questionnaire: Questionnaire, question: Question, lang: str
) -> tuple[list[float | None], dict[float, str]]:
    scale = questionnaire.scales[question.scale]
    labels = {
        float(option.value): f"{format_value(option.value)} · {option.label.get(lang)}" for option in scale.options
    }
    return [None, *labels], labels


def _summary_line(summary: AnswerSummary | None, lang: str) -> str:
    if summary is None or (not summary.n and not any(summary.counts.values())):
        return t("evidence.summary.none")
    distribution = " · ".join(
        f"{t(f'app.answer.{code}') if code in ('na', 'dk') else code}: {count}"
        for code, count in summary.counts.items()
    )
    return t(
        "evidence.summary.line",
        n=format_number(summary.n, lang, 0),
        mean=readings.format_score(summary.mean, lang),
        median=readings.format_score(summary.median, lang),
        distribution=distribution,
    )


def _save(record_id: int, question_id: str) -> None:
    values = {field: st.session_state.get(field_key(question_id, field)) for field in FIELDS}
    try:
        check_link(values["link"])
    except ValueError:
        # Named in the reader's language; the typed link stays in the form to be corrected.
        st.session_state[_FLASH] = (question_id, "error", t("evidence.error.link"))
        return
    try:
        get_store().save_evidence(
            record_id,
            question_id,
            text=(values["text"] or "").strip() or None,
            link=(values["link"] or "").strip() or None,
            value=values["value"],
            rationale=(values["rationale"] or "").strip() or None,
        )
    except (StorageError, ValueError, LookupError) as error:
        st.session_state[_FLASH] = (question_id, "error", t("evidence.save_failed", message=error_text(error)))
        return
    st.session_state[_FLASH] = (question_id, "success", t("evidence.saved"))


def _delete(record_id: int, question_id: str) -> None:
    try:
        get_store().delete_evidence(record_id, question_id)
    except (StorageError, ValueError, LookupError) as error:
        st.session_state[_FLASH] = (question_id, "error", t("evidence.delete_failed", message=error_text(error)))
        return
    for field in FIELDS:
        st.session_state.pop(field_key(question_id, field), None)
    st.session_state[_FLASH] = (question_id, "success", t("evidence.deleted"))


def _question(
    record: AssessmentRecord,
    questionnaire: Questionnaire,
    question: Question,
    number: int,
    summary: AnswerSummary | None,
    stored: EvidenceRecord | None,
    lang: str,
) -> None:
    with st.container(border=True):
        marker = f" :green-badge[{t('evidence.recorded')}]" if stored is not None else ""
        st.markdown(f"**{number}.** {plain(question.text.get(lang))}{marker}")
        st.caption(plain(_summary_line(summary, lang)))
        flash = st.session_state.get(_FLASH)
        if flash is not None and flash[0] == question.id:
            st.session_state.pop(_FLASH)
            (st.success if flash[1] == "success" else st.error)(flash[2])
        options, labels = _value_options(questionnaire, question, lang)
        current: dict[str, object] = {
            "text": stored.text if stored else "",
            "link": stored.link if stored else "",
            "value": stored.value if stored else None,
            "rationale": stored.rationale if stored else "",
        }

        def initial(field: str) -> dict[str, object]:
            # The widget's own state wins; the first time on screen it starts from the database.
            key = field_key(question.id, field)
            return {"key": key} if key in st.session_state else {"key": key, "value": current[field] or ""}

        with st.form(f"evidence.form.{question.id}", border=False):
            left, right = st.columns(2)
            left.text_area(t("evidence.field.text"), max_chars=5000, height=90, **initial("text"))
            right.text_area(t("evidence.field.rationale"), max_chars=5000, height=90, **initial("rationale"))
            left.text_input(t("evidence.field.link"), max_chars=2000, placeholder="https://", **initial("link"))
            value_key = field_key(question.id, "value")
            value_options: dict[str, object] = {"key": value_key}
            if value_key not in st.session_state:
                value_options["index"] = options.index(current["value"]) if current["value"] in options else 0
            right.selectbox(
                t("evidence.field.value"),
                options,
                format_func=lambda v: t("evidence.value.none") if v is None else labels[v],
                **value_options,
            )
            st.form_submit_button(
                t("evidence.save"),
                key=field_key(question.id, "save"),
                on_click=_save,
                args=(record.id, question.id),
                type="primary",
            )
        if stored is not None:
            st.button(
                t("evidence.delete"),
                key=field_key(question.id, "delete"),
                on_click=_delete,
                args=(record.id, question.id),
                icon=":material/delete:",
            )


@guarded_fragment
def evidence_editor(
    record: AssessmentRecord, questionnaire: Questionnaire, summaries: Mapping[str, AnswerSummary], lang: str
) -> None:
    """The questions of one level with the respondents' answers and the evidence form (reruns on its own)."""
    st.markdown(f"### {t('evidence.questions.heading')}")
    evidence = get_store().load_evidence(record.id)
    levels = [level.id for level in questionnaire.levels]
    counts = {lid: sum(1 for q in questionnaire.questions_of(level=lid) if q.id in evidence) for lid in levels}
    totals = {lid: len(questionnaire.questions_of(level=lid)) for lid in levels}
    st.caption(
        t(
            "evidence.progress",
            done=format_number(len(evidence), lang, 0),
            total=format_number(len(questionnaire.questions), lang, 0),
        )
    )
    # Radio options are Markdown: a questionnaire's titles come from any file (a restored backup too).
    titles = {lid: f"{n}. {plain(questionnaire.level(lid).title.get(lang))}" for n, lid in enumerate(levels, start=1)}
    section = st.radio(
        t("evidence.section"),
        levels,
        format_func=titles.__getitem__,
        captions=[f"{counts[lid]} / {totals[lid]}" for lid in levels],
        horizontal=True,
        key=SECTION_KEY,
    )
    for number, question in enumerate(questionnaire.questions_of(level=section or levels[0]), start=1):
        _question(record, questionnaire, question, number, summaries.get(question.id), evidence.get(question.id), lang)


def summaries_of(results: Results) -> dict[str, AnswerSummary]:
    """The respondents' answers summarised per question."""
    return answer_summaries(results.questionnaire, results.answers)


# --- self vs evidence -----------------------------------------------------------------------------


@guarded_fragment
def comparison(record: AssessmentRecord, results: Results, lang: str) -> None:
    """Self score, evidence score and their difference per level and aspect, largest first, with a chart."""
    q = results.questionnaire
    st.markdown(f"### {t('evidence.compare.heading')}")
    st.caption(t("evidence.compare.help"))
    evidence = get_store().load_evidence(record.id)
    targets = to_targets(record.targets, q.target)
    found = compare_self_and_evidence(q, results.answers, evidence, targets)
    ranked = sorted(found.levels + found.aspects, key=lambda d: (d.difference is None, -abs(d.difference or 0.0)))
    frame = pd.DataFrame(
        {
            t("groups.col.part"): [t(f"workspace.section.{d.section}") for d in ranked],
            t("groups.col.name"): [group_readings.item_title(q, d.section, d.item_id, lang) for d in ranked],
            t("evidence.compare.self"): [readings.format_score(d.self_score, lang) for d in ranked],
            t("evidence.compare.evidence"): [readings.format_score(d.evidence_score, lang) for d in ranked],
            t("evidence.compare.difference"): [_signed(d.difference, lang) for d in ranked],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="evidence.compare.table")
    if found.largest("level") or found.largest("aspect"):
        fig = group_charts.self_vs_evidence_figure(found, q, lang)
        st.plotly_chart(fig, theme=None, width="stretch", key="evidence.compare.chart")
    st.markdown(plain(group_readings.evidence_reading(found, q, lang)))
    st.button(t("evidence.compare.refresh"), key=REFRESH_KEY, icon=":material/refresh:")


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = readings.format_score(abs(value), lang)
    return text if round(value, 1) == 0 else f"{'+' if value > 0 else '−'}{text}"
