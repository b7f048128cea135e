"""Fixtures for the storage tests: a fresh SQLite store per test and the mini questionnaire snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.storage import QuestionnaireSnapshot, Store

MINI = Path(__file__).parent.parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="session")
def snapshot() -> QuestionnaireSnapshot:
    """The mini questionnaire (questions base.cx.a, base.ex.b, top.cx.c, top.ex.d) as a snapshot."""
    return QuestionnaireSnapshot.from_file(MINI)


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'cxmaturity.sqlite3'}"


@pytest.fixture()
def store(sqlite_url: str) -> Iterator[Store]:
    opened = Store.open(sqlite_url)
    yield opened
    opened.dispose()
