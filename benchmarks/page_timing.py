"""How long a person waits for a page in a real browser: the measuring tools of `bench_browser`.

A page is *fully drawn* when the app's script has finished (Streamlit's ``data-test-script-state``
is ``notRunning``), nothing is greyed out as stale, every chart has its SVG (the app's charts are
drawn on the server and arrive as SVG; a plotly chart draws its own), and the main
area has not changed for a while. The time reported is that of the **last change** to the main
area (a ``MutationObserver`` installed before the page loads), counted from the navigation's start
for an address opened in the browser, or from the click for a page picked in the menu: the moment
the person sees the page's last element, not the moment the measuring gave up waiting.

The bare page is a plain Streamlit script with the same elements by kind (as many SVG charts of
a similar size, tables, buttons, texts...) and no work behind them: the floor Streamlit itself sets.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Installed before any page script: remembers when the main area last changed.
OBSERVER = """
(() => {
  window.__cxmLastChange = 0;
  window.__cxmRuns = 0;
  const watch = () => {
    new MutationObserver((changes) => {
      let main = false;
      for (const change of changes) {
        // Counts changes of the run state (a run makes two): a click has been answered once it moves.
        if (change.attributeName === 'data-test-script-state') window.__cxmRuns += 1;
        const node = change.target.nodeType === 1 ? change.target : change.target.parentElement;
        main = main || Boolean(node && node.closest('[data-testid="stMain"]'));
      }
      if (main) window.__cxmLastChange = performance.now();
    }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();
"""

#: True once the run is over and everything it sent is drawn.
SETTLED = """
(runsBefore) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__cxmRuns <= runsBefore) return false;
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('.main-svg')) return false;
  }
  for (const chart of document.querySelectorAll('[data-chart]')) {
    if (!chart.querySelector('svg')) return false;
  }
  return performance.now() - window.__cxmLastChange > %d;
}
"""

#: The elements a bare page mirrors, by the test id Streamlit gives them.
KINDS = (
    "svgChart",
    "stPlotlyChart",
    "stDataFrame",
    "stTable",
    "stMetric",
    "stButton",
    "stDownloadButton",
    "stSelectbox",
    "stRadio",
    "stTextInput",
    "stNumberInput",
    "stCheckbox",
    "stExpander",
    "stTabs",
    "stAlert",
    "stPageLink",
    "stHeading",
    "stCaption",
    "stCode",
)

COUNT_ELEMENTS = """
(kinds) => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const counts = {};
  let all = 0;
  for (const node of main.querySelectorAll('[data-testid="stElementContainer"]')) {
    all += 1;
    // A chart or a table sits inside a frame of its own: look at every test id inside the container.
    const ids = [...node.querySelectorAll('[data-testid]')].map((inner) => inner.getAttribute('data-testid'));
    // A chart the server drew (cxmaturity.ui.chart_view) is markdown holding our SVG.
    if (node.querySelector('[data-chart]')) ids.unshift('svgChart');
    const kind = kinds.find((k) => ids.some((id) => id === k || id.startsWith(k))) || 'stMarkdown';
    counts[kind] = (counts[kind] || 0) + 1;
  }
  for (const kind of ['stExpander', 'stTabs']) {
    counts[kind] = main.querySelectorAll(`[data-testid="${kind}"]`).length;
  }
  counts.__all = all;
  return counts;
}
"""

QUIET_MS = 1500


def wait_settled(page: Any, began_ms: float, runs_before: int = 0, timeout_s: float = 180) -> float:
    """Seconds from ``began_ms`` (the page's clock) to the main area's last change, once a run
    started after ``runs_before`` runs has settled."""
    page.wait_for_function(SETTLED % QUIET_MS, arg=runs_before, timeout=timeout_s * 1000, polling=100)
    last = float(page.evaluate("() => window.__cxmLastChange"))
    return max(0.0, last - began_ms) / 1000


def open_by_address(context: Any, url: str) -> tuple[float, Any]:
    """Open ``url`` in a fresh tab (a bookmark, a reload, a respondent's link); (seconds, page)."""
    page = context.new_page()
    page.add_init_script(OBSERVER)
    page.goto(url)
    return wait_settled(page, 0.0, runs_before=-1), page  # the first run may be drawn "running" already


def navigate(page: Any, address: str) -> float:
    """Pick the page at ``address`` (``results``) in the sidebar menu of an open app; seconds to its last element."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.inner_text().lower():
        more.click()  # the menu folds its end away behind "View more"
    link = page.locator(f'[data-testid="stSidebarNavLink"][href$="/{address}"]').first
    began, runs = page.evaluate("() => [performance.now(), window.__cxmRuns]")
    link.click()
    return wait_settled(page, float(began), int(runs))


def element_counts(page: Any) -> Counter[str]:
    """The main area's elements by kind (texts and everything unlisted count as markdown)."""
    counts = page.evaluate(COUNT_ELEMENTS, list(KINDS))
    return Counter({kind: int(n) for kind, n in counts.items()})


#: One bare page for every mix: the URL's query says how many elements of each kind to draw.
BARE_SCRIPT = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(layout="wide")
counts = {kind: int(n) for kind, n in st.query_params.items()}
frame = pd.DataFrame({"x": range(20), "y": range(20)})
figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))
# A chart drawn on the server as the app draws its charts: 440 px high, 10 bars, 40 labels with tooltips,
# sent twice (a wide and a phone drawing, CSS shows one).
BARS = "".join(
    f'<rect x="120" y="{60 + 30 * k}" width="{40 * k + 20}" height="20" fill="#0072b2"><title>bar {k}</title></rect>'
    f'<text x="114" y="{74 + 30 * k}" text-anchor="end" font-size="12">label {k}</text>'
    f'<text x="{146 + 40 * k}" y="{74 + 30 * k}" font-size="12">{k}</text>'
    for k in range(10)
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} 440" width="100%" role="img">' + BARS + "</svg>"
STYLE = "<style>.p { display: none; } @media (max-width: 640px) { .w { display: none; } .p { display: block; } }</style>"
SVG_CHART = f'<div class="w" data-chart="w">{SVG.format(w=900)}</div><div class="p" data-chart="p">{SVG.format(w=358)}</div>'
MAKERS = {
    "svgChart": lambda i: (st.html(STYLE), st.markdown(SVG_CHART, unsafe_allow_html=True)),
    "stPlotlyChart": lambda i: st.plotly_chart(figure, key=f"c{i}"),
    "stDataFrame": lambda i: st.dataframe(frame, key=f"f{i}"),
    "stTable": lambda i: st.table(frame.head(3)),
    "stMetric": lambda i: st.metric(f"m{i}", 42),
    "stButton": lambda i: st.button(f"b{i}", key=f"b{i}"),
    "stDownloadButton": lambda i: st.download_button(f"d{i}", b"x", key=f"d{i}"),
    "stSelectbox": lambda i: st.selectbox(f"s{i}", ["a", "b"], key=f"s{i}"),
    "stRadio": lambda i: st.radio(f"r{i}", ["a", "b"], key=f"r{i}", horizontal=True),
    "stTextInput": lambda i: st.text_input(f"t{i}", key=f"t{i}"),
    "stNumberInput": lambda i: st.number_input(f"n{i}", key=f"n{i}"),
    "stCheckbox": lambda i: st.checkbox(f"x{i}", key=f"x{i}"),
    "stAlert": lambda i: st.info(f"info {i}"),
    "stPageLink": lambda i: st.markdown(f"[link {i}](#)"),
    "stHeading": lambda i: st.subheader(f"heading {i}"),
    "stCaption": lambda i: st.caption(f"caption {i}"),
    "stCode": lambda i: st.code(f"code {i}"),
    "stMarkdown": lambda i: st.markdown(f"Some **text** number {i}."),
}
for kind, make in MAKERS.items():
    for i in range(counts.get(kind, 0)):
        make(i)
# Expanders and tabs hold elements counted above: a box each, with one line in it.
for i in range(counts.get("stExpander", 0)):
    with st.expander(f"e{i}"):
        st.write("inside")
"""


def bare_query(counts: Counter[str]) -> str:
    """The bare page's query string for a page with ``counts`` elements by kind."""
    return "&".join(f"{kind}={n}" for kind, n in sorted(counts.items()) if n and not kind.startswith("__"))


@contextlib.contextmanager
def bare_app() -> Iterator[str]:
    """A running bare Streamlit app (see :data:`BARE_SCRIPT`); yields its URL."""
    from tests.browser.server import free_port, stop_app_process, wait_until_healthy

    folder = Path(tempfile.mkdtemp(prefix="cxm-bare-"))
    (folder / "bare.py").write_text(BARE_SCRIPT, encoding="utf-8")
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "bare.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, timeout=90)
        yield url
    finally:
        stop_app_process(process)
        shutil.rmtree(folder, ignore_errors=True)


def median_of(runs: list[float]) -> float:
    """The median, or nan for no runs."""
    return statistics.median(runs) if runs else float("nan")
