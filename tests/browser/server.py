"""Start the real app (`streamlit run app.py`) on a free loopback port with its own data folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


#: The log files of the apps running right now (a failed test copies them beside its screenshots).
RUNNING_LOGS: list[Path] = []


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(url: str, timeout: float = 40.0) -> float:
    """Poll Streamlit's health endpoint; return the seconds it took. Raises TimeoutError."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"the app did not answer at {url} within {timeout:.0f} s")


@contextmanager
def running_app(
    data_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[tuple[str, Path]]:
    """Run the app in a subprocess; yield (base URL, data folder); stop it afterwards.

    ``port`` fixes the port (an OIDC redirect address must be known before the app starts);
    ``extra_args`` go to ``streamlit run`` (for example ``--secrets.files``).
    """
    folder = data_dir or Path(tempfile.mkdtemp(prefix="cxm-browser-"))
    port = port or free_port()
    env = {
        **os.environ,
        "CXM_DATA_DIR": str(folder),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    env.pop("CXM_DATABASE_URL", None)
    if "CXM_MODE" not in (extra_env or {}):
        env.pop("CXM_MODE", None)  # personal mode unless a journey asks for team mode
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", *(extra_args or []),
    ]  # fmt: skip
    log = open(folder / "server.log", "w")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    RUNNING_LOGS.append(folder / "server.log")
    try:
        wait_until_healthy(url)
        yield url, folder
    finally:
        RUNNING_LOGS.remove(folder / "server.log")
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def start_app_process(folder: Path, extra_env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """Start the app as a process the caller owns (to kill it, or read its memory); returns (process,
    base URL) once it is healthy. ``extra_env`` may name a database (``CXM_DATABASE_URL_FILE``);
    every other ``CXM_`` variable of this process is left out. The caller stops the process."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXM_")}
    env |= {"CXM_DATA_DIR": str(folder), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **extra_env}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = open(folder / f"server-{port}.log", "w")  # noqa: SIM115 - the process keeps it
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, timeout=90)
    except TimeoutError:
        process.kill()
        raise
    return process, url


def stop_app_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a process of :func:`start_app_process` (if it still runs)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def prepare_consultant_assessment(folder: Path) -> str:
    """A consultant's assessment in the app's database at ``folder``; returns its key.

    Nine respondents in three groups answered every question (different values per question,
    group and person) and submitted, so every chart of Results, Groups and Roadmap has data.
    """
    from cxmaturity.core.registry import builtin_dir
    from cxmaturity.storage import SQLITE_FILE_NAME, QuestionnaireSnapshot, Store

    store = Store.open(f"sqlite:///{folder / SQLITE_FILE_NAME}")
    try:
        snapshot = QuestionnaireSnapshot.from_file(builtin_dir() / "cx-pyramid" / "questionnaire.yaml")
        record = store.create_assessment("Contoso Bank", snapshot, "Baseline", "en")
        questions = store.load_questionnaire(record.id).questions
        for g, group in enumerate(("executives", "managers", "front line")):
            for n in range(3):
                respondent = store.add_respondent(record.id, f"{group} {n}", group=group)
                for i, question in enumerate(questions):
                    store.save_answer(respondent.id, question.id, "value", (i + g * 2 + n) % 5)
                store.set_submitted(respondent.id)
        return record.key
    finally:
        store.dispose()
