"""The service-model KPI table: numbers, links, the cause-and-effect chain, flags and circular links."""

from __future__ import annotations

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.journey.kpis import (
    Kpi,
    cause_and_effect,
    chain,
    check_kpis,
    cycles,
    kpi_errors,
    kpi_flags,
    parse_number,
    reaches_customer,
)
from cxmaturity.journey.model import JourneyMap, Touchpoint

JOURNEY = JourneyMap(
    ("Before", "After"),
    (Touchpoint("call", "Call", "Before"), Touchpoint("call2", "Call", "After"), Touchpoint("bill", "Bill", "After")),
)

TABLE = (
    Kpi("Revenue", "TX", 120.5, 150, "m EUR", "finance system", "CFO", "monthly", "Repeat purchases"),
    Kpi("Repeat purchases", "OX", 31, 40, "%", "CRM", "Sales", "monthly", "NPS"),
    Kpi("NPS", "CX", 12, 30, "points", "survey tool", "CX lead", "quarterly", "bill"),
    Kpi("Margin", "TX", 8, 10, "%", None, "CFO", "monthly", None),
    Kpi("Staff turnover", "EX", 22, 15, "%", "HR system", "HR", "quarterly", "CES"),
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.5", 12.5), ("12,5", 12.5), ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("1,234.5", 1234.5),
     ("1.234,5", 1234.5), ("-3", -3.0), ("+0.25", 0.25), ("", None), ("  ", None)],
)  # fmt: skip
def test_numbers_as_people_type_them(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["high", "85%", "12 EUR", "nan", "inf", "1e999", "1.2.3", "--1"])
def test_anything_else_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_the_chain_goes_from_money_through_operations_to_the_customer() -> None:
    steps = chain(TABLE, JOURNEY, 0)
    assert [(s.kind, s.label) for s in steps] == [
        ("kpi", "Revenue"), ("kpi", "Repeat purchases"), ("kpi", "NPS"), ("touchpoint", "Bill"),
    ]  # fmt: skip
    assert reaches_customer(TABLE, JOURNEY, 0) and not reaches_customer(TABLE, JOURNEY, 3)
    # The heads (rows no other row links to), money first: Revenue, Margin (TX), then Staff turnover (EX).
    assert [[s.label for s in c] for c in cause_and_effect(TABLE, JOURNEY)] == [
        ["Revenue", "Repeat purchases", "NPS", "Bill"], ["Margin"], ["Staff turnover", "CES"],
    ]  # fmt: skip


def test_flags_a_financial_kpi_without_a_customer_link_and_an_indicator_without_a_source() -> None:
    assert kpi_flags(TABLE, JOURNEY) == {3: ("no_customer_link", "no_source")}
    # A TX row linked straight to a CX row reaches the customer too.
    assert kpi_flags([Kpi("Profit", "TX", source="ERP", linked_to="Loyalty"), Kpi("Loyalty", "CX", source="CRM")]) == {}
    assert check_kpis(TABLE, JOURNEY) == TABLE


def test_circular_links_are_refused_once_each_at_their_first_row() -> None:
    table = [
        Kpi("A", "TX", linked_to="B"),
        Kpi("B", "OX", linked_to="C"),
        Kpi("C", "OX", linked_to="a"),
        Kpi("D", "TX", linked_to="B"),
        Kpi("E", "OX", linked_to="F"),
        Kpi("F", "OX", linked_to="E"),
    ]
    assert cycles(table) == [[0, 1, 2], [4, 5]]
    found = [(e.line, e.field, e.message) for e in kpi_errors(table)]
    assert found == [
        (1, "linked_to", "the links go round in a circle (A → B → C → A); a cause cannot also be its own effect, "
         "so remove one link"),
        (5, "linked_to", "the links go round in a circle (E → F → E); a cause cannot also be its own effect, "
         "so remove one link"),
    ]  # fmt: skip
    with pytest.raises(InputError):
        check_kpis(table)


def test_bad_rows_are_located() -> None:
    table = [
        Kpi("Revenue", "FIN", current="lots", linked_to="Nowhere"),  # type: ignore[arg-type]
        Kpi(" revenue ", "TX", target=float("nan"), linked_to="Call"),
        Kpi("Self", "OX", linked_to="self"),
        Kpi("", "CX"),
    ]
    found = [(e.line, e.field, e.message) for e in kpi_errors(table, JOURNEY)]
    assert found == [
        (1, "aspect", "'FIN' is not an aspect; use one of CX, OX, EX, IT, TX"),
        (1, "current", "'lots' is not a number; write digits such as 12.5 (the unit goes in its own column), "
         "or leave it empty"),
        (1, "linked_to", "'Nowhere' is not an indicator of this table, NPS, CSI, CES, CLI or a touchpoint of the map"),
        (2, "indicator", "the indicator 'revenue' is already in the table (row 1); give each indicator its own name"),
        (2, "target", "'nan' is not a number; write digits such as 12.5 (the unit goes in its own column), "
         "or leave it empty"),
        (2, "linked_to", "several touchpoints are called 'Call'; link to the touchpoint's id instead"),
        (3, "linked_to", "an indicator cannot be linked to itself"),
        (4, "indicator", "this field is empty; fill it in"),
    ]  # fmt: skip
    ru = kpi_errors([Kpi("A", "TX", linked_to="A")], None, "ru")[0].message
    assert ru == "показатель не может быть связан сам с собой"
