"""The column-mapping step of the Data page, fit for wide files.

Every column is matched automatically first (:func:`suggest_mapping`). A file of a dozen
columns shows a choice for each; a wider one shows only the columns left unmatched, a page
of them at a time with a search, so a survey export of a thousand columns draws a dozen
widgets, not a thousand. The choices live in the session (not in the widgets, which Streamlit
forgets when they are not drawn), so paging and searching keep every choice made.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from cxmaturity.core.answers import LONG_COLUMNS
from cxmaturity.core.model import Questionnaire
from cxmaturity.i18n import format_number
from cxmaturity.ui.context import t
from cxmaturity.ui.shell import plain
from cxmaturity.workspace.column_mapping import suggest_mapping

MAP_PREFIX = "datapage.col."
MAP_DIGEST = "datapage.map_digest"
MAP_CHOICES = "datapage.map_choices"
MAP_SEARCH = "datapage.map.search"
MAP_SHOW_ALL = "datapage.map.all"
MAP_PAGE = "datapage.map.page"
#: Columns drawn at once; a file with at most this many columns shows them all, without search or pages.
PAGE_SIZE = 12
#: Rows of the upload shown in the mapping step.
PREVIEW_ROWS = 5
#: Columns of the upload shown in the preview (the rest are counted).
PREVIEW_COLUMNS = 30


def map_key(index: int) -> str:
    """Widget key of the selectbox that maps the file's column number ``index`` (from 0)."""
    return f"{MAP_PREFIX}{index}"


def mapping_choices(
    frame: pd.DataFrame, questionnaire: Questionnaire, digest: str, language: str
) -> dict[str, str | None]:
    """Draw the mapping step for the file's columns and return the mapping chosen so far."""
    columns = [str(column) for column in frame.columns if column != "row"]
    if st.session_state.get(MAP_DIGEST) != digest:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(MAP_PREFIX)]:
            del st.session_state[key]
        st.session_state[MAP_DIGEST] = digest
        st.session_state[MAP_CHOICES] = suggest_mapping(columns, questionnaire)
        st.session_state.pop(MAP_PAGE, None)
    choices: dict[str, str | None] = st.session_state[MAP_CHOICES]
    st.markdown(f"**{t('datapage.map.heading')}**")
    st.caption(t("datapage.map.help"))
    shown_rows = format_number(min(PREVIEW_ROWS, len(frame)), language, 0)
    st.caption(t("datapage.map.preview", count=shown_rows))
    st.dataframe(
        frame[columns[:PREVIEW_COLUMNS]].head(PREVIEW_ROWS),
        hide_index=True,
        width="stretch",
        key="datapage.map.preview",
    )
    positions = {column: index for index, column in enumerate(columns)}
    shown = columns if len(columns) <= PAGE_SIZE else _wide_file_columns(columns, choices, language)
    _draw_choices(shown, positions, choices, questionnaire, language)
    return dict(choices)


def _wide_file_columns(columns: list[str], choices: dict[str, str | None], language: str) -> list[str]:
    # Matched automatically first; the person only looks at what is left, a page at a time.
    matched = sum(1 for column in columns if choices.get(column))
    st.info(
        t(
            "errors.map.matched",
            matched=format_number(matched, language, 0),
            total=format_number(len(columns), language, 0),
            unmatched=format_number(len(columns) - matched, language, 0),
        )
    )
    search, show_all = st.columns([3, 2])
    needle = search.text_input(t("errors.map.search"), key=MAP_SEARCH).strip().casefold()
    everything = show_all.toggle(t("errors.map.show_all"), key=MAP_SHOW_ALL)
    listed = [
        column
        for column in columns
        if (everything or not choices.get(column)) and (not needle or needle in column.casefold())
    ]
    if not listed:
        st.caption(t("errors.map.none"))
        return []
    pages = math.ceil(len(listed) / PAGE_SIZE)
    page = 1
    if pages > 1:
        page = int(
            st.number_input(t("errors.map.page", pages=format_number(pages, language, 0)), 1, pages, key=MAP_PAGE)
        )
    st.caption(t("errors.map.listed", count=format_number(len(listed), language, 0)))
    return listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def _draw_choices(
    shown: list[str],
    positions: dict[str, int],
    choices: dict[str, str | None],
    questionnaire: Questionnaire,
    language: str,
) -> None:
    # Every question and item a column can hold (a format-2 questionnaire's metric items and choices too).
    entries = questionnaire.in_file_order()
    targets = ["", *LONG_COLUMNS, *(entry.id for entry in entries)]
    texts = {entry.id: entry.text.get(language) for entry in entries}

    def label(target: str) -> str:
        if not target:
            return t("datapage.map.ignore")
        if target in LONG_COLUMNS:
            return t(f"workspace.export.col.{target}")
        return f"{target} · {texts[target][:70]}"

    cells = st.columns(3)
    for slot, column in enumerate(shown):
        guess = choices.get(column) or ""
        choice = cells[slot % 3].selectbox(
            plain(column), targets, index=targets.index(guess), format_func=label, key=map_key(positions[column])
        )
        choices[column] = choice or None
