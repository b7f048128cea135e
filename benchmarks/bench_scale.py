"""Server time of the Results and Groups pages for an assessment with 500 respondents (AppTest).

Goal (issue 6): at most 1 s for 500 respondents x 55 questions in four groups. Figures: the
first render after opening the page, a rerun (every click on the page), and the render after
a changed answer (the card rescored, every figure rebuilt). The Groups page (pages/groups.py)
is measured the same way when it exists.
"""

from __future__ import annotations

import os
import tempfile
import time

from benchmarks.bench_results import ROOT, _answers
from benchmarks.common import median_seconds

RESPONDENTS = 500
GOAL_MS = 1000
PAGES = (("results", "pages/results.py"), ("groups", "pages/groups.py"))


def measure(respondents: int = RESPONDENTS, repeat: int = 5) -> dict[str, dict[str, float]]:
    """{page: {"first": s, "rerun": s, "answer": s}} medians, for the pages that exist."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cxmaturity.core.registry import builtin_dir
    from cxmaturity.storage import Store

    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CXM_DATA_DIR"] = folder
        st.cache_resource.clear()
        store = Store.open()
        path = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
        record = store.create_assessment("Bench Ltd", path, "Bench", "en")
        store.replace_answers(record.id, _answers(store.load_questionnaire(record.id), respondents))
        first_respondent = store.list_respondents(record.id)[0]
        values = iter([float(i % 5) for i in range(100)])
        for name, page in PAGES:
            if not (ROOT / page).exists():
                continue
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["a"] = record.key
            at.run()

            def first(at: AppTest = at, page: str = page) -> None:
                st.cache_resource.clear()  # nothing cached: as after a restart or an import
                at.switch_page(page).run()

            def new_answer(at: AppTest = at) -> None:
                question = "communication.cx.channel-choice"
                store.save_answer(first_respondent.id, question, "value", next(values))
                at.run()

            figures[name] = {"first": median_seconds(first, repeat)}
            assert not at.exception, [e.message for e in at.exception]
            figures[name]["rerun"] = median_seconds(at.run, repeat)
            figures[name]["answer"] = median_seconds(new_answer, repeat)
            assert not at.exception, [e.message for e in at.exception]
        st.cache_resource.clear()
        store.dispose()
    return figures


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    started = time.perf_counter()
    figures = measure()
    print(f"{RESPONDENTS} respondents x 55 questions, 4 groups (AppTest server time, medians):")
    rows = []
    for name, page in PAGES:
        if name not in figures:
            print(f"  {page} does not exist yet: skipped")
            rows.append((f"{name} page, {RESPONDENTS} x 55", "skipped (no page)", f"<= {GOAL_MS} ms"))
            continue
        found = figures[name]
        print(f"  {name:8s} first {found['first'] * 1000:6.0f} ms | rerun {found['rerun'] * 1000:6.0f} ms"
              f" | after a changed answer {found['answer'] * 1000:6.0f} ms")  # fmt: skip
        for key, label in (("first", "first render"), ("rerun", "rerun"), ("answer", "after a changed answer")):
            figure = f"{name} page, {RESPONDENTS} x 55, {label}"
            rows.append((figure, f"{found[key] * 1000:.0f} ms", f"<= {GOAL_MS} ms"))
    print(f"  ({time.perf_counter() - started:.1f} s in all)")
    return rows


if __name__ == "__main__":
    main()
