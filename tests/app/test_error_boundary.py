"""The error boundary: a failing page shows a plain message with a reference, the log holds the traceback."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import cxmaturity.ui.start
from tests.app.conftest import BUILTIN, ROOT, texts


def test_shipped_config_never_shows_error_details() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r'^showErrorDetails = "none"$', config, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Something went wrong on this page"), ("ru", "что-то пошло не так"), ("uk", "щось пішло не так")],
)
def test_a_failing_page_shows_a_reference_and_logs_the_traceback(
    open_app: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    lang: str,
    expected: str,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom in {Path('/srv/secret/path.py')}")

    monkeypatch.setattr(cxmaturity.ui.start, "assessment_list", broken)
    with caplog.at_level(logging.ERROR, logger="cxmaturity.ui"):
        at = open_app(lang=lang)
    assert not at.exception  # nothing reached Streamlit's own traceback display
    shown = texts(at)
    assert expected in shown
    assert "/srv/secret" not in shown and "RuntimeError" not in shown and "Traceback" not in shown
    reference = re.search(r"E-[0-9A-F]{6}", shown)
    assert reference is not None
    logged = [record for record in caplog.records if reference.group(0) in record.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "boom in /srv/secret/path.py" in str(logged[0].exc_info[1])
    # The start page's title was drawn before the failure: the shell keeps working around it.
    assert at.title[0].value


def test_a_failing_fragment_shows_the_same_message(
    open_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, store
) -> None:
    import cxmaturity.ui.answering

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("/srv/secret")

    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    monkeypatch.setattr(cxmaturity.ui.answering, "card_texts", broken)
    with caplog.at_level(logging.ERROR, logger="cxmaturity.ui"):
        at = open_app("pages/answer.py", a=record.key)
    assert not at.exception
    shown = texts(at)
    assert "Something went wrong on this page" in shown and "/srv/secret" not in shown
    assert any(r.exc_info and isinstance(r.exc_info[1], KeyError) for r in caplog.records)
