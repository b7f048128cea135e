"""Two app servers on one PostgreSQL database: nothing one of them keeps goes stale in the other.

Each server is a ``Store`` with its own engine and pool, as two processes have. What one writes,
the other sees at its next call: answers (and the fingerprint its results cache is keyed on),
sign-in lockouts and sessions. Several servers starting together upgrade the schema once.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest

import cxmaturity.storage.answers
from cxmaturity.storage import QuestionnaireSnapshot, Store, current_revision, upgrade_schema
from cxmaturity.storage.database import SHIPPED_HEAD, create_engine_for
from cxmaturity.storage.tables import utc_now
from tests.storage.test_storage_postgres import Cluster, cluster, pg_store  # noqa: F401 - fixtures

pytestmark = pytest.mark.postgres
PASSWORD = "a long password of twelve+"


@pytest.fixture()
def server_b(pg_store: Store) -> Iterator[Store]:  # noqa: F811
    """A second server's store on the same database as ``pg_store`` (server A)."""
    other = Store.open(pg_store.engine.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


def test_an_answer_saved_through_a_shows_on_b_at_its_next_call(
    pg_store: Store,  # noqa: F811
    server_b: Store,
    snapshot: QuestionnaireSnapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = pg_store.create_assessment("Acme", snapshot, "Two servers", "en")
    olena = pg_store.add_respondent(record.id, "Olena", group="front line")
    before = server_b.answers_fingerprint(record.id)
    pg_store.save_answer(olena.id, "base.cx.a", "value", 4)
    after = server_b.answers_fingerprint(record.id)
    assert after != before
    assert server_b.load_respondent_answers(olena.id)["base.cx.a"].value == 4.0
    # A swap of two answers (same count, same sum, same highest id) saved by a server whose clock
    # is a minute behind (so the latest save time does not move either) still moves the fingerprint.
    pg_store.save_answer(olena.id, "base.ex.b", "value", 1)
    pg_store.save_answer(olena.id, "top.cx.c", "value", 2)  # the latest save time from now on
    settled = server_b.answers_fingerprint(record.id)
    behind = utc_now() - timedelta(minutes=1)
    monkeypatch.setattr(cxmaturity.storage.answers, "utc_now", lambda: behind)
    server_b.save_answer(olena.id, "base.cx.a", "value", 1)
    server_b.save_answer(olena.id, "base.ex.b", "value", 4)
    monkeypatch.undo()
    assert server_b.answers_fingerprint(record.id) != settled
    assert {q: a.value for q, a in pg_store.load_respondent_answers(olena.id).items()} == {
        "base.cx.a": 1.0,
        "base.ex.b": 4.0,
        "top.cx.c": 2.0,
    }
    pg_store.set_submitted(olena.id)
    assert server_b.list_respondents(record.id)[-1].submitted_at is not None


def test_a_lockout_earned_on_a_holds_on_b_and_a_session_ended_on_a_ends_on_b(
    pg_store: Store,  # noqa: F811
    server_b: Store,
) -> None:
    pg_store.create_user("ann@example.com", "consultant", password=PASSWORD)
    signed_in = pg_store.sign_in("ann@example.com", PASSWORD, "10.0.0.1")
    assert signed_in.secret is not None
    assert server_b.resume_session(signed_in.secret, "10.0.0.1") is not None  # B knows A's session
    pg_store.sign_out(signed_in.secret)
    assert server_b.resume_session(signed_in.secret, "10.0.0.1") is None  # ended on A, refused on B

    # Five wrong passwords split between the two servers lock the account on both.
    for attempt in range(5):
        server = pg_store if attempt % 2 == 0 else server_b
        assert server.sign_in("ann@example.com", "wrong password!!", "10.0.0.2").refusal in ("invalid", "locked")
    assert server_b.sign_in("ann@example.com", PASSWORD, "10.0.0.3").refusal == "locked"
    assert pg_store.sign_in("ann@example.com", PASSWORD, "10.0.0.3").refusal == "locked"


def test_servers_starting_together_upgrade_the_schema_once(cluster: Cluster) -> None:  # noqa: F811
    name = f"cxm_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    engines = [create_engine_for(cluster.url(name)) for _ in range(3)]
    start = threading.Barrier(len(engines))
    failures: list[BaseException] = []

    def start_server(engine) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            upgrade_schema(engine)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=start_server, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert {current_revision(engine) for engine in engines} == {SHIPPED_HEAD}
    with engines[0].connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
    for engine in engines:
        engine.dispose()
