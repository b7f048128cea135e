"""The lock files match the declared requirements, and every locked package carries hashes.

requirements.txt and requirements-dev.txt say what the project needs (pinned); requirements.lock
and requirements-dev.lock (made by `make lock`, pip-tools) add every transitive package with its
exact version and the sha256 of each of its files, so two installs cannot differ.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def declared(file: str) -> dict[str, str]:
    """``{name: version}`` pinned in a requirements file and the files it includes with ``-r``."""
    pins: dict[str, str] = {}
    for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins |= declared(line[3:].strip())
        elif line:
            found = _PIN.match(line)
            assert found, f"{file}: {line!r} is not pinned with =="
            pins[_name(found.group(1))] = found.group(2)
    return pins


def locked(file: str) -> dict[str, tuple[str, int]]:
    """``{name: (version, number of hashes)}`` of a pip-compile lock file."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
        found = _PIN.match(line)
        if found:
            current = _name(found.group(1))
            entries[current] = (found.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
        elif line.strip().startswith("-") or (line and not line.startswith((" ", "#"))):
            raise AssertionError(f"{file}: unexpected line {line!r}")
    return entries


def test_every_declared_requirement_is_locked_at_its_version() -> None:
    for requirements, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        entries = locked(lock)
        for name, version in declared(requirements).items():
            assert name in entries, f"{name} is declared in {requirements} but missing from {lock}: run `make lock`"
            assert entries[name][0] == version, f"{name}: {requirements} says {version}, {lock} {entries[name][0]}"


def test_every_locked_package_has_hashes_and_the_app_runs_on_what_the_suite_tests() -> None:
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    for lock, entries in (("requirements.lock", runtime), ("requirements-dev.lock", dev)):
        assert len(entries) > 40, lock  # the transitive packages are there, not only the declared ones
        assert all(hashes for _, hashes in entries.values()), [n for n, (_, h) in entries.items() if not h]
    # The suite tests exactly the versions users install.
    assert {name: dev[name][0] for name in runtime} == {name: version for name, (version, _) in runtime.items()}
