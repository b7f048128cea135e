"""Streamlit entry point: page setup, the language picker and the navigation; nothing else."""

from pathlib import Path

import streamlit as st

from cxmaturity.ui.context import enter_app_shell, respondent_token, t
from cxmaturity.ui.error_boundary import run_guarded
from cxmaturity.ui.shell import language_picker

st.set_page_config(page_title="CX maturity", page_icon=":material/change_history:", layout="wide")

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
            ("pages/waves.py", "app.nav.waves", ":material/timeline:"),
        ),
    ),
)
RESPONDENT_PAGE = "pages/respond.py"

if respondent_token() is not None:
    # A respondent's personal link: their questionnaire and nothing else (no menu, no other page).
    enter_app_shell()
    run_guarded(
        st.navigation([st.Page(RESPONDENT_PAGE, title=t("app.nav.respond"), default=True)], position="hidden").run
    )
    st.stop()

# A page another change has not delivered yet is left out instead of breaking every page.
menu = {
    t(section): [
        st.Page(path, title=t(title), icon=icon, default=path == SECTIONS[0][1][0][0])
        for path, title, icon in pages
        if (ROOT / path).exists()
    ]
    for section, pages in SECTIONS
}
navigation = st.navigation({section: pages for section, pages in menu.items() if pages})
pending_page = enter_app_shell()
if pending_page is not None and (ROOT / pending_page).exists():
    st.switch_page(pending_page)  # a page URL opened directly: back to it, now inside the shell
# After st.navigation: the sidebar then shows the menu first and the picker below it.
language_picker()
# One error boundary for every page: a plain message with a reference, the traceback only in the log.
run_guarded(navigation.run)
