"""Respondents' links: the address they are built from, and the whole list for a mail merge.

Links use the public address set for the app (``CXM_PUBLIC_URL``); without it, the address in the
consultant's browser, which nobody else can open when it is ``localhost``: the page then says so
and what to do. Widget keys start with ``links.`` so tests can drive them.
"""

from __future__ import annotations

import os
import re

import streamlit as st

from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage import AssessmentRecord
from cxmaturity.ui.context import get_store, t
from cxmaturity.ui.shell import plain
from cxmaturity.workspace.link_list import link_table
from cxmaturity.workspace.respondent_links import app_root_url, is_local_url, public_url
from cxmaturity.workspace.results_export import to_csv, to_xlsx

CSV_KEY = "links.csv"
XLSX_KEY = "links.xlsx"


def browser_root(page_path: str) -> str:
    """The app's root as the consultant's browser reached it ("" when the browser did not say)."""
    return app_root_url(st.context.url, page_path)


def links_root(page_path: str) -> str:
    """The address respondents' links start with: the public address, else this page's own root."""
    try:
        found = public_url(os.environ)
    except KeyedValueError:
        found = None  # public_address_notice() says what is wrong with the setting
    return found or browser_root(page_path)


def public_address_notice(page_path: str) -> None:
    """A warning when the links would start with an address only this computer can open, or a bad setting."""
    try:
        found = public_url(os.environ)
    except KeyedValueError as error:
        st.error(plain(t(error.key, **error.values)), icon=":material/link_off:")
        return
    root = browser_root(page_path)
    if found is None and root and is_local_url(root):
        st.warning(t("consultant_day.links.local"), icon=":material/public_off:")


def file_stem(record: AssessmentRecord) -> str:
    """A file name stem from the organisation's name (letters, digits and dashes)."""
    slug = re.sub(r"[^\w]+", "-", record.organisation_name, flags=re.UNICODE).strip("-").lower()[:40]
    return f"{slug or 'assessment'}-links"


def bulk_export(record: AssessmentRecord, page_path: str, language: str) -> None:
    """Every active link with label, group and e-mail, as CSV and XLSX for a mail merge (one click each)."""
    people = get_store().list_respondents(record.id)
    table = link_table(people, links_root(page_path), language)
    st.markdown(f"**{t('consultant_day.links.export_heading')}**")
    if not table.rows:
        st.caption(t("consultant_day.links.none"))
        return
    st.caption(t("consultant_day.links.export_help", n=len(table.rows)))
    stem = file_stem(record)
    csv_column, xlsx_column, _ = st.columns([1, 1, 2])
    # Built on click, in a thread of their own: the lambdas hold the table, not the session.
    csv_column.download_button(
        t("consultant_day.links.csv"),
        lambda: to_csv(table).encode("utf-8-sig"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=CSV_KEY,
        on_click="ignore",
        icon=":material/download:",
    )
    xlsx_column.download_button(
        t("consultant_day.links.xlsx"),
        lambda: to_xlsx([table]),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=XLSX_KEY,
        on_click="ignore",
        icon=":material/download:",
    )
