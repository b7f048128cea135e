"""Where questionnaires live: the built-in ``assessments/`` folder and explicit paths.

Each questionnaire has a folder, ``<root>/<id>/``, whose ``questionnaire.yaml`` is the current
version: new assessments use it. Earlier versions stay loadable under
``<root>/<id>/versions/<version>/questionnaire.yaml``, so an assessment started with an earlier
version finds the questions it was answered with. Since library 2.0 one library serves every
version: the folder's ``recommendations.yaml``, which names the questions only some versions have
in ``other_version_questions`` (a version folder may still hold a library of its own, which then
wins: ``cxmaturity.roadmap.recommendations.library_for``).
A reference ``<id>@<version>`` names one version; a bare id names the current one.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from cxmaturity.core.model import Questionnaire
from cxmaturity.core.questionnaire import ID_PATTERN, load_questionnaire
from cxmaturity.core.spec_common import SEMVER_PATTERN
from cxmaturity.files.errors import InputError, LocatedError

QUESTIONNAIRE_FILE = "questionnaire.yaml"
#: Folder, inside a questionnaire's folder, that keeps its earlier versions (one sub-folder each).
VERSIONS_DIR = "versions"
_VERSIONED_REF = re.compile(f"(?P<id>{ID_PATTERN[1:-1]})@(?P<version>{SEMVER_PATTERN[1:-1]})")


def builtin_dir() -> Path:
    """The folder of shipped questionnaires (``assessments/`` at the project root)."""
    return Path(__file__).resolve().parents[2] / "assessments"


@dataclass(frozen=True)
class QuestionnaireEntry:
    """A questionnaire found on disk (loaded and valid)."""

    id: str
    version: str
    path: Path
    questionnaire: Questionnaire


def questionnaire_paths(root: Path | None = None) -> list[Path]:
    """Every ``<folder>/questionnaire.yaml`` directly under ``root`` (default: the built-in folder)."""
    root = root or builtin_dir()
    return sorted(root.glob(f"*/{QUESTIONNAIRE_FILE}"))


def available_questionnaires(root: Path | None = None) -> tuple[list[QuestionnaireEntry], list[LocatedError]]:
    """Load every questionnaire under ``root``; return the valid ones and the errors of the others."""
    entries: list[QuestionnaireEntry] = []
    errors: list[LocatedError] = []
    for path in questionnaire_paths(root):
        try:
            questionnaire = load_questionnaire(path)
        except InputError as exc:
            errors.extend(exc.errors)
            continue
        entries.append(QuestionnaireEntry(questionnaire.id, questionnaire.version, path, questionnaire))
    return entries, errors


def find_questionnaire_path(id_or_path: str, root: Path | None = None) -> Path:
    """Resolve an id, an ``<id>@<version>`` reference (both looked up under ``root`` only) or an existing file path.

    An id never reaches outside ``root``: it must match the id pattern, so it
    cannot hold ``/`` or ``..``. Raises InputError when nothing matches.
    """
    root = root or builtin_dir()
    versioned = _VERSIONED_REF.fullmatch(id_or_path)
    if versioned:
        return questionnaire_version_path(versioned["id"], versioned["version"], root)
    if re.fullmatch(ID_PATTERN, id_or_path):
        for path in questionnaire_paths(root):
            if path.parent.name == id_or_path:
                return path
        for entry in available_questionnaires(root)[0]:
            if entry.id == id_or_path:
                return entry.path
    candidate = Path(id_or_path)
    if candidate.is_file():
        return candidate
    known = ", ".join(path.parent.name for path in questionnaire_paths(root)) or "none"
    raise InputError([LocatedError(id_or_path, None, "", f"no such questionnaire id or file (built-in ids: {known})")])


def find_questionnaire(id_or_path: str, root: Path | None = None) -> Questionnaire:
    """Load a questionnaire by id or path (see :func:`find_questionnaire_path`)."""
    return load_questionnaire(find_questionnaire_path(id_or_path, root))


def versioned_ref(questionnaire_id: str, version: str) -> str:
    """The reference ``<id>@<version>`` that :func:`find_questionnaire_path` resolves to that one version."""
    return f"{questionnaire_id}@{version}"


def questionnaire_version_path(questionnaire_id: str, version: str, root: Path | None = None) -> Path:
    """The file of one version of a built-in questionnaire: an earlier one under ``versions/``, or the current one.

    Raises InputError naming the versions that exist when there is no such version.
    """
    root = root or builtin_dir()
    if not re.fullmatch(ID_PATTERN, questionnaire_id) or not re.fullmatch(SEMVER_PATTERN, version):
        raise InputError(
            [LocatedError(f"{questionnaire_id}@{version}", None, "", "not a questionnaire id and version")]
        )
    versions = questionnaire_versions(questionnaire_id, root)
    if version in versions:
        return versions[version]
    known = ", ".join(versions) or "none"
    raise InputError(
        [
            LocatedError(
                f"{questionnaire_id}@{version}",
                None,
                "",
                f"no such version of {questionnaire_id!r} (versions: {known})",
            )
        ]
    )


def questionnaire_versions(questionnaire_id: str, root: Path | None = None) -> dict[str, Path]:
    """Every loadable version of a built-in questionnaire, oldest first: version -> file.

    The current file's version is read from the file itself; an earlier version's from its
    folder name, which must agree with the file (a test checks the shipped ones).
    """
    folder = (root or builtin_dir()) / questionnaire_id
    found: dict[str, Path] = {}
    for path in sorted((folder / VERSIONS_DIR).glob(f"*/{QUESTIONNAIRE_FILE}")):
        if re.fullmatch(SEMVER_PATTERN, path.parent.name):
            found[path.parent.name] = path
    current = folder / QUESTIONNAIRE_FILE
    if current.is_file():
        with contextlib.suppress(InputError):  # an invalid current file is reported where it is loaded
            found[load_questionnaire(current).version] = current
    return dict(sorted(found.items(), key=lambda item: tuple(int(part) for part in item[0].split("."))))


def shipped_ref(questionnaire_id: str, version: str, root: Path | None = None) -> str:
    """The reference to use for an assessment's questionnaire: ``<id>@<version>`` when that version
    is shipped (so its own recommendation library is found), else the bare id."""
    if version in questionnaire_versions(questionnaire_id, root):
        return versioned_ref(questionnaire_id, version)
    return questionnaire_id
