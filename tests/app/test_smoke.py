"""Every page registered in app.py renders without an exception, with and without an open assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.i18n import LANGUAGES
from tests.app.conftest import BUILTIN, ROOT, no_exception, page_titles, registered_pages


def test_app_py_registers_every_page_file(open_app):
    at = open_app()
    registered = {Path(page["script_path"]).name for page in registered_pages(at)}
    # The respondent page is registered only behind a respondent's link (?r=<token>), never in the menu;
    # sign-in, account and admin pages only in team mode (tests/app/test_team_mode.py).
    team_pages = {"signin.py", "account.py", "admin.py"}
    assert registered | {"respond.py"} | team_pages == {path.name for path in (ROOT / "pages").glob("*.py")}
    assert not registered & team_pages
    assert "respond.py" not in registered
    assert page_titles(at)[0] == "Start"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_with_an_open_assessment(open_app, store, language):
    record = store.create_assessment("Acme", BUILTIN, "Spring", language)
    me = store.self_respondent(record.id).id
    store.save_answer(me, "communication.cx.channel-choice", "value", 3, note="seen")
    store.save_answer(me, "communication.cx.proactive-status", "dk")
    for page in registered_pages(open_app()):
        # A fresh session per page: each page is checked on its own, as a link would open it.
        path = str(Path(page["script_path"]).relative_to(ROOT))
        at = open_app(path, a=record.key, lang=language)
        no_exception(at)
        assert at.title, f"{path} shows no title"


def test_every_page_renders_without_an_assessment(open_app):
    at = open_app()
    for page in registered_pages(at):
        at.switch_page(str(Path(page["script_path"]).relative_to(ROOT))).run()
        no_exception(at)
