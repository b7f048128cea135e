"""Journey maps, ratings and KPI tables in the database: keep, edit, refuse, copy to a wave, back up.

The same checks run on SQLite and on a throwaway PostgreSQL 15 cluster.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from cxmaturity.files.errors import InputError
from cxmaturity.journey import stored
from cxmaturity.journey.kpis import Kpi
from cxmaturity.journey.model import JourneyMap, Touchpoint, remove_touchpoint, set_stages
from cxmaturity.journey.ratings import Rating
from cxmaturity.journey.starter import starter_map
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, Store
from cxmaturity.storage.journey import KpiRecord, TouchpointRecord
from cxmaturity.storage.tables import JourneyLink, JourneyStage, JourneyTouchpoint, ServiceKpi, TouchpointRating
from cxmaturity.workspace.backup import backup_data, backup_json, restore_backup
from cxmaturity.workspace.results_export import export_assessment
from cxmaturity.workspace.waves import start_wave
from tests.storage.test_storage_postgres import cluster, pg_store  # noqa: F401  (fixtures)

KPIS = (
    Kpi("Revenue", "TX", 120.5, 150, "m EUR", "finance system", "CFO", "monthly", "Repeat purchases"),
    Kpi("Repeat purchases", "OX", 31, 40, "%", "CRM", "Sales", "monthly", "NPS"),
    Kpi("NPS", "CX", 12, 30, "points", "survey tool", "CX lead", "quarterly", "problem"),
)


def journey_rows(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table.__tablename__: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in (JourneyStage, JourneyTouchpoint, JourneyLink, TouchpointRating, ServiceKpi)
        }


def run_journey_roundtrip(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    """Save, edit, rate, refuse and delete, checking every stored value."""
    record = store.create_assessment("Acme", snapshot, "Spring", "uk")
    assert stored.load_map(store, record.id) == JourneyMap(())
    journey = stored.use_starter(store, record.id, "b2c", "uk")
    assert stored.load_map(store, record.id) == journey
    with pytest.raises(InputError) as caught:
        stored.use_starter(store, record.id, "b2b", "uk")
    assert "вже має карту" in str(caught.value)

    stored.save_rating(store, record.id, Rating("problem", "Ann", 1, 4, "customer", 5, 2, -2, 5, 5))
    stored.save_rating(store, record.id, Rating("problem", "Bob", 2, 4, "customer", 4, 3, -1, 5, 4))
    stored.save_rating(store, record.id, Rating("bill", "Ann", emotion=1))
    stored.save_rating(store, record.id, Rating("bill", "Ann", emotion=2))  # replaces Ann's rating
    assert [(r.touchpoint, r.rater, r.emotion) for r in stored.load_ratings(store, record.id)] == [
        ("problem", "Ann", -2), ("problem", "Bob", -1), ("bill", "Ann", 2),
    ]  # fmt: skip
    with pytest.raises(InputError) as caught:
        stored.save_rating(store, record.id, Rating("problem", "Cy", level_now=9), "uk")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("level_now", "9 поза шкалою; вкажіть ціле число від 1 до 5 або залиште поле порожнім")
    ]

    # Rename and move a rated touchpoint, swap two names in a stage: the ratings follow the key.
    stages = journey.stages
    edited = replace(
        journey,
        touchpoints=tuple(
            replace(p, name="Збій і допомога", stage=stages[3]) if p.key == "problem"
            else replace(p, name=journey.touchpoint("site").name) if p.key == "ad"
            else replace(p, name=journey.touchpoint("ad").name) if p.key == "site"
            else p
            for p in journey.touchpoints
        ),
    )  # fmt: skip
    assert stored.ratings_lost(store, record.id, edited) == 0
    assert stored.save_map(store, record.id, edited, "uk") == 0
    reloaded = stored.load_map(store, record.id)
    assert (
        reloaded.touchpoint("problem").stage == stages[3]
        and reloaded.touchpoint("ad").name == journey.touchpoint("site").name
    )
    assert len(stored.load_ratings(store, record.id)) == 3

    # A stage still in use cannot go; deleting the touchpoint first takes its rating with it.
    with pytest.raises(InputError):
        set_stages(reloaded, stages[:3])
    smaller = remove_touchpoint(reloaded, "bill")
    assert stored.ratings_lost(store, record.id, smaller) == 1
    assert stored.save_map(store, record.id, smaller) == 1
    assert [r.touchpoint for r in stored.load_ratings(store, record.id)] == ["problem", "problem"]
    # With its touchpoints moved back or deleted, the last stage can go; the moved one keeps its ratings.
    moved_back = replace(
        remove_touchpoint(remove_touchpoint(smaller, "renewal"), "feedback"),
        touchpoints=tuple(
            replace(p, stage=stages[2]) if p.key == "problem" else p
            for p in remove_touchpoint(remove_touchpoint(smaller, "renewal"), "feedback").touchpoints
        ),
    )
    assert stored.save_map(store, record.id, set_stages(moved_back, stages[:3], {}, "uk")) == 0
    assert store.load_journey(record.id).stages == stages[:3]
    assert len(stored.load_ratings(store, record.id)) == 2
    # The store refuses (nothing changed) a touchpoint on a stage that is not on the map.
    before = store.load_journey(record.id)
    with pytest.raises(ValueError, match="there is no stage"):
        store.save_journey(record.id, stages[:3], [TouchpointRecord("x", "X", stages[3])], [])
    with pytest.raises(ValueError, match="used twice"):
        store.save_journey(record.id, ["A"], [TouchpointRecord("x", "X", "A"), TouchpointRecord("y", "X", "A")], [])
    assert store.load_journey(record.id) == before

    stored.save_kpis(store, record.id, KPIS)
    assert stored.load_kpis(store, record.id) == tuple(
        replace(k, current=float(k.current), target=float(k.target)) for k in KPIS
    )  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        stored.save_kpis(
            store, record.id, [*KPIS, Kpi("Margin", "TX", linked_to="Revenue"), Kpi("x", "OX", current="lots")]
        )  # type: ignore[arg-type]
    assert [(e.line, e.field) for e in caught.value.errors] == [(5, "current")]
    with pytest.raises(InputError) as caught:
        stored.save_kpis(store, record.id, [Kpi("A", "TX", linked_to="B"), Kpi("B", "OX", linked_to="A")])
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "linked_to")]
    with pytest.raises(ValueError, match="must be a number"):
        store.save_kpis(record.id, [KpiRecord("A", "TX", current=float("inf"))])
    assert len(stored.load_kpis(store, record.id)) == 3

    # A rater is the same person whatever the case of their name (Cyrillic too).
    stored.save_rating(store, record.id, Rating("problem", "Їжак", level_now=1))
    stored.save_rating(store, record.id, Rating("problem", "їжак", level_now=3))
    assert [(r.rater, r.level_now) for r in stored.load_ratings(store, record.id)][-1] == ("їжак", 3)
    assert store.delete_rating(record.id, "problem", "ЇЖАК") and not store.delete_rating(record.id, "problem", "їжак")
    assert len(stored.load_ratings(store, record.id)) == 2

    assert store.delete_assessment(record.id)
    assert set(journey_rows(store).values()) == {0}


def test_journey_roundtrip_on_sqlite(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    run_journey_roundtrip(store, snapshot)


@pytest.mark.postgres
def test_journey_roundtrip_on_postgresql(pg_store: Store, snapshot: QuestionnaireSnapshot) -> None:  # noqa: F811
    run_journey_roundtrip(pg_store, snapshot)


def fill_journey(store: Store, record: AssessmentRecord) -> JourneyMap:
    journey = starter_map("b2b", "ru")
    stored.save_map(store, record.id, journey)
    stored.replace_ratings(
        store, record.id,
        [Rating("meeting", "Анна", 2, 4, "company", 3, 4, 1, 5, 5), Rating("support", "=Борис", emotion=-2)],
    )  # fmt: skip
    stored.save_kpis(store, record.id, [replace(k, linked_to="support") if k.name == "NPS" else k for k in KPIS])
    return journey


def test_a_new_wave_copies_the_map_and_kpis_but_not_the_ratings(store: Store, filled: AssessmentRecord) -> None:
    journey = fill_journey(store, filled)
    wave = start_wave(store, filled.id, "Wave 2")
    assert stored.load_map(store, wave.id) == journey
    assert stored.load_kpis(store, wave.id) == stored.load_kpis(store, filled.id)
    assert stored.load_ratings(store, wave.id) == ()
    # The copy is independent: editing the new wave leaves the old one as it was.
    stored.save_map(store, wave.id, remove_touchpoint(journey, "meeting"))
    assert stored.load_map(store, filled.id) == journey and len(stored.load_ratings(store, filled.id)) == 2


def test_backup_carries_the_journey_and_restores_identically(
    store: Store, other_store: Store, filled: AssessmentRecord
) -> None:
    fill_journey(store, filled)
    text = backup_json(store, filled.id)
    document = json.loads(text)
    assert [t["key"] for t in document["journey"]["touchpoints"]][:2] == ["request", "meeting"]
    assert document["journey"]["ratings"][1]["rater"] == "=Борис"
    restored = restore_backup(other_store, text.encode())
    assert backup_data(other_store, restored.id) == document
    # A backup made before journeys existed still restores, with an empty map.
    del document["journey"]
    older = restore_backup(other_store, json.dumps(document))
    assert stored.load_map(other_store, older.id) == JourneyMap(())


def test_a_backup_with_a_bad_rating_is_refused_with_its_place(store: Store, filled: AssessmentRecord) -> None:
    fill_journey(store, filled)
    document = backup_data(store, filled.id)
    document["journey"]["ratings"][0]["effort"] = 7
    with pytest.raises(InputError) as caught:
        restore_backup(store, json.dumps(document))
    assert [e.field for e in caught.value.errors] == ["journey.ratings[0].effort"]
    document["journey"]["ratings"][0]["effort"] = 3
    document["journey"]["touchpoints"][0]["stage"] = "Нет такого этапа"
    document["journey"]["kpis"][1]["linked_to"] = "Revenue"
    with pytest.raises(InputError) as caught:
        restore_backup(store, json.dumps(document))
    assert [e.field for e in caught.value.errors] == ["journey.touchpoints[0].stage", "journey.kpis[0].linked_to"]
    assert caught.value.errors[0].message.startswith(
        "'Нет такого этапа' is not a stage of this map (stages: До обслуживания,"
    )
    assert "circle (Revenue → Repeat purchases → Revenue)" in caught.value.errors[1].message


def test_touchpoints_with_order_zero_keep_their_listed_order(store: Store, filled: AssessmentRecord) -> None:
    journey = JourneyMap(("A",), (Touchpoint("b", "B", "A"), Touchpoint("a", "A", "A")))
    stored.save_map(store, filled.id, journey)
    assert [p.key for p in stored.load_map(store, filled.id).touchpoints] == ["b", "a"]


def test_the_assessment_export_carries_the_journey_sheets_which_import_again(
    store: Store, filled: AssessmentRecord
) -> None:
    import io

    from openpyxl import load_workbook

    from cxmaturity.journey.tables import read_map, read_ratings
    from cxmaturity.workspace.results_export import to_csv_files, to_xlsx

    journey = fill_journey(store, filled)
    tables = export_assessment(store, filled.id, "ru")
    names = [t.name for t in tables]
    assert names[-4:] == ["journey_map", "journey_links", "journey_ratings", "journey_kpis"]
    book = load_workbook(io.BytesIO(to_xlsx(tables)))
    assert {"Карта пути клиента", "Драйверы и барьеры", "Оценки точек контакта", "Таблица KPI"} <= set(book.sheetnames)
    rater = book["Оценки точек контакта"]["B3"]
    assert rater.value == "'=Борис" and rater.data_type == "s"
    files = to_csv_files(tables)
    assert read_map(files["journey_map.csv"], "journey_map.csv", JourneyMap(journey.stages)) == replace(
        journey, links=()
    )
    ratings = read_ratings(files["journey_ratings.csv"], "journey_ratings.csv", journey)
    assert ratings == stored.load_ratings(store, filled.id)
    # An assessment without a journey exports no empty journey sheets.
    other = store.create_assessment("Other", "tests/fixtures/mini.yaml", "x", "en")
    assert not [t for t in export_assessment(store, other.id, "en") if t.name.startswith("journey")]
