"""docs/storage.md documents every setting, table and column (a test fails when one is missing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxmaturity.storage import database
from cxmaturity.storage.tables import Base

DOC = Path(__file__).resolve().parents[2] / "docs" / "storage.md"


def test_settings_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for setting in (database.DATA_DIR_ENV, database.DATABASE_URL_ENV, database.SQLITE_FILE_NAME):
        assert f"`{setting}`" in text


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_tables_and_columns_are_documented(table: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    row = re.search(rf"^\| `{table}` \|(.*)$", text, re.MULTILINE)
    assert row is not None, f"no row for table {table}"
    missing = [
        column.name
        for column in Base.metadata.tables[table].columns
        if column.name != "id" and not re.search(rf"\b{column.name}\b", row.group(1))
    ]
    assert missing == []
