"""JSON Schemas of the file formats, generated from the code into ``assessments/``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cxmaturity.core.questionnaire import questionnaire_json_schema
from cxmaturity.core.registry import builtin_dir


def _generators() -> dict[str, Callable[[], dict[str, Any]]]:
    generators: dict[str, Callable[[], dict[str, Any]]] = {"questionnaire.schema.json": questionnaire_json_schema}
    try:  # the recommendation library format lives in its own module
        from cxmaturity.roadmap.recommendations import library_json_schema

        generators["recommendations.schema.json"] = library_json_schema
    except ImportError:  # pragma: no cover - before the roadmap module exists
        pass
    return generators


def _render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path | None = None) -> list[Path]:
    """Write every schema file; return their paths."""
    folder = folder or builtin_dir()
    written = []
    for name, generate in _generators().items():
        path = folder / name
        path.write_text(_render(generate()), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path | None = None) -> list[Path]:
    """Schema files that are missing or differ from what the code generates."""
    folder = folder or builtin_dir()
    stale = []
    for name, generate in _generators().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != _render(generate()):
            stale.append(path)
    return stale
