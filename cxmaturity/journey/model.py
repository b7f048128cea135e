"""The journey map: stages, touchpoints in order, and the drivers and barriers between touchpoints.

A map is a plain frozen value. Stages are named by the user (starting from a preset);
a touchpoint names its stage by that name. Every check returns located messages in the
reader's language (``journey.*`` keys of the catalogue), never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.i18n import translate
from cxmaturity.storage.journey import JOURNEY_LINK_KINDS, LinkRecord, TouchpointRecord

#: Stage presets: seed 003 §7.3 (before / during / after the service) and seed 004's lifecycle.
STAGE_PRESETS: Mapping[str, tuple[str, ...]] = {
    "service": ("before", "during", "after"),
    "lifecycle": ("choose", "buy", "use", "stay_loyal"),
}
LINK_KINDS = JOURNEY_LINK_KINDS
NAME_LIMIT = 200
MAX_STAGES = 30
MAX_TOUCHPOINTS = 1000
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")


#: A touchpoint and a driver or barrier are the storage's records: one definition for both wings.
Touchpoint = TouchpointRecord
Link = LinkRecord


@dataclass(frozen=True)
class JourneyMap:
    """Stages in order, touchpoints and links. Build one with :func:`check_map` to be sure it is valid."""

    stages: tuple[str, ...]
    touchpoints: tuple[Touchpoint, ...] = ()
    links: tuple[Link, ...] = ()

    def ordered(self) -> list[Touchpoint]:
        """Touchpoints in journey order: by stage, then ``order``, then as listed."""
        rank = {stage.casefold(): index for index, stage in enumerate(self.stages)}
        indexed = sorted(
            enumerate(self.touchpoints),
            key=lambda item: (rank.get(item[1].stage.casefold(), len(rank)), item[1].order, item[0]),
        )
        return [touchpoint for _, touchpoint in indexed]

    def touchpoint(self, key: str) -> Touchpoint:
        """The touchpoint with ``key``; ``KeyError`` when there is none."""
        for touchpoint in self.touchpoints:
            if touchpoint.key == key:
                return touchpoint
        raise KeyError(key)

    def barriers_of(self, key: str) -> list[Link]:
        """The barriers on links arriving at or leaving the touchpoint ``key``."""
        return [link for link in self.links if link.kind == "barrier" and key in (link.source, link.target)]


def preset_stages(preset: str, language: str) -> tuple[str, ...]:
    """The stage names of a preset (``service`` or ``lifecycle``) in ``language``."""
    if preset not in STAGE_PRESETS:
        raise ValueError(f"unknown stage preset {preset!r}; choose one of {', '.join(STAGE_PRESETS)}")
    return tuple(translate(f"journey.stage.{stage}", language) for stage in STAGE_PRESETS[preset])


def new_key(used: Iterable[str]) -> str:
    """The first ``tpN`` key not in ``used``."""
    taken = set(used)
    number = 1
    while f"tp{number}" in taken:
        number += 1
    return f"tp{number}"


# --- checks -----------------------------------------------------------------------------------------


def located(source: str, line: int | None, field: str, what: str, language: str, **values: object) -> LocatedError:
    """A located error whose message is the catalogue text ``journey.error.<what>`` in ``language``."""
    return LocatedError(source, line, field, translate(f"journey.error.{what}", language, **values))


def stage_errors(stages: Sequence[str], language: str, source: str) -> list[LocatedError]:
    """Problems of the stage list: empty or too long names, duplicates, none or too many."""
    errors: list[LocatedError] = []
    if not stages:
        errors.append(located(source, None, "stages", "no_stages", language))
    if len(stages) > MAX_STAGES:
        errors.append(located(source, None, "stages", "too_many_stages", language, limit=MAX_STAGES))
    seen: set[str] = set()
    for index, stage in enumerate(stages, start=1):
        name = stage.strip()
        if not name:
            errors.append(located(source, index, "stage", "empty", language))
        elif len(name) > NAME_LIMIT:
            errors.append(located(source, index, "stage", "too_long", language, limit=NAME_LIMIT))
        elif name.casefold() in seen:
            errors.append(located(source, index, "stage", "duplicate_stage", language, name=name))
        seen.add(name.casefold())
    return errors


def touchpoint_errors(
    journey: JourneyMap, language: str, source: str, lines: Sequence[int] | None = None
) -> list[LocatedError]:
    """Problems of the touchpoints: names, unknown stages, a name twice in a stage, keys, lengths.

    ``lines`` gives the source line of each touchpoint (default: its position, from 1).
    """
    stages = {stage.casefold(): stage for stage in journey.stages}
    errors: list[LocatedError] = []
    names: dict[tuple[str, str], int] = {}
    keys: set[str] = set()
    if len(journey.touchpoints) > MAX_TOUCHPOINTS:
        errors.append(located(source, None, "", "too_many_touchpoints", language, limit=MAX_TOUCHPOINTS))
    for index, point in enumerate(journey.touchpoints):
        line = lines[index] if lines is not None else index + 1
        if not _KEY_PATTERN.match(point.key):
            errors.append(located(source, line, "id", "bad_key", language, id=point.key))
        elif point.key in keys:
            errors.append(located(source, line, "id", "duplicate_key", language, id=point.key))
        keys.add(point.key)
        if not point.name.strip():
            errors.append(located(source, line, "name", "empty", language))
        for field, text in (("name", point.name), ("channel", point.channel), ("owner", point.owner)):
            if text is not None and len(text) > NAME_LIMIT:
                errors.append(located(source, line, field, "too_long", language, limit=NAME_LIMIT))
        if point.stage.casefold() not in stages:
            known = ", ".join(journey.stages)
            errors.append(located(source, line, "stage", "unknown_stage", language, stage=point.stage, stages=known))
            continue
        slot = (point.stage.casefold(), point.name.strip().casefold())
        if point.name.strip() and slot in names:
            errors.append(
                located(source, line, "name", "duplicate_name", language, name=point.name.strip(),
                       stage=stages[slot[0]], other=names[slot])
            )  # fmt: skip
        names.setdefault(slot, line)
    return errors


def link_errors(journey: JourneyMap, language: str, source: str) -> list[LocatedError]:
    """Problems of the drivers and barriers: kind, unknown or equal ends, empty text."""
    keys = {point.key for point in journey.touchpoints}
    errors: list[LocatedError] = []
    for line, link in enumerate(journey.links, start=1):
        if link.kind not in LINK_KINDS:
            errors.append(located(source, line, "kind", "bad_link_kind", language, kind=link.kind))
        for field, key in (("from", link.source), ("to", link.target)):
            if key not in keys:
                errors.append(located(source, line, field, "unknown_touchpoint", language, id=key))
        if link.source == link.target:
            errors.append(located(source, line, "to", "self_link", language))
        if not link.text.strip():
            errors.append(located(source, line, "text", "empty", language))
    return errors


def map_errors(journey: JourneyMap, language: str = "en", source: str = "journey map") -> list[LocatedError]:
    """Every problem of a map, located (stages, touchpoints, links)."""
    return [
        *stage_errors(journey.stages, language, source),
        *touchpoint_errors(journey, language, source),
        *link_errors(journey, language, source),
    ]


def check_map(journey: JourneyMap, language: str = "en", source: str = "journey map") -> JourneyMap:
    """The map with names stripped, when it is valid; else :class:`InputError` listing every problem."""
    cleaned = JourneyMap(
        tuple(stage.strip() for stage in journey.stages),
        tuple(
            replace(
                point,
                name=point.name.strip(),
                stage=point.stage.strip(),
                channel=(point.channel or "").strip() or None,
                owner=(point.owner or "").strip() or None,
            )
            for point in journey.touchpoints
        ),
        tuple(replace(link, text=link.text.strip()) for link in journey.links),
    )
    errors = map_errors(cleaned, language, source)
    if errors:
        raise InputError(errors)
    # Touchpoints name their stage exactly as the stage list spells it.
    spelling = {stage.casefold(): stage for stage in cleaned.stages}
    return replace(
        cleaned, touchpoints=tuple(replace(p, stage=spelling[p.stage.casefold()]) for p in cleaned.touchpoints)
    )


# --- editing ----------------------------------------------------------------------------------------


def set_stages(
    journey: JourneyMap,
    stages: Sequence[str],
    renamed: Mapping[str, str] | None = None,
    language: str = "en",
    source: str = "stages",
) -> JourneyMap:
    """The map with a new stage list; ``renamed`` maps old names to new ones (touchpoints follow).

    A stage left out while touchpoints still use it is refused (:class:`InputError` naming the
    stage and its touchpoints): move or delete them first, so nothing is lost silently.
    """
    renames = {old.casefold(): new.strip() for old, new in (renamed or {}).items()}
    moved = tuple(replace(p, stage=renames.get(p.stage.casefold(), p.stage)) for p in journey.touchpoints)
    kept = {stage.strip().casefold() for stage in stages}
    errors = stage_errors(stages, language, source)
    orphans: dict[str, list[str]] = {}
    for point in moved:
        if point.stage.casefold() not in kept:
            orphans.setdefault(point.stage, []).append(point.name)
    for stage, names in orphans.items():
        errors.append(
            located(source, None, "stage", "stage_in_use", language, stage=stage, count=len(names),
                   names=", ".join(names[:5]) + (" …" if len(names) > 5 else ""))
        )  # fmt: skip
    if errors:
        raise InputError(errors)
    return check_map(JourneyMap(tuple(stages), moved, journey.links), language)


def remove_touchpoint(journey: JourneyMap, key: str) -> JourneyMap:
    """The map without the touchpoint ``key`` and without the links that touch it."""
    journey.touchpoint(key)  # KeyError when absent
    return JourneyMap(
        journey.stages,
        tuple(p for p in journey.touchpoints if p.key != key),
        tuple(link for link in journey.links if key not in (link.source, link.target)),
    )


def renumber(journey: JourneyMap) -> JourneyMap:
    """The map with each stage's touchpoints numbered 1, 2, 3... in their journey order."""
    counters: dict[str, int] = {}
    ordered = []
    for point in journey.ordered():
        counters[point.stage] = counters.get(point.stage, 0) + 1
        ordered.append(replace(point, order=counters[point.stage]))
    return replace(journey, touchpoints=tuple(ordered))


def move_touchpoint(journey: JourneyMap, key: str, steps: int) -> JourneyMap:
    """The map with touchpoint ``key`` moved ``steps`` places later (negative: earlier) within its stage."""
    numbered = renumber(journey)
    point = numbered.touchpoint(key)
    siblings = [p for p in numbered.ordered() if p.stage == point.stage]
    position = siblings.index(point)
    target = max(0, min(len(siblings) - 1, position + steps))
    siblings.insert(target, siblings.pop(position))
    new_order = {p.key: index for index, p in enumerate(siblings, start=1)}
    return replace(
        numbered,
        touchpoints=tuple(replace(p, order=new_order.get(p.key, p.order)) for p in numbered.touchpoints),
    )
