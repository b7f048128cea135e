"""What customers measured at each touchpoint, as stored: NPS, CSAT and CES with their n and source.

A figure is imported from a customer answer file (:mod:`cxmaturity.journey.measured` works them
out) or typed by the consultant in a table of one row per touchpoint. Typed figures are checked
with a located message per bad cell (its row and column), like every other journey table: NPS
from -100 to +100 points, CSAT from 0 to 100 %, CES from 1 to 7, and the number of answers a
whole number from 1. A figure typed over an imported one becomes ``typed``; one left as it was
keeps its source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cxmaturity.core.readings import format_score
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.i18n import translate
from cxmaturity.journey.kpis import parse_number
from cxmaturity.journey.model import JourneyMap
from cxmaturity.storage.figures import FIGURE_METRICS, FIGURE_RANGES, FIGURE_SOURCES, FigureRecord
from cxmaturity.voice.intervals import INDICATIVE_BELOW

#: One measured figure of one touchpoint: the storage's record, one definition for both wings.
Figure = FigureRecord
METRICS = FIGURE_METRICS
RANGES = FIGURE_RANGES
SOURCES = FIGURE_SOURCES
#: The cells of a touchpoint's row in the figures editor: each metric and its number of answers.
ROW_FIELDS = tuple(field for metric in METRICS for field in (metric, f"{metric}_n"))
#: The columns of the figures in an export: one row per figure.
FIGURE_COLUMNS = ("touchpoint", "metric", "value", "n", "source")
#: How each metric is named to people (the same in every language).
METRIC_NAMES = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}


def _error(source: str, line: int | None, field: str, what: str, language: str, **values: object) -> LocatedError:
    return LocatedError(source, line, field, translate(f"journey_ui2.error.{what}", language, **values))


def figure_errors(
    figures: Sequence[Figure],
    journey: JourneyMap,
    language: str = "en",
    source: str = "figures",
    lines: Sequence[int] | None = None,
) -> list[LocatedError]:
    """Every problem of a list of figures: unknown touchpoint or metric, value or n out of range, repeats.

    A problem's field is the metric (``csat``) for its value and ``csat_n`` for its number of answers.
    """
    keys = {point.key for point in journey.touchpoints}
    errors: list[LocatedError] = []
    seen: dict[tuple[str, str], int] = {}
    for index, figure in enumerate(figures):
        line = lines[index] if lines is not None else index + 1
        if figure.touchpoint not in keys:
            errors.append(_error(source, line, "touchpoint", "unknown_touchpoint", language, id=figure.touchpoint))
        if figure.metric not in RANGES:
            errors.append(_error(source, line, "metric", "bad_metric", language, value=figure.metric,
                                 metrics=", ".join(METRICS)))  # fmt: skip
            continue
        low, high = RANGES[figure.metric]
        value = figure.value
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            errors.append(_error(source, line, figure.metric, "out_of_range", language,
                                 metric=METRIC_NAMES[figure.metric], value=_shown_number(value, language),
                                 low=low, high=high))  # fmt: skip
        if figure.n is not None and (isinstance(figure.n, bool) or not isinstance(figure.n, int) or figure.n < 1):
            errors.append(_error(source, line, f"{figure.metric}_n", "bad_n", language, value=figure.n))
        if figure.source not in SOURCES:
            errors.append(_error(source, line, "source", "bad_source", language, value=figure.source))
        slot = (figure.touchpoint, figure.metric)
        if slot in seen:
            errors.append(_error(source, line, "metric", "duplicate", language, metric=METRIC_NAMES[figure.metric],
                                 other=seen[slot]))  # fmt: skip
        seen.setdefault(slot, line)
    return errors


def _shown_number(value: object, language: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_score(float(value), language)
    return str(value)


def check_figures(
    figures: Sequence[Figure], journey: JourneyMap, language: str = "en", source: str = "figures"
) -> tuple[Figure, ...]:
    """The figures when all are valid for ``journey``; else :class:`InputError` listing every problem."""
    errors = figure_errors(figures, journey, language, source)
    if errors:
        raise InputError(errors)
    return tuple(figures)


def figures_from_rows(
    rows: Sequence[Mapping[str, object]],
    table: str,
    journey: JourneyMap,
    stored: Sequence[Figure],
    language: str = "en",
) -> tuple[Figure, ...]:
    """The figures of the editor's rows (``touchpoint``: a key, then :data:`ROW_FIELDS`), row 1 first.

    Numbers are read as people type them ("61,5"). An empty value with an n is refused (the n
    would be lost in silence); a figure equal to the stored one keeps its source, any other is
    ``typed``. Raises :class:`InputError` naming each bad cell by its row and column.
    """
    before = {(figure.touchpoint, figure.metric): figure for figure in stored}
    errors: list[LocatedError] = []
    figures: list[Figure] = []
    lines: list[int] = []
    for line, row in enumerate(rows, start=1):
        key = str(row.get("touchpoint") or "")
        for metric in METRICS:
            value = _number(row.get(metric), line, metric, table, language, errors)
            count = _number(row.get(f"{metric}_n"), line, f"{metric}_n", table, language, errors)
            if count is not None and not count.is_integer():
                errors.append(_error(table, line, f"{metric}_n", "bad_n", language, value=_shown(row[f"{metric}_n"])))
                continue
            if value is None:
                if count is not None:
                    errors.append(_error(table, line, metric, "n_without_value", language, metric=METRIC_NAMES[metric]))
                continue
            n = None if count is None else int(count)
            old = before.get((key, metric))
            kept = old is not None and old.value == value and old.n == n
            figures.append(Figure(key, metric, value, n, old.source if kept and old is not None else "typed"))
            lines.append(line)
    errors += figure_errors(figures, journey, language, table, lines)
    if errors:
        raise InputError(sorted(errors, key=lambda e: (e.line or 0, _column_rank(e.field))))
    return tuple(figures)


def _column_rank(field: str) -> int:
    return ROW_FIELDS.index(field) if field in ROW_FIELDS else -1


def _shown(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(
    value: object, line: int, field: str, table: str, language: str, errors: list[LocatedError]
) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        errors.append(_error(table, line, field, "not_a_number", language, value=value))
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return parse_number(str(value))
    except ValueError:
        errors.append(_error(table, line, field, "not_a_number", language, value=_shown(value)))
        return None


def merge_imported(stored: Sequence[Figure], imported: Sequence[Figure]) -> list[Figure]:
    """The stored figures with each imported one in place of the stored figure of its touchpoint and metric."""
    new = {(figure.touchpoint, figure.metric): figure for figure in imported}
    kept = [figure for figure in stored if (figure.touchpoint, figure.metric) not in new]
    return [*kept, *new.values()]


def by_touchpoint(figures: Sequence[Figure]) -> dict[str, tuple[Figure, ...]]:
    """The figures of each touchpoint key, metrics in the order NPS, CSAT, CES."""
    grouped: dict[str, list[Figure]] = {}
    for figure in figures:
        grouped.setdefault(figure.touchpoint, []).append(figure)
    return {key: tuple(sorted(found, key=lambda f: METRICS.index(f.metric))) for key, found in grouped.items()}


def value_text(figure: Figure, language: str) -> str:
    """The figure as people read it, one decimal at most: NPS in signed points, CSAT as a percentage, CES."""
    if figure.metric == "nps":
        return ("+" if round(figure.value, 1) > 0 else "") + format_score(figure.value, language)
    if figure.metric == "csat":
        return format_score(figure.value, language) + ("%" if language == "en" else "\u00a0%")
    return format_score(figure.value, language)


def figure_text(figure: Figure, language: str) -> str:
    """ "NPS +12 (n = 140)"; "indicative" under 30 answers; no n when a typed figure has none."""
    shown = f"{METRIC_NAMES[figure.metric]} {value_text(figure, language)}"
    if figure.n is None:
        return shown
    key = "journey_ui2.figure.indicative" if figure.n < INDICATIVE_BELOW else "journey_ui2.figure.with_n"
    return translate(key, language, figure=shown, n=figure.n)


def figures_text(figures: Sequence[Figure], language: str) -> str:
    """A touchpoint's figures in one line ("" without any)."""
    return ", ".join(figure_text(figure, language) for figure in figures)


def figures_table(figures: Sequence[Figure]) -> list[list[Any]]:
    """The figures as a table (header of :data:`FIGURE_COLUMNS`); numbers stay numbers."""
    return [list(FIGURE_COLUMNS), *([f.touchpoint, f.metric, f.value, f.n, f.source] for f in figures)]
