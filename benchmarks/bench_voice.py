"""Customer metrics and segments on 100,000 survey responses, vs pandas.read_csv of the same file.

Goal (issue 16): the five metrics with their intervals and the metrics per segment (20 branches,
then 4 channels) take at most 2x what pandas.read_csv needs to read the file. Two figures are
printed: the whole path from the file (read, check every cell, metrics, segments) and the metrics
and segments of responses already read.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.voice.metrics import metrics_by_segment, voice_metrics
from cxmaturity.voice.responses import Responses, read_responses

QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "voice-mini.yaml"
GOAL = "<= 2x read_csv"
#: Runs of each figure; its median is reported (odd, so the median is one run).
REPEAT = 9


def write_responses(path: Path, respondents: int, seed: int = 16) -> None:
    """A wide export: id, branch, channel, the metric items, a reason and a few comments."""
    rng = np.random.default_rng(seed)

    def answers(low: int, high: int) -> np.ndarray:
        values = rng.integers(low, high + 1, size=respondents).astype(str)
        values[rng.random(respondents) < 0.03] = ""  # some skipped answers
        return values

    comments = np.full(respondents, "", dtype=object)
    commented = rng.random(respondents) < 0.1
    comments[commented] = [f"comment number {i}" for i in range(int(commented.sum()))]
    frame = pd.DataFrame(
        {
            "respondent": [f"c{i}" for i in range(respondents)],
            "branch": rng.choice([f"branch {i:02d}" for i in range(20)], size=respondents),
            "channel": rng.choice(["phone", "web", "shop", "app"], size=respondents),
            "nps": answers(0, 10),
            "ces": answers(1, 7),
            "csat": answers(1, 5),
            "cli.recommend": answers(1, 6),
            "cli.again": answers(1, 6),
            "cli.other": answers(1, 6),
            "reason": rng.choice(["price", "quality", "staff", ""], size=respondents),
            "comment": comments,
        }
    )
    frame.to_csv(path, index=False)


def _interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each run, the runs taken in turn: a machine whose load changes
    during the benchmark weighs on read_csv and on our path alike, so their ratio stays fair."""
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in runs}


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    questionnaire = find_questionnaire(str(QUESTIONNAIRE))
    rows = []
    print(
        "voice: respondents | pandas.read_csv | read + check + metrics + 2 segmentations | metrics and segments "
        f"alone (medians of {REPEAT}, wall clock; CPU time in brackets) | goal {GOAL}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for respondents in (10_000, 100_000):
            path = Path(folder) / f"voice-{respondents}.csv"
            write_responses(path, respondents)
            read = read_responses(path, questionnaire)

            def figures(responses: Responses) -> None:
                voice_metrics(questionnaire, responses)
                metrics_by_segment(questionnaire, responses, "branch")
                metrics_by_segment(questionnaire, responses, "channel")

            found = _interleaved(
                {
                    "read_csv": lambda path=path: pd.read_csv(path),
                    "whole": lambda path=path: figures(read_responses(path, questionnaire)),
                    "alone": lambda read=read: figures(read),
                },
                REPEAT,
            )
            (read_csv, read_csv_cpu), (whole, whole_cpu), (alone, alone_cpu) = (
                found["read_csv"],
                found["whole"],
                found["alone"],
            )
            print(
                f"  {respondents:>7,} | {read_csv:.3f} s ({read_csv_cpu:.3f}) | {whole:.3f} s ({whole_cpu:.3f}): "
                f"{whole / read_csv:.2f}x read_csv ({whole_cpu / read_csv_cpu:.2f}x CPU), goal {GOAL} | "
                f"{alone:.3f} s ({alone_cpu:.3f}): {alone / read_csv:.2f}x"
            )
            rows.append(
                (
                    f"voice: read, check, metrics, segments ({respondents:,} responses)",
                    f"{whole:.3f} s ({whole / read_csv:.2f}x read_csv; CPU {whole_cpu / read_csv_cpu:.2f}x)",
                    GOAL,
                )
            )
            rows.append(
                (
                    f"voice: metrics and segments of read responses ({respondents:,})",
                    f"{alone:.3f} s ({alone / read_csv:.2f}x read_csv; CPU {alone_cpu / read_csv_cpu:.2f}x)",
                    GOAL,
                )
            )
    return rows


if __name__ == "__main__":
    main()
