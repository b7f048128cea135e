"""Real-browser journeys: Playwright for Python driving Debian's chromium (never `playwright install`)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import CHROMIUM, CHROMIUM_ARGS, ROOT, RUNNING_LOGS, running_app

ARTIFACTS = ROOT / "artifacts" / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app running for this test session, with an empty temporary data folder."""
    with running_app() as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    """A headless chromium; the journeys are skipped where chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Shots:
    """Saves numbered full-page screenshots of a journey under artifacts/browser/<test>/."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def take(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        # Streamlit scrolls inside its own container, so a "full page" shot would stop at the
        # viewport: grow the viewport to the content for the shot, then put it back.
        size = page.viewport_size or {"width": 1400, "height": 1000}
        height = page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 1000")
        page.set_viewport_size({"width": size["width"], "height": min(max(int(height) + 40, size["height"]), 9000)})
        page.wait_for_timeout(800)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    return Shots(ARTIFACTS / request.node.name)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Remember each phase's report on the test, so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest):
    """Factory of pages, each in its own browser context (like a separate person).

    When the test fails, every page it opened is saved as ``failure-N.png`` beside its screenshots.
    """
    contexts = []

    def make(locale: str = "en-GB"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        # Slack for a loaded 2-core machine (CI runs chromium, the app and pytest together): a
        # click waits for the state it needs, and only a real hang reaches these limits.
        page.set_default_timeout(60_000)
        page.set_default_navigation_timeout(90_000)
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            # A page that cannot be drawn any more must not hide the test's own failure.
            with contextlib.suppress(Exception):
                page.screenshot(path=str(folder / f"failure-{number}.png"), full_page=True)
        # The servers' own account (a warning, a traceback) beside the pictures of what the browser showed.
        for number, log in enumerate(RUNNING_LOGS, start=1):
            with contextlib.suppress(OSError):
                shutil.copyfile(log, folder / f"server-{number}.log")
    for context in contexts:
        with contextlib.suppress(Exception):  # a journey may have closed it already
            context.close()
