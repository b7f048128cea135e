"""Server time of the Results page, rendered with AppTest from app.py.

Goal (issue 3): at most 200 ms for one respondent x 55 questions, at most 500 ms for 200
respondents. Four figures each: a rerun with the same answers (what every click on the
page costs: figures come from the cache), the render after a saved target (three figures
rebuilt), after a changed answer (all five rebuilt), and the Roadmap page's rerun.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import median_seconds

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("executives", "managers", "front line", "customers")


def _answers(questionnaire, respondents: int, seed: int = 11) -> list:
    from cxmaturity.core.model import Answer, AnswerKind

    rng = random.Random(seed)
    records = []
    for index in range(respondents):
        label = "self" if index == 0 else f"r{index}"
        group = GROUPS[index % len(GROUPS)] if respondents > 1 else None
        for question in questionnaire.questions:
            if rng.random() < 0.04:
                records.append(Answer(label, question.id, AnswerKind.DONT_KNOW, None, group))
            else:
                records.append(Answer(label, question.id, AnswerKind.VALUE, float(rng.randint(0, 4)), group))
    return records


def measure(respondents: int, repeat: int = 7) -> dict[str, float]:
    """Median seconds of the Results page (rerun, after a target, after an answer) and the Roadmap's rerun."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cxmaturity.core.registry import builtin_dir
    from cxmaturity.storage import Store

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CXM_DATA_DIR"] = folder
        st.cache_resource.clear()
        store = Store.open()
        record = store.create_assessment(
            "Bench Ltd", builtin_dir() / "cx-pyramid" / "questionnaire.yaml", "Bench", "en"
        )
        store.replace_answers(record.id, _answers(store.load_questionnaire(record.id), respondents))

        def page(path: str) -> AppTest:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["a"] = record.key
            at.run()
            at.switch_page(path).run()
            assert not at.exception, [e.message for e in at.exception]
            return at

        results = page("pages/results.py")
        rerun = median_seconds(results.run, repeat)
        targets = iter(range(50, 50 + 5 * (repeat + 2), 5))

        def new_content() -> None:
            # A saved target changes the content: the card is rescored and every figure rebuilt.
            store.set_targets(record.id, {"levels": {"communication": float(next(targets))}})
            results.run()

        target = median_seconds(new_content, repeat)
        me = store.self_respondent(record.id)
        values = iter([float(i % 5) for i in range(repeat + 2)])

        def new_answer() -> None:
            # A changed answer rescores the card and rebuilds all five figures.
            store.save_answer(me.id, "communication.cx.channel-choice", "value", next(values))
            results.run()

        answer = median_seconds(new_answer, repeat)
        roadmap = page("pages/roadmap.py")
        roadmap_rerun = median_seconds(roadmap.run, repeat)
        st.cache_resource.clear()
    return {"rerun": rerun, "target": target, "answer": answer, "roadmap": roadmap_rerun}


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    rows = []
    print("results page (AppTest server time): respondents | rerun | target changed | answer changed | roadmap rerun")
    for respondents, goal in ((1, 200), (200, 500)):
        started = time.perf_counter()
        figures = measure(respondents)
        print(
            f"  {respondents:>4} x 55 | {figures['rerun'] * 1000:6.0f} ms | {figures['target'] * 1000:6.0f} ms"
            f" | {figures['answer'] * 1000:6.0f} ms"
            f" | {figures['roadmap'] * 1000:6.0f} ms   ({time.perf_counter() - started:.1f} s in all)"
        )
        rows.append((f"results page, {respondents} x 55, rerun", f"{figures['rerun'] * 1000:.0f} ms", f"<= {goal} ms"))
        for name in ("target", "answer"):
            figure = f"results page, {respondents} x 55, after a changed {name}"
            rows.append((figure, f"{figures[name] * 1000:.0f} ms", f"<= {goal} ms"))
        rows.append((f"roadmap page, {respondents} x 55, rerun", f"{figures['roadmap'] * 1000:.0f} ms", "—"))
    return rows


if __name__ == "__main__":
    main()
