"""Streamlit entry point: page setup, who is signing in, the language picker and the navigation; nothing else."""

from pathlib import Path

import streamlit as st

from cxmaturity.ui.branding_view import brand_logo
from cxmaturity.ui.context import database, enter_app_shell, respondent_token, t
from cxmaturity.ui.error_boundary import run_guarded
from cxmaturity.ui.shell import language_picker
from cxmaturity.ui.team import (
    configuration_error,
    establish_actor,
    exposed_on_network,
    page_allowed,
    take_reset_token,
    team_mode,
)
from cxmaturity.ui.warm_up import start_warm_up

st.set_page_config(page_title="CX maturity", page_icon=":material/change_history:", layout="wide")
start_warm_up()  # once per process: heavy imports and the shipped libraries, in the background

ROOT = Path(__file__).parent
# Menu sections: (catalogue key of the section title, ((page file, catalogue key of its title, icon), ...)).
# The first page is the start page.
SECTIONS = (
    (
        "app.nav.section.assessment",
        (
            ("pages/home.py", "app.nav.start", ":material/home:"),
            ("pages/answer.py", "app.nav.answer", ":material/checklist:"),
            ("pages/results.py", "app.nav.results", ":material/insights:"),
            ("pages/roadmap.py", "app.nav.roadmap", ":material/route:"),
            ("pages/methodology.py", "app.nav.methodology", ":material/menu_book:"),
            ("pages/data.py", "app.nav.data", ":material/database:"),
        ),
    ),
    (
        "app.nav.section.workspace",
        (
            ("pages/clients.py", "app.nav.clients", ":material/business:"),
            ("pages/respondents.py", "app.nav.respondents", ":material/group:"),
            ("pages/groups.py", "app.nav.groups", ":material/compare_arrows:"),
            ("pages/evidence.py", "app.nav.evidence", ":material/fact_check:"),
            ("pages/journey.py", "journey_ui.nav", ":material/conversion_path:"),
            ("pages/waves.py", "app.nav.waves", ":material/timeline:"),
            ("pages/voice.py", "voice_ui.nav", ":material/record_voice_over:"),
            ("pages/branding.py", "deliverable.nav.branding", ":material/palette:"),
        ),
    ),
    (
        "auth.nav.section",
        (
            ("pages/account.py", "auth.nav.account", ":material/person:"),
            ("pages/admin.py", "auth.nav.admin", ":material/admin_panel_settings:"),
        ),
    ),
)
RESPONDENT_PAGE = "pages/respond.py"
SIGN_IN_PAGE = "pages/signin.py"


problem = configuration_error()
if problem is not None:
    # Refuse to start rather than run with sign-in set up unsafely.
    st.error(t("auth.config.cookie_secret") if problem == "cookie_secret" else t("auth.config.mode", error=problem))
    st.stop()

token = respondent_token()
actor = establish_actor(database, token)
if token is not None:
    # A respondent's personal link: their questionnaire and nothing else (no menu, no other page).
    enter_app_shell()
    run_guarded(
        st.navigation([st.Page(RESPONDENT_PAGE, title=t("app.nav.respond"), default=True)], position="hidden").run
    )
    st.stop()

if team_mode() and actor is None:
    # Nobody signed in: the sign-in page is the only page, whatever the address asks for.
    take_reset_token()
    enter_app_shell()
    language_picker()
    # One hidden sign-in page per page address: /results?a=KEY shows the sign-in form (no "page not
    # found"), and after signing in the same address opens the real page, if the role may see it.
    addresses = [Path(path).stem for _section, pages in SECTIONS for path, _title, _icon in pages][1:]
    sign_in = [st.Page(SIGN_IN_PAGE, title=t("auth.nav.signin"), default=True)] + [
        st.Page(SIGN_IN_PAGE, title=t("auth.nav.signin"), url_path=address) for address in addresses
    ]
    st.navigation(sign_in, position="hidden").run()
    st.stop()

role = actor.role.value if actor is not None and actor.role is not None else None
# A page another change has not delivered yet is left out instead of breaking every page.
menu = {
    t(section): [
        st.Page(path, title=t(title), icon=icon, default=path == SECTIONS[0][1][0][0])
        for path, title, icon in pages
        if (ROOT / path).exists() and page_allowed(path, role)
    ]
    for section, pages in SECTIONS
}
navigation = st.navigation({section: pages for section, pages in menu.items() if pages})
pending_page = enter_app_shell()
if pending_page is not None and (ROOT / pending_page).exists() and page_allowed(pending_page, role):
    st.switch_page(pending_page)  # a page URL opened directly: back to it, now inside the shell
# After st.navigation: the sidebar then shows the menu first and the picker below it.
language_picker()
brand_logo()
if exposed_on_network():
    st.warning(t("auth.exposed"), icon=":material/public:")

# One error boundary for every page: a plain message with a reference, the traceback only in the log
# (a refusal of the store in team mode is said as such).
run_guarded(navigation.run)
