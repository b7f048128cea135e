"""What every page shares on screen: the language picker, the open-assessment guard, safe text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from cxmaturity.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, translate
from cxmaturity.storage.tokens import is_token_shaped
from cxmaturity.ui.context import (
    ASSESSMENT_PARAM,
    LANGUAGE_PARAM,
    current_assessment,
    current_language,
    set_language,
    t,
)

#: The catalogue key of the title an assessment gets when none is given.
DEFAULT_TITLE = "app.start.default_title"

if TYPE_CHECKING:
    import pandas as pd

    from cxmaturity.storage import AssessmentRecord, AssessmentSummary

LANGUAGE_PICKER_KEY = "ui.language.picker"
HOME_PAGE = "pages/home.py"
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Every character Markdown (and Streamlit's extensions: $ for LaTeX, : for icons/colours) gives a meaning.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


# GitHub-flavoured Markdown turns "http://", "https://", "www." and "name@host" into links even when
# their punctuation is escaped. An invisible word joiner (U+2060) after the scheme or before the "@"
# leaves nothing for it to recognise; the text reads the same.
_AUTOLINK_START = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def plain(text: str | None) -> str:
    """Escape ``text`` so that st.markdown shows it literally (user and file text is never markup,
    and a URL or e-mail address in it is never turned into a link)."""
    if not text:
        return ""
    unlinked = _AUTOLINK_START.sub(lambda found: found.group() + WORD_JOINER, text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)
    # A line break inside user text stays a line break, not a paragraph or a list.
    return escaped.replace("\n", "  \n")


def code_span(text: str) -> str:
    """``text`` as a Markdown code span inside a table cell: shown, and copied, exactly as it is.

    For addresses a person copies (an e-mail): :func:`plain` would add an invisible word joiner to stop
    the address becoming a link, and a copied address would carry it. Markdown makes no link inside
    code. The fence is longer than any run of backticks in the text; a "|" is escaped, or it would end
    the cell (a table's own rule, which holds inside code too). A text with a backslash is shown by
    :func:`plain` instead: in Streamlit's renderer "\\|" inside code ends the cell, and what follows
    could become a link.
    """
    if "\\" in text:
        return plain(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space on each side when the text starts or ends with a backtick (Markdown strips one of each).
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return fence + padded.replace("|", "\\|") + fence


def markdown_table(
    header: list[str],
    rows: list[list[str]],
    numeric: frozenset[int] = frozenset(),
    verbatim: frozenset[int] = frozenset(),
) -> str:
    """A table as Markdown, every cell shown as text (:func:`plain`); columns in ``numeric`` align right,
    and the cells of columns in ``verbatim`` are code spans (:func:`code_span`).

    Streamlit's ``st.table`` and ``st.dataframe`` load 1.5 MB of JavaScript (Arrow and the data grid)
    the first time a tab shows one: about 0.7 s more for a page opened by its address. A Markdown table
    is drawn by the renderer every page already loads, and is a real HTML table for screen readers.
    """

    def cell(text: str, exact: bool) -> str:
        # A line break would end the row: in a cell it is a space.
        text = text.replace("\r", " ").replace("\n", " ")
        return code_span(text) if exact and text.strip() else plain(text) or " "

    def line(cells: list[str], body: bool = True) -> str:
        return "| " + " | ".join(cell(part, body and column in verbatim) for column, part in enumerate(cells)) + " |"

    rule = "| " + " | ".join("---:" if column in numeric else "---" for column in range(len(header))) + " |"
    return "\n".join([line(header, body=False), rule, *(line(row) for row in rows)])


# A cell that reads as a number (12, 49.5, 49,5, 1 234, 80%): its column aligns right.
_NUMBER = re.compile(r"^[-+\u2212]?\d[\d\u00a0\u202f ]*(?:[.,]\d+)?%?$")


#: Up to this many rows a list is a Markdown table (see :func:`markdown_table`); a longer list is worth the
#: data grid, which scrolls in its own box.
GRID_ROWS = 12

_TABLE_STYLE = '<style>[class*="st-key-cxm-table-"] [data-testid="stMarkdownContainer"]{overflow-x:auto}</style>'


def show_table(frame: pd.DataFrame, key: str, verbatim: frozenset[str] = frozenset()) -> None:
    """``frame`` as a Markdown table (see :func:`markdown_table`) in a container named ``cxm-table-<key>``.

    Columns whose every cell reads as a number (or is empty or "—") align right; the columns named in
    ``verbatim`` show their cells exactly, to be copied (see :func:`code_span`).
    """
    header = [str(column) for column in frame.columns]
    rows = [["" if value is None else str(value) for value in row] for row in frame.itertuples(index=False)]
    numeric = frozenset(
        column
        for column in range(len(header))
        if any(_NUMBER.match(row[column]) for row in rows)
        and all(_NUMBER.match(row[column]) or row[column] in ("", "—") for row in rows)
    )
    # A table wider than a phone scrolls sideways instead of being cut off (style-only st.html: no room taken).
    st.html(_TABLE_STYLE)
    with st.container(key=f"cxm-table-{key}"):
        exact = frozenset(column for column, name in enumerate(header) if name in verbatim)
        st.markdown(markdown_table(header, rows, numeric, exact))


def _language_picked() -> None:
    set_language(st.session_state[LANGUAGE_PICKER_KEY])


def language_picker() -> str:
    """The sidebar's language choice; keeps the language in the URL so a refresh or a link keeps it."""
    language = current_language()
    if st.query_params.get(LANGUAGE_PARAM) != language:
        st.query_params[LANGUAGE_PARAM] = language
    # Seeded from the session/URL before the widget exists, so a language set by a link wins.
    st.session_state[LANGUAGE_PICKER_KEY] = language
    # Three choices as a radio, not a select box: one click to switch, and a page opened by its address
    # no longer loads the select box's 125 KB of JavaScript (the radio's is 12 KB) on every page.
    st.sidebar.radio(
        t("app.language"),
        LANGUAGES,
        format_func=lambda code: LANGUAGE_NAMES[code],
        key=LANGUAGE_PICKER_KEY,
        on_change=_language_picked,
    )
    return language


#: Where a consultant opens an assessment (a workspace page with nothing open sends them there).
CLIENTS_PAGE = "pages/clients.py"


def require_assessment(*, workspace: bool = False) -> AssessmentRecord:
    """The open assessment; otherwise a friendly message with a link, and the page stops.

    The link goes to Start, or to Clients for a ``workspace`` page (where consultants open assessments).
    """
    record = current_assessment()
    if record is not None:
        return record
    key = st.query_params.get(ASSESSMENT_PARAM)
    if not key:
        st.info(t("consultant_day.guard.none_open") if workspace else t("app.guard.none_open"))
    elif not is_token_shaped(key):
        st.warning(t("app.guard.malformed"))
    else:
        st.warning(t("app.guard.unknown"))
    if workspace and page_exists(CLIENTS_PAGE):
        st.page_link(CLIENTS_PAGE, label=t("consultant_day.guard.to_clients"), icon=":material/business:")
    else:
        st.page_link(HOME_PAGE, label=t("app.guard.to_start"), icon=":material/home:")
    st.stop()
    raise AssertionError("st.stop() returned")  # for type checkers: never reached


def assessment_title(record: AssessmentRecord, language: str | None = None) -> str:
    """The assessment's title; a default title ("Self-assessment of 30 November 2026") in the reader's language
    (``language``, e.g. a PDF's, else the page's).

    Default titles are stored in the language the assessment was started in: recognised by their
    wording in any language and their date (the day it was created, give or take a time zone).
    """
    language = language or current_language()
    created = record.created_at.date()
    for day in (created, created - dt.timedelta(days=1), created + dt.timedelta(days=1)):
        for other in LANGUAGES:
            if record.title == translate(DEFAULT_TITLE, other, date=format_date(day, other)):
                return translate(DEFAULT_TITLE, language, date=format_date(day, language))
    return record.title


def is_self_assessment(summary: AssessmentSummary) -> bool:
    """An executive's own self-assessment: started on Start (the stored flag, whatever its title says) and
    nobody invited to it. Migration 0011_self set the flag on older rows by the rule used before it (Start's
    default title, nobody invited, not a wave). One the executive shared with invited colleagues is run
    like a consulting assessment, so it is listed with the clients.

    ``summary.progress`` must count the invited respondents only (``include_self=False``).
    """
    progress = summary.progress
    invited = progress.completed + progress.started + progress.not_opened
    return summary.assessment.self_assessment and not invited


def assessment_caption(record: AssessmentRecord) -> None:
    """One line naming the open assessment (the organisation name shown as text, never as markup)."""
    title = plain(assessment_title(record))
    st.caption(t("app.open_assessment", organisation=plain(record.organisation_name), title=title))


def date_format(language: str) -> str:
    """The date inputs' format in the reader's convention (Streamlit allows only numeric formats)."""
    return "YYYY-MM-DD" if language == "en" else "DD.MM.YYYY"


def page_exists(path: str) -> bool:
    """True when a page file is there (pages written by another change may not be yet)."""
    return (PROJECT_ROOT / path).is_file()


def resume_url(record: AssessmentRecord) -> str:
    """The link that reopens this assessment (this page's address with ``?a=<key>``)."""
    base = st.context.url or ""
    return f"{base}?{ASSESSMENT_PARAM}={record.key}"


@contextmanager
def lazy_expander(label: str, *, key: str, icon: str) -> Iterator[bool]:
    """An expander whose content is drawn only when it is open; yields whether it is.

    ``on_change="rerun"`` makes the box lazy: a page opened by its address then loads neither the
    content's elements nor the JavaScript that draws them (``st.code``'s syntax highlighter is 1.5 MB).
    """
    box = st.expander(label, icon=icon, key=key, on_change="rerun")
    with box:
        yield bool(box.open)


RESUME_OPEN_KEY = "resume_link.open"


def resume_link(record: AssessmentRecord) -> None:
    """The resume link, folded away (and drawn only when opened): whoever holds it can see and change the answers."""
    with lazy_expander(t("app.resume.title"), key=RESUME_OPEN_KEY, icon=":material/link:") as opened:
        if opened:
            st.caption(t("app.resume.help"))
            st.code(resume_url(record), language=None, wrap_lines=True)
