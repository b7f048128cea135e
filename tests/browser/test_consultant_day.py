"""The consultant's day in a real browser (issue 15): an empty wave, public links, the bulk link export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cxmaturity.i18n import translate

from .server import prepare_consultant_assessment, running_app
from .test_journeys import main, settle

if TYPE_CHECKING:
    from cxmaturity.storage import AssessmentRecord, Store

PUBLIC_URL = "https://cx.example.org/survey"


@pytest.fixture(scope="module")
def app() -> Iterator[tuple[str, Path]]:
    """The app with a public address set, as a shared deployment would run it."""
    with running_app(extra_env={"CXM_PUBLIC_URL": PUBLIC_URL}) as running:
        yield running


@pytest.fixture(scope="module")
def key(app: tuple[str, Path]) -> str:
    """Nine respondents in three groups who submitted (the first wave)."""
    return prepare_consultant_assessment(app[1])


@contextmanager
def stored(folder: Path, key: str) -> Iterator[tuple[Store, AssessmentRecord]]:
    """The app's database (a second engine on its SQLite file) and the assessment ``key``."""
    from cxmaturity.storage import SQLITE_FILE_NAME, Store

    store = Store.open(f"sqlite:///{folder / SQLITE_FILE_NAME}")
    try:
        record = store.find_assessment_by_key(key)
        assert record is not None
        yield store, record
    finally:
        store.dispose()


def start_wave(folder: Path, key: str) -> str:
    """A second wave, started (and the first closed) as the Waves page does; returns its key."""
    with stored(folder, key) as (store, first):
        second = store.start_wave(first.id, "Re-assessment, second quarter of 2027")
        store.set_status(first.id, "closed")
        return second.key


def test_an_empty_new_wave_shows_no_stage_and_no_change(app, key, new_page, shots) -> None:
    url, folder = app
    second = start_wave(folder, key)
    page = new_page()
    page.goto(f"{url}/waves?a={second}")
    waiting = translate("consultant_day.waves.waiting", "en", n=2, title="Re-assessment, second quarter of 2027")
    main(page).get_by_text(waiting).wait_for()
    settle(page)
    shown = main(page).inner_text()
    # No stage, no score, no arrow and no table of changes before anyone answered.
    assert translate("waves.metric.stage", "en") not in shown
    assert translate("waves.changes.heading", "en") not in shown
    assert page.locator("[data-testid='stMetricDelta']").count() == 0
    # No chart, drawn or still to be drawn (a chart's box is filled by a script a moment after it arrives).
    assert page.locator("[data-testid='stMain'] .cxm-chart-box, [data-testid='stMain'] svg.cxm-chart").count() == 0
    assert translate("consultant_day.waves.who.heading", "en") in shown
    shots.take(page, "waves-empty-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    shots.take(page, "waves-empty-390")


def stored_links(folder: Path, key: str) -> dict[str, tuple[str | None, str]]:
    """``{label: (group, expected link)}`` of the invited respondents, read from the database."""
    with stored(folder, key) as (store, record):
        people = store.list_respondents(record.id)
    return {p.label: (p.group, f"{PUBLIC_URL}/?r={p.token}") for p in people if p.label != "self"}


def test_links_use_the_public_address_and_all_of_them_download_for_a_mail_merge(app, key, new_page, shots) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    url, folder = app
    expected = stored_links(folder, key)
    page = new_page()
    page.goto(f"{url}/respondents?a={key}")
    first = main(page).locator("[data-testid='stCode']").filter(has_text="?r=").first
    first.wait_for()
    settle(page)
    link = first.inner_text().strip()
    assert link == expected["executives 0"][1]  # the first respondent, from the public address
    assert "localhost" not in main(page).inner_text() and "127.0.0.1" not in main(page).inner_text()
    shots.take(page, "respondents-public-links-1366")

    with page.expect_download() as csv_download:
        main(page).get_by_role("button", name=translate("consultant_day.links.csv", "en")).click()
    rows = list(csv.reader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Respondent", "Group", "E-mail", "Personal link"]
    assert {row[0]: (row[1], row[3]) for row in rows[1:]} == expected and len(rows) == 10

    with page.expect_download() as xlsx_download:
        main(page).get_by_role("button", name=translate("consultant_day.links.xlsx", "en")).click()
    assert xlsx_download.value.suggested_filename == "contoso-bank-links.xlsx"
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Respondent", "Group", "E-mail", "Personal link"]
    assert {row[0]: (row[1], row[3]) for row in cells[1:]} == expected
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    shots.take(page, "respondents-public-links-390")


def test_each_data_export_is_one_click(app, key, new_page) -> None:
    """The Data page's exports download on the first click: no "prepare" step before the download."""
    import io
    import json
    import zipfile

    url, _folder = app
    page = new_page()
    page.goto(f"{url}/data?a={key}")
    backup = main(page).get_by_role("button", name=translate("report_ws.download.backup", "en"))
    backup.wait_for()
    settle(page)
    with page.expect_download(timeout=60_000) as download:
        backup.click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["assessment"]["key"] == key and len(document["respondents"]) == 10  # nine invited and "self"
    with page.expect_download(timeout=60_000) as download:
        main(page).get_by_role("button", name=translate("report_ws.download.zip", "en")).click()
    assert "answers.csv" in zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
