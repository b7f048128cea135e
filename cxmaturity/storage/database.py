"""Where the database lives, how connections are tuned, and schema upgrades.

SQLite in the data folder is the default so the app runs with no server;
``CXM_DATABASE_URL`` points it at any SQLAlchemy URL (PostgreSQL in production).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest migration shipped in migrations/versions (a test keeps it equal to Alembic's head).
#: Knowing it lets a start-up on an up-to-date database skip importing Alembic (~0.3 s).
SHIPPED_HEAD = "0008_deliverable"

#: Environment variable naming the data folder (default ``./data``).
DATA_DIR_ENV = "CXM_DATA_DIR"
#: Environment variable with a full SQLAlchemy URL; overrides the data folder.
DATABASE_URL_ENV = "CXM_DATABASE_URL"
#: File name of the embedded database inside the data folder.
SQLITE_FILE_NAME = "cxmaturity.sqlite3"
#: How long a SQLite connection waits for another writer before giving up.
BUSY_TIMEOUT_MS = 5000

# Arbitrary constant naming our PostgreSQL advisory lock ("cxm" in ASCII).
_MIGRATION_LOCK_ID = 0x63786D

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The data folder from ``CXM_DATA_DIR`` (default ``./data``), created if missing."""
    folder = Path(env.get(DATA_DIR_ENV) or "data").expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """The database URL: ``CXM_DATABASE_URL`` if set, else SQLite in the data folder.

    The data folder is only created when the SQLite default is used.
    """
    explicit = (env.get(DATABASE_URL_ENV) or "").strip()
    if explicit:
        return explicit
    path = data_dir(env) / SQLITE_FILE_NAME
    return f"sqlite:///{path.resolve().as_posix()}"


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _tune_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # WAL lets readers and one writer work at once (without it a page that reads
    # stalls every save); NORMAL sync in WAL mode still survives a process crash;
    # foreign keys are off by default in SQLite and our cascades rely on them.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def create_engine_for(url: str) -> Engine:
    """Create an engine for ``url``; SQLite connections get WAL, busy timeout and foreign keys.

    For a SQLite file the parent folder is created if missing.
    """
    if not _is_sqlite(url):
        # pre_ping: a long-running app outlives server restarts and idle timeouts.
        return create_engine(url, pool_pre_ping=True)
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _tune_sqlite)
    return engine


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at run time)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (default: the newest); harmless when already there.

    The upgrade holds a database-wide lock (SQLite: ``BEGIN IMMEDIATE``;
    PostgreSQL: an advisory lock), so two processes starting at once take turns
    instead of both creating the tables.
    """
    if revision == "head" and _stored_revision(engine) == SHIPPED_HEAD:
        return  # already up to date: the common case of every start after the first
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            # Several app replicas starting together: one migrates, the others wait.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def _stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version`` read with plain SQL (None when there is no such table)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
