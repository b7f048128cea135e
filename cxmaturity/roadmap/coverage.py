"""A recommendation library checked against a questionnaire: references, languages and coverage.

Every level x aspect cell must get a candidate action (step 3) and a pilot (step 4) for every
band below target; the method library (:mod:`cxmaturity.roadmap.method`) counts, since the
roadmap merges it under every questionnaire's own library. Errors are located in the library file.
"""

from __future__ import annotations

from collections.abc import Mapping

from cxmaturity.core.model import Questionnaire
from cxmaturity.files.errors import LocatedError
from cxmaturity.files.yamlsource import Path_
from cxmaturity.roadmap.recommendations import BANDS_BELOW_TARGET, RecommendationLibrary, Trigger


def level_position(questionnaire: Questionnaire, level_id: str | None) -> str | None:
    """``base`` for the first level, ``top`` for the last (when there are two or more), else ``middle``."""
    ids = [level.id for level in questionnaire.levels]
    if level_id not in ids:
        return None
    index = ids.index(level_id)
    return "base" if index == 0 else "top" if index == len(ids) - 1 else "middle"


def covers(trigger: Trigger, questionnaire: Questionnaire, level: str, aspect: str, band: str) -> bool:
    """True when an action with this trigger gives advice for the cell ``level x aspect`` in ``band``."""
    if band not in trigger.bands or trigger.perception_gap or trigger.is_general:
        return False
    if trigger.levels and level not in trigger.levels:
        return False
    if trigger.aspects and aspect not in trigger.aspects:
        return False
    if trigger.positions and level_position(questionnaire, level) not in trigger.positions:
        return False
    if trigger.questions:
        cell = {question.id for question in questionnaire.questions_of(level, aspect)}
        return any(question_id in cell for question_id in trigger.questions)
    return True


def coverage_gaps(
    library: RecommendationLibrary,
    questionnaire: Questionnaire,
    step: int = 3,
    method: RecommendationLibrary | None = None,
) -> list[tuple[str, str, str]]:
    """``(level, aspect, band)`` triples below target for which no action of ``step`` gives advice.

    With ``method``, the method library's actions count too (the roadmap merges them in).
    """
    candidates = library.actions_for_step(step) + (method.actions_for_step(step) if method is not None else ())
    return [
        (level.id, aspect.id, band)
        for level in questionnaire.levels
        for aspect in questionnaire.aspects
        for band in BANDS_BELOW_TARGET
        if not any(covers(action.trigger, questionnaire, level.id, aspect.id, band) for action in candidates)
    ]


def validate_against(
    library: RecommendationLibrary, questionnaire: Questionnaire, method: RecommendationLibrary | None = None
) -> list[LocatedError]:
    """Problems of ``library`` when used with ``questionnaire``, located in the library file.

    Checks that triggers name existing levels, aspects and questions, that the library
    speaks every language of the questionnaire, and that every level x aspect cell has
    a candidate action (step 3) and a pilot (step 4) for every band below target, counting
    the actions of ``method`` (the method library the roadmap merges in) when given.
    """
    errors: list[LocatedError] = []

    def add(path: Path_, message: str) -> None:
        line = _line_of(library.lines, path)
        errors.append(LocatedError(library.file, line, ".".join(str(part) for part in path), message))

    if library.questionnaire and library.questionnaire != questionnaire.id:
        add(("questionnaire",), f"the library was written for {library.questionnaire!r}, not {questionnaire.id!r}")
    missing_languages = [language for language in questionnaire.languages if language not in library.languages]
    if missing_languages:
        add(("languages",), f"the questionnaire also speaks {', '.join(missing_languages)}; add those texts")
    known = {
        "levels": {level.id for level in questionnaire.levels},
        "aspects": {aspect.id for aspect in questionnaire.aspects},
        "questions": {question.id for question in questionnaire.questions},
    }
    for index, action in enumerate(library.actions):
        for section in ("levels", "aspects", "questions"):
            for number, ref in enumerate(getattr(action.trigger, section)):
                if ref not in known[section]:
                    add(
                        ("actions", index, "trigger", section, number),
                        f"{questionnaire.id!r} has no {section[:-1]} {ref!r}",
                    )
    for step, what in ((3, "candidate action (step 3)"), (4, "pilot (step 4)")):
        gaps = (
            coverage_gaps(library, questionnaire, step, method)
            if step == 3
            else _pilot_gaps(library, questionnaire, method)
        )
        for level, aspect, band in gaps:
            add(("actions",), f"no {what} for {level} x {aspect} in band {band!r}; every weak cell needs advice")
    return errors


def _pilot_gaps(
    library: RecommendationLibrary, questionnaire: Questionnaire, method: RecommendationLibrary | None
) -> list[tuple[str, str, str]]:
    # A general pilot (no level/aspect) also counts: the generator can always fall back on it.
    pilots = library.actions_for_step(4) + (method.actions_for_step(4) if method is not None else ())
    general = {band for action in pilots if action.trigger.is_general for band in action.trigger.bands}
    return [gap for gap in coverage_gaps(library, questionnaire, 4, method) if gap[2] not in general]


def _line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return lines.get(())
