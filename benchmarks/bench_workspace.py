"""Importing 10,000 respondents' answers (long CSV, built-in questionnaire) into a stored assessment.

Goal (issue 6): read + validate + ``Store.replace_answers`` in at most 5 s. Each run imports
into a fresh assessment of a SQLite store (the default installation), so it measures an
import, not a re-import; the re-import (deleting the previous answers first) is printed too.
The raw SQLite insert of the same rows is printed as the floor this machine allows.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.bench_scoring import write_answers
from benchmarks.common import median_seconds
from cxmaturity.core.answers import read_answers
from cxmaturity.core.registry import builtin_dir, find_questionnaire
from cxmaturity.storage import QuestionnaireSnapshot, Store

RESPONDENTS = 10_000
GOAL_S = 5.0


def _raw_sqlite_insert(rows: int, folder: Path) -> float:
    """Seconds for sqlite3 alone to insert ``rows`` answer-like rows (executemany, one transaction)."""
    connection = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(
        "CREATE TABLE answer (id INTEGER PRIMARY KEY, respondent_id INTEGER NOT NULL, question_id VARCHAR(100) "
        "NOT NULL, kind VARCHAR(16) NOT NULL, value FLOAT, note TEXT, updated_at DATETIME NOT NULL, "
        "UNIQUE (respondent_id, question_id))"
    )
    data = [(i // 55, f"communication.cx.question-{i % 55}", "value", 2.0, None, "2026-01-01") for i in range(rows)]
    start = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO answer (respondent_id, question_id, kind, value, note, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)", data)  # fmt: skip
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def run(respondents: int = RESPONDENTS, repeat: int = 3) -> dict[str, float]:
    """Median seconds of read, replace_answers and both, for a fresh assessment each time."""
    questionnaire = find_questionnaire("cx-pyramid")
    snapshot = QuestionnaireSnapshot.from_file(builtin_dir() / "cx-pyramid" / "questionnaire.yaml")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "answers.csv"
        answers = write_answers(path, respondents)
        store = Store.open(f"sqlite:///{folder / 'cxmaturity.sqlite3'}")
        timings: dict[str, list[float]] = {"read": [], "replace": [], "total": []}
        for number in range(repeat):
            record = store.create_assessment("Bench", snapshot, f"run {number}", "en")
            start = time.perf_counter()
            answer_set = read_answers(path, questionnaire)
            middle = time.perf_counter()
            assert store.replace_answers(record.id, answer_set) == answers
            end = time.perf_counter()
            timings["read"].append(middle - start)
            timings["replace"].append(end - middle)
            timings["total"].append(end - start)
        last = record.id
        reimport = median_seconds(lambda: store.replace_answers(last, read_answers(path, questionnaire)), repeat)
        store.dispose()
        raw = _raw_sqlite_insert(answers, folder)
    medians = {key: sorted(values)[len(values) // 2] for key, values in timings.items()}
    return {**medians, "reimport": reimport, "raw_sqlite": raw, "answers": float(answers)}


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    result = run()
    print(f"import {RESPONDENTS:,} respondents = {int(result['answers']):,} answers (SQLite), medians:")
    print(f"  read + validate {result['read']:.2f} s | replace_answers {result['replace']:.2f} s | "
          f"total {result['total']:.2f} s (goal <= {GOAL_S:.0f} s)")  # fmt: skip
    print(f"  re-import over existing answers {result['reimport']:.2f} s")
    print(f"  floor: sqlite3 executemany of the same rows alone {result['raw_sqlite']:.2f} s")
    return [(f"import {RESPONDENTS:,} respondents (read + replace_answers)", f"{result['total']:.2f} s", "<= 5 s")]


if __name__ == "__main__":
    main()
