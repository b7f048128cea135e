"""Rating the touchpoints, and what the ratings show: the combined table, the three charts, the fix-first list.

One rater at a time edits their own row per touchpoint (the pyramid level today and wanted,
Gartner's four questions, criticality for the customer and the company); it is saved as soon as
it is valid, beside the other raters' ratings, which stay as they are. The combined table shows
the raters' mean with its spread. Emotion is picked as a face.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from cxmaturity.charts import journey_charts
from cxmaturity.core.readings import format_score
from cxmaturity.journey import readings, stored
from cxmaturity.journey.figures import figures_text
from cxmaturity.journey.ratings import RATING_RANGES, TRIGGERS, CombinedRating, Rating
from cxmaturity.journey.summary import JourneySummary
from cxmaturity.journey.tables import ratings_from_rows, rows_from_records
from cxmaturity.storage import AssessmentRecord
from cxmaturity.ui import chart_view, journey_figures_view
from cxmaturity.ui.context import get_store, t
from cxmaturity.ui.journey_view import EMPTY_CELL, digest, edited_records, flash, save_or_explain, table_height
from cxmaturity.ui.shell import plain

RATER_KEY = "journey_ui.rater"
SCALE_FIELDS = ("level_now", "level_target", "effort", "completeness", "critical_customer", "critical_company")


def emotion_options() -> dict[str, int]:
    """The emotion picker's faces (-2..+2) with their values."""
    return {f"{journey_charts.FACES[value]} {value:+d}" if value else f"{journey_charts.FACES[0]} 0": value
            for value in range(-2, 3)}  # fmt: skip


def rating_labels() -> dict[str, str]:
    """The rating table's column ids and the names the editor shows."""
    columns = ("touchpoint", "rater", *RATING_RANGES, "trigger")
    return {column: t(f"journey_ui.col.{column}") for column in columns}


def rater_name(summary: JourneySummary) -> str:
    """Who is rating: typed once per session; the first stored rater, or "Consultant", to begin with."""
    if RATER_KEY not in st.session_state:
        raters = list(dict.fromkeys(rating.rater for rating in summary.ratings))
        st.session_state[RATER_KEY] = raters[0] if raters else t("journey_ui.rate.default_rater")
    raters = sorted({rating.rater for rating in summary.ratings})
    st.text_input(t("journey_ui.rate.rater"), key=RATER_KEY, max_chars=200, help=t("journey_ui.rate.rater_help"))
    if raters:
        st.caption(t("journey_ui.rate.raters", names=plain(", ".join(raters))))
    return str(st.session_state.get(RATER_KEY) or "").strip()


def rating_frame(summary: JourneySummary, rater: str) -> pd.DataFrame:
    """One row per touchpoint in journey order with ``rater``'s values (empty where not rated)."""
    mine = {r.touchpoint: r for r in summary.ratings if r.rater.casefold() == rater.casefold()}
    faces = {value: label for label, value in emotion_options().items()}
    triggers = {trigger: t(f"journey.trigger.{trigger}") for trigger in TRIGGERS}
    rows = []
    for point in summary.journey.ordered():
        rating = mine.get(point.key)
        row: dict[str, Any] = {"number": summary.positions[point.key], "touchpoint": point.name, "stage": point.stage}
        for field in SCALE_FIELDS:
            row[field] = None if rating is None else getattr(rating, field)
        row["emotion"] = "" if rating is None or rating.emotion is None else faces[rating.emotion]
        row["trigger"] = "" if rating is None or rating.trigger is None else triggers[rating.trigger]
        rows.append(row)
    columns = ["number", "touchpoint", "stage", "level_now", "level_target", "trigger", "effort", "completeness",
               "emotion", "critical_customer", "critical_company"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    for field in SCALE_FIELDS:
        frame[field] = frame[field].astype("Int64")
    return frame


def rating_editor(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The rater's own ratings of every touchpoint, saved as soon as they are valid."""
    rater = rater_name(summary) if editable else ""
    labels = rating_labels()
    if editable and not rater:
        st.warning(t("journey_ui.rate.no_rater"))
        return
    frame = rating_frame(summary, rater)
    config: dict[str, Any] = {
        "number": st.column_config.NumberColumn("#", disabled=True, format="%d", width="small"),
        "touchpoint": st.column_config.TextColumn(labels["touchpoint"], disabled=True),
        "stage": st.column_config.TextColumn(t("journey_ui.col.stage"), disabled=True),
        "emotion": st.column_config.SelectboxColumn(labels["emotion"], options=list(emotion_options()),
                                                    help=t("journey_ui.help.emotion")),
        "trigger": st.column_config.SelectboxColumn(
            labels["trigger"], options=[t(f"journey.trigger.{trigger}") for trigger in TRIGGERS],
            help=t("journey_ui.help.trigger"),
        ),
    }  # fmt: skip
    for field in SCALE_FIELDS:
        low, high = RATING_RANGES[field]
        config[field] = st.column_config.NumberColumn(
            labels[field], min_value=low, max_value=high, step=1, format="%d", help=t(f"journey_ui.help.{field}")
        )
    key = f"journey_ui.ratings.{digest(summary.journey, summary.ratings, rater)}"
    records = edited_records(frame, key, config, editable, dynamic=False)
    if records is None:
        return
    faces = emotion_options()
    triggers = {t(f"journey.trigger.{trigger}"): trigger for trigger in TRIGGERS}
    keys = [point.key for point in summary.journey.ordered()]
    rows = []
    for key, row in zip(keys, records, strict=True):
        values = {field: row[field] for field in SCALE_FIELDS}
        values["emotion"] = faces.get(str(row["emotion"])) if row["emotion"] else None
        values["trigger"] = triggers.get(str(row["trigger"]), row["trigger"]) if row["trigger"] else None
        rows.append({"touchpoint": key, "rater": rater, **values})
    table = t("journey_ui.rate.heading")

    def save() -> None:
        checked = ratings_from_rows(rows_from_records(rows), table, summary.journey, language)
        mine = [
            rating for rating in checked if any(getattr(rating, f) is not None for f in (*RATING_RANGES, "trigger"))
        ]
        others = [rating for rating in summary.ratings if rating.rater.casefold() != rater.casefold()]
        stored.replace_ratings(get_store(), record.id, [*others, *mine], language)

    if save_or_explain(save, table, labels):
        flash("success", t("journey_ui.saved"))
        st.rerun()


# --- what the ratings show ---------------------------------------------------------------------------


def _spread(rating: CombinedRating | None, field: str, language: str) -> str:
    found = None if rating is None else rating.values.get(field)
    if found is None:
        return ""
    text = format_score(found.mean, language)
    return (
        text
        if found.spread == 0
        else f"{text} ({format_score(found.low, language)}–{format_score(found.high, language)})"
    )


def combined_frame(summary: JourneySummary, language: str) -> pd.DataFrame:
    """The raters combined per touchpoint: means with their range, performance and quadrant (text cells),
    and what customers measured there when any figure is stored."""
    quadrants = {point.touchpoint.key: point.quadrant for point in summary.points}
    first = {point.touchpoint.key: rank for rank, point in enumerate(summary.first, start=1)}
    rows = []
    for point in summary.journey.ordered():
        rating = summary.combined.get(point.key)
        performance = None if rating is None else rating.performance
        emotion = None if rating is None else rating.mean("emotion")
        row = {
            "#": summary.positions[point.key],
            t("journey_ui.col.touchpoint"): point.name + (" ★" if point.moment_of_truth else ""),
            t("journey_ui.col.stage"): point.stage,
            t("journey_ui.col.raters"): 0 if rating is None else len(rating.raters),
        }
        for field in ("level_now", "level_target", "critical_customer", "critical_company"):
            row[t(f"journey_ui.col.{field}")] = _spread(rating, field, language)
        row[t("journey_ui.col.emotion")] = "" if emotion is None else journey_charts.face(emotion)
        row[t("journey_ui.col.performance")] = "" if performance is None else format_score(performance, language)
        row[t("journey_ui.col.quadrant")] = (
            t(f"journey.quadrant.{quadrants[point.key]}") if point.key in quadrants else ""
        )
        row[t("journey_ui.col.fix_first")] = str(first[point.key]) if point.key in first else ""
        if summary.measured:
            row[t("journey_ui.col.measured")] = figures_text(summary.measured.get(point.key, ()), language)
        rows.append(row)
    return pd.DataFrame(rows)


def fix_first_list(summary: JourneySummary, language: str) -> None:
    """The fix-first touchpoints, worst first, each with its numbers and barriers."""
    st.markdown(f"#### {t('journey_ui.fix_first.heading')}")
    if not summary.first:
        st.caption(t("journey_ui.fix_first.none"))
        return
    lines = []
    for rank, point in enumerate(summary.first, start=1):
        barriers = summary.journey.barriers_of(point.touchpoint.key)
        line = t(
            "journey_ui.fix_first.line", rank=rank, name=plain(point.touchpoint.name),
            stage=plain(point.touchpoint.stage), customer=format_score(point.customer, language),
            company=format_score(point.company, language), performance=format_score(point.performance, language),
        )  # fmt: skip
        if barriers:
            line += " " + t("journey_ui.fix_first.barriers", barriers=plain("; ".join(b.text for b in barriers)))
        measured = summary.measured.get(point.touchpoint.key, ())
        if measured:
            line += " " + t("journey_ui2.problem.measured", figures=plain(figures_text(measured, language)))
        lines.append(f"{rank}. {line}")
    st.markdown("\n".join(lines))


def charts(summary: JourneySummary, language: str, keys: Mapping[str, str] | None = None) -> None:
    """The emotion curve, the criticality matrix and the level ladder, each with its reading in words."""
    figures = (
        ("emotion", journey_charts.emotion_curve_figure(summary.curve, summary.bands, language),
         readings.emotion_reading(summary.curve, language)),
        ("matrix", journey_charts.criticality_matrix_figure(summary.points, language),
         readings.matrix_reading(summary.points, summary.first, language)),
        ("ladder", journey_charts.level_ladder_figure(summary.ladder, language),
         readings.ladder_reading(summary.ladder, language)),
    )  # fmt: skip
    for name, figure, reading in figures:
        chart_view.show_chart(figure, f"journey_ui.chart.{name}")
        st.markdown(plain(reading))
        if name == "matrix":
            fix_first_list(summary, language)
    if summary.changes is not None:
        st.markdown(f"#### {t('journey_ui.waves.heading')}")
        st.markdown(plain(readings.wave_reading(*summary.changes, language)))


def ratings_section(record: AssessmentRecord, summary: JourneySummary, language: str, editable: bool) -> None:
    """The ratings tab: the rater's editor, then every rater combined."""
    if not summary.has_map:
        st.info(t("journey_ui.rate.no_map"))
        return
    st.caption(t("journey_ui.rate.help"))
    rating_editor(record, summary, language, editable)
    journey_figures_view.figures_section(record, summary, language, editable)
    st.markdown(f"#### {t('journey_ui.combined.heading')}")
    st.caption(t("journey_ui.combined.help"))
    combined = combined_frame(summary, language)
    st.dataframe(combined, hide_index=True, width="stretch", height=table_height(len(combined)), placeholder=EMPTY_CELL)


__all__ = ["Rating", "charts", "ratings_section"]
