"""Where questionnaires live: the built-in ``assessments/`` folder and explicit paths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cxmaturity.core.model import Questionnaire
from cxmaturity.core.questionnaire import ID_PATTERN, load_questionnaire
from cxmaturity.files.errors import InputError, LocatedError

QUESTIONNAIRE_FILE = "questionnaire.yaml"


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
    """Resolve an id (looked up under ``root`` only) or an existing file path.

    An id never reaches outside ``root``: it must match the id pattern, so it
    cannot hold ``/`` or ``..``. Raises InputError when nothing matches.
    """
    root = root or builtin_dir()
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
