"""The Customer voice page's rerun after a changed filter, at 10,000 customer responses (AppTest).

Goal (issue 16): at most 300 ms. The answers are imported once (a finished set: every customer
submitted), then two figures are taken, each the median of changing the group filter back and forth:

- the filter's rerun as the browser runs it: the filter, cards, segments and pain map are one
  ``st.fragment``, so a changed filter reruns only that (AppTest cannot run a fragment alone, so
  this runs the fragment's function as a script of its own, over the same loaded answers);
- the whole page's rerun (AppTest reruns everything): the freshness check of the answers, the
  callback list (cached by content) and the trend besides.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.core.model import AnswerSet
from cxmaturity.core.registry import builtin_dir

ROOT = Path(__file__).resolve().parents[1]
CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
RESPONDENTS = 10_000
#: The loaded answers the fragment script reads (set by :func:`main` before it runs the script).
LOADED: object = None


def _fragment_script() -> None:
    from benchmarks import bench_voice_page
    from cxmaturity.ui.voice_view import analysis

    analysis(bench_voice_page.LOADED, "en")  # type: ignore[arg-type]


def _filter_reruns(at) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for value in ["branch 03", "~all", "branch 11", "~all", "branch 07", "~all", "branch 15"]:
        start = time.perf_counter()
        at.selectbox(key="voice.filter").set_value(value).run()
        timings.append(time.perf_counter() - start)
    assert not at.exception, [e.message for e in at.exception]
    return float(np.median(timings))


def customer_answers(respondents: int, seed: int = 16) -> AnswerSet:
    """NPS, CES, CSAT, the three CLI items and the main reason of every customer, in 20 groups."""
    rng = np.random.default_rng(seed)
    labels = [f"c{i:05d}" for i in range(respondents)]
    groups = rng.choice([f"branch {i:02d}" for i in range(20)], size=respondents)
    reasons = ("price", "quality", "staff", "speed", "ease", "information", "promises", "other")
    columns = {
        "loyalty.recommend": (0, 10),
        "interaction.effort": (1, 7),
        "satisfaction.overall": (1, 5),
        "loyalty.cli-recommend": (1, 6),
        "loyalty.cli-buy-again": (1, 6),
        "loyalty.cli-try-other": (1, 6),
    }
    parts = []
    for item, (low, high) in columns.items():
        parts.append(
            pd.DataFrame(
                {"respondent": labels, "group": groups, "question": item, "kind": "value",
                 "value": rng.integers(low, high + 1, size=respondents).astype(float), "note": None}
            )
        )  # fmt: skip
    chosen = rng.integers(0, len(reasons), size=respondents)
    parts.append(
        pd.DataFrame(
            {"respondent": labels, "group": groups, "question": "reason.main", "kind": "value",
             "value": chosen + 1.0, "note": [reasons[c] for c in chosen]}
        )
    )  # fmt: skip
    return AnswerSet(pd.concat(parts, ignore_index=True), tuple(labels))


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cxmaturity.storage import QuestionnaireSnapshot, Store
    from cxmaturity.ui.voice_view import voice_data_of
    from cxmaturity.workspace.voice_data import load_voice

    with tempfile.TemporaryDirectory() as folder:
        previous = os.environ.get("CXM_DATA_DIR")
        os.environ["CXM_DATA_DIR"] = folder
        st.cache_resource.clear()
        try:
            store = Store.open()
            record = store.create_assessment("Bench", QuestionnaireSnapshot.from_file(CUSTOMER), "Customers", "en")
            store.replace_answers(record.id, customer_answers(RESPONDENTS))
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["a"] = record.key
            at.run()
            start = time.perf_counter()
            at.switch_page("pages/voice.py").run()
            first = time.perf_counter() - start
            assert not at.exception, [e.message for e in at.exception]
            whole = _filter_reruns(at)
            global LOADED
            LOADED = voice_data_of(load_voice(store, record.id), min_size=3)
            fragment = AppTest.from_function(_fragment_script, default_timeout=120)
            fragment.run()
            rerun = _filter_reruns(fragment)
            store.dispose()
        finally:
            st.cache_resource.clear()
            if previous is None:
                os.environ.pop("CXM_DATA_DIR", None)
            else:
                os.environ["CXM_DATA_DIR"] = previous
    print(
        f"voice page at {RESPONDENTS:,} responses: first open {first:.3f} s; after a changed filter: "
        f"the fragment {rerun * 1000:.0f} ms, the whole page {whole * 1000:.0f} ms"
    )
    return [
        (f"voice page: first open ({RESPONDENTS:,} responses)", f"{first:.3f} s", ""),
        (f"voice page: filter rerun, the fragment ({RESPONDENTS:,})", f"{rerun * 1000:.0f} ms", "<= 300 ms"),
        (f"voice page: whole-page rerun ({RESPONDENTS:,})", f"{whole * 1000:.0f} ms", ""),
    ]
