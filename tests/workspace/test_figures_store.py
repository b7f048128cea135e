"""Measured figures per touchpoint in the database (issue 17): kept across a restart, refused when out of range,
gone with their touchpoint, not copied to a new wave, carried by backups and by the results workbook.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.journey import stored
from cxmaturity.journey.figures import Figure
from cxmaturity.journey.measured import (
    CUSTOMER_QUESTIONNAIRE,
    imported_figures,
    measured_by_touchpoint,
    read_customer_answers,
)
from cxmaturity.journey.model import remove_touchpoint
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.storage.figures import FigureRecord
from cxmaturity.workspace.backup import backup_data, backup_json, restore_backup
from cxmaturity.workspace.results_export import export_assessment, to_xlsx
from cxmaturity.workspace.waves import start_wave
from tests.journey.test_measured import ANSWERS
from tests.workspace.conftest import open_store

TYPED = Figure("bill", "csat", 72.5, None, "typed")


def import_answers(store: Store, record: AssessmentRecord) -> list[Figure]:
    """The B2C starter map, then the customer file of tests/journey/test_measured.py imported and stored."""
    journey = stored.use_starter(store, record.id, "b2c", "en")
    questionnaire = find_questionnaire(CUSTOMER_QUESTIONNAIRE)
    responses = read_customer_answers(ANSWERS.encode(), "customers.csv", questionnaire)
    figures, _ = imported_figures(measured_by_touchpoint(questionnaire, responses, "touchpoint", journey))
    assert stored.import_figures(store, record.id, figures) == 0
    return figures


def test_imported_and_typed_figures_survive_a_restart(tmp_path: Path, filled: AssessmentRecord, store: Store) -> None:
    import_answers(store, filled)
    stored.save_figures(store, filled.id, [*stored.load_figures(store, filled.id), TYPED])
    store.dispose()
    again = open_store(tmp_path / "one")  # a new process on the same database file
    try:
        found = [
            (f.touchpoint, f.metric, round(f.value, 2), f.n, f.source) for f in stored.load_figures(again, filled.id)
        ]
        # Payment: NPS +33.33 points, CSAT 66.67 %, CES 5 from 3 answers (worked out in test_figures.py).
        assert found == [
            ("payment", "nps", 33.33, 3, "imported"),
            ("payment", "csat", 66.67, 3, "imported"),
            ("payment", "ces", 5.0, 3, "imported"),
            ("bill", "csat", 72.5, None, "typed"),
        ]
        summary = stored.load_summary(again, filled.id)
        assert [f.metric for f in summary.measured["payment"]] == ["nps", "csat", "ces"]
    finally:
        again.dispose()


def test_a_new_import_replaces_the_same_figures_and_keeps_the_others(store: Store, filled: AssessmentRecord) -> None:
    import_answers(store, filled)
    stored.save_figures(store, filled.id, [*stored.load_figures(store, filled.id), TYPED])
    newer = [Figure("payment", "nps", -10.0, 250, "imported")]
    assert stored.import_figures(store, filled.id, newer) == 1
    assert {(f.touchpoint, f.metric): f.value for f in stored.load_figures(store, filled.id)} == pytest.approx(
        {("payment", "nps"): -10.0, ("payment", "csat"): 200 / 3, ("payment", "ces"): 5.0, ("bill", "csat"): 72.5}
    )


def test_an_out_of_range_figure_is_refused_and_nothing_changes(store: Store, filled: AssessmentRecord) -> None:
    import_answers(store, filled)
    before = stored.load_figures(store, filled.id)
    with pytest.raises(InputError) as caught:
        stored.save_figures(store, filled.id, [*before, Figure("bill", "nps", 130.0)])
    assert [(e.line, e.field) for e in caught.value.errors] == [(4, "nps")]
    # The store's own last line refuses it too, even past the journey wing's check.
    with pytest.raises(ValueError, match=re.escape("nps of 'bill': 130.0 is not -100..100")):
        store.save_figures(filled.id, [FigureRecord("bill", "nps", 130.0)])
    assert stored.load_figures(store, filled.id) == before


def test_figures_go_with_their_touchpoint_and_a_new_wave_measures_afresh(
    store: Store, filled: AssessmentRecord
) -> None:
    import_answers(store, filled)
    stored.save_figures(store, filled.id, [*stored.load_figures(store, filled.id), TYPED])
    wave = start_wave(store, filled.id, "Wave 2")
    assert stored.load_figures(store, wave.id) == ()
    without_payment = remove_touchpoint(stored.load_map(store, filled.id), "payment")
    # The page asks first: saving this map deletes Payment's three figures.
    assert stored.figures_lost(store, filled.id, without_payment) == 3
    stored.save_map(store, filled.id, without_payment)
    assert stored.load_figures(store, filled.id) == (TYPED,)


def test_a_backup_carries_the_figures_and_a_bad_one_is_refused_with_its_place(
    store: Store, other_store: Store, filled: AssessmentRecord
) -> None:
    import_answers(store, filled)
    stored.save_figures(store, filled.id, [*stored.load_figures(store, filled.id), TYPED])
    text = backup_json(store, filled.id)
    document = json.loads(text)
    assert [(f["touchpoint"], f["metric"], f["source"]) for f in document["journey"]["figures"]][-1] == (
        "bill", "csat", "typed",
    )  # fmt: skip
    restored = restore_backup(other_store, text.encode())
    assert backup_data(other_store, restored.id) == document
    document["journey"]["figures"][3]["value"] = 140
    document["journey"]["figures"][0]["n"] = 0
    with pytest.raises(InputError) as caught:
        restore_backup(other_store, json.dumps(document))
    assert [e.field for e in caught.value.errors] == ["journey.figures[0].n"]
    document["journey"]["figures"][0]["n"] = 3
    with pytest.raises(InputError) as caught:
        restore_backup(other_store, json.dumps(document))
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("journey.figures[3].value", "CSAT 140 is outside its range; give a number from 0 to 100, or leave it empty")
    ]


def test_the_results_workbook_has_a_sheet_of_the_figures_with_numbers_as_numbers(
    store: Store, filled: AssessmentRecord
) -> None:
    from openpyxl import load_workbook

    import_answers(store, filled)
    stored.save_figures(store, filled.id, [*stored.load_figures(store, filled.id), TYPED])
    tables = export_assessment(store, filled.id, "uk")
    # No ratings and no KPI table here: those sheets are left out, the figures' sheet is not.
    assert [t.name for t in tables][-3:] == ["journey_map", "journey_links", "journey_figures"]
    sheet = load_workbook(io.BytesIO(to_xlsx(tables)))["Виміряно в точках контакту"]
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert rows[0] == ["touchpoint", "metric", "value", "n", "source"]
    assert rows[4] == ["bill", "csat", 72.5, None, "typed"]
    # Formats as on every other sheet: decimals for a value, a whole number for a count.
    assert (sheet["C2"].number_format, sheet["D2"].number_format) == ("0.0#", "0")
    assert sheet.column_dimensions["A"].width == len("touchpoint") + 2
