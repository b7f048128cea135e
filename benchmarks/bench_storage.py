"""Saving one answer (the app's unit of work) and bulk import/load, on SQLite with WAL.

DESIGN.md measured ~0.6 ms per saved answer with WAL + synchronous=NORMAL; this prints ours.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire_path
from cxmaturity.storage import QuestionnaireSnapshot, Store


def main() -> list[tuple[str, str, str]]:
    """Print and return the storage figures."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.sqlite3")
        snapshot = QuestionnaireSnapshot.from_file(find_questionnaire_path("cx-pyramid"))
        record = store.create_assessment("Bench Ltd", snapshot, "bench", "en")
        me = store.self_respondent(record.id).id
        question_ids = [f"q{i}" for i in range(55)]
        timings = []
        for i in range(1000):
            start = time.perf_counter()
            store.save_answer(me, question_ids[i % 55], AnswerKind.VALUE, float(i % 5), note=None if i % 3 else "n")
            timings.append(time.perf_counter() - start)
        records = [Answer(f"r{r}", q, AnswerKind.VALUE, 2.0, f"g{r % 3}") for r in range(200) for q in question_ids]
        start = time.perf_counter()
        store.replace_answers(record.id, records)
        replace = time.perf_counter() - start
        start = time.perf_counter()
        store.load_answers(record.id)
        load = time.perf_counter() - start
        store.dispose()
    save = statistics.median(timings) * 1000
    print(
        f"save_answer median {save:.2f} ms; replace_answers 11,000 answers {replace:.2f} s; load_answers {load:.3f} s"
    )
    return [
        ("save one answer (SQLite, WAL)", f"{save:.2f} ms", "~0.6 ms (DESIGN.md)"),
        ("replace_answers, 200 respondents x 55", f"{replace:.2f} s", "-"),
        ("load_answers, 200 respondents x 55", f"{load * 1000:.0f} ms", "-"),
    ]


if __name__ == "__main__":
    main()
