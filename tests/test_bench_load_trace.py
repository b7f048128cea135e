"""The load benchmark's reading of its server trace (benchmarks/load_trace): spans worked out by hand."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_load import trace_breakdown


def test_each_click_is_split_into_its_waits_and_its_run(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    trace.write_text(
        "\n".join(
            [
                "recv s1 9.000",  # before the wave: left out
                "start s1 9.010",
                "finished s1 9.020 3",
                "sent s1 9.030",
                "recv s1 10.000",
                "recv s2 10.050",
                "start s1 10.010",
                "start s2 10.060",
                "finished s1 10.110 150",
                "lag - 10.200 0.030",
                "gc - 10.200 0.500 0.125",
                "sent s1 10.130",
                "lag - 10.300 0.005",
                "finished s2 10.360 170",
                "sent s2 10.560",
            ]
        ),
        encoding="utf-8",
    )
    # s1: waited 10 ms for its thread, ran 100 ms, waited 20 ms to be sent;
    # s2: 10 ms, 300 ms, 200 ms. Medians of two are their mean; the p95 of two is the larger.
    assert trace_breakdown(trace, since=10.0) == [
        "wait for the script thread: p50 10 ms, p95 10 ms",
        "script run: p50 200 ms, p95 300 ms",
        "wait to be sent: p50 110 ms, p95 200 ms",
        "messages sent per run: p50 160",
        "event loop late: p95 30 ms, longest 30 ms",
        "gc.collect(2) after a run (1 in the wave): p50 125 ms CPU (500 ms wall), 0.1 s CPU in all",
    ]


def test_a_click_whose_answer_never_left_is_not_counted(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    trace.write_text("recv s1 1.0\nstart s1 1.1\nfinished s1 1.2 5\n", encoding="utf-8")
    assert trace_breakdown(trace, since=0.0) == []
