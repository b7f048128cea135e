"""The branding page: the name saved from the form, the menu offering it only to those allowed."""

from __future__ import annotations

from cxmaturity.storage import Store
from cxmaturity.ui.team import page_allowed
from tests.app.conftest import no_exception

PAGE = "pages/branding.py"


def test_the_name_is_saved_and_shown(store: Store, open_app) -> None:
    at = open_app(PAGE)
    no_exception(at)
    assert at.title[0].value == "Your consultancy's name and logo"
    at.text_input(key="branding.name").set_value("Harbour CX Advisory")
    at.button(key="branding.save").click().run()
    no_exception(at)
    assert store.load_branding().consultancy == "Harbour CX Advisory"
    assert [s.value for s in at.success] == ["Saved. The next PDF report and every page show it."]


def test_the_menu_offers_it_to_admins_and_personal_mode_only() -> None:
    assert page_allowed(PAGE, None)  # personal mode
    assert page_allowed(PAGE, "admin")
    assert not page_allowed(PAGE, "consultant")
    assert not page_allowed(PAGE, "viewer")
