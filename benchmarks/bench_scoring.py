"""Scoring N respondents x the built-in questionnaire from a long CSV, vs pandas.read_csv alone.

Goal (issue 2): the whole `score` command costs at most 3x what pandas.read_csv needs to read the
file, and time grows linearly with respondents.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import median_seconds
from cxmaturity.cli.main import main as cli_main
from cxmaturity.core.registry import find_questionnaire

GROUPS = ["executives", "managers", "front line", "customers"]


def write_answers(path: Path, respondents: int, seed: int = 7) -> int:
    """Write a long CSV with groups, realistic values and some na/dk/blank; return its row count."""
    questionnaire = find_questionnaire("cx-pyramid")
    question_ids = np.array([q.id for q in questionnaire.questions])
    rng = np.random.default_rng(seed)
    count = respondents * len(question_ids)
    respondent = np.repeat(np.array([f"r{i}" for i in range(respondents)]), len(question_ids))
    group = np.repeat(np.array(GROUPS)[np.arange(respondents) % len(GROUPS)], len(question_ids))
    values = rng.choice(
        np.array(["0", "1", "2", "3", "4", "na", "dk", ""]), size=count, p=[0.1, 0.2, 0.25, 0.2, 0.15, 0.04, 0.04, 0.02]
    )
    frame = pd.DataFrame(
        {"respondent": respondent, "group": group, "question": np.tile(question_ids, respondents), "value": values}
    )
    frame.to_csv(path, index=False)
    return count


def run(sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> list[dict[str, object]]:
    """Time read_csv alone and the whole `score` command for each size."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for respondents in sizes:
            path = Path(folder) / f"answers-{respondents}.csv"
            rows = write_answers(path, respondents)
            repeat = 5 if respondents <= 10_000 else 3
            read_csv = median_seconds(lambda path=path: pd.read_csv(path, dtype=str, keep_default_na=False), repeat)

            def score(path: Path = path) -> None:
                out = io.StringIO()
                assert (
                    cli_main(["score", "--questionnaire", "cx-pyramid", "--answers", str(path)], out, io.StringIO())
                    == 0
                )
                json.loads(out.getvalue())

            whole = median_seconds(score, repeat)
            results.append(
                {
                    "respondents": respondents,
                    "answers": rows,
                    "read_csv_s": read_csv,
                    "score_s": whole,
                    "ratio": whole / read_csv,
                }
            )
    return results


def main() -> list[tuple[str, str, str]]:
    """Print the table and return rows (figure, value, goal) for the summary."""
    rows = []
    print("scoring: respondents | answers | pandas.read_csv (median) | `score` command (median) | ratio")
    for r in run():
        print(
            f"  {r['respondents']:>7,} | {r['answers']:>9,} | {r['read_csv_s']:.3f} s | {r['score_s']:.3f} s | {r['ratio']:.2f}x"
        )
        rows.append(
            (
                f"score {r['respondents']:,} respondents",
                f"{r['score_s']:.3f} s ({r['ratio']:.2f}x read_csv)",
                "<= 3x read_csv",
            )
        )
    return rows


if __name__ == "__main__":
    main()
