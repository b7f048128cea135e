"""Where a click's time goes inside the app server: timestamps the load benchmark reads afterwards.

Loaded by Python at start-up only in the server that ``benchmarks/bench_load.py`` starts (this folder
on its ``PYTHONPATH``, ``CXM_LOAD_TRACE`` naming the file to write); never in the app itself. One line
per event, "what session time [figures]", on the clock the benchmark uses too (``perf_counter``):

- ``recv``: a message from the browser reached the session (on the event loop);
- ``start``: a script run (page or fragment) began on the session's script thread;
- ``finished``: its "script finished" message was queued for the browser, and how many messages the
  run queued in all;
- ``sent``: that message left the queue for the websocket (the event loop got round to it);
- ``gc``: Streamlit's full garbage collection after a run (``runner.postScriptGC``), wall and CPU;
- ``lag``: how late the event loop woke for a 10 ms timer (it cannot send while another thread holds
  Python's lock or while it is busy itself).
"""

from __future__ import annotations

import os
import threading
import time

_PATH = os.environ.get("CXM_LOAD_TRACE")


def _install(path: str) -> None:
    import asyncio
    import gc
    import types

    from streamlit.runtime import app_session, runtime
    from streamlit.runtime.scriptrunner import script_runner

    out = open(path, "a", buffering=1)  # noqa: SIM115 - open for the server's life
    lock = threading.Lock()
    queued: dict[str, int] = {}

    def log(*fields: object) -> None:
        with lock:
            out.write(" ".join(str(f) for f in fields) + "\n")

    session_class, runtime_class, runner_class = app_session.AppSession, runtime.Runtime, script_runner.ScriptRunner
    handle, enqueue, send = (
        session_class.handle_backmsg,
        session_class._enqueue_forward_msg,
        runtime_class._send_message,
    )
    install_loop, main_loop = runner_class._install_event_loop, runtime_class._loop_coroutine

    def handle_backmsg(self, msg):  # type: ignore[no-untyped-def]
        log("recv", self.id, time.perf_counter())
        return handle(self, msg)

    def enqueue_forward_msg(self, msg):  # type: ignore[no-untyped-def]
        queued[self.id] = queued.get(self.id, 0) + 1
        if msg.WhichOneof("type") == "script_finished":
            log("finished", self.id, time.perf_counter(), queued.pop(self.id, 0))
        return enqueue(self, msg)

    def send_message(self, info, msg):  # type: ignore[no-untyped-def]
        if msg.WhichOneof("type") == "script_finished":
            log("sent", info.session.id, time.perf_counter())
        return send(self, info, msg)

    def install_event_loop(self):  # type: ignore[no-untyped-def]
        log("start", self._session_id, time.perf_counter())  # each run of the script thread begins here
        return install_loop(self)

    def collect(*args):  # type: ignore[no-untyped-def]
        began, cpu = time.perf_counter(), time.thread_time()
        try:
            return gc.collect(*args)
        finally:
            log("gc", "-", began, time.perf_counter() - began, time.thread_time() - cpu)

    async def loop_coroutine(self):  # type: ignore[no-untyped-def]
        async def ticker() -> None:
            while True:
                began = time.perf_counter()
                await asyncio.sleep(0.01)
                log("lag", "-", began, time.perf_counter() - began - 0.01)

        task = asyncio.ensure_future(ticker())
        try:
            return await main_loop(self)
        finally:
            task.cancel()

    session_class.handle_backmsg, session_class._enqueue_forward_msg = handle_backmsg, enqueue_forward_msg
    runtime_class._send_message, runtime_class._loop_coroutine = send_message, loop_coroutine
    runner_class._install_event_loop = install_event_loop
    script_runner.gc = types.SimpleNamespace(collect=collect)  # the module's own name for gc


if _PATH:
    _install(_PATH)
