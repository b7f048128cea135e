"""Database location, connection tuning and migrations."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from cxmaturity.storage import (
    QuestionnaireSnapshot,
    Store,
    create_engine_for,
    current_revision,
    database_url,
    head_revision,
    upgrade_schema,
)
from cxmaturity.storage.database import MIGRATIONS_DIR, alembic_config
from cxmaturity.storage.tables import Base

TABLES = {"organisation", "assessment", "respondent", "answer", "roadmap_action"}


def test_default_url_is_sqlite_in_the_data_folder_which_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "nested" / "data"
    url = database_url({"CXM_DATA_DIR": str(folder)})
    assert url == f"sqlite:///{(folder / 'cxmaturity.sqlite3').resolve().as_posix()}"
    assert folder.is_dir()


def test_data_folder_defaults_to_data_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert database_url({}) == f"sqlite:///{(tmp_path / 'data' / 'cxmaturity.sqlite3').resolve().as_posix()}"
    assert (tmp_path / "data").is_dir()


def test_database_url_overrides_and_creates_no_folder(tmp_path: Path) -> None:
    folder = tmp_path / "unused"
    env = {"CXM_DATA_DIR": str(folder), "CXM_DATABASE_URL": "postgresql://cx@db.example/cx"}
    assert database_url(env) == "postgresql://cx@db.example/cx"
    assert not folder.exists()


def test_sqlite_connections_are_tuned(sqlite_url: str) -> None:
    engine = create_engine_for(sqlite_url)
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    # synchronous: 1 = NORMAL
    assert pragma == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 5000, "foreign_keys": 1}


def test_upgrade_creates_every_table_and_is_idempotent(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    from cxmaturity.storage.database import SHIPPED_HEAD

    assert current_revision(store.engine) == head_revision() == SHIPPED_HEAD
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    record = store.create_assessment("Acme", snapshot, "Check", "en")
    upgrade_schema(store.engine)
    upgrade_schema(store.engine)
    assert current_revision(store.engine) == head_revision()
    assert store.find_assessment_by_key(record.key) == record


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(sqlite_url: str) -> None:
    engine = create_engine_for(sqlite_url)
    upgrade_schema(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade_schema(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_two_processes_upgrading_at_once_take_turns(sqlite_url: str) -> None:
    engines = [create_engine_for(sqlite_url) for _ in range(4)]
    errors: list[BaseException] = []

    def upgrade(engine: object) -> None:
        try:
            upgrade_schema(engine)  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert current_revision(engines[0]) == head_revision()
    for engine in engines:
        engine.dispose()


def test_revision_files_are_numbered_and_chained() -> None:
    # Branches reserve revision numbers ahead (0007 for the journey map), so numbers may skip,
    # but every file's id is its number and each revision follows the one before it.
    import re

    files = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    assert files[0].name == "0001_initial.py"
    assert all(path.name[:4].isdigit() and path.name[4] == "_" for path in files)
    chain = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        # an id is the file's number, or the number and a name reserved for a branch (0008_deliverable)
        revision = re.search(r'^revision: str = "(\d{4}(?:_[a-z]+)?)"', text, re.MULTILINE)
        down = re.search(r'^down_revision: str \| None = (None|"(\d{4}(?:_[a-z]+)?)")', text, re.MULTILINE)
        assert revision is not None and down is not None, path.name
        assert revision.group(1)[:4] == path.name[:4]
        chain.append((revision.group(1), down.group(2)))
    assert [down for _, down in chain] == [None, *(revision for revision, _ in chain[:-1])]


def test_revision_tool_writes_the_next_numbered_file(tmp_path: Path) -> None:
    from cxmaturity.storage.__main__ import new_revision, next_revision_id

    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    following = f"{int(max(p.name[:4] for p in (copy / 'versions').glob('*.py'))) + 1:04d}"
    assert next_revision_id(copy / "versions") == following
    written = new_revision("check drift", autogenerate=True, script_location=copy)
    assert written.name == f"{following}_check_drift.py"
    text = written.read_text(encoding="utf-8")
    assert f"down_revision: str | None = '{head}'" in text
    # models and migrations agree, so there is nothing to generate
    assert "op." not in text


def test_the_shipped_head_constant_matches_the_migrations():
    # upgrade_schema skips Alembic when the database is at SHIPPED_HEAD: it must be the real head.
    from cxmaturity.storage.database import SHIPPED_HEAD

    assert head_revision() == SHIPPED_HEAD
