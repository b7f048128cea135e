"""Where a deep link's time goes in the browser: `python -m benchmarks.profile_browser [PAGE ...]`.

Opens each page (default: results, groups, roadmap) by its address in a fresh tab, as
`bench_interaction` does, and prints: when the first and last message of the script run arrived,
how many bytes the websocket carried, the moment the page was fully drawn, and the tab's CPU
profile (CDP ``Profiler``) summed by script file and by function (self time). Not part of
`make bench`: a tool for finding what to speed up.
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_interaction import CALIBRATION_QUIET_MS, _elements, _open, drawn_seconds
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, prepare_consultant_assessment, running_app

# Logs every change to the page: when, and the nearest element with a test id (what changed).
MUTATIONS = """
window.__changes = [];
new MutationObserver(records => {
  const now = performance.now();
  for (const record of records) {
    let node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    while (node && !(node.dataset && node.dataset.testid)) node = node.parentElement;
    window.__changes.push([Math.round(now), (node ? node.dataset.testid : '?') + ' ' + record.type
      + (record.attributeName ? ':' + record.attributeName : '')]);
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def _self_times(profile: dict) -> tuple[collections.Counter, collections.Counter, float]:
    """Self milliseconds per script file and per function, and the profile's total."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    samples, deltas = profile.get("samples", []), profile.get("timeDeltas", [])
    by_file: collections.Counter = collections.Counter()
    by_function: collections.Counter = collections.Counter()
    for sample, delta in zip(samples, deltas, strict=False):
        frame = nodes[sample]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1] or frame["functionName"] or "(native)"
        by_file[script] += delta / 1000
        by_function[f"{frame['functionName'] or '(anonymous)'} {script}:{frame['lineNumber']}"] += delta / 1000
    return by_file, by_function, sum(deltas) / 1000


def profile(pages: list[str]) -> None:
    """Print the figures of every page named."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="cxm-profile-browser-"))
    key = prepare_consultant_assessment(folder)
    with sync_playwright() as playwright, running_app(folder) as (url, _):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        printed = False
        for name in ["results", *pages]:  # the first opening warms the server; not printed
            # As bench_interaction does: an untimed open left to settle counts the page's elements (a cold run
            # of the server can leave the page unchanged for longer than "drawn" waits).
            settled, _ = _open(browser, f"{url}/{name}?a={key}", quiet=CALIBRATION_QUIET_MS)
            expected = _elements(settled)
            settled.context.close()
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
            page = context.new_page()
            page.set_default_timeout(90_000)
            frames: list[tuple[float, int]] = []
            page.on(
                "websocket",
                lambda socket, frames=frames: socket.on(
                    "framereceived", lambda payload: frames.append((time.monotonic(), len(payload)))
                ),
            )
            page.add_init_script(MUTATIONS)
            cdp = context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
            started = time.monotonic()
            page.goto(f"{url}/{name}?a={key}", wait_until="commit")
            drawn = drawn_seconds(page, expected=expected)
            frames = [(moment - started, size) for moment, size in frames]
            result = cdp.send("Profiler.stop")["profile"]
            timing = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " const r = performance.getEntriesByType('resource');"
                " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                " scripts: r.filter(x => x.initiatorType === 'script').reduce((a, x) => Math.max(a, x.responseEnd), 0),"
                " bytes: r.reduce((a, x) => a + (x.transferSize || 0), 0)}; }"
            )
            chunks = page.evaluate(
                "() => performance.getEntriesByType('resource').filter(x => x.initiatorType !== 'fetch')"
                ".map(x => [x.name.split('/').pop(), Math.round(x.startTime), Math.round(x.responseEnd),"
                " Math.round(x.encodedBodySize / 1024), Math.round(x.decodedBodySize / 1024)])"
            )
            by_file, by_function, total = _self_times(result)
            if not printed:  # the cold run goes on in the server after the tab is closed: let it end
                printed = True
                context.close()
                time.sleep(10)
                continue
            print(f"\n===== /{name}: drawn at {drawn:.2f} s, {expected} elements =====")
            print(
                f"DOMContentLoaded {timing['dcl'] / 1000:.2f} s, load {timing['load'] / 1000:.2f} s, last script"
                f" {timing['scripts'] / 1000:.2f} s, {timing['bytes'] / 1024:.0f} KB of files"
            )
            print(
                f"websocket: {len(frames)} messages, {sum(size for _t, size in frames) / 1024:.0f} KB received,"
                f" first at {frames[0][0] if frames else 0:.2f} s, last at {frames[-1][0] if frames else 0:.2f} s"
            )
            big = sorted(frames, key=lambda item: -item[1])[:8]
            print("  largest:", ", ".join(f"{size / 1024:.1f} KB at {moment:.2f} s" for moment, size in big))
            charts = page.evaluate("() => [...document.querySelectorAll('[data-chart]')].map(e => e.outerHTML.length)")
            print(f"  charts in the page: {len(charts)}, {sum(charts) / 1024:.0f} KB of markup")
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            print(f"  screenshot: {folder / f'{name}.png'}")
            changes = page.evaluate("() => window.__changes")
            buckets = collections.Counter((moment // 250 * 250, what) for moment, what in changes)
            print("  changes to the page (per 250 ms, after 1 s):")
            for (moment, what), count in sorted(buckets.items()):
                if moment >= 1000:
                    print(f"    {moment / 1000:.2f} s: {count} x {what}")
            late = [chunk for chunk in chunks if chunk[1] > timing["dcl"]]
            print(f"  files fetched after DOMContentLoaded: {len(late)}, {sum(c[4] for c in late)} KB")
            for file, start, end, _sent, size in sorted(late, key=lambda c: -c[4])[:10]:
                print(f"    {file}: {size} KB, {start / 1000:.2f}-{end / 1000:.2f} s")
            print(f"tab CPU (profiled): {total:.0f} ms")
            for script, ms in by_file.most_common(12):
                print(f"  {ms:7.0f} ms  {script}")
            print("  functions (self):")
            for function, ms in by_function.most_common(25):
                print(f"  {ms:7.0f} ms  {function}")
            context.close()
        browser.close()


if __name__ == "__main__":
    profile(sys.argv[1:] or ["results", "groups", "roadmap"])
