"""Time the PDF report against a bare one-page fpdf2 document with the same embedded font.

Prints medians (figures, not assertions) for the built-in questionnaire with 1 and
with 200 respondents, and the ratio to the bare document measured in the same run.
Goal from the issue: a full report costs at most 4x the bare document.

    python benchmarks/bench_report.py [--runs 9] [--questionnaire cx-pyramid]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fpdf import FPDF

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind, AnswerSet, Questionnaire
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.report import build_report
from cxmaturity.report.fonts import FONT_FILES

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
GROUPS = ("executives", "managers", "front line", "customers")


def synthetic_answers(questionnaire: Questionnaire, respondents: int, seed: int = 1) -> AnswerSet:
    """Plausible answers: strong at the base of the pyramid, weaker towards the top, a few n/a and notes."""
    rng = random.Random(seed)
    level_index = {level.id: i for i, level in enumerate(questionnaire.levels)}
    records = []
    for r in range(respondents):
        group = GROUPS[r % len(GROUPS)] if respondents > 1 else None
        for question in questionnaire.questions:
            scale = questionnaire.scales[question.scale]
            x = rng.random()
            note = "Seen at the branch on Monday; the queue was long." if x > 0.97 else None
            if x < 0.04:
                records.append(Answer(f"r{r}", question.id, AnswerKind.NOT_APPLICABLE, group=group))
            elif x < 0.08:
                records.append(Answer(f"r{r}", question.id, AnswerKind.DONT_KNOW, group=group))
            else:
                share = max(0.0, min(1.0, rng.gauss(0.85 - 0.15 * level_index[question.level], 0.2)))
                value = min(
                    scale.values, key=lambda v: abs(v - (scale.min_value + share * (scale.max_value - scale.min_value)))
                )
                records.append(Answer(f"r{r}", question.id, AnswerKind.VALUE, value, group=group, note=note))
    return answer_set_from_records(records)


def bare_document() -> bytes:
    """One page, one line of text, the same embedded font parsed from its file each time."""
    pdf = FPDF()
    pdf.add_font("dejavu", "", str(FONT_FILES[""]))
    pdf.add_page()
    pdf.set_font("dejavu", size=12)
    pdf.cell(text="Зрілість клієнтського досвіду: їжак, ґанок, є")
    return bytes(pdf.output())


def median_times(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per job over ``runs`` rounds, after one warm-up round.

    Jobs run interleaved, so a busy machine slows all of them alike; CPU time
    (of this process) is printed too because it is far less noisy than wall time.
    """
    samples: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in jobs}
    for round_ in range(runs + 1):
        for name, work in jobs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            if round_:
                samples[name][0].append(time.perf_counter() - wall)
                samples[name][1].append(time.process_time() - cpu)
    return {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in samples.items()}


def main(argv: list[str] | None = None) -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--questionnaire", default="cx-pyramid")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    questionnaire = find_questionnaire(args.questionnaire)
    jobs: dict[str, Callable[[], object]] = {"bare": bare_document}
    for respondents in (1, 200):
        answers = synthetic_answers(questionnaire, respondents)
        card = score_answers(questionnaire, answers)
        jobs[str(respondents)] = functools.partial(
            build_report, card, questionnaire, "uk", organisation="ТОВ «Приклад»", answers=answers, created=CREATED
        )
    results = median_times(jobs, args.runs)
    bare_wall, bare_cpu = results["bare"]
    print(
        f"bare one-page fpdf2 document (DejaVu Sans embedded): {bare_wall * 1000:7.1f} ms wall, {bare_cpu * 1000:7.1f} ms CPU"
    )
    rows = [("bare one-page fpdf2 document, same font", f"{bare_wall * 1000:.0f} ms", "-")]
    for respondents in (1, 200):
        wall, cpu = results[str(respondents)]
        pages = bytes(jobs[str(respondents)]()).count(b"/Type /Page\n")  # type: ignore[arg-type]
        print(
            f"full report, {questionnaire.id}, {respondents:3d} respondent(s), {pages} pages: "
            f"{wall * 1000:7.1f} ms wall = {wall / bare_wall:4.1f}x bare; "
            f"{cpu * 1000:7.1f} ms CPU = {cpu / bare_cpu:4.1f}x bare (goal <= 4x)"
        )
        rows.append(
            (
                f"PDF report, {respondents} respondent(s), {pages} pages",
                f"{wall * 1000:.0f} ms ({wall / bare_wall:.1f}x bare)",
                "<= 4x bare",
            )
        )
    return rows


if __name__ == "__main__":
    main()
