"""The child processes that parse XLSX files: forked from a one-thread server, refusals located."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cxmaturity.files import isolated
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.isolated import run_isolated

ROOT = Path(__file__).resolve().parents[1]


def threads_of_the_parent() -> list[str]:
    """In a child: the thread names of the process it was forked from (the forkserver)."""
    tasks = Path(f"/proc/{os.getppid()}/task")
    return sorted((task / "comm").read_text().strip() for task in tasks.iterdir())


def refuse_row_seven(name: str) -> None:
    raise InputError([LocatedError(name, 7, "score", "not a number")])


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads thread names from Linux's /proc")
def test_readers_are_forked_from_a_server_with_a_single_thread() -> None:
    # pandas alone starts OpenBLAS's workers and pyarrow's jemalloc thread; a fork from a process
    # with those threads can hang on a lock one of them held (a CI run waited 120 s for a child).
    assert run_isolated(threads_of_the_parent, (), "map.xlsx") == ["python"]


def test_a_child_does_not_run_the_servers_main_script_again(tmp_path: Path) -> None:
    # The app's main script is streamlit's launcher; running it again in every child imported all
    # of Streamlit for each XLSX upload. Each run of this script leaves a file named by its pid.
    script = tmp_path / "main_script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os
            from pathlib import Path
            Path({str(tmp_path)!r}, "ran-in-" + str(os.getpid())).touch()
            if __name__ == "__main__":
                from cxmaturity.files.isolated import run_isolated
                print(run_isolated(os.getpid, (), "map.xlsx"))
            """
        )
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    child = int(done.stdout.strip())
    runs = sorted(path.name for path in tmp_path.glob("ran-in-*"))
    assert f"ran-in-{child}" not in runs and len(runs) == 1


def test_a_located_refusal_in_the_child_comes_back_as_it_is() -> None:
    with pytest.raises(InputError) as refused:
        run_isolated(refuse_row_seven, ("answers.xlsx",), "answers.xlsx")
    assert [str(error) for error in refused.value.errors] == ["answers.xlsx:7: score: not a number"]


def test_a_reader_that_crashes_becomes_a_refusal_naming_the_file() -> None:
    with pytest.raises(InputError) as refused:
        run_isolated(os.abort, (), "broken.xlsx")
    (error,) = refused.value.errors
    assert error.file == "broken.xlsx" and "the reader stopped" in error.message


def test_a_reader_that_never_ends_is_stopped_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "CHILD_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        run_isolated(time.sleep, (600,), "slow.xlsx")
    (error,) = refused.value.errors
    assert error.file == "slow.xlsx" and "took longer than" in error.message
    assert time.monotonic() - started < 300  # the child was killed, not waited for its 600 s
