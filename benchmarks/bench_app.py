"""Server time of answering one question on the Answer page, driven with AppTest from app.py.

Goal (issue 3): at most 50 ms per answer. AppTest reruns the whole script (app.py, the sidebar
and the page), while a browser click reruns only the section's fragment, so this figure is an
upper bound of what a user waits for. Also printed: the page's first render and one save alone.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = ("0", "1", "2", "3", "4", "na", "dk")


def measure() -> dict[str, float]:
    """Median seconds: one answer (set + rerun), one note, the first render, one store save."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from cxmaturity.core.registry import builtin_dir
    from cxmaturity.ui.answering import note_key, value_key

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CXM_DATA_DIR"] = folder
        st.cache_resource.clear()
        from cxmaturity.storage import Store

        store = Store.open()
        questionnaire_path = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
        record = store.create_assessment("Bench Ltd", questionnaire_path, "Bench", "en")
        questionnaire = store.load_questionnaire(record.id)

        first: list[float] = []
        answer: list[float] = []
        note: list[float] = []
        for _ in range(3):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["a"] = record.key
            at.run()
            started = time.perf_counter()
            at.switch_page("pages/answer.py").run()
            first.append(time.perf_counter() - started)
            assert not at.exception, [e.message for e in at.exception]
        for level in questionnaire.levels:
            at.radio(key="answer.section").set_value(level.id).run()
            for index, question in enumerate(questionnaire.questions_of(level=level.id)):
                radio = at.radio(key=value_key(question.id)).set_value(CODES[index % len(CODES)])
                started = time.perf_counter()
                radio.run()
                answer.append(time.perf_counter() - started)
            for question in questionnaire.questions_of(level=level.id)[:3]:
                field = at.text_input(key=note_key(question.id)).set_value(f"note on {question.id}")
                started = time.perf_counter()
                field.run()
                note.append(time.perf_counter() - started)
        assert not at.exception, [e.message for e in at.exception]
        me = store.self_respondent(record.id).id
        assert len(store.load_respondent_answers(me)) == len(questionnaire.questions)

        saves: list[float] = []
        for index in range(200):
            started = time.perf_counter()
            store.save_answer(me, questionnaire.questions[index % 55].id, "value", index % 5)
            saves.append(time.perf_counter() - started)
        st.cache_resource.clear()
    return {
        "answer": statistics.median(answer),
        "note": statistics.median(note),
        "first": statistics.median(first),
        "save": statistics.median(saves),
        "count": float(len(answer)),
    }


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    figures = measure()
    print(
        f"answer page (AppTest server time, whole script): one answer {figures['answer'] * 1000:.1f} ms"
        f" (median of {figures['count']:.0f}), one note {figures['note'] * 1000:.1f} ms,"
        f" first render {figures['first'] * 1000:.0f} ms; store.save_answer alone {figures['save'] * 1000:.2f} ms"
    )
    return [
        ("answer page, one answer (AppTest, full rerun)", f"{figures['answer'] * 1000:.0f} ms", "<= 50 ms"),
        ("answer page, one note (AppTest, full rerun)", f"{figures['note'] * 1000:.0f} ms", "<= 50 ms"),
        ("answer page, first render", f"{figures['first'] * 1000:.0f} ms", "—"),
        ("store.save_answer alone (SQLite)", f"{figures['save'] * 1000:.2f} ms", "—"),
    ]


if __name__ == "__main__":
    main()
