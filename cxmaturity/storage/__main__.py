"""Schema maintenance: ``python -m cxmaturity.storage upgrade|current|revision``.

``revision`` writes the next numbered migration file (``0002_<slug>.py`` ...).
With ``--autogenerate`` it diffs the ORM models against a scratch SQLite
database migrated to head, so no live database is needed; always read and
edit the generated file before committing it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from alembic import command

from cxmaturity.storage.database import (
    MIGRATIONS_DIR,
    alembic_config,
    create_engine_for,
    current_revision,
    database_url,
    head_revision,
    upgrade_schema,
)


def next_revision_id(versions: Path = MIGRATIONS_DIR / "versions") -> str:
    """The next four-digit revision number after the highest ``NNNN_*.py`` file."""
    numbers = [int(match.group(1)) for p in versions.glob("*.py") if (match := re.match(r"(\d{4})_", p.name))]
    return f"{max(numbers, default=0) + 1:04d}"


def new_revision(message: str, autogenerate: bool, script_location: Path = MIGRATIONS_DIR) -> Path:
    """Write the next migration file and return its path."""
    config = alembic_config(script_location)
    rev_id = next_revision_id(script_location / "versions")
    if not autogenerate:
        command.revision(config, message, rev_id=rev_id)
    else:
        with tempfile.TemporaryDirectory(prefix="cxm-revision-") as scratch:
            engine = create_engine_for(f"sqlite:///{Path(scratch) / 'head.sqlite3'}")
            try:
                with engine.begin() as connection:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    command.revision(config, message, autogenerate=True, rev_id=rev_id)
            finally:
                engine.dispose()
    created = sorted((script_location / "versions").glob(f"{rev_id}_*.py"))
    return created[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m cxmaturity.storage``."""
    parser = argparse.ArgumentParser(prog="python -m cxmaturity.storage", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="migrate the configured database to the newest schema")
    commands.add_parser("current", help="print the database's revision and the newest one")
    revision = commands.add_parser("revision", help="write the next numbered migration file")
    revision.add_argument("-m", "--message", required=True, help="what the migration does")
    revision.add_argument("--autogenerate", action="store_true", help="fill it from the model changes")
    args = parser.parse_args(argv)

    if args.command == "revision":
        print(new_revision(args.message, args.autogenerate))
        return 0
    engine = create_engine_for(database_url())
    try:
        if args.command == "upgrade":
            upgrade_schema(engine)
        print(f"database: {engine.url.render_as_string(hide_password=True)}")
        print(f"revision: {current_revision(engine) or '(empty)'}; newest: {head_revision()}")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
