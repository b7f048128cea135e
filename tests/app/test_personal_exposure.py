"""Personal mode served beyond this computer: every page warns, and the Respondents page before any link."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from cxmaturity.i18n import translate
from cxmaturity.storage import Store
from cxmaturity.ui import team
from cxmaturity.ui.context import ASSESSMENT_STATE, PENDING_PAGE_STATE
from tests.app.conftest import APP, BUILTIN, no_exception, texts


@pytest.fixture
def served_on_all_interfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    # As `streamlit run app.py --server.address 0.0.0.0` would (AppTest keeps its own config).
    monkeypatch.delenv("CXM_MODE", raising=False)
    monkeypatch.setattr(team, "listening_address", lambda: "0.0.0.0")


def test_the_shipped_config_serves_this_computer_only(open_app) -> None:
    assert config.get_option("server.address") == "localhost"
    at = open_app()
    assert translate("auth.exposed", "en") not in texts(at)


def test_every_page_warns_and_respondents_says_it_before_a_link(
    served_on_all_interfaces, open_app, store: Store
) -> None:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    store.add_respondent(record.id, "Ann")
    for page in ("pages/home.py", "pages/results.py", "pages/clients.py", "pages/respondents.py"):
        at = _through_app_py(page, record.key)
        no_exception(at)
        assert translate("auth.exposed", "en") in [w.value for w in at.warning], page
    at = _through_app_py("pages/respondents.py", record.key)
    assert translate("auth.exposed.links", "en") in [e.value for e in at.error]
    assert "?r=" not in texts(at).split(translate("auth.exposed.links", "en"))[0]  # the warning comes first


def _through_app_py(page: str, key: str) -> AppTest:
    """A page address opened directly, as enter_page hands it to app.py (AppTest's switch_page skips app.py)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[PENDING_PAGE_STATE] = page
    at.session_state[ASSESSMENT_STATE] = key
    return at.run()
