"""Speed a person feels, in a real browser: the cold start, every page by its address and by the menu.

- Cold start (issue 3): under 2 s from navigation to the rendered start page of a freshly
  started app (the closest open-source peer needs 2.1 s).
- Every page of a consultant's assessment (nine submitted respondents in three groups), issue 13:
  opened by its address (a bookmark, a reload, a respondent's link) fully drawn in at most 2.5 s,
  and at most 1.5x a bare Streamlit page with the same elements by kind; picked in the menu, at
  most 1 s. "Fully drawn" and the bare page are defined in :mod:`benchmarks.page_timing`. Each
  page is visited once before it is timed (a running server has its caches warm), then timed
  ``RUNS`` times; the figure is the median. On a busy machine read the ratios.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks import page_timing as timing
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, prepare_consultant_assessment, running_app

#: Timed visits per page (after one visit that warms the server's caches).
RUNS = 3
#: The menu's pages of a consultant in personal mode, by address (the Start page is the empty address).
PAGES = (
    "", "answer", "results", "roadmap", "methodology", "data", "clients", "respondents",
    "groups", "evidence", "journey", "waves", "voice", "branding",
)  # fmt: skip


def measure(runs: int = 3) -> tuple[list[float], list[float]]:
    """(server start seconds, first page seconds) per run."""
    from playwright.sync_api import sync_playwright

    starts, pages = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            began = time.perf_counter()
            with running_app() as (url, _):
                starts.append(time.perf_counter() - began)
                page = browser.new_page()
                began = time.perf_counter()
                page.goto(url)
                # the start page's main heading is rendered by the app (not the HTML shell)
                page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=30_000)
                pages.append(time.perf_counter() - began)
                page.close()
        browser.close()
    return starts, pages


def measure_pages(runs: int = RUNS, pages: tuple[str, ...] = PAGES) -> list[dict[str, object]]:
    """Per page: deep-link seconds, the bare page's seconds for the same elements, navigation seconds."""
    import tempfile

    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="cxm-bench-pages-"))
    key = prepare_consultant_assessment(folder)
    figures: list[dict[str, object]] = []
    with running_app(folder) as (url, _), timing.bare_app() as bare_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        context.set_default_timeout(180_000)
        for address in pages:
            link = f"{url}/{address}?a={key}"
            _, page = timing.open_by_address(context, link)  # warms the server's caches and the browser's
            counts = timing.element_counts(page)
            page.close()
            bare_link = f"{bare_url}/?{timing.bare_query(counts)}"
            timing.open_by_address(context, bare_link)[1].close()
            deep, bare = [], []
            for _ in range(runs):  # interleaved, so both see the same load on a busy machine
                seconds, page = timing.open_by_address(context, link)
                deep.append(seconds)
                page.close()
                seconds, page = timing.open_by_address(context, bare_link)
                bare.append(seconds)
                page.close()
            figures.append({"page": address or "home", "elements": counts["__all"], "deep": deep, "bare": bare})
            print(
                f"{address or 'home':12s} {dict(counts)} deep {[round(s, 2) for s in deep]} bare {[round(s, 2) for s in bare]}",
                flush=True,
            )
        _, page = timing.open_by_address(context, f"{url}/?a={key}")
        for figure in figures:
            address = "" if figure["page"] == "home" else str(figure["page"])
            # Away and back: each timed click leaves another page for this one.
            away = "data" if address == "methodology" else "methodology"
            navigation = []
            try:
                for _ in range(runs):
                    timing.navigate(page, away)
                    navigation.append(timing.navigate(page, address))
            except PlaywrightTimeout:  # said in the table; the other pages are still measured
                print(f"{figure['page']}: the page did not settle within the time limit after a click", flush=True)
                page.close()
                _, page = timing.open_by_address(context, f"{url}/?a={key}")
            figure["navigation"] = navigation
            print(f"{figure['page']:12s} navigation {[round(s, 2) for s in navigation]}", flush=True)
        browser.close()
    return figures


def page_rows(figures: list[dict[str, object]]) -> list[tuple[str, str, str]]:
    """The table's rows: per page, the deep link (with its ratio to the bare page) and the navigation."""
    rows = []
    for figure in figures:
        deep = timing.median_of(figure["deep"])  # type: ignore[arg-type]
        bare = timing.median_of(figure["bare"])  # type: ignore[arg-type]
        navigation = timing.median_of(figure["navigation"])  # type: ignore[arg-type]
        name = f"{figure['page']} ({figure['elements']} elements)"
        rows.append(
            (f"deep link: {name}", f"{deep:.2f} s ({deep / bare:.1f}x bare {bare:.2f} s)", "<= 2.5 s; <= 1.5x bare")
        )
        settled = f"{navigation:.2f} s" if figure["navigation"] else "did not settle"
        rows.append((f"navigation: {name}", settled, "<= 1 s"))
    return rows


def main() -> list[tuple[str, str, str]]:
    """Print and return the cold-start figures."""
    if not Path(CHROMIUM).exists():
        print("chromium is missing: skipped")
        return [("browser figures", "skipped (no chromium)", "")]
    figures = measure_pages()
    rows = page_rows(figures)
    for figure, value, goal in rows:
        print(f"{figure:45s} {value:32s} goal {goal}")
    starts, pages = measure()
    print(
        f"server ready (median of {len(starts)}): {statistics.median(starts):.2f} s; first page: {[round(p, 2) for p in pages]}"
    )
    return [
        *rows,
        ("cold start: server ready", f"{statistics.median(starts):.2f} s", "-"),
        ("cold start: first page in a browser", f"{statistics.median(pages):.2f} s", "< 2 s"),
    ]


if __name__ == "__main__":
    import sys

    if sys.argv[1:]:  # `python -m benchmarks.bench_browser results groups`: those pages only, quickly
        for row in page_rows(measure_pages(runs=1, pages=tuple("" if a == "home" else a for a in sys.argv[1:]))):
            print(*row, sep="  |  ")
    else:
        main()
