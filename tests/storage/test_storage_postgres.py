"""The same repository round-trip on a throwaway PostgreSQL 15 cluster.

Skipped when the server binaries or psycopg are missing. As root (CI), the
server runs as ``nobody`` through ``runuser``, because initdb refuses root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import QuestionnaireSnapshot, Store, current_revision, upgrade_schema
from cxmaturity.storage.tables import Base
from tests.storage.roundtrip import run_roundtrip

pytestmark = pytest.mark.postgres

PG_BIN = Path(os.environ.get("CXM_PG_BIN", "/usr/lib/postgresql/15/bin"))


@dataclass(frozen=True)
class Cluster:
    port: int
    data: Path | None = None
    options: str = ""
    prefix: tuple[str, ...] = ()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

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
        pytest.skip("running as root and runuser is missing: initdb refuses to run as root")
    return [runuser, "-u", "nobody", "--"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]')")
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
            pytest.fail(f"PostgreSQL did not start:\n{detail[-2000:]}")
        yield Cluster(port, data, options, tuple(prefix))
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def pg_store(cluster: Cluster) -> Iterator[Store]:
    """A store on a fresh, empty database of the cluster."""
    import psycopg

    name = f"cxm_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    store = Store.open(cluster.url(name))
    yield store
    store.dispose()


def test_roundtrip_on_postgresql(pg_store: Store, snapshot: QuestionnaireSnapshot) -> None:
    run_roundtrip(pg_store, snapshot)


def test_postgresql_schema_matches_models_and_upgrade_is_idempotent(pg_store: Store) -> None:
    upgrade_schema(pg_store.engine)
    from cxmaturity.storage.database import SHIPPED_HEAD

    assert current_revision(pg_store.engine) == SHIPPED_HEAD
    with pg_store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_postgresql_upsert_and_persistence(cluster: Cluster, pg_store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = pg_store.create_assessment("Acme", snapshot, "Check", "uk")
    me = pg_store.self_respondent(record.id).id
    for value in (1, 3, 2.5):
        pg_store.save_answer(me, "base.cx.a", "value", value, note="Ґанок і їжак")
    url = pg_store.engine.url.render_as_string(hide_password=False)
    pg_store.dispose()
    reopened = Store.open(url)
    assert reopened.load_answers(record.id) == [Answer("self", "base.cx.a", AnswerKind.VALUE, 2.5, note="Ґанок і їжак")]
    reopened.dispose()
