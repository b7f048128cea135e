"""docs/limits.md names every limit of the files wing, with the value the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from cxmaturity.files import isolated, limits
from cxmaturity.workspace import backup

ROOT = Path(__file__).resolve().parents[1]


def _shown(value: int | float) -> list[str]:
    """The ways the page may write a value: 5,000,000 / 100 MB / 1.5 GB / 60 s."""
    number = int(value)
    forms = [f"{number:,}", str(number)]
    for unit, size in (("MB", 1024**2), ("GB", 1024**3)):
        if number % (size // 2) == 0 and number >= size // 2:
            forms.append(f"{number / size:g} {unit}")
    return forms


def test_every_limit_is_named_with_its_value() -> None:
    page = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    constants = {name: getattr(limits, name) for name in dir(limits) if re.fullmatch(r"MAX_[A-Z_]+", name)}
    constants |= {"MAX_SNAPSHOT_CHARS": backup.MAX_SNAPSHOT_CHARS, "MAX_BACKUP_BYTES": backup.MAX_BACKUP_BYTES}
    constants |= {"CHILD_MEMORY_BYTES": isolated.CHILD_MEMORY_BYTES, "CHILD_SECONDS": isolated.CHILD_SECONDS}
    assert len(constants) == 14
    for name, value in constants.items():
        lines = [line for line in page.splitlines() if f"`{name}`" in line]
        assert lines, f"docs/limits.md does not name {name}"
        assert any(form in line for line in lines for form in _shown(value)), (name, value, lines)


def test_the_readme_links_the_limits() -> None:
    assert "docs/limits.md" in (ROOT / "README.md").read_text(encoding="utf-8")
