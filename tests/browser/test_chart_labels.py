"""Every chart readable on a phone and a desktop (issue 13, finding 9).

The server draws every chart as SVG (cxmaturity.charts.svg_figure): the bounding boxes of every
shown chart's ``<text>`` are collected at 390 and 1366 px, and the test fails when two labels
overlap or a label is cut off by its chart. The pages are filled
with a consultant's assessment: three groups of three, so every chart has something to draw.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import prepare_consultant_assessment, running_app
from .test_journeys import main, settle

WIDTHS = ((1366, 900), (390, 844))
PAGES = ("results", "groups", "roadmap", "journey", "evidence", "waves")
#: Pages whose charts sit in a tab: the tab to open before reading them.
CHART_TABS = {"journey": "Charts"}

# Every text of a shown chart, with the chart it belongs to; labels hidden or empty are skipped (the
# drawing for the other screen width is there, hidden, and measures 0).
COLLECT = """
() => [...document.querySelectorAll('[data-testid=stMain] svg.cxm-chart')].filter(svg => {
  return svg.getBoundingClientRect().width > 0;
}).map((plot, index) => {
  const frame = plot.getBoundingClientRect();
  const texts = [...plot.querySelectorAll('text')].filter(t => {
    const style = getComputedStyle(t);
    return t.textContent.trim() && style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0';
  }).map(t => {
    const box = t.getBoundingClientRect();
    return {text: t.textContent.trim(), x: box.left, y: box.top, w: box.width, h: box.height};
  }).filter(t => t.w > 0 && t.h > 0);
  return {index, frame: {x: frame.left, y: frame.top, w: frame.width, h: frame.height}, texts};
})
"""


# Every chart box of the page has its drawing: a chart arrives as an st.html whose one-line script fills its box, so
# a box can be on the page, and the run over, a moment before its drawing is in it.
CHARTS_DRAWN = """
() => [...document.querySelectorAll('[data-testid=stMain] .cxm-chart-box')].every(box => box.querySelector('svg'))
"""

# The width of every radar's plot area that is shown (a hidden one measures 0 and is left out).
RADARS = """
() => [...document.querySelectorAll('[data-testid=stMain] svg.cxm-chart .polar-area')]
  .map(area => area.getBoundingClientRect().width).filter(width => width > 0)
"""


@pytest.fixture(scope="module")
def app() -> Iterator[tuple[str, Path]]:
    with running_app() as running:
        yield running


@pytest.fixture(scope="module")
def key(app: tuple[str, Path]) -> str:
    """Nine respondents in three groups who submitted, with different answers per level and aspect,
    and the B2C journey map rated by two raters (several touchpoints share a spot on the matrix)."""
    key = prepare_consultant_assessment(app[1])
    add_rated_journey(app[1], key)
    return key


def add_rated_journey(folder: Path, key: str) -> None:
    from cxmaturity.journey import stored
    from cxmaturity.journey.ratings import Rating
    from cxmaturity.storage import SQLITE_FILE_NAME, Store

    store = Store.open(f"sqlite:///{folder / SQLITE_FILE_NAME}")
    try:
        record = store.find_assessment_by_key(key)
        assert record is not None
        journey = stored.use_starter(store, record.id, "b2c", "en")
        ratings = [
            Rating(point.key, rater, level_now=1 + (i + r) % 3, level_target=3 + (i + r) % 3, effort=1 + (i * 2 + r) % 5,
                   completeness=1 + (i + 2 * r) % 5, emotion=(i + r) % 5 - 2, critical_customer=2 + (i + r) % 4,
                   critical_company=2 + (i * 3 + r) % 4)
            for i, point in enumerate(journey.ordered())
            for r, rater in enumerate(("Ann", "Bob"))
        ]  # fmt: skip
        stored.replace_ratings(store, record.id, ratings)
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def keys(app: tuple[str, Path], key: str) -> dict[str, str]:
    """The assessment to open per page: evidence on every level for the Evidence chart, and a second
    wave answered by six of the nine (no executives) for the Waves charts."""
    from cxmaturity.storage import SQLITE_FILE_NAME, Store

    store = Store.open(f"sqlite:///{app[1] / SQLITE_FILE_NAME}")
    try:
        first = store.find_assessment_by_key(key)
        assert first is not None
        questions = store.load_questionnaire(first.id).questions
        for i, question in enumerate(questions[::4]):
            store.save_evidence(first.id, question.id, text="seen in the complaint log", value=float(i % 5))
        second = store.start_wave(first.id, "Re-assessment after the pilot, second quarter of 2027")
        for person in store.list_respondents(second.id):
            if person.group in ("managers", "front line"):
                for i, question in enumerate(questions):
                    store.save_answer(person.id, question.id, "value", (i + 3) % 5)
                store.set_submitted(person.id)
        return {name: key for name in PAGES} | {"waves": second.key}
    finally:
        store.dispose()


def overlaps(first: dict, second: dict, slack: float = 1.5) -> bool:
    """True when two boxes share more than ``slack`` pixels both across and down."""
    across = min(first["x"] + first["w"], second["x"] + second["w"]) - max(first["x"], second["x"])
    down = min(first["y"] + first["h"], second["y"] + second["h"]) - max(first["y"], second["y"])
    return across > slack and down > slack


def cut_off(text: dict, frame: dict, slack: float = 1.0) -> bool:
    """True when a label reaches outside its chart."""
    return (
        text["x"] < frame["x"] - slack
        or text["y"] < frame["y"] - slack
        or text["x"] + text["w"] > frame["x"] + frame["w"] + slack
        or text["y"] + text["h"] > frame["y"] + frame["h"] + slack
    )


def problems_of(charts: list[dict]) -> list[str]:
    found = []
    for chart in charts:
        texts = chart["texts"]
        for i, text in enumerate(texts):
            if cut_off(text, chart["frame"]):
                found.append(f"chart {chart['index']}: '{text['text']}' is cut off")
            for other in texts[i + 1 :]:
                if overlaps(text, other):
                    found.append(f"chart {chart['index']}: '{text['text']}' overlaps '{other['text']}'")
    return found


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=[f"{w}px" for w, _ in WIDTHS])
def test_no_chart_label_overlaps_another_or_is_cut_off(app, keys, new_page, width: int, height: int) -> None:
    url, _ = app
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    problems: list[str] = []
    for name in PAGES:
        page.goto(f"{url}/{name}?a={keys[name]}")
        if name in CHART_TABS:
            main(page).get_by_role("tab", name=CHART_TABS[name]).click()
        # The first chart shown (the drawing for the other screen width is there, hidden).
        main(page).locator("svg.cxm-chart >> visible=true").first.wait_for()
        settle(page)
        page.wait_for_function(CHARTS_DRAWN)
        if name in ("results", "groups"):  # both radars drawn (the state counted below), however slow the machine
            page.wait_for_function(f"() => ({RADARS})().length >= 2")
        charts = page.evaluate(COLLECT)
        assert charts, f"no chart on {name}"
        problems += [f"{name} at {width} px, {problem}" for problem in problems_of(charts)]
        # A radar is readable: on a phone it takes the width of the screen (its plot area at least 250
        # of the 358 px a 390 px screen leaves), one per row; on a desktop at least 200 px in its column.
        radars = page.evaluate(RADARS)
        smallest = 250 if width < 640 else 200
        problems += [f"{name} at {width} px, a radar is {size:.0f} px across" for size in radars if size < smallest]
        if name in ("results", "groups"):
            assert len(radars) == 2, f"{name} at {width} px shows {len(radars)} radars"
    assert problems == []
