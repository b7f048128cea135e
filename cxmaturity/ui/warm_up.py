"""Work a server process does once, done in the background from its first visitor on.

A fresh process pays once for the heavy imports (pandas, plotly, the storage, the scoring stack)
and for reading the shipped questionnaires and their recommendation libraries (every version an
assessment may have been started with). Measured with a profile of the server, that first read
was 9 of the 11 seconds of the first Results page after a restart (the PDF button needs the
roadmap's plan). Started by ``app.py`` on the first run of the process, a daemon thread does it
while the person reads the first page, so the next page opened finds everything in memory.

The caches it fills are the pages' own (``st.cache_resource``, keyed as the pages key them), so a
page that gets there first computes the value once and the thread then waits for it, or the other
way round: nothing is read twice. A failure here changes nothing for the pages, which load what
they need themselves; it is logged.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time

import streamlit as st

LOG = logging.getLogger("cxmaturity.ui.warm_up")
WARM_UP_ENV = "CXM_WARM_UP"
#: Let the first visitor's own page run first (a Start page takes a fraction of a second).
FIRST_PAGE_HEAD_START = 0.5


@st.cache_resource(show_spinner=False)
def start_warm_up() -> threading.Thread | None:
    """Start the warm-up once per server process (later calls return the same thread).

    ``CXM_WARM_UP=0`` turns it off: the app tests clear the caches before every test, and a
    thread per test reading the libraries would only slow the suite down.
    """
    if os.environ.get(WARM_UP_ENV) == "0":
        return None
    thread = threading.Thread(target=_warm_up, name="cxmaturity-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    time.sleep(FIRST_PAGE_HEAD_START)
    began = time.perf_counter()
    try:
        warm_imports()
        libraries = warm_libraries()
    except Exception:  # the pages load what they need themselves; never take the server down
        LOG.exception("warm-up stopped early; the pages will load what they need when asked")
        return
    LOG.info("warm-up done in %.1f s (%d recommendation libraries)", time.perf_counter() - began, libraries)


#: Imported by every page with results; Python then keeps each one for the life of the process.
HEAVY_MODULES = (
    "pandas",
    "plotly.graph_objects",
    "plotly.io",
    "cxmaturity.storage",
    "cxmaturity.workspace.evidence",
    "cxmaturity.charts.score_charts",
    "cxmaturity.charts.group_charts",
    "cxmaturity.ui.results_view",
    "cxmaturity.ui.groups_view",
    "cxmaturity.ui.roadmap_view",
)


def warm_imports() -> None:
    """Import :data:`HEAVY_MODULES`."""
    for name in HEAVY_MODULES:
        importlib.import_module(name)


def warm_libraries() -> int:
    """Read every shipped questionnaire version and its recommendation library into the pages' caches.

    Returns how many libraries were read.
    """
    from cxmaturity.core.questionnaire import load_questionnaire
    from cxmaturity.core.registry import questionnaire_versions
    from cxmaturity.ui.context import builtin_questionnaires
    from cxmaturity.ui.roadmap_view import preload_library

    entries, _errors = builtin_questionnaires()  # the errors are shown where a questionnaire is picked
    count = 0
    for entry in entries:
        for path in questionnaire_versions(entry.id).values():
            questionnaire = entry.questionnaire if path == entry.path else load_questionnaire(path)
            # An assessment started from this file carries the hash of its text: the page's cache key.
            preload_library(questionnaire.id, questionnaire.source_hash, questionnaire)
            count += 1
    return count
