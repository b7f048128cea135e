"""Format 2 of the questionnaire file: the items that are not scored on the pyramid.

A `questions` entry with ``kind: nps | ces | csat | cli`` is a metric item (a number on a
scale of fixed shape), ``kind: choice`` asks for one option of its `choices` (for example
the main reason for a score), ``kind: text`` asks for free text. These checks add located
messages to the questionnaire's meaning pass; :func:`build_item` turns a checked entry into a
:class:`~cxmaturity.core.model.SurveyItem`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from cxmaturity.core.model import Choice, ItemKind, SurveyItem, Text
from cxmaturity.core.spec_common import TextChecker
from cxmaturity.files.yamlsource import Path_

#: The scales each metric kind accepts: the option values must be exactly one of these ranges.
METRIC_SCALES: Mapping[str, tuple[tuple[int, int], ...]] = MappingProxyType(
    {"nps": ((0, 10),), "ces": ((1, 7), (1, 5)), "csat": ((1, 5), (1, 10)), "cli": ((1, 6),)}
)
#: How many items of a kind one questionnaire may hold: (fewest when present, most).
ITEM_COUNTS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"nps": (1, 1), "ces": (1, 1), "csat": (1, 1), "cli": (3, 3)}
)
_ONLY_RATING_KEYS = ("level", "aspect", "weight")


def _scale_names(kind: str) -> str:
    return " or ".join(f"{low}..{high}" for low, high in METRIC_SCALES[kind])


def check_item(
    check: TextChecker,
    where: Path_,
    item: dict[str, Any],
    file_format: Any,
    scale_values: Mapping[str, set[float]],
) -> None:
    """Located problems of one non-rating entry of `questions` (its kind is not ``rating``)."""
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in (*METRIC_SCALES, "choice", "text"):
        return  # the schema pass reports an unknown kind
    if file_format == 1:
        check.add((*where, "kind"), f"the kind {kind!r} needs `format: 2` at the top of the file")
    for key in _ONLY_RATING_KEYS:
        if key in item:
            check.add((*where, key), f"only rating questions have `{key}`; a {kind} item is not scored on the pyramid")
    if kind != "choice" and "choices" in item:
        check.add((*where, "choices"), "only `kind: choice` items have `choices`")
    if kind in METRIC_SCALES:
        _check_metric_scale(check, where, kind, item.get("scale"), scale_values)
    else:
        for key in ("scale", "anchors"):
            if key in item:
                check.add((*where, key), f"a {kind} item has no scale; remove `{key}`")
    if kind == "choice":
        _check_choices(check, where, item.get("choices"))


def _check_metric_scale(
    check: TextChecker, where: Path_, kind: str, scale_id: Any, scale_values: Mapping[str, set[float]]
) -> None:
    if scale_id is None:
        check.add(where, f"an item of kind {kind!r} needs `scale`: a scale with the values {_scale_names(kind)}")
        return
    values = scale_values.get(scale_id) if isinstance(scale_id, str) else None
    if values is None:
        return  # an unknown scale is reported with the rating questions' check
    wanted = [set(map(float, range(low, high + 1))) for low, high in METRIC_SCALES[kind]]
    if values not in wanted:
        check.add(
            (*where, "scale"),
            f"an item of kind {kind!r} needs a scale whose options are the whole numbers {_scale_names(kind)}; "
            f"scale {scale_id!r} has {_describe(values)}",
        )


def _describe(values: set[float]) -> str:
    ordered = sorted(values)
    return ", ".join(f"{v:g}" for v in ordered) if len(ordered) <= 4 else f"{ordered[0]:g}..{ordered[-1]:g}"


def _check_choices(check: TextChecker, where: Path_, choices: Any) -> None:
    if not isinstance(choices, list):
        if choices is None:
            check.add(where, "a choice item needs `choices`: a list of {id, label}")
        return
    if len(choices) < 2:
        check.add((*where, "choices"), "give at least two choices")
    seen: dict[str, int] = {}
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        choice_id = choice.get("id")
        if isinstance(choice_id, str):
            if choice_id in seen:
                check.add(
                    (*where, "choices", index, "id"), f"duplicate choice {choice_id!r} (first at {seen[choice_id]})"
                )
            seen.setdefault(choice_id, index)
        check.text(choice.get("label"), (*where, "choices", index, "label"))


def check_item_counts(check: TextChecker, entries: list[tuple[int, dict[str, Any]]]) -> None:
    """One NPS, CES and CSAT item at most; the CLI is made of exactly three items."""
    for kind, (fewest, most) in ITEM_COUNTS.items():
        found = [index for index, entry in entries if entry.get("kind") == kind]
        if found and not fewest <= len(found) <= most:
            wanted = f"exactly {fewest}" if fewest == most else f"{fewest} to {most}"
            check.add(
                ("questions", found[-1], "kind"), f"a questionnaire has {wanted} {kind} item(s), not {len(found)}"
            )


def build_item(entry: Any, text: Callable[[Any], Text]) -> SurveyItem:
    """A checked non-rating entry (a ``QuestionSpec``) as a :class:`SurveyItem`."""
    return SurveyItem(
        id=entry.id,
        kind=ItemKind(entry.kind),
        text=text(entry.text),
        help=None if entry.help is None else text(entry.help),
        scale=entry.scale,
        choices=tuple(Choice(choice.id, text(choice.label)) for choice in entry.choices or ()),
        anchors=MappingProxyType({float(value): text(anchor) for value, anchor in entry.anchors.items()}),
    )
