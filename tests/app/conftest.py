"""AppTest fixtures: every test gets its own empty database (CXM_DATA_DIR in a temp folder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.storage import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder; cached resources (the store) are dropped before and after."""
    monkeypatch.setenv("CXM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CXM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CXM_WARM_UP", "0")  # no background warm-up thread per test (ui/warm_up.py)
    st.cache_resource.clear()
    yield tmp_path
    st.cache_resource.clear()


@pytest.fixture
def store(data_dir: Path) -> Store:
    """The same database the app under test uses (a second engine on the same SQLite file)."""
    return Store.open()


@pytest.fixture
def open_app(data_dir: Path) -> Callable[..., AppTest]:
    """Start the app from app.py with query parameters (e.g. ``a=KEY``, ``lang=uk``) and run it once."""

    def start(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(query)
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return start


def texts(at: AppTest) -> str:
    """Everything a user reads on the page (titles, markdown, captions, alerts), as one string."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(element.value) for element in at.get(kind))
    return "\n".join(parts)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def registered_pages(at: AppTest) -> list[dict]:
    """The pages app.py registered with st.navigation (AppTest keeps them; no public accessor yet)."""
    return list(at._registered_pages.values())


def page_titles(at: AppTest) -> list[str]:
    """Navigation titles of the registered pages, in menu order."""
    return [str(page["page_name"]) for page in registered_pages(at)]
