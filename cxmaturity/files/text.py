"""What clean text is: no control characters other than tab and line break.

PostgreSQL refuses NUL in text, XLSX cannot hold the other C0 controls, and none of them is
visible to the person reading: storage refuses them, readers of answer files and backups name
where they are, and exports of text stored before this rule remove them.
"""

from __future__ import annotations

import re

#: C0 control characters other than tab (U+0009) and line break (U+000A, U+000D), and DEL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """``U+000B at position 5`` (for example) of the first control character in ``text``, or None when it is clean."""
    found = CONTROL_CHARACTERS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} at position {found.start() + 1}"


def without_controls(text: str) -> str:
    """``text`` with every control character removed (for exporting text stored before the rule)."""
    return CONTROL_CHARACTERS.sub("", text)
