"""The service-model KPI table and its cause-and-effect chain (seed 003: TX -> OX -> customer).

Each row names an indicator, its aspect (CX, OX, EX, IT, TX), current value and target, unit,
the system where its data accumulates, the owner, how often it is updated, and what it is
linked to: another indicator of the table, a customer indicator (NPS, CSI, CES, CLI) or a
touchpoint of the journey map. A row links to at most one thing, so following the links
from a financial indicator gives one chain; a chain that comes back to itself is refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.journey.model import NAME_LIMIT, JourneyMap, located
from cxmaturity.storage.journey import KPI_ASPECTS, KpiRecord

ASPECTS = KPI_ASPECTS
CUSTOMER_INDICATORS = ("NPS", "CSI", "CES", "CLI")
#: Order of aspects in the cause-and-effect view: money first, the customer last.
CHAIN_ORDER = ("TX", "OX", "IT", "EX", "CX")


#: A row of the KPI table: the storage's record, one definition for both wings.
Kpi = KpiRecord


@dataclass(frozen=True)
class LinkEnd:
    """What a row's ``linked_to`` names: ``kpi`` (row index), ``indicator`` (NPS...), or ``touchpoint`` (key)."""

    kind: str
    ref: str | int
    label: str


def parse_number(text: str) -> float | None:
    """A number as people type it (``12.5``, ``12,5``, ``1 234,5``, ``1,234.5``); None when empty.

    Raises ``ValueError`` for anything else (words, units, percent signs).
    """
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cleaned):
        raise ValueError(text)
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def resolve_link(text: str, table: Sequence[Kpi], journey: JourneyMap | None) -> LinkEnd | None:
    """What ``text`` names: a row of ``table`` (by name), a customer indicator, or a touchpoint (key or name).

    None when it names nothing known; ``ValueError`` when a touchpoint name is used in two stages.
    """
    wanted = text.strip().casefold()
    for index, row in enumerate(table):
        if row.name.strip().casefold() == wanted:
            return LinkEnd("kpi", index, row.name.strip())
    for indicator in CUSTOMER_INDICATORS:
        if indicator.casefold() == wanted:
            return LinkEnd("indicator", indicator, indicator)
    if journey is not None:
        for point in journey.touchpoints:
            if point.key == text.strip():
                return LinkEnd("touchpoint", point.key, point.name)
        named = [point for point in journey.touchpoints if point.name.casefold() == wanted]
        if len(named) > 1:
            raise ValueError(text)
        if named:
            return LinkEnd("touchpoint", named[0].key, named[0].name)
    return None


def kpi_errors(
    table: Sequence[Kpi],
    journey: JourneyMap | None = None,
    language: str = "en",
    source: str = "KPI table",
    lines: Sequence[int] | None = None,
) -> list[LocatedError]:
    """Every problem of the table: names, aspects, values that are not numbers, unknown or circular links."""
    errors: list[LocatedError] = []

    def error(line: int | None, field: str, what: str, **values: object) -> None:
        errors.append(located(source, line, field, what, language, **values))

    line_of = (lambda i: lines[i]) if lines is not None else (lambda i: i + 1)
    names: dict[str, int] = {}
    for index, row in enumerate(table):
        line = line_of(index)
        name = row.name.strip()
        if not name:
            error(line, "indicator", "empty")
        elif name.casefold() in names:
            error(line, "indicator", "duplicate_kpi", name=name, other=names[name.casefold()])
        names.setdefault(name.casefold(), line)
        if row.aspect not in ASPECTS:
            error(line, "aspect", "bad_aspect", value=row.aspect, aspects=", ".join(ASPECTS))
        for field in ("current", "target"):
            value = getattr(row, field)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
            ):
                error(line, field, "not_a_number", value=value)
        for field in ("name", "unit", "source", "owner", "frequency", "linked_to"):
            text = getattr(row, field)
            if text is not None and len(text) > NAME_LIMIT:
                error(line, "indicator" if field == "name" else field, "too_long", limit=NAME_LIMIT)
        if row.linked_to and row.linked_to.strip():
            try:
                end = resolve_link(row.linked_to, table, journey)
            except ValueError:
                error(line, "linked_to", "ambiguous_link", value=row.linked_to.strip())
                continue
            if end is None:
                error(line, "linked_to", "unknown_link", value=row.linked_to.strip())
            elif end.ref == index and end.kind == "kpi":
                error(line, "linked_to", "self_kpi_link")
    if not errors:
        for cycle in cycles(table, journey):
            names_in_cycle = " → ".join(table[i].name.strip() for i in [*cycle, cycle[0]])
            error(line_of(cycle[0]), "linked_to", "circular_link", cycle=names_in_cycle)
    return errors


def check_kpis(
    table: Sequence[Kpi], journey: JourneyMap | None = None, language: str = "en", source: str = "KPI table"
) -> tuple[Kpi, ...]:
    """The table when it is valid; else :class:`InputError` listing every problem."""
    errors = kpi_errors(table, journey, language, source)
    if errors:
        raise InputError(errors)
    return tuple(table)


def _next(table: Sequence[Kpi], journey: JourneyMap | None, index: int) -> LinkEnd | None:
    text = table[index].linked_to
    return resolve_link(text, table, journey) if text and text.strip() else None


def cycles(table: Sequence[Kpi], journey: JourneyMap | None = None) -> list[list[int]]:
    """Every loop of links between rows, once each, as row indexes starting at the loop's first row."""
    found: list[list[int]] = []
    done: set[int] = set()
    for start in range(len(table)):
        path: list[int] = []
        where: dict[int, int] = {}
        index: int | None = start
        while index is not None and index not in done and index not in where:
            where[index] = len(path)
            path.append(index)
            end = _next(table, journey, index)
            index = end.ref if end is not None and end.kind == "kpi" and isinstance(end.ref, int) else None
        if index is not None and index in where:
            loop = path[where[index] :]
            first = loop.index(min(loop))
            found.append(loop[first:] + loop[:first])
        done.update(path)
    return found


def chain(table: Sequence[Kpi], journey: JourneyMap | None, index: int) -> list[LinkEnd]:
    """The links followed from row ``index``: the row itself, then each thing it leads to (loops cut)."""
    steps = [LinkEnd("kpi", index, table[index].name.strip())]
    seen = {index}
    end = _next(table, journey, index)
    while end is not None:
        steps.append(end)
        if end.kind != "kpi" or not isinstance(end.ref, int) or end.ref in seen:
            break
        seen.add(end.ref)
        end = _next(table, journey, end.ref)
    return steps


def reaches_customer(table: Sequence[Kpi], journey: JourneyMap | None, index: int) -> bool:
    """Whether the chain from row ``index`` reaches the customer.

    The customer is reached at a customer indicator (NPS, CSI, CES, CLI), a touchpoint, or a row of aspect CX.
    """
    for step in chain(table, journey, index)[1:]:
        if step.kind in ("indicator", "touchpoint"):
            return True
        if isinstance(step.ref, int) and table[step.ref].aspect == "CX":
            return True
    return False


def kpi_flags(table: Sequence[Kpi], journey: JourneyMap | None = None) -> dict[int, tuple[str, ...]]:
    """Warnings per row index: ``no_customer_link`` (a TX row whose chain never reaches the customer),
    ``no_source`` (no system named where its data accumulates). Rows without warnings are absent."""
    flags: dict[int, tuple[str, ...]] = {}
    for index, row in enumerate(table):
        found = []
        if row.aspect == "TX" and not reaches_customer(table, journey, index):
            found.append("no_customer_link")
        if not (row.source or "").strip():
            found.append("no_source")
        if found:
            flags[index] = tuple(found)
    return flags


def cause_and_effect(table: Sequence[Kpi], journey: JourneyMap | None = None) -> list[list[LinkEnd]]:
    """The chains from every row no other row links to, money first (TX, OX, IT, EX, CX), then table order."""
    targets = set()
    for index in range(len(table)):
        end = _next(table, journey, index)
        if end is not None and end.kind == "kpi":
            targets.add(end.ref)
    heads = [i for i in range(len(table)) if i not in targets]
    rank = {aspect: position for position, aspect in enumerate(CHAIN_ORDER)}
    heads.sort(key=lambda i: (rank.get(table[i].aspect, len(rank)), i))
    return [chain(table, journey, i) for i in heads]
