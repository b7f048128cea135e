"""The roadmap as a plan in a real browser: no step is due before the step it depends on, and an owner
the consultant names on the Roadmap page is the owner printed in the PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.i18n import translate

from .server import prepare_consultant_assessment, running_app
from .test_journeys import charts_drawn, main, settle

# The Gantt chart's bars as drawn (each keeps its data): (start, due, step, the step it waits for) per bar.
BARS = """
() => [...document.querySelectorAll('[data-testid=stMain] .cxm-chart-wide svg rect[data-custom]')]
  .map(bar => JSON.parse(bar.getAttribute('data-custom')))
"""


@pytest.fixture(scope="module")
def app() -> Iterator[tuple[str, Path]]:
    with running_app() as running:
        yield running


def test_the_plan_is_sequenced_and_an_owner_shows_in_the_pdf(app, new_page, shots) -> None:
    url, folder = app
    key = prepare_consultant_assessment(folder)
    page = new_page()
    page.goto(f"{url}/roadmap?a={key}")
    charts_drawn(page, 1)
    settle(page)
    bars = page.evaluate(BARS)
    assert 5 <= len(bars) <= 12  # the few actions that matter; the rest are "more options"
    ends: dict[str, str] = {}
    for _start, due, step, _depends in bars:
        ends[step] = max(ends.get(step, ""), due)
    for start, _due, step, depends in bars:
        if depends:
            assert start >= ends[depends], f"step {step} starts {start}, before step {depends} ends {ends[depends]}"
    # the pilot (4) ends before its analysis (5) starts
    assert min(b[0] for b in bars if b[2] == "5") >= max(b[1] for b in bars if b[2] == "4")
    shots.take(page, "roadmap-plan")

    # The editor opens on the plan's first action: name its owner.
    owner = main(page).get_by_label(translate("deliverable.edit.owner", "en"), exact=True)
    owner.fill("Olga Petrova")
    main(page).get_by_role("button", name=translate("roadmap_page.edit.save", "en"), exact=True).click()
    main(page).get_by_text("Saved", exact=False).first.wait_for()
    settle(page)

    page.goto(f"{url}/results?a={key}")
    button = main(page).get_by_role("button", name=translate("results.pdf.button", "en"))
    button.wait_for()
    settle(page)
    with page.expect_download(timeout=90_000) as download_info:
        button.click()
    pdf = download_info.value.path().read_bytes()
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Olga Petrova" in text  # the plan's table and the action's details
    assert "Customer-experience maturity of Contoso Bank" in text
