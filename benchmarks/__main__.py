"""`python -m benchmarks [--write docs/benchmarks.md]`: run every benchmark and print one table.

Each `bench_*.py` module has a `main()` that prints its own details and returns rows
(figure, median, goal). Figures are printed, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import pkgutil
import traceback
from pathlib import Path

import benchmarks
from benchmarks.common import machine


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--write", metavar="FILE.md", help="also write the table as Markdown")
    parser.add_argument("--only", help="run only the bench_<NAME> module")
    arguments = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    for name in names:
        if arguments.only and name != f"bench_{arguments.only}":
            continue
        print(f"\n== {name}")
        try:
            result = importlib.import_module(f"benchmarks.{name}").main()
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            rows.append((name, "failed", ""))
            continue
        rows.extend(result or [])
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; medians of repeated runs.",
        "",
        "| figure | median | goal |",
        "|---|---|---|",
        *[f"| {figure} | {value} | {goal} |" for figure, value, goal in rows],
    ]
    print("\n" + "\n".join(lines))
    if arguments.write:
        Path(arguments.write).write_text(
            "# Benchmarks\n\n`make bench` regenerates this page.\n\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
