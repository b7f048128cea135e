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
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cxmaturity.storage.records import StorageUnavailableError

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest migration shipped in migrations/versions (a test keeps it equal to Alembic's head).
#: Knowing it lets a start-up on an up-to-date database skip importing Alembic (~0.3 s).
SHIPPED_HEAD = "0013_measured"

#: Environment variable naming the data folder (default ``./data``).
DATA_DIR_ENV = "CXM_DATA_DIR"
#: Environment variable with a full SQLAlchemy URL; overrides the data folder.
DATABASE_URL_ENV = "CXM_DATABASE_URL"
#: Environment variable naming a file whose first line is the database URL (a secrets file).
DATABASE_URL_FILE_ENV = "CXM_DATABASE_URL_FILE"
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
    """The database URL: ``CXM_DATABASE_URL`` if set, else the first line of the file named by
    ``CXM_DATABASE_URL_FILE`` (a container secret: the password stays out of the environment and
    the image), else SQLite in the data folder.

    The data folder is only created when the SQLite default is used. A secret file that cannot
    be read raises ``ValueError`` naming the file and the variable.
    """
    explicit = (env.get(DATABASE_URL_ENV) or "").strip()
    if explicit:
        return explicit
    secret_file = (env.get(DATABASE_URL_FILE_ENV) or "").strip()
    if secret_file:
        try:
            lines = Path(secret_file).read_text(encoding="utf-8").strip().splitlines()
        except OSError as error:
            raise ValueError(
                f"{DATABASE_URL_FILE_ENV} names {secret_file}, which cannot be read ({error.strerror}): "
                "mount the secret there or unset the variable"
            ) from error
        if not lines or not lines[0].strip():
            raise ValueError(f"{secret_file} (named by {DATABASE_URL_FILE_ENV}) is empty: write the database URL in it")
        return lines[0].strip()
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


# SQLite's words for a file it cannot write now: the disk is full, the file or its folder is
# read-only, the folder went away. Anything else (a missing table, a bad query) is a bug, not an outage.
_SQLITE_OUTAGES = (
    "database or disk is full",
    "readonly database",
    "disk i/o error",
    "unable to open database file",
    "database is locked",
)


def is_outage(context: ExceptionContext) -> bool:
    """True when a failed statement or connection means the database is unreachable or unwritable
    right now (rather than a bug): a dropped connection, a PostgreSQL server restarting, shutting
    down, out of disk or refusing connections, or a SQLite file on a full or read-only disk."""
    if context.is_disconnect:
        return True
    if not isinstance(context.sqlalchemy_exception, OperationalError):
        return False
    if context.dialect is not None and context.dialect.name == "sqlite":
        message = str(context.original_exception).lower()
        return any(words in message for words in _SQLITE_OUTAGES)
    # psycopg raises OperationalError for connection failures (SQLSTATE class 08), operator
    # intervention such as a shutdown or a server still starting (57), and a full disk (53).
    return True


def _raise_outage(context: ExceptionContext) -> None:
    # Turn an outage into one error the UI can say plainly ("not saved, retrying"); the pool has
    # already been told about a dropped connection, so the next call reconnects. A pre-ping is
    # left alone: SQLAlchemy answers a failed ping by opening a fresh connection itself.
    if context.is_pre_ping or not is_outage(context):
        return
    # The message is read by people (English pages show it as it is): the driver's words stay in
    # the chained cause, for the log.
    raise StorageUnavailableError(
        "the database cannot be reached or written right now", "deploy.storage_unavailable"
    ) from context.original_exception


def create_engine_for(url: str) -> Engine:
    """Create an engine for ``url``; SQLite connections get WAL, busy timeout and foreign keys.

    For a SQLite file the parent folder is created if missing. On every engine a database that
    cannot be reached or written right now raises :class:`StorageUnavailableError` (see
    :func:`is_outage`) instead of a driver error, so callers can keep the data and try again.
    """
    if not _is_sqlite(url):
        # pre_ping: a long-running app outlives server restarts and idle timeouts.
        engine = create_engine(url, pool_pre_ping=True)
    else:
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "handle_error", _raise_outage)
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
