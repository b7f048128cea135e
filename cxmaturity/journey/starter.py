"""Starter journey maps for a typical B2C and a typical B2B service, in en, ru and uk.

The maps are data files in ``starter_maps/`` (read with the safe YAML reader); a user starts
from one and edits it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxmaturity.files.yamlsource import read_yaml_file
from cxmaturity.journey.model import STAGE_PRESETS, JourneyMap, Link, Touchpoint, check_map, preset_stages

STARTER_DIR = Path(__file__).parent / "starter_maps"
#: The starter maps shipped, by id.
STARTERS = ("b2c", "b2b")


def _text(value: Any, language: str) -> str:
    return str(value.get(language) or value["en"]) if isinstance(value, dict) else str(value)


def starter_map(kind: str, language: str) -> JourneyMap:
    """The starter map ``kind`` (``b2c`` or ``b2b``) with its texts in ``language``, checked."""
    if kind not in STARTERS:
        raise ValueError(f"unknown starter map {kind!r}; choose one of {', '.join(STARTERS)}")
    data = read_yaml_file(STARTER_DIR / f"{kind}.yaml").data
    preset = str(data["preset"])
    names = dict(zip(STAGE_PRESETS[preset], preset_stages(preset, language), strict=True))
    counters: dict[str, int] = {}
    touchpoints = []
    for item in data["touchpoints"]:
        stage = names[item["stage"]]
        counters[stage] = counters.get(stage, 0) + 1
        touchpoints.append(
            Touchpoint(
                key=str(item["id"]),
                name=_text(item["name"], language),
                stage=stage,
                channel=_text(item["channel"], language),
                owner=_text(item["owner"], language),
                moment_of_truth=bool(item.get("moment_of_truth", False)),
                order=counters[stage],
            )
        )
    links = [
        Link(str(item["kind"]), str(item["from"]), str(item["to"]), _text(item["text"], language))
        for item in data["links"]
    ]
    return check_map(JourneyMap(tuple(names.values()), tuple(touchpoints), tuple(links)), language, kind)
