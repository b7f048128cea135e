"""A throwaway PostgreSQL cluster from the local server binaries (tests and the load benchmark).

``initdb -A trust --no-sync`` and ``pg_ctl start`` on a free loopback port: ready in about a
second. As root (CI), the server runs as ``nobody`` through ``runuser``, because initdb refuses root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("CXM_PG_BIN", "/usr/lib/postgresql/15/bin"))


class ClusterUnavailable(RuntimeError):
    """The binaries, psycopg or a way to run them as a non-root user are missing (the reason says which)."""


@dataclass(frozen=True)
class Cluster:
    port: int
    data: Path | None = None
    options: str = ""
    prefix: tuple[str, ...] = ()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"cxm_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *arguments: str) -> None:
        """Run ``pg_ctl`` on this cluster (``"stop"``, ``"start"``...): the fault tests restart it."""
        assert self.data is not None
        log = self.data.parent / "server.log"
        subprocess.run(
            [*self.prefix, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", self.options, "-l", str(log), "-w",
             "-t", "60", *arguments],
            check=True, capture_output=True, timeout=90,
        )  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user() -> list[str]:
    """Command prefix that runs the server tools as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ClusterUnavailable("running as root and runuser is missing: initdb refuses to run as root")
    return [runuser, "-u", "nobody", "--"]


def unavailable_reason() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN}"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    return None


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """Start a cluster, yield it, stop it and delete its files. Raises :class:`ClusterUnavailable`."""
    reason = unavailable_reason()
    if reason is not None:
        raise ClusterUnavailable(reason)
    prefix = _as_server_user()
    # Not pytest's tmp_path: its parents are private to root, so nobody could not reach it.
    folder = Path(tempfile.mkdtemp(prefix="cxm-pg-"))
    if prefix:
        shutil.chown(folder, user="nobody")
    data, log = folder / "data", folder / "server.log"
    port = _free_port()
    try:
        subprocess.run(
            [*prefix, str(PG_BIN / "initdb"), "-A", "trust", "--no-sync", "-U", "postgres", "-E", "UTF8",
             "--locale=C", "-D", str(data)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60",
             "start"],
            capture_output=True, timeout=90,
        )  # fmt: skip
        if started.returncode != 0:
            detail = log.read_text(errors="replace") if log.exists() else started.stderr.decode(errors="replace")
            raise RuntimeError(f"PostgreSQL did not start:\n{detail[-2000:]}")
        yield Cluster(port, data, options, tuple(prefix))
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
