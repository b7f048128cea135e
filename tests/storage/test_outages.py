"""The database out of reach for a moment: the store says so with one error, writes nothing half,
and works again as soon as the database does (no restart of the app).

SQLite: a full disk (``PRAGMA max_page_count`` pinned to the file's size: SQLite's own
"database or disk is full") and a read-only database. PostgreSQL: a connection dropped in the
middle of a save, and the server stopped and started again while answers are being saved.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, event

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import QuestionnaireSnapshot, StorageUnavailableError, Store
from tests.storage.test_storage_postgres import Cluster, cluster, pg_store  # noqa: F401 - fixtures


def _self_id(store: Store, snapshot: QuestionnaireSnapshot) -> tuple[int, int]:
    record = store.create_assessment("Acme", snapshot, "Outage", "en")
    return record.id, store.self_respondent(record.id).id


def _values(store: Store, assessment_id: int) -> dict[str, float | None]:
    return {a.question: a.value for a in store.load_answers(assessment_id)}


def _pin(connection, _record) -> None:  # type: ignore[no-untyped-def]
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")


def pin_sqlite_size(engine: Engine) -> None:
    """From now on the SQLite file cannot grow: every new connection hits SQLite's "disk is full"."""
    engine.dispose()
    event.listen(engine, "connect", _pin)


def unpin_sqlite_size(engine: Engine) -> None:
    """Room on the disk again (new connections have no limit)."""
    event.remove(engine, "connect", _pin)
    engine.dispose()


def test_a_full_disk_on_sqlite_is_an_outage_that_writes_nothing_and_passes(
    tmp_path: Path, snapshot: QuestionnaireSnapshot
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assessment_id, me = _self_id(store, snapshot)
    store.save_answer(me, "base.cx.a", "value", 1)
    pin_sqlite_size(store.engine)
    # Enough new rows to need a new page: the first ones may still fit in the last page's free room.
    with pytest.raises(StorageUnavailableError) as raised:
        for n in range(400):
            store.save_answer(me, f"extra.{n:03d}", "value", 2, note="x" * 200)
    assert raised.value.key == "deploy.storage_unavailable"
    assert "disk is full" in str(raised.value.__cause__)
    failed_at = len(_values(store, assessment_id))
    unpin_sqlite_size(store.engine)
    store.save_answer(me, "base.cx.a", "value", 3)  # the same store works again, no reopening
    found = _values(store, assessment_id)
    assert found["base.cx.a"] == 3.0 and len(found) == failed_at  # the failed save left no half row
    store.dispose()


def test_a_read_only_sqlite_database_is_an_outage(tmp_path: Path, snapshot: QuestionnaireSnapshot) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    assessment_id, me = _self_id(store, snapshot)
    store.save_answer(me, "base.cx.a", "value", 1)
    store.dispose()
    if os.geteuid() != 0:
        # The data folder and the file made read-only, as an operator's mistake would.
        path.chmod(stat.S_IRUSR)
        tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
        url = f"sqlite:///{path}"
    else:
        # root writes through any permission bits: open the same file read-only instead.
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    try:
        read_only = Store.open(url)
        with pytest.raises(StorageUnavailableError) as raised:
            read_only.save_answer(me, "base.cx.a", "value", 4)
        assert "readonly" in str(raised.value.__cause__).lower()
        assert _values(read_only, assessment_id) == {"base.cx.a": 1.0}  # still readable, unchanged
        read_only.dispose()
    finally:
        tmp_path.chmod(stat.S_IRWXU)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _terminate_backends(server: Cluster, database: str) -> int:
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True) as c:
        return len(
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchall()
        )


@pytest.mark.postgres
def test_a_connection_dropped_in_the_middle_of_a_save_is_retried_on_a_fresh_one(
    cluster: Cluster,  # noqa: F811
    pg_store: Store,  # noqa: F811
    snapshot: QuestionnaireSnapshot,
) -> None:
    assessment_id, me = _self_id(pg_store, snapshot)
    database = pg_store.engine.url.database
    assert database is not None
    dropped = []

    @event.listens_for(pg_store.engine, "before_cursor_execute")
    def drop_once(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        # The connection dies after the save has begun (its first statement already ran).
        if statement.startswith("INSERT INTO answer ") and not dropped:
            dropped.append(_terminate_backends(cluster, database))

    pg_store.save_answer(me, "base.cx.a", "value", 2)
    assert dropped and dropped[0] >= 1  # the connection really was cut mid-save
    assert _values(pg_store, assessment_id) == {"base.cx.a": 2.0}


@pytest.mark.postgres
def test_postgresql_restarting_while_answers_are_saved(
    cluster: Cluster,  # noqa: F811
    pg_store: Store,  # noqa: F811
    snapshot: QuestionnaireSnapshot,
) -> None:
    assessment_id, me = _self_id(pg_store, snapshot)
    pg_store.save_answer(me, "base.cx.a", "value", 1)
    cluster.pg_ctl("-m", "fast", "stop")
    try:
        with pytest.raises(StorageUnavailableError):
            pg_store.save_answer(me, "base.cx.b", "value", 2)
        with pytest.raises(StorageUnavailableError):
            pg_store.load_answers(assessment_id)
    finally:
        cluster.pg_ctl("start")
    # The same store reconnects on its own: the pool's dead connections are replaced.
    pg_store.save_answer(me, "base.cx.b", "value", 2)
    assert pg_store.load_answers(assessment_id) == [
        Answer("self", "base.cx.a", AnswerKind.VALUE, 1.0),
        Answer("self", "base.cx.b", AnswerKind.VALUE, 2.0),
    ]
