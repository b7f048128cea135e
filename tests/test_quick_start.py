"""The README's quick start is exactly two commands, and CI runs the second one."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def commands() -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", QUICK_START, flags=re.S)]


def test_the_quick_start_is_two_one_line_commands():
    found = commands()
    assert len(found) == 2 and all("\n" not in command for command in found), found
    install_and_run, install_and_test = found
    # Both install from the lock files (exact versions and hashes of every package, see tests/test_lock.py).
    assert "--require-hashes -r requirements.lock" in install_and_run and "streamlit run app.py" in install_and_run
    assert "--require-hashes -r requirements-dev.lock" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    marked = QUICK_START.split("<!-- test-command -->", 1)[1].split("<!-- /test-command -->", 1)[0]
    assert commands()[1] in marked
    assert "<!-- test-command -->" in ci and "eval" in ci
    # the runtime requirements are part of the dev requirements, so the suite tests what users install
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
