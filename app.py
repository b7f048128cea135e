"""Streamlit entry point: page setup, the language picker and the navigation; nothing else."""

from pathlib import Path

import streamlit as st

from cxmaturity.ui.context import enter_app_shell, t
from cxmaturity.ui.shell import language_picker

st.set_page_config(page_title="CX maturity", page_icon=":material/change_history:", layout="wide")

ROOT = Path(__file__).parent
# (page file, catalogue key of its title, icon); the first one is the start page.
PAGES = (
    ("pages/home.py", "app.nav.start", ":material/home:"),
    ("pages/answer.py", "app.nav.answer", ":material/checklist:"),
    ("pages/results.py", "app.nav.results", ":material/insights:"),
    ("pages/roadmap.py", "app.nav.roadmap", ":material/route:"),
    ("pages/methodology.py", "app.nav.methodology", ":material/menu_book:"),
    ("pages/data.py", "app.nav.data", ":material/database:"),
)

navigation = st.navigation(
    [
        st.Page(path, title=t(title), icon=icon, default=index == 0)
        for index, (path, title, icon) in enumerate(PAGES)
        # A page another change has not delivered yet is left out instead of breaking every page.
        if (ROOT / path).exists()
    ]
)
pending_page = enter_app_shell()
if pending_page is not None and (ROOT / pending_page).exists():
    st.switch_page(pending_page)  # a page URL opened directly: back to it, now inside the shell
# After st.navigation: the sidebar then shows the menu first and the picker below it.
language_picker()
navigation.run()
