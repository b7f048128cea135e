"""The same repository round-trip on a throwaway PostgreSQL 15 cluster (tests/storage/pg_cluster.py).

Skipped, with the reason, when the server binaries or psycopg are missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import QuestionnaireSnapshot, Store, current_revision, upgrade_schema
from cxmaturity.storage.tables import Base
from tests.storage.pg_cluster import Cluster, ClusterUnavailable, throwaway_cluster, unavailable_reason
from tests.storage.roundtrip import run_roundtrip

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A throwaway cluster for the module; skipped, with the reason, where one cannot be started."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    try:
        with throwaway_cluster() as started:
            yield started
    except ClusterUnavailable as missing:
        pytest.skip(str(missing))


@pytest.fixture()
def pg_store(cluster: Cluster) -> Iterator[Store]:
    """A store on a fresh, empty database of the cluster."""
    store = Store.open(cluster.create_database())
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
