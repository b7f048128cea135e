"""CSV/XLSX import and export of the map, drivers and barriers, ratings and the KPI table."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from cxmaturity.files.errors import InputError
from cxmaturity.journey.kpis import Kpi
from cxmaturity.journey.model import JourneyMap, Link, Touchpoint
from cxmaturity.journey.ratings import Rating
from cxmaturity.journey.starter import starter_map
from cxmaturity.journey.tables import (
    kpi_table,
    links_table,
    map_table,
    ratings_table,
    read_kpis,
    read_links,
    read_map,
    read_ratings,
    to_csv,
    to_xlsx,
)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def errors_of(call) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as caught:
        call()
    return [(e.line, e.field, e.message) for e in caught.value.errors]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_the_map_and_its_links_round_trip_through_csv_and_xlsx(lang: str) -> None:
    journey = starter_map("b2c", lang)
    empty = replace(journey, touchpoints=(), links=())
    from_csv = read_map(to_csv(map_table(journey)), "map.csv", empty)
    assert from_csv.touchpoints == journey.touchpoints and from_csv.links == ()
    from_xlsx = read_map(to_xlsx({"map": map_table(journey)}), "map.xlsx", empty)
    assert from_xlsx.touchpoints == journey.touchpoints
    assert read_links(to_csv(links_table(journey)), "links.csv", from_csv) == journey


def test_a_formula_in_a_name_is_neutralised_in_both_exports_and_restored_on_import() -> None:
    journey = JourneyMap(("Stage",), (Touchpoint("a", '=HYPERLINK("http://x","y")', "Stage", owner="@boss"),))
    csv_text = to_csv(map_table(journey)).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@boss" in csv_text
    workbook = to_xlsx({"map": map_table(journey)})
    cell = load_workbook(io.BytesIO(workbook))["map"]["D2"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","y")'
    assert read_map(workbook, "map.xlsx", replace(journey, touchpoints=())).touchpoints == journey.touchpoints


def test_unknown_and_missing_columns_are_named_on_line_one() -> None:
    journey = starter_map("b2b", "en")
    found = errors_of(lambda: read_map(csv_bytes("stage,title,colour\nX,Y,red\n"), "map.csv", journey))
    allowed = "id, stage, order, name, channel, owner, moment_of_truth"
    assert found == [
        (1, "title", f"unknown column; allowed: {allowed}"),
        (1, "colour", f"unknown column; allowed: {allowed}"),
        (1, "name", "this column is missing; add it to the first row"),
    ]


def test_an_unknown_stage_is_refused_unless_new_stages_are_allowed() -> None:
    journey = JourneyMap(("Before", "After"))
    data = csv_bytes("stage,name,moment_of_truth,order\nBefore,Call,yes,1\nDuring,Visit,да,\nbefore,call,maybe,x\n")
    assert errors_of(lambda: read_map(data, "map.csv", journey)) == [
        (3, "stage", "'During' is not a stage of this map (stages: Before, After); add the stage first or correct the name"),
        (4, "moment_of_truth", "'maybe' is neither yes nor no"),
        (4, "name", "the stage 'Before' already has a touchpoint 'call' (row 2); rename one of them"),
        (4, "order", "'x' is not a whole number"),
    ]  # fmt: skip
    fixed = csv_bytes("stage,name,moment_of_truth\nBefore,Call,yes\nDuring,Visit,да\n")
    added = read_map(fixed, "map.csv", journey, add_stages=True)
    assert added.stages == ("Before", "After", "During")
    assert [(p.key, p.stage, p.moment_of_truth) for p in added.touchpoints] == [
        ("tp1", "Before", True), ("tp2", "During", True),
    ]  # fmt: skip


def test_a_row_without_id_keeps_the_id_of_the_same_touchpoint_so_its_ratings_stay() -> None:
    journey = JourneyMap(("Before",), (Touchpoint("call", "Call", "Before"),), ())
    data = csv_bytes("stage,name\nBefore,call\nBefore,New one\n")
    assert [p.key for p in read_map(data, "map.csv", journey).touchpoints] == ["call", "tp1"]


def test_links_name_touchpoints_by_id_or_name_and_bad_ones_are_located() -> None:
    journey = starter_map("b2b", "en")
    data = csv_bytes("kind,from,to,text\ndriver,Proposal and price,contract,Fast answer\nwall,meeting,ghost,\n")
    found = errors_of(lambda: read_links(data, "links.csv", journey))
    assert found == [
        (3, "kind", "'wall' is neither 'driver' nor 'barrier'"),
        (3, "text", "this field is empty; fill it in"),
        (3, "to", "there is no touchpoint 'ghost' on the map; use a touchpoint's id or its exact name"),
    ]
    good = read_links(data.split(b"wall")[0], "links.csv", journey)
    assert good.links == (Link("driver", "proposal", "contract", "Fast answer"),)


def test_ratings_file_round_trip_and_located_errors() -> None:
    journey = starter_map("b2c", "en")
    ratings = (Rating("question", "Ann", 2, 4, "customer", 4, 2, -1, 5, 4), Rating("bill", "Bob", emotion=1))
    assert read_ratings(to_csv(ratings_table(ratings)), "r.csv", journey) == ratings
    assert read_ratings(to_xlsx({"r": ratings_table(ratings)}), "r.xlsx", journey) == ratings
    data = csv_bytes(
        "touchpoint,rater,level_now,emotion,trigger\nMonthly bill,Ann,7,,клиент\nbill,Bob,2.5,-3,\nbill,Cy,1,0,компанія\n"
    )
    assert errors_of(lambda: read_ratings(data, "r.csv", journey)) == [
        (2, "level_now", "7 is outside the scale; give a whole number from 1 to 5, or leave it empty"),
        (3, "emotion", "-3 is outside the scale; give a whole number from -2 to 2, or leave it empty"),
        (3, "level_now", "'2.5' is not a whole number"),
    ]
    good = read_ratings(data.replace(b",7,", b",3,").replace(b"2.5,-3", b"2,-2"), "r.csv", journey)
    assert [(r.touchpoint, r.trigger, r.level_now) for r in good] == [
        ("bill", "customer", 3), ("bill", None, 2), ("bill", "company", 1),
    ]  # fmt: skip


def test_kpi_file_numbers_stay_numbers_and_bad_values_are_located() -> None:
    table = (
        Kpi("Revenue", "TX", 120.5, 150.0, "m EUR", "ERP", "CFO", "monthly", "NPS"),
        Kpi("=cmd|' /C calc'!A0", "OX", None, -2.0, None, None, None, None, None),
    )
    assert read_kpis(to_csv(kpi_table(table)), "k.csv") == table
    workbook = to_xlsx({"KPI": kpi_table(table)})
    sheet = load_workbook(io.BytesIO(workbook))["KPI"]
    assert sheet["C2"].value == 120.5 and sheet["A3"].value.startswith("'=")
    assert read_kpis(workbook, "k.xlsx") == table
    data = csv_bytes(
        'indicator,aspect,current,target,linked_to\nRevenue,tx,high,"1 000,5",Profit\nProfit,OX,5,,Revenue\n'
    )
    assert errors_of(lambda: read_kpis(data, "k.csv"))[0] == (
        2, "current", "'high' is not a number; write digits such as 12.5 (the unit goes in its own column), "
        "or leave it empty",
    )  # fmt: skip
    circular = data.replace(b"high", b"10")
    assert errors_of(lambda: read_kpis(circular, "k.csv")) == [
        (2, "linked_to", "the links go round in a circle (Revenue → Profit → Revenue); a cause cannot also be its own "
         "effect, so remove one link"),
    ]  # fmt: skip
    assert read_kpis(circular.replace(b",Revenue\n", b",CSI\n"), "k.csv")[0].target == 1000.5


def test_a_file_too_large_or_not_a_table_is_refused_with_a_message() -> None:
    journey = JourneyMap(("Before",))
    assert errors_of(lambda: read_map(b"x" * (5 * 1024 * 1024 + 1), "big.csv", journey)) == [
        (None, "", "the file is larger than 5 MB")
    ]
    assert errors_of(lambda: read_map(b"not a zip", "map.xlsx", journey))[0][2].startswith("not a readable .xlsx")


def test_a_table_editors_rows_are_checked_like_a_file() -> None:
    from cxmaturity.journey.tables import kpis_from_rows, map_from_rows, ratings_from_rows, rows_from_records

    journey = JourneyMap(("Before", "After"))
    records = [
        {"id": None, "stage": "Before", "order": 2.0, "name": "Call", "channel": None, "moment_of_truth": True},
        {"id": "", "stage": "After", "order": float("nan"), "name": " Survey ", "channel": "SMS", "moment_of_truth": False},
    ]  # fmt: skip
    built = map_from_rows(rows_from_records(records), "editor", journey)
    assert built.touchpoints == (
        Touchpoint("tp1", "Call", "Before", None, None, True, 2),
        Touchpoint("tp2", "Survey", "After", "SMS", None, False, 2),
    )
    ratings = [{"touchpoint": "Call", "rater": "Ann", "effort": 6.0}]
    assert errors_of(lambda: ratings_from_rows(rows_from_records(ratings), "editor", built)) == [
        (1, "effort", "6 is outside the scale; give a whole number from 1 to 5, or leave it empty")
    ]
    kpis = [
        {"indicator": "Revenue", "aspect": "TX", "current": "12,5"},
        {"indicator": "NPS", "aspect": "CX", "current": "lots"},
    ]
    assert errors_of(lambda: kpis_from_rows(rows_from_records(kpis), "editor")) == [
        (2, "current", "'lots' is not a number; write digits such as 12.5 (the unit goes in its own column), "
         "or leave it empty"),
    ]  # fmt: skip
    assert kpis_from_rows(rows_from_records(kpis[:1]), "editor")[0].current == 12.5
