"""The tables a page shows as Markdown (cxmaturity.ui.shell.markdown_table), read back as the reader sees them."""

from __future__ import annotations

import re

import pandas as pd


def markdown_tables(at) -> list[pd.DataFrame]:  # type: ignore[no-untyped-def]
    """Every Markdown table on the page, in order: its header as the columns, each cell as text."""
    found = []
    for element in at.markdown:
        lines = element.value.splitlines()
        if len(lines) < 2 or not lines[0].startswith("| ") or not re.fullmatch(r"\|( -{3}:? \|)+", lines[1]):
            continue
        # Split on the "|" between cells (not an escaped "\|" inside one), then read each cell.
        cells = [[_cell_text(cell) for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
        found.append(pd.DataFrame(cells[2:], columns=cells[0]))
    return found


def _cell_text(cell: str) -> str:
    """A cell as the reader sees it: a code span's text as it is, other text without Markdown's escapes."""
    text = cell.strip()
    code = re.fullmatch(r"(`+)(.*)\1", text)
    if code is None:
        return re.sub(r"\\(.)", r"\1", text)
    inner = code.group(2).replace("\\|", "|")
    # Markdown strips one space each side when both are there (the fence's padding).
    return inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") and inner.strip() else inner
