"""The same deep links on another checkout and on this one, in turn: `python -m benchmarks.compare_deep_links BASE [PAGE ...]`.

On a shared machine the load moves during a run by more than a change saves; two servers side by side,
each page opened on one then the other, see the same load. ``BASE`` is another checkout of the app (for
example the main branch's worktree); pages default to results, groups and roadmap. Prints the medians of
four openings after two warm rounds, and their ratio. Not part of `make bench`: a tool for judging a change.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.bench_interaction import drawn_seconds
from tests.browser import server
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, prepare_consultant_assessment

ROUNDS, WARM = 6, 2


@contextmanager
def _app(root: Path) -> Iterator[tuple[str, str]]:
    """The app of the checkout ``root`` on its own data (a consultant's assessment); yields (URL, its key)."""
    folder = Path(tempfile.mkdtemp(prefix="cxm-compare-"))
    key = prepare_consultant_assessment(folder)
    # running_app starts `streamlit run app.py` in server.ROOT: pointed at ``root`` while it starts.
    ours = server.ROOT
    server.ROOT = root
    try:
        with server.running_app(folder) as (url, _):
            server.ROOT = ours
            yield url, key
    finally:
        server.ROOT = ours


def compare(base: Path, pages: list[str]) -> dict[tuple[str, str], list[float]]:
    """Seconds to fully drawn per (page, "base" or "this"), the warm rounds left out."""
    from playwright.sync_api import sync_playwright

    seconds: dict[tuple[str, str], list[float]] = {}
    with sync_playwright() as playwright, _app(base) as before, _app(ROOT) as after:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_ in range(ROUNDS):
            for name in pages:
                for which, (url, key) in (("base", before), ("this", after)):
                    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
                    page = context.new_page()
                    page.set_default_timeout(90_000)
                    page.goto(f"{url}/{name}?a={key}", wait_until="commit")
                    drawn = drawn_seconds(page)
                    if round_ >= WARM:
                        seconds.setdefault((name, which), []).append(drawn)
                    context.close()
        browser.close()
    return seconds


def main(arguments: list[str]) -> None:
    """Print each page's medians on both checkouts and their ratio."""
    if not arguments:
        raise SystemExit("usage: python -m benchmarks.compare_deep_links BASE_CHECKOUT [PAGE ...]")
    pages = arguments[1:] or ["results", "groups", "roadmap"]
    seconds = compare(Path(arguments[0]).resolve(), pages)
    for name in pages:
        base, this = (statistics.median(seconds[(name, which)]) for which in ("base", "this"))
        print(f"/{name}: base {base:.2f} s, this checkout {this:.2f} s, {this / base:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
