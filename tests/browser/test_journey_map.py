"""A consultant builds a journey map in a real browser, rates it, sees the charts and the roadmap change (issue 17).

The table editors are canvas grids: a cell is reached by its place (36 px rows), and its editor, an
input that opens over the grid, is waited for before typing. Every other wait is on what the page says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.journey import stored
from cxmaturity.storage import SQLITE_FILE_NAME, Store

from .server import prepare_consultant_assessment, running_app
from .test_journeys import charts_drawn, main, settle

ROW = 36
NAME_X, STAGE_X = 300, 70  # the name and stage columns of the touchpoint editor at 1366 px
CELL_EDITOR = "#portal textarea, #portal input"


@pytest.fixture(scope="module")
def app() -> tuple[str, Path]:
    with running_app() as running:
        yield running


def cell_centre(grid, row: int, x: float) -> tuple[float, float]:
    """Where row ``row`` (0: the header) of ``grid`` is, ``x`` pixels from its left edge."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    return box["x"] + x, box["y"] + ROW * row + ROW / 2


def type_into(page, grid, row: int, x: float, text: str) -> None:
    """Open the cell's editor, replace its text, and commit it."""
    page.mouse.dblclick(*cell_centre(grid, row, x))
    editor = page.locator(CELL_EDITOR).first
    editor.wait_for()
    editor.fill(text)
    editor.press("Enter")


def upload(page, tmp_path: Path, table: str, name: str, text: str) -> None:
    """Import ``text`` as the file ``name`` into ``table`` through the import and export panel."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    panel = main(page).locator("[data-testid='stExpander']").filter(has_text="Import and export (CSV, XLSX)")
    if not panel.get_by_text("Download everything (XLSX)").is_visible():
        panel.get_by_text("Import and export (CSV, XLSX)").click()
    uploader = panel.locator("[data-testid='stFileUploader']").filter(has_text=table)
    uploader.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    panel.get_by_role("button", name=f"Import {name}").click()


RATINGS_HEADER = (
    "touchpoint,rater,level_now,level_target,effort,completeness,emotion,critical_customer,critical_company\n"
)


#: Customer answers tagged with a touchpoint: Payment has 3 (NPS +33.3, CSAT 66.7 %, CES 5; tests/journey/test_figures.py).
CUSTOMER_ANSWERS = (
    "respondent,touchpoint,loyalty.recommend,interaction.effort,satisfaction.overall\n"
    "c1,payment,10,7,5\nc2,Payment,3,2,2\nc3,payment,9,6,4\n"
)
FIGURE_NPS_X = 420  # the NPS column of the figures editor at 1366 px


def ratings_csv(weak: str) -> str:
    """Every touchpoint of the B2C map rated 75 of 100 and critical 4/4, except ``weak`` at 25 and 5/4."""
    keys = ("ad", "site", "question", "order", "payment", "start", "everyday", "bill", "problem", "renewal", "feedback")
    lines = [f"{key},Ann,2,4,2,4,1,4,4" for key in keys if key != weak]
    lines.append(f"{weak},Ann,1,3,4,2,-1,5,4")
    return RATINGS_HEADER + "\n".join(lines) + "\n"


def test_a_consultant_builds_rates_and_gets_a_roadmap_at_the_touchpoint(app, new_page, shots, tmp_path) -> None:
    url, folder = app
    key = prepare_consultant_assessment(folder)
    store = Store.open(f"sqlite:///{folder / SQLITE_FILE_NAME}")
    record = store.find_assessment_by_key(key)
    assert record is not None
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 1400})
    page.goto(f"{url}/journey?a={key}")
    main(page).get_by_role("button", name="Start from: Typical consumer (B2C) service").click()
    main(page).get_by_text("is in place").wait_for()
    settle(page)
    shots.take(page, "starter")

    # A new touchpoint: the name in the "add" row, then its stage; saved once both are there.
    grid = main(page).locator("[data-testid='stDataFrame']").nth(1)
    page.mouse.click(*cell_centre(grid, 12, NAME_X))
    type_into(page, grid, 12, NAME_X, "Loyalty app")
    type_into(page, grid, 12, STAGE_X, "Use")
    main(page).get_by_text("Saved.").wait_for()
    settle(page)
    names = [(p.name, p.stage, p.order) for p in stored.load_map(store, record.id).ordered()]
    assert ("Loyalty app", "Use", 4) in names and len(names) == 12

    # A duplicate name in a stage is refused, located, and nothing saved; the map stays after a refresh.
    grid = main(page).locator("[data-testid='stDataFrame']").nth(1)
    type_into(page, grid, 10, NAME_X, "Monthly bill")
    problem = "row 10, column “Touchpoint”: the stage 'Use' already has a touchpoint 'Monthly bill' (row 8)"
    main(page).get_by_text(problem).wait_for()
    shots.take(page, "duplicate-refused")
    assert ("Loyalty app", "Use", 4) in [
        (p.name, p.stage, p.order) for p in stored.load_map(store, record.id).ordered()
    ]
    page.reload()
    main(page).get_by_role("tab", name="Ratings").wait_for()
    settle(page)

    # Ratings by import: a rating out of range is located and nothing is saved; the right file is.
    main(page).get_by_role("tab", name="Ratings").click()
    upload(page, tmp_path, "Ratings", "bad-ratings.csv", RATINGS_HEADER + "payment,Ann,7,3,4,2,-1,5,4\n")
    main(page).get_by_text("bad-ratings.csv, row 2, column “level_now”").wait_for()
    assert stored.load_ratings(store, record.id) == ()
    upload(page, tmp_path, "Ratings", "ratings.csv", ratings_csv("payment"))
    main(page).get_by_text("ratings.csv is imported.").wait_for()
    settle(page)
    assert len(stored.load_ratings(store, record.id)) == 11

    # What customers measured: a customer file is read, shown, and stored on request.
    main(page).get_by_role("tab", name="Ratings").click()
    measured = main(page).locator("[data-testid='stExpander']").filter(has_text="Customer answers")
    measured.get_by_text("Measured by customers").click()
    answers = tmp_path / "customers.csv"
    answers.write_text(CUSTOMER_ANSWERS, encoding="utf-8")
    measured.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(answers))
    measured.get_by_text("The file gives 3 figures for 1 touchpoint:").wait_for()
    shots.take(page, "measured-read")
    measured.get_by_role("button", name="Store these figures").click()
    main(page).get_by_text("3 figures stored from customers.csv.").wait_for()
    settle(page)
    assert [(f.touchpoint, f.metric, round(f.value, 1), f.n, f.source) for f in stored.load_figures(store, record.id)] == [
        ("payment", "nps", 33.3, 3, "imported"), ("payment", "csat", 66.7, 3, "imported"),
        ("payment", "ces", 5.0, 3, "imported"),
    ]  # fmt: skip

    # A typed figure out of range is refused with its row and column; nothing changes.
    grid = main(page).locator("[data-testid='stDataFrame']").nth(4)
    type_into(page, grid, 1, FIGURE_NPS_X, "150")
    main(page).get_by_text("row 1, column “NPS”: NPS 150 is outside its range").wait_for()
    shots.take(page, "figure-refused")
    assert len(stored.load_figures(store, record.id)) == 3

    # A refresh (a new session, no file uploaded) keeps the figures: the fix-first list reads them.
    page.reload()
    main(page).get_by_role("tab", name="Charts").click()
    charts_drawn(page, 3)
    main(page).get_by_text("Fix first: Payment (Buy), performing at 25 of 100.").wait_for()
    main(page).get_by_text("Customers measured there: NPS +33.3 (n\u00a0=\u00a03, indicative)").first.wait_for()
    shots.take(page, "charts")

    # The roadmap's step 3 starts at the touchpoint; its pilot runs there.
    page.goto(f"{url}/roadmap?a={key}")
    main(page).get_by_text("Start with the touchpoint Payment at the stage Buy").first.wait_for()
    main(page).get_by_text("Run the pilot at the touchpoint Payment (Buy)").first.wait_for()
    shots.take(page, "roadmap")

    # The KPI table: a value that is not a number is located; the corrected file is saved.
    page.goto(f"{url}/journey?a={key}")
    main(page).get_by_role("tab", name="KPI table").click()
    kpis = "indicator,aspect,current,unit,source,linked_to\nRevenue,TX,about 12,m EUR,Finance,NPS\n"
    upload(page, tmp_path, "KPI table", "kpis.csv", kpis)
    main(page).get_by_text("kpis.csv, row 2, column “current”").wait_for()
    assert stored.load_kpis(store, record.id) == ()
    upload(page, tmp_path, "KPI table", "kpis-fixed.csv", kpis.replace("about 12", '"12,5"'))
    main(page).get_by_text("kpis-fixed.csv is imported.").wait_for()
    assert [(k.name, k.current) for k in stored.load_kpis(store, record.id)] == [("Revenue", 12.5)]
    store.dispose()
