"""The warm-up a server process does once (ui/warm_up.py): it fills the very caches the pages read."""

from __future__ import annotations

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.ui import roadmap_view, warm_up
from tests.app.conftest import BUILTIN, no_exception


def refuse_to_read(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the library was read again: the warm-up did not fill the page's cache")


def test_after_the_warm_up_a_page_finds_the_library_of_every_shipped_version_in_memory(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    # Both shipped versions of the questionnaire (an assessment keeps the version it was started with).
    records = [
        store.create_assessment("Acme", QuestionnaireSnapshot.from_file(path), "Spring", "en")
        for path in (BUILTIN, builtin_dir() / "cx-pyramid" / "versions" / "1.0.0" / "questionnaire.yaml")
    ]
    # cx-pyramid 1.0.0 and 2.0.0, and the customer questionnaire: one library each.
    assert warm_up.warm_libraries() == 3

    monkeypatch.setattr(roadmap_view, "roadmap_library", refuse_to_read)
    for record in records:
        library = roadmap_view.library_of(record, store.load_questionnaire(record.id))
        assert library.actions  # the advice the page shows, from memory


def test_the_thread_started_on_the_first_run_fills_the_caches(store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CXM_WARM_UP", "1")  # as on a real server
    monkeypatch.setattr(warm_up, "FIRST_PAGE_HEAD_START", 0.0)
    record = store.create_assessment("Acme", QuestionnaireSnapshot.from_file(BUILTIN), "Spring", "en")
    thread = warm_up.start_warm_up()
    assert thread is not None and warm_up.start_warm_up() is thread  # once per process
    thread.join(timeout=120)
    assert not thread.is_alive()

    monkeypatch.setattr(roadmap_view, "roadmap_library", refuse_to_read)
    assert roadmap_view.library_of(record, store.load_questionnaire(record.id)).actions


def test_the_app_tests_run_without_the_thread(open_app):
    no_exception(open_app())
    assert warm_up.start_warm_up() is None  # CXM_WARM_UP=0 from the fixture
