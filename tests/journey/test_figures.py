"""Measured figures per touchpoint as stored (issue 17): typed in the editor, imported from a customer file,
shown in words. Expected values are worked out by hand (the customer file is tests/journey/test_measured.py's).
"""

from __future__ import annotations

import pytest

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.journey.figures import (
    Figure,
    check_figures,
    figure_text,
    figures_from_rows,
    figures_text,
    merge_imported,
)
from cxmaturity.journey.measured import (
    CUSTOMER_QUESTIONNAIRE,
    imported_figures,
    measured_by_touchpoint,
    read_customer_answers,
)
from cxmaturity.journey.starter import starter_map
from cxmaturity.journey.summary import fix_first_problem, problem_statement, summarise
from tests.journey.test_measured import ANSWERS

JOURNEY = starter_map("b2c", "en")


def row(touchpoint: str, **cells: object) -> dict[str, object]:
    """An editor row: every figure cell empty unless given."""
    fields = ("nps", "nps_n", "csat", "csat_n", "ces", "ces_n")
    return {"touchpoint": touchpoint, **{field: None for field in fields}, **cells}


def test_typed_figures_are_read_as_people_type_them() -> None:
    rows = [row("ad"), row("payment", nps=-20.0, nps_n=40.0, csat="61,5", ces=4)]
    figures = figures_from_rows(rows, "Measured", JOURNEY, [])
    assert figures == (
        Figure("payment", "nps", -20.0, 40, "typed"),
        Figure("payment", "csat", 61.5, None, "typed"),
        Figure("payment", "ces", 4.0, None, "typed"),
    )


def test_a_figure_out_of_range_is_refused_with_its_row_and_column() -> None:
    rows = [row("ad"), row("site"), row("payment", nps=150, csat=101, ces=0.5, ces_n=0)]
    with pytest.raises(InputError) as caught:
        figures_from_rows(rows, "Measured", JOURNEY, [], "en")
    found = [(e.line, e.field, e.message) for e in caught.value.errors]
    assert found == [
        (3, "nps", "NPS 150 is outside its range; give a number from -100 to 100, or leave it empty"),
        (3, "csat", "CSAT 101 is outside its range; give a number from 0 to 100, or leave it empty"),
        (3, "ces", "CES 0.5 is outside its range; give a number from 1 to 7, or leave it empty"),
        (3, "ces_n", "'0' is not a number of answers; give a whole number from 1, or leave it empty"),
    ]
    with pytest.raises(InputError) as caught:
        figures_from_rows([row("ad", nps=150)], "Измерено", JOURNEY, [], "ru")
    assert caught.value.errors[0].message.startswith("NPS 150 вне допустимого диапазона; укажите число от -100 до 100")


def test_a_count_without_its_figure_and_a_broken_count_are_refused() -> None:
    rows = [row("ad", csat_n=12), row("site", nps=10, nps_n=2.5), row("order", ces="easy")]
    with pytest.raises(InputError) as caught:
        figures_from_rows(rows, "Measured", JOURNEY, [])
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "csat"), (2, "nps_n"), (3, "ces")]
    assert "the number of answers is given but CSAT itself is empty" in caught.value.errors[0].message
    assert caught.value.errors[2].message.startswith("'easy' is not a number")


def test_a_figure_left_as_imported_keeps_its_source_and_a_corrected_one_becomes_typed() -> None:
    stored = [Figure("payment", "nps", 33.3333, 3, "imported"), Figure("payment", "csat", 66.6667, 3, "imported")]
    rows = [row("payment", nps=33.3333, nps_n=3, csat=70, csat_n=3)]
    assert figures_from_rows(rows, "Measured", JOURNEY, stored) == (
        Figure("payment", "nps", 33.3333, 3, "imported"),
        Figure("payment", "csat", 70.0, 3, "typed"),
    )


def test_the_customer_file_gives_the_figures_to_store_and_names_those_with_too_few_answers() -> None:
    questionnaire = find_questionnaire(CUSTOMER_QUESTIONNAIRE)
    responses = read_customer_answers(ANSWERS.encode(), "customers.csv", questionnaire)
    measured = measured_by_touchpoint(questionnaire, responses, "touchpoint", JOURNEY)
    figures, too_few = imported_figures(measured)
    # Payment: 10, 3, 9 -> 2 promoters and 1 detractor of 3 = +33.3 points; satisfaction 5, 2, 4 -> 2 of 3
    # in the top two = 66.7 %; effort 7, 2, 6 -> mean 5. The bill has one answer: too few for any figure.
    assert figures == [
        Figure("payment", "nps", pytest.approx(100 / 3, abs=1e-4), 3, "imported"),
        Figure("payment", "csat", pytest.approx(200 / 3, abs=1e-4), 3, "imported"),
        Figure("payment", "ces", 5.0, 3, "imported"),
    ]
    assert too_few == [("bill", "NPS", 1), ("bill", "CSAT", 1), ("bill", "CES", 1)]
    assert figures_text(figures, "en") == (
        "NPS +33.3 (n\u00a0=\u00a03, indicative), CSAT 66.7% (n\u00a0=\u00a03, indicative), CES 5 (n\u00a0=\u00a03, indicative)"
    )


def test_an_import_replaces_only_the_same_touchpoint_and_metric() -> None:
    stored = [Figure("payment", "nps", 10.0, 50, "typed"), Figure("ad", "csat", 80.0, None, "typed")]
    imported = [Figure("payment", "nps", -5.0, 120, "imported"), Figure("payment", "ces", 3.5, 120, "imported")]
    assert merge_imported(stored, imported) == [stored[1], *imported]


def test_figures_in_words_in_three_languages() -> None:
    assert figure_text(Figure("payment", "nps", -20.0, 140), "en") == "NPS -20 (n\u00a0=\u00a0140)"
    assert figure_text(Figure("payment", "csat", 61.5, None), "ru") == "CSAT 61,5\u00a0%"
    assert figure_text(Figure("payment", "ces", 5.25, 12), "uk") == "CES 5,2 (n\u00a0=\u00a012, орієнтовно)"


def test_check_figures_refuses_an_unknown_touchpoint_and_a_repeat() -> None:
    figures = [Figure("mars", "nps", 1.0), Figure("ad", "nps", 1.0), Figure("ad", "nps", 2.0)]
    with pytest.raises(InputError) as caught:
        check_figures(figures, JOURNEY)
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "touchpoint"), (3, "metric")]
    assert caught.value.errors[1].message == "this touchpoint already has a figure for NPS (row 2); keep one"


def test_the_roadmap_problem_names_what_customers_measured_at_the_touchpoint() -> None:
    from cxmaturity.journey.ratings import Rating

    ratings = [Rating("payment", "Ann", effort=4, completeness=2, emotion=-1, critical_customer=5, critical_company=4)]
    figures = [Figure("payment", "nps", -20.0, 140, "imported"), Figure("payment", "csat", 61.5, None, "typed")]
    problem = fix_first_problem(summarise(JOURNEY, ratings, figures=figures))
    assert problem is not None
    assert "Customers measured there: NPS -20 (n\u00a0=\u00a0140), CSAT 61.5%." in problem_statement(problem, "en")
