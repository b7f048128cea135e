"""The Evidence page: per question the respondents' answers beside the consultant's evidence, the
results source, and self vs evidence.

A level's evidence is one form with one save (not a red button per question); switching levels
reruns only the editor (an ``st.fragment``), saving reruns the page so the comparison updates
itself. The form's fields are drawn once the consultant switches them on (``evidence.edit``, kept for
the session): until then each question shows its answers and its recorded evidence as text, so the
page opened by its address draws no 64 fields it may not need. Links are checked by the Store (http or https only); a refused one is named by its
question's number and the typed text stays in the form; emptying every field of a question and
saving removes its evidence. Widget keys: ``evidence.<question id>.text|link|value|rationale``,
``evidence.save.<level id>``, ``evidence.source``, ``evidence.section``, ``evidence.edit``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from cxmaturity.charts import group_charts
from cxmaturity.core import readings
from cxmaturity.core.model import Question, Questionnaire, format_value
from cxmaturity.i18n import format_number
from cxmaturity.storage import AssessmentRecord, EvidenceRecord, StorageError, check_link, to_targets
from cxmaturity.ui import chart_view
from cxmaturity.ui.context import Results, error_text, get_store, results_of, t
from cxmaturity.ui.error_boundary import guarded_fragment
from cxmaturity.ui.shell import plain, show_table
from cxmaturity.workspace import group_readings
from cxmaturity.workspace.evidence import (
    SOURCES,
    AnswerSummary,
    GroupAnswers,
    answer_summaries,
    compare_self_and_evidence,
    group_answers,
)

SOURCE_KEY = "evidence.source"
SECTION_KEY = "evidence.section"
#: The switch that shows the evidence fields, and where its position is kept while the page is not shown.
EDIT_KEY = "evidence.edit"
EDIT_STATE = "evidence.edit.kept"
#: Cells of the small bar of a group's answers.
BAR_CELLS = 10
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
    return t(
        "consultant_day.evidence.summary",
        n=summary.n,
        mean=readings.format_score(summary.mean, lang),
        median=readings.format_score(summary.median, lang),
    )


def group_bar(found: GroupAnswers, lang: str) -> str:
    """One group's answers as a small bar of ten cells (its mean on 0..100), the mean and n, as plain text."""
    filled = max(0, min(BAR_CELLS, math.floor(found.score / 100 * BAR_CELLS + 0.5)))
    bar = "█" * filled + "░" * (BAR_CELLS - filled)
    return t(
        "consultant_day.evidence.group_bar",
        group=plain(group_readings.group_name(found.group, lang)),
        bar=bar,
        mean=readings.format_score(found.mean, lang),
        n=format_number(found.n, lang, 0),
    )


def _stored_values(stored: EvidenceRecord | None) -> dict[str, object]:
    return {
        "text": (stored.text or "") if stored else "",
        "link": (stored.link or "") if stored else "",
        "value": stored.value if stored else None,
        "rationale": (stored.rationale or "") if stored else "",
    }


def _typed(question_id: str) -> dict[str, object]:
    values: dict[str, object] = {
        field: st.session_state.get(field_key(question_id, field)) for field in ("text", "link", "rationale")
    }
    values = {field: str(value or "").strip() for field, value in values.items()}
    values["value"] = st.session_state.get(field_key(question_id, "value"))
    return values


def save_level(record_id: int, questions: tuple[Question, ...], evidence: Mapping[str, EvidenceRecord]) -> None:
    """Save what changed in one level's fields: new or changed evidence, and evidence whose fields were emptied.

    A question whose link is refused (or whose saving fails) is named by its number; the others are saved,
    and what was typed stays on screen to be corrected.
    """
    store = get_store()
    saved, problems = 0, []
    for number, question in enumerate(questions, start=1):
        typed, stored = _typed(question.id), evidence.get(question.id)
        if typed == _stored_values(stored):
            continue
        emptied = not any(typed.values()) and typed["value"] is None
        try:
            check_link(str(typed["link"]))
        except ValueError:
            # Named in the reader's language; the typed link stays in the form to be corrected.
            problems.append(t("consultant_day.evidence.problem", n=number, reason=t("evidence.error.link")))
            continue
        try:
            if emptied:
                store.delete_evidence(record_id, question.id)
            else:
                store.save_evidence(
                    record_id,
                    question.id,
                    text=str(typed["text"]) or None,
                    link=str(typed["link"]) or None,
                    value=typed["value"],  # type: ignore[arg-type]
                    rationale=str(typed["rationale"]) or None,
                )
        except (StorageError, ValueError, LookupError) as error:
            problems.append(t("consultant_day.evidence.problem", n=number, reason=error_text(error)))
            continue
        saved += 1
    st.session_state[_FLASH] = ("level", saved, problems)


def _level_flash() -> None:
    flash = st.session_state.pop(_FLASH, None)
    if flash is None or flash[0] != "level":
        if flash is not None:
            st.session_state[_FLASH] = flash  # the source setting's message: not this one
        return
    _kind, saved, problems = flash
    for problem in problems:
        st.error(plain(problem))
    if saved or not problems:
        st.success(t("consultant_day.evidence.saved", n=saved))


def _question_heading(
    question: Question, number: int, summary: AnswerSummary | None, groups: list[GroupAnswers],
    stored: EvidenceRecord | None, lang: str,
) -> None:  # fmt: skip
    """A question's number and text (marked when evidence is recorded), its answers and its answers per group."""
    marker = f" :green-badge[{t('evidence.recorded')}]" if stored is not None else ""
    # The auditor's help ("what to look at, then Evidence: ...") is for whoever enters evidence.
    helper = plain(question.help.get(lang)) if question.help is not None else None
    st.markdown(f"**{number}.** {plain(question.text.get(lang))}{marker}", help=helper)
    st.caption(plain(_summary_line(summary, lang)))
    if groups:
        st.caption("  \n".join(group_bar(found, lang) for found in groups))


def recorded_lines(questionnaire: Questionnaire, question: Question, stored: EvidenceRecord, lang: str) -> list[str]:
    """The evidence recorded for a question as plain lines (field: value), the empty fields left out."""
    _options, labels = _value_options(questionnaire, question, lang)
    lines = []
    if stored.text:
        lines.append(f"{t('evidence.field.text')}: {plain(stored.text)}")
    if stored.link:
        lines.append(t("deeplinks3.evidence.recorded_link", link=plain(stored.link)))
    if stored.value is not None:
        value = labels.get(float(stored.value), format_value(stored.value))
        lines.append(f"{t('evidence.field.value')}: {plain(value)}")
    if stored.rationale:
        lines.append(f"{t('evidence.field.rationale')}: {plain(stored.rationale)}")
    return lines


def _question_read(
    questionnaire: Questionnaire, question: Question, number: int, summary: AnswerSummary | None,
    groups: list[GroupAnswers], stored: EvidenceRecord | None, lang: str,
) -> None:  # fmt: skip
    """One question's card while the fields are closed: its answers, and what evidence is recorded, as text."""
    with st.container(border=True):
        _question_heading(question, number, summary, groups, stored, lang)
        if stored is not None:
            st.caption("  \n".join(recorded_lines(questionnaire, question, stored, lang)))


def _question(
    questionnaire: Questionnaire,
    question: Question,
    number: int,
    summary: AnswerSummary | None,
    groups: list[GroupAnswers],
    stored: EvidenceRecord | None,
    lang: str,
) -> None:
    """One question's card inside the level's form: its answers per group, then the four evidence fields."""
    with st.container(border=True):
        _question_heading(question, number, summary, groups, stored, lang)
        options, labels = _value_options(questionnaire, question, lang)
        current = _stored_values(stored)

        def initial(field: str) -> dict[str, object]:
            # The widget's own state wins; the first time on screen it starts from the database.
            key = field_key(question.id, field)
            return {"key": key} if key in st.session_state else {"key": key, "value": current[field] or ""}

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


@guarded_fragment
def evidence_editor(record: AssessmentRecord, questionnaire: Questionnaire, results: Results, lang: str) -> None:
    """The questions of one level with the respondents' answers per group and the evidence fields, in one form.

    One save per level (not one per question); saving reruns the whole page, so the comparison
    below updates itself.
    """
    st.markdown(f"### {t('evidence.questions.heading')}")
    evidence = get_store().load_evidence(record.id)
    summaries = answer_summaries(questionnaire, results.answers)
    by_group, hidden = group_answers(questionnaire, results.answers, results.min_group_size)
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
    level = section or levels[0]
    questions = questionnaire.questions_of(level=level)
    if hidden:
        st.caption(t("consultant_day.evidence.groups_hidden", n=hidden, threshold=results.min_group_size))
    if not _editing():
        # Fields drawn only when asked for: a page opened by its address draws 4 widgets per question less.
        st.caption(t("deeplinks3.evidence.read_only"))
        for number, question in enumerate(questions, start=1):
            _question_read(
                questionnaire, question, number, summaries.get(question.id), by_group.get(question.id, []),
                evidence.get(question.id), lang,
            )  # fmt: skip
        return
    st.caption(t("consultant_day.evidence.how_to_save"))
    _level_flash()
    with st.form(f"evidence.form.{level}", border=False):
        for number, question in enumerate(questions, start=1):
            _question(
                questionnaire, question, number, summaries.get(question.id), by_group.get(question.id, []),
                evidence.get(question.id), lang,
            )  # fmt: skip
        submitted = st.form_submit_button(
            t("consultant_day.evidence.save_level", level=plain(questionnaire.level(level).title.get(lang))),
            key=save_key(level),
            type="primary",
        )
    if submitted:
        save_level(record.id, questions, evidence)
        st.rerun()  # the whole page: the comparison and the counts show what was just saved


def _keep_editing() -> None:
    st.session_state[EDIT_STATE] = st.session_state[EDIT_KEY]


def _editing() -> bool:
    """The switch that shows the evidence fields; once on it stays on for the session (another page and back too)."""
    if EDIT_KEY not in st.session_state:  # Streamlit forgets a widget's state when its page is left
        st.session_state[EDIT_KEY] = bool(st.session_state.get(EDIT_STATE, False))
    return st.toggle(
        t("deeplinks3.evidence.edit"), key=EDIT_KEY, on_change=_keep_editing, help=t("deeplinks3.evidence.edit_help")
    )


def save_key(level_id: str) -> str:
    """Widget key of the one save button of a level."""
    return f"evidence.save.{level_id}"


# --- self vs evidence -----------------------------------------------------------------------------


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
    show_table(frame, key="evidence-compare")  # not st.dataframe: see markdown_table
    if found.largest("level") or found.largest("aspect"):
        fig = group_charts.self_vs_evidence_figure(found, q, lang)
        chart_view.show_chart(fig, "evidence.compare.chart")
    st.markdown(plain(group_readings.evidence_reading(found, q, lang)))


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    text = readings.format_score(abs(value), lang)
    return text if round(value, 1) == 0 else f"{'+' if value > 0 else '−'}{text}"
