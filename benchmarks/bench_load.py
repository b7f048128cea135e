"""Many respondents answering at once through real Streamlit sessions, on SQLite and on PostgreSQL.

One app server; N respondents (N = 1, then 10, 25, 50) open their personal links and answer the first
level's questions at the same time. Each respondent is a client of Streamlit's own websocket protocol
(``/_stcore/stream``, the protobuf messages the browser sends and receives): browser contexts were
tried first, and 10 chromium tabs on this 2-core machine took the CPUs themselves (load 29, the
server 0.13 cores busy, clicks of 9 s measuring chromium, not the app). A click is what the browser
sends for it: the answer fragment's rerun with the radio's new value and every value set before.
Printed per backend and N:

- p50 and p95 of click-to-saved: from sending the click to the server's "script finished" for that
  fragment run (the save happens in the radio's callback, before the fragment reruns);
- server memory per session: the server's resident memory with the N sessions open, minus before,
  divided by N;
- answers lost: answers whose click came back to the respondent's screen as saved but are not in
  the database afterwards (must be 0).

Also printed, to say where the time goes rather than guess: the load client's own CPU (it drives
every session; if it were a core busy, the figures would be its queue), the server's CPU per click,
and, from a tracer loaded into this benchmark's server only (``benchmarks/load_trace``), each click's
wait for its script thread, its run, its wait to be sent, how late the event loop woke, and any
garbage collection after a run. ``CXM_BENCH_POST_SCRIPT_GC=true`` runs the server with Streamlit's
default full collection after every run, the figures before the fix in ``.streamlit/config.toml``.

Goal (issue 18): at N = 25, p95 at most 4x the single respondent's p95 of the same run, 0 lost.
With py-spy on the PATH the N = 25 run is also sampled, and the share of the server's busy time per
part (Streamlit's rerun machinery, our page code, the database, the websocket) is printed: what
limits it, measured. Figures only, nothing asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.core.registry import builtin_dir
from cxmaturity.storage import SQLITE_FILE_NAME, QuestionnaireSnapshot, Store
from tests.browser.server import start_app_process, stop_app_process

SIZES = (10, 25, 50)
QUESTIONS = 6  # answered per respondent: enough samples (N x 6) without an hour of clicking
#: Seconds a person takes between two clicks, drawn evenly from this range (seeded per respondent).
#: Far quicker than the 24-33 s a question takes in the app's own estimate, so still a stress; the
#: "all at once" wave (no pause at all) is the worst case: every click of every session queued together.
THINK_SECONDS = (2.0, 6.0)
TRACER = Path(__file__).resolve().parent / "load_trace"
BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
QUESTIONNAIRE = load_questionnaire(BUILTIN)
LEVEL = [q.id for q in QUESTIONNAIRE.questions_of(level=QUESTIONNAIRE.levels[0].id)][:QUESTIONS]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _code(respondent: int, position: int) -> str:
    return str((respondent + position) % 5)


class Session:
    """One respondent's Streamlit session over the websocket, as their browser would drive it."""

    def __init__(self, url: str, token: str) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = url
        self.query = f"r={token}"
        self.page_hash = ""
        self.radios: dict[str, tuple[str, list[str], str]] = {}  # user key -> (widget id, options, fragment id)
        self.states: dict[str, object] = {}  # widget id -> WidgetState sent with every rerun
        self.socket = None

    async def open(self) -> None:
        import websockets

        self.socket = await websockets.connect(
            # No keepalive pings: a browser sends none, and on a starved machine a late pong would
            # close the session (the server's own pings are answered by the library as they come).
            self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=None, open_timeout=300,
            ping_interval=None,
        )  # fmt: skip
        await self._run(fragment_id="")

    async def _run(self, fragment_id: str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_script_hash = self.page_hash
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(self.states.values())
        assert self.socket is not None
        await self.socket.send(message.SerializeToString())
        while True:
            received = ForwardMsg()
            received.ParseFromString(await self.socket.recv())
            kind = received.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = self.page_hash or received.new_session.main_script_hash
            elif kind == "navigation":
                self.page_hash = received.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                element = received.delta.new_element
                if element.WhichOneof("type") == "radio":
                    radio = element.radio
                    key = radio.id.split("-", 2)[-1]  # "$$ID-<hash>-<user key>"
                    self.radios[key] = (radio.id, list(radio.options), received.delta.fragment_id)
            elif kind == "script_finished":
                status = received.script_finished
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    return
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the page failed to run")

    async def choose(self, question_id: str, code: str) -> None:
        """Click option ``code`` of a question's radio: a fragment rerun carrying the new value."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget_id, options, fragment_id = self.radios[f"q.{question_id}.value"]
        state = WidgetState(id=widget_id)
        assert code in options, (code, options)  # a scale value's label is the value itself ("0".."4")
        state.string_value = code
        self.states[widget_id] = state
        await self._run(fragment_id)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def _respondent(
    url: str,
    token: str,
    number: int,
    ready,
    go,
    timings: list[float],
    confirmed: list[tuple[int, int]],
    paced: bool,
) -> None:
    session = Session(url, token)
    pauses = random.Random(number)
    try:
        await session.open()
        ready.release()
        await go.wait()
        for position, question in enumerate(LEVEL):
            if paced:
                await asyncio.sleep(pauses.uniform(*THINK_SECONDS))  # reading the question
            began = time.perf_counter()
            await session.choose(question, _code(number, position))
            timings.append(time.perf_counter() - began)
            confirmed.append((number, position))  # the screen came back: the person saw it saved
    finally:
        with suppress(Exception):
            await session.close()


async def _wave(
    url: str, tokens: list[str], pid: int, confirmed: list[tuple[int, int]], paced: bool = True
) -> dict[str, float]:
    timings: list[float] = []
    before = _rss_kib(pid)
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    tasks = [
        asyncio.create_task(_respondent(url, token, n, ready, go, timings, confirmed, paced))
        for n, token in enumerate(tokens)
    ]
    # Every session open and drawn before anyone clicks (a session that fails to open shows below).
    with suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(ready.acquire() for _ in tokens)), timeout=600)
    opened = _rss_kib(pid)
    cpu, began, client_cpu = _cpu_seconds(pid), time.perf_counter(), time.process_time()
    go.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - began
    busy = _cpu_seconds(pid) - cpu
    # This process drives every session: if it were a core busy, the figures would be its queue.
    client_busy = time.process_time() - client_cpu
    failures = [r for r in results if isinstance(r, BaseException)]
    for failure in failures[:3]:
        print(f"  a respondent failed: {type(failure).__name__}: {(str(failure).splitlines() or [''])[0][:160]}")
    ordered = sorted(timings)
    return {
        "p50": statistics.median(ordered) if ordered else float("nan"),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan"),
        "clicks": len(ordered),
        "mib_per_session": (opened - before) / 1024 / len(tokens),
        "server_cores": busy / wall if wall else 0.0,
        "client_cores": client_busy / wall if wall else 0.0,
        "mib_grown_clicking": (_rss_kib(pid) - opened) / 1024,
        "server_cpu_ms_per_click": busy * 1000 / len(ordered) if ordered else float("nan"),
        "began": began,
        "failed": len(failures),
    }


def _prepare(url: str, respondents: int) -> tuple[int, list[tuple[int, str]]]:
    store = Store.open(url)
    try:
        record = store.create_assessment("Load", QuestionnaireSnapshot.from_file(BUILTIN), f"{respondents}", "en")
        people = [store.add_respondent(record.id, f"person {n}", group="staff") for n in range(respondents)]
        return record.id, [(person.id, person.token) for person in people]
    finally:
        store.dispose()


def _lost(url: str, people: list[tuple[int, str]], confirmed: list[tuple[int, int]]) -> int:
    """Answers whose click came back saved on the respondent's screen but are not in the database."""
    store = Store.open(url)
    try:
        found = {
            n: {q: a.code() for q, a in store.load_respondent_answers(rid).items()} for n, (rid, _) in enumerate(people)
        }
        return sum(found[n].get(LEVEL[p]) != _code(n, p) for n, p in confirmed)
    finally:
        store.dispose()


@contextmanager
def _profiled(pid: int, out: Path) -> Iterator[None]:
    """Sample the server with py-spy (all threads, active time only) while the block runs."""
    # py-spy installs beside the interpreter (the venv's bin), which need not be on the PATH.
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        yield
        return
    process = subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--rate", "50", "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        process.send_signal(2)  # SIGINT: py-spy writes its samples and stops
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)


# Where a sample's stack is, by the innermost frame that names one of these parts.
PARTS = (
    ("garbage collection after each run (runner.postScriptGC)", ("_on_script_finished",)),
    ("database (SQLAlchemy, sqlite3, psycopg)", ("sqlalchemy/", "sqlite3", "psycopg/")),
    ("our page code (cxmaturity)", ("cxmaturity/",)),
    ("Streamlit rerun: widgets, deltas, session state", ("streamlit/elements/", "streamlit/runtime/state/",
                                                          "streamlit/delta_generator", "streamlit/runtime/scriptrunner",
                                                          "streamlit/runtime/fragment", "streamlit/navigation",
                                                          "streamlit/commands/")),
    ("sending to browsers (protobuf, websocket, uvicorn)", ("google/protobuf", "streamlit/web/", "starlette/",
                                                            "uvicorn/", "websockets/", "streamlit/runtime/forward_msg",
                                                            "streamlit/runtime/app_session")),
)  # fmt: skip


def profile_shares(raw: Path) -> list[tuple[str, float]]:
    """Share of the sampled busy time per part (innermost matching frame wins; the rest is "other")."""
    totals: Counter[str] = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        part = "other (Python runtime, threads, imports)"
        for frame in reversed(frames):
            hit = next((name for name, marks in PARTS if any(mark in frame for mark in marks)), None)
            if hit is not None:
                part = hit
                break
        totals[part] += int(count)
    whole = sum(totals.values()) or 1
    return [(part, count / whole) for part, count in totals.most_common()]


def _pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def trace_breakdown(trace: Path, since: float) -> list[str]:
    """Where the clicks of one wave spent their time in the server, from ``load_trace``'s events.

    Per fragment run: from the message's arrival to its script starting (waiting for the session's
    script thread), the run itself, and from "script finished" being queued to being sent (waiting for
    the event loop); then how late the event loop woke, and the garbage collection after each run.
    """
    events: dict[str, list[list[str]]] = {}
    for line in trace.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 3 and float(fields[2]) >= since:
            events.setdefault(fields[1], []).append(fields)
    spans: dict[str, list[float]] = {"wait for the script thread": [], "script run": [], "wait to be sent": []}
    messages: list[int] = []
    for session, rows in events.items():
        if session == "-":
            continue
        for i, row in enumerate(rows):
            if row[0] != "recv":
                continue
            nearest: dict[str, list[str]] = {}
            for later in rows[i + 1 :]:
                nearest.setdefault(later[0], later)
                if later[0] in ("sent", "recv"):
                    break
            if {"start", "finished", "sent"} <= nearest.keys():
                arrived, started = float(row[2]), float(nearest["start"][2])
                finished, sent = float(nearest["finished"][2]), float(nearest["sent"][2])
                spans["wait for the script thread"].append(started - arrived)
                spans["script run"].append(finished - started)
                spans["wait to be sent"].append(sent - finished)
                messages.append(int(nearest["finished"][3]))
    lines = [
        f"{name}: p50 {statistics.median(values) * 1000:.0f} ms, p95 {_pct(values, 0.95) * 1000:.0f} ms"
        for name, values in spans.items()
        if values
    ]
    if messages:
        lines.append(f"messages sent per run: p50 {statistics.median(messages):.0f}")
    shared = events.get("-", [])
    lags = [float(row[3]) for row in shared if row[0] == "lag"]
    if lags:
        lines.append(f"event loop late: p95 {_pct(lags, 0.95) * 1000:.0f} ms, longest {max(lags) * 1000:.0f} ms")
    collections = [(float(row[3]), float(row[4])) for row in shared if row[0] == "gc"]
    if collections:
        lines.append(
            f"gc.collect(2) after a run ({len(collections)} in the wave): p50 "
            f"{statistics.median(c for _, c in collections) * 1000:.0f} ms CPU "
            f"({statistics.median(w for w, _ in collections) * 1000:.0f} ms wall), "
            f"{sum(c for _, c in collections):.1f} s CPU in all"
        )
    return lines


def run_backend(name: str, url: str, data: Path, sizes: tuple[int, ...]) -> list[tuple[str, str, str]]:
    """One server on ``url``; N = 1 then each of ``sizes``; rows for the table."""
    url_file = data / "database_url"
    url_file.write_text(url, encoding="utf-8")
    Store.open(url).dispose()  # schema in place before the server starts
    trace = data / "trace.txt"
    server_env = {
        "CXM_DATABASE_URL_FILE": str(url_file),
        # Timestamps of each click's way through the server (benchmarks/load_trace, this run only).
        "PYTHONPATH": os.pathsep.join(filter(None, (str(TRACER), os.environ.get("PYTHONPATH")))),
        "CXM_LOAD_TRACE": str(trace),
    }
    if os.environ.get("CXM_BENCH_POST_SCRIPT_GC"):
        # The figures before the fix: Streamlit's default full collection after every run.
        server_env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = os.environ["CXM_BENCH_POST_SCRIPT_GC"]
    process, app = start_app_process(data, server_env)
    rows: list[tuple[str, str, str]] = []
    try:
        # One session first, unmeasured: the first run in a process imports the page code and fills
        # the caches (about 120 MiB), which is the server's cost, not a session's.
        asyncio.run(_wave(app, [token for _, token in _prepare(url, 1)[1]], process.pid, []))
        baseline = None
        waves = [(n, True) for n in (1, *sizes)] + [(n, False) for n in sizes if n == 25]
        for n, paced in waves:
            _, people = _prepare(url, n)
            raw = data / f"profile-{name}-{n}-{'paced' if paced else 'at-once'}.txt"
            with _profiled(process.pid, raw) if n == 25 else nullcontext():
                confirmed: list[tuple[int, int]] = []
                figures = asyncio.run(_wave(app, [token for _, token in people], process.pid, confirmed, paced))
            lost = _lost(url, people, confirmed)
            pace = "at a person's pace" if paced else "all at once"
            print(
                f"{name} N={n} ({pace}), load average {os.getloadavg()[0]:.1f}: p50 {figures['p50'] * 1000:.0f} ms, "
                f"p95 {figures['p95'] * 1000:.0f} ms, {figures['clicks']} clicks, "
                f"{figures['mib_per_session']:.1f} MiB/session ({figures['mib_grown_clicking']:+.0f} MiB while "
                f"clicking), server {figures['server_cores']:.2f} cores busy "
                f"({figures['server_cpu_ms_per_click']:.0f} ms CPU per click), load client "
                f"{figures['client_cores']:.2f} cores, {figures['failed']} respondents failed, {lost} lost"
            )
            if trace.exists():
                for line in trace_breakdown(trace, figures["began"]):
                    print(f"  in the server: {line}")
            if raw.exists():
                for part, share in profile_shares(raw):
                    print(f"  profile N={n}: {share:5.1%} {part}")
            if n == 1:
                baseline = figures["p95"]
            goal = "—" if n == 1 else ("p95 <= 4x N=1, 0 lost" if n == 25 and paced else "0 lost")
            ratio = f" ({figures['p95'] / baseline:.1f}x N=1)" if baseline and n > 1 else ""
            rows.append(
                (
                    f"load, {name}, {n} respondent(s) {pace}: click to saved p50 / p95; MiB per session; lost",
                    f"{figures['p50'] * 1000:.0f} / {figures['p95'] * 1000:.0f} ms{ratio}; "
                    f"{figures['mib_per_session']:.1f} MiB; {lost} lost"
                    + (f"; {figures['failed']} sessions failed" if figures["failed"] else ""),
                    goal,
                )
            )
            if figures["failed"]:
                print(f"{name}: stopped after N={n}: sessions failed (see above)")
                break
    finally:
        stop_app_process(process)
    return rows


def main(sizes: tuple[int, ...] = SIZES) -> list[tuple[str, str, str]]:
    """Print and return the load figures for SQLite and (where its binaries are) PostgreSQL."""
    before = os.getloadavg()[0]
    print(f"load average before: {before:.1f}")
    rows: list[tuple[str, str, str]] = []
    folder = Path(tempfile.mkdtemp(prefix="cxm-load-sqlite-"))
    rows += run_backend("SQLite", f"sqlite:///{folder / SQLITE_FILE_NAME}", folder, sizes)
    from tests.storage.pg_cluster import throwaway_cluster, unavailable_reason

    reason = unavailable_reason()
    if reason is not None:
        print(f"PostgreSQL skipped: {reason}")
        rows.append(("load, PostgreSQL", f"skipped ({reason})", ""))
    else:
        with throwaway_cluster() as cluster:
            folder = Path(tempfile.mkdtemp(prefix="cxm-load-pg-"))
            rows += run_backend("PostgreSQL", cluster.create_database(), folder, sizes)
    after = os.getloadavg()[0]
    print(f"load average after: {after:.1f}")
    # The figures mean little on a machine busy with other work: say how busy it was.
    rows.append(
        ("load benchmark: the machine's 1-minute load average", f"{before:.1f} before, {after:.1f} after", "< 3")
    )
    return rows


if __name__ == "__main__":
    main(tuple(int(n) for n in sys.argv[1:]) or SIZES)
