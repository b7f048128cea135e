"""A table written as Markdown (cxmaturity.ui.shell.markdown_table): every cell is text, the grid holds."""

from __future__ import annotations

from markdown_it import MarkdownIt

from cxmaturity.ui.shell import markdown_table


def _cells(markdown: str) -> list[list[str]]:
    """The table as GitHub-flavoured Markdown draws it: each row's cells as the reader sees them."""
    import xml.etree.ElementTree as ET

    html = MarkdownIt("gfm-like").render(markdown)
    root = ET.fromstring(html)
    return [["".join(cell.itertext()) for cell in row] for row in root.iter("tr")]


def test_user_text_stays_text_in_its_own_cell():
    hostile = "a | b\nnext line **bold** [link](http://evil.example) <b>x</b>"
    markdown = markdown_table(["Group", "Gap"], [[hostile, "12.5"], ["", "3"]], numeric=frozenset({1}))
    rows = _cells(markdown)
    # Two columns in every row: the "|" and the line break in the name did not split it.
    assert rows == [
        ["Group", "Gap"],
        ["a | b next line **bold** [link](http://evil.example) <b>x</b>".replace("http", "http\u2060"), "12.5"],
        ["", "3"],
    ]
    html = MarkdownIt("gfm-like").render(markdown)
    assert "<strong>" not in html and "<a " not in html and "<b>" not in html


def test_number_columns_align_right():
    markdown = markdown_table(["Level", "CX", "OX"], [["Communication", "50", "49.5"]], numeric=frozenset({1, 2}))
    assert markdown.splitlines()[1] == "| --- | ---: | ---: |"
    html = MarkdownIt("gfm-like").render(markdown)
    assert html.count('style="text-align:right"') == 4  # two header cells and two number cells


def test_a_verbatim_column_shows_an_address_exactly_as_code_never_a_link():
    # Addresses a person copies: no invisible word joiner, no escapes, no link; a "|" or a backtick stays.
    addresses = ["anna@example.com", "o`neil|x@example.com", "`tick@example.com", ""]
    markdown = markdown_table(["Name", "E-mail"], [["Anna", address] for address in addresses], verbatim=frozenset({1}))
    assert "\u2060" not in markdown
    rows = _cells(markdown)
    assert [row[1] for row in rows[1:]] == addresses
    html = MarkdownIt("gfm-like").render(markdown)
    assert "<a " not in html
    assert html.count("<code>") == 3  # the empty cell is an empty cell, not an empty code span


def test_a_verbatim_cell_with_a_backslash_is_plain_text_instead():
    # In Streamlit's renderer a "\|" inside code ends the cell, and what follows could become a link: such a
    # text is escaped as any other cell (its address then carries the invisible word joiner before the "@").
    hostile = "a\\|https://evil.example/p@y.de"
    markdown = markdown_table(["Name", "E-mail", "Link"], [["Anna", hostile, "works"]], verbatim=frozenset({1}))
    row = markdown.splitlines()[2]
    assert "`" not in row
    assert _cells(markdown)[1] == ["Anna", hostile.replace("https", "https\u2060").replace("@", "\u2060@"), "works"]
    assert "<a " not in MarkdownIt("gfm-like").render(markdown)
