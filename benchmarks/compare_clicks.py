"""An answer click on another checkout, on this one and on a bare Streamlit radio, in turn:
`python -m benchmarks.compare_clicks BASE [CLICKS]` (at most 16: the first level's questions).

The click's ratio to a bare radio click moves with the machine's load by more than a change saves, so the
three apps run side by side and take their clicks in turn (one on each, then the next): each sees the
same load. ``BASE`` is another checkout of the app (for example the main branch's worktree). A click is
timed as in :mod:`benchmarks.bench_interaction` (until the progress counts it and the page is fully
drawn); prints the medians, the messages the server sent per click and each ratio to the bare click.
Not part of `make bench`: a tool for judging a change.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from benchmarks.bench_interaction import BARE_RADIO, _bare_app, _click, _open, drawn_seconds
from benchmarks.compare_deep_links import _app
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT

PROGRESS = ".st-key-answer-progress [data-testid=stProgress]"
# The clicks answer the first level's questions in turn, and it has sixteen.
FIRST_LEVEL = 16
OPTIONS = 'div[class*="st-key-q-"][class*="-value"] [role="radiogroup"]'


class _AnswerTab:
    """One tab on an app's answering screen, counting the server's messages; ``click(n)`` answers question n."""

    def __init__(self, browser, url: str, key: str) -> None:
        self.page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB").new_page()
        self.page.set_default_timeout(90_000)
        self.sent: list[int] = []
        self.page.on("websocket", lambda socket: socket.on("framereceived", lambda _frame: self.sent.append(1)))
        self.page.goto(f"{url}/answer?a={key}", wait_until="commit")
        self.page.wait_for_selector(PROGRESS)
        drawn_seconds(self.page)
        self.asked = self.page.locator(PROGRESS).inner_text().split(" of ")[1].split()[0]

    def click(self, position: int) -> tuple[float, int]:
        saved = f"() => document.body.innerText.includes('{position + 1} of {self.asked} questions answered')"
        option = self.page.locator(OPTIONS).nth(position).get_by_text("3", exact=True)
        before = len(self.sent)
        return _click(self.page, option, saved), len(self.sent) - before


def compare(base: Path, clicks: int) -> dict[str, list[float]]:
    """Seconds per click on "base", "this" and "bare", and the messages per click of the two apps."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with sync_playwright() as playwright, _app(base) as before, _app(ROOT) as after, _bare_app(BARE_RADIO) as bare:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tabs = {"base": _AnswerTab(browser, *before), "this": _AnswerTab(browser, *after)}
        bare_page, _ = _open(browser, bare)
        options = bare_page.get_by_role("radiogroup").first
        for position in range(clicks):
            for which, tab in tabs.items():
                seconds, messages = tab.click(position)
                figures.setdefault(which, []).append(seconds)
                figures.setdefault(f"{which} messages", []).append(float(messages))
            value = str(position % 5)
            shown = f"() => document.body.innerText.includes('Picked: {value}')"
            figures.setdefault("bare", []).append(_click(bare_page, options.get_by_text(value, exact=True), shown))
        browser.close()
    return figures


def main(arguments: list[str]) -> None:
    """Print the medians of both checkouts' clicks, their messages and their ratios to a bare radio click."""
    if not arguments:
        raise SystemExit("usage: python -m benchmarks.compare_clicks BASE_CHECKOUT [CLICKS]")
    clicks = min(int(arguments[1]) if len(arguments) > 1 else 12, FIRST_LEVEL)
    figures = compare(Path(arguments[0]).resolve(), clicks)
    median = {name: statistics.median(values) for name, values in figures.items()}
    for name, values in figures.items():
        print(f"{name}: {[round(value, 3) for value in values]}")
    for which in ("base", "this"):
        print(
            f"{which}: click to saved {median[which] * 1000:.0f} ms, {median[f'{which} messages']:.0f} messages, "
            f"{median[which] / median['bare']:.2f}x a bare radio click ({median['bare'] * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
