"""A recommendation library checked against a questionnaire: references, languages and coverage.

Every level x aspect cell must get a candidate action (step 3) and a pilot (step 4) for every
band below target; the method library (:mod:`cxmaturity.roadmap.method`) counts, since the
roadmap merges it under every questionnaire's own library. Errors are located in the library file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cxmaturity.core.model import Questionnaire
from cxmaturity.files.errors import LocatedError
from cxmaturity.files.yamlsource import Path_
from cxmaturity.roadmap.recommendations import BANDS_BELOW_TARGET, Recommendation, RecommendationLibrary, Trigger


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
    if trigger.questions and not (trigger.names_levels and trigger.aspects):
        cell = {question.id for question in questionnaire.questions_of(level, aspect)}
        return any(question_id in cell for question_id in trigger.questions)
    return True


def specificity(trigger: Trigger) -> int:
    """How narrow a trigger is: 3 a cell or questions, 2 levels (by id or position), 1 aspects, 0 general."""
    if trigger.questions or (trigger.names_levels and trigger.aspects):
        return 3
    return 2 if trigger.names_levels else 1 if trigger.aspects else 0


#: Own authority first (DOMAIN.md 7.3).
AUTHORITY_ORDER = {"own": 0, "management": 1}


def pilot_rank(action: Recommendation, position: int) -> tuple[bool, int, int, int]:
    """How the roadmap ranks a fitting pilot (the smallest wins): own library, most specific, own authority, file order."""
    return (action.from_method, -specificity(action.trigger), AUTHORITY_ORDER[action.authority], position)


def chosen_pilot(
    library: RecommendationLibrary, questionnaire: Questionnaire, level: str, aspect: str, band: str
) -> Recommendation | None:
    """The pilot a roadmap focused on the cell ``level x aspect`` in ``band`` proposes (as the engine chooses it)."""
    fitting = [
        (pilot_rank(action, position), action)
        for position, action in enumerate(library.actions_for_step(4))
        if not action.trigger.perception_gap
        and (
            covers(action.trigger, questionnaire, level, aspect, band)
            or (action.trigger.is_general and band in action.trigger.bands)
        )
    ]
    return min(fitting, key=lambda item: item[0])[1] if fitting else None


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
                if ref not in known[section] and not (
                    section == "questions" and ref in library.other_version_questions
                ):
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


# --- the content standard of a full library ---------------------------------------------------------
# validate_against asks only that no weak cell is left without advice, so a consultant's own library may
# be small. A library that means to give advice written for every cell (the built-in one) also meets
# the standard below; tests/test_recommendations.py holds the built-in library to it.

#: Step-3 actions written for the cell itself that each band below target needs.
CELL_ADVICE_PER_BAND = {"low": 2, "developing": 2, "established": 1}
#: Different pilots a level offers across its aspects.
PILOTS_PER_LEVEL = 3
#: A pilot's method is design thinking (seed 003, 7.4): its ``questions`` are the five stages, in order,
#: each text starting with the stage's name in its language.
DESIGN_THINKING_STAGES: dict[str, tuple[str, ...]] = {
    "en": ("Empathise", "Define", "Ideate", "Prototype", "Test"),
    "ru": ("Эмпатия", "Фокусировка", "Идеи", "Прототип", "Тест"),
    "uk": ("Емпатія", "Фокусування", "Ідеї", "Прототип", "Тест"),
}
#: Two titles "say the same thing" when this share of all their longer English words is common to both
#: (the words shared over the words used): a mechanical net for the obvious repeat, not a reading.
SAME_IDEA_OVERLAP = 0.5


def written_for_cell(trigger: Trigger, level: str, aspect: str) -> bool:
    """True when a trigger names exactly the one cell ``level x aspect`` (advice written for that cell)."""
    return trigger.levels == (level,) and trigger.aspects == (aspect,) and not trigger.perception_gap


def standard_problems(library: RecommendationLibrary, questionnaire: Questionnaire) -> list[str]:
    """Where ``library`` falls short of the content standard for ``questionnaire`` (empty when it meets it).

    1. every cell has step-3 actions written for it: two for ``low``, two for ``developing``, one for
       ``established`` (:data:`CELL_ADVICE_PER_BAND`);
    2. every question has a step-3 action its own low score brings up;
    3. every pilot can be chosen, each level offers :data:`PILOTS_PER_LEVEL` different pilots across its
       aspects, and every pilot's method is the five stages of design thinking;
    4. no idea twice: the pilot a cell gets shares neither its id's name nor its title with the cell's
       step-3 actions;
    5. a step-3 action closes the perception gap.
    """
    problems: list[str] = []
    step3 = library.actions_for_step(3)
    for level in questionnaire.levels:
        for aspect in questionnaire.aspects:
            for band, needed in CELL_ADVICE_PER_BAND.items():
                found = [
                    a for a in step3 if written_for_cell(a.trigger, level.id, aspect.id) and band in a.trigger.bands
                ]
                if len(found) < needed:
                    problems.append(
                        f"{level.id} x {aspect.id}, band {band}: {len(found)} step-3 actions written for the cell, "
                        f"{needed} needed"
                    )
    for question in questionnaire.questions:
        if not any(question.id in a.trigger.questions and "low" in a.trigger.bands for a in step3):
            problems.append(f"question {question.id}: no step-3 action is brought up by its low score")
    problems += _pilot_problems(library, questionnaire)
    if not any(a.trigger.perception_gap for a in step3):
        problems.append("no step-3 action closes the perception gap (trigger perception_gap: true)")
    return problems


def _pilot_problems(library: RecommendationLibrary, questionnaire: Questionnaire) -> list[str]:
    problems: list[str] = []
    pilots = library.actions_for_step(4)
    reachable = {a.id for a in pilots if a.trigger.is_general and "target" in a.trigger.bands}
    for level in questionnaire.levels:
        chosen = set()
        for aspect in questionnaire.aspects:
            for band in BANDS_BELOW_TARGET:
                pilot = chosen_pilot(library, questionnaire, level.id, aspect.id, band)
                if pilot is None:
                    continue
                chosen.add(pilot.id)
                problems += _same_idea(library, questionnaire, pilot, level.id, aspect.id, band)
        if len(chosen) < PILOTS_PER_LEVEL:
            problems.append(
                f"level {level.id}: {len(chosen)} different pilots across its aspects, {PILOTS_PER_LEVEL} needed"
            )
        reachable |= chosen
    for pilot in pilots:
        if pilot.id not in reachable:
            problems.append(f"pilot {pilot.id}: no cell and band ever gets it")
        for lang, stages in DESIGN_THINKING_STAGES.items():
            if lang not in library.languages:
                continue
            texts = [question.get(lang) for question in pilot.questions]
            if len(texts) != len(stages) or not all(t.startswith(s) for t, s in zip(texts, stages, strict=True)):
                problems.append(f"pilot {pilot.id}: its questions ({lang}) must be the stages {', '.join(stages)}")
    return problems


def _same_idea(
    library: RecommendationLibrary,
    questionnaire: Questionnaire,
    pilot: Recommendation,
    level: str,
    aspect: str,
    band: str,
) -> list[str]:
    """The cell's step-3 actions that say what ``pilot`` says (same name after the step, or alike titles)."""
    name = pilot.id.split(".", 1)[-1]
    words = _title_words(pilot)
    found = []
    for action in library.actions_for_step(3):
        if not covers(action.trigger, questionnaire, level, aspect, band):
            continue
        other = _title_words(action)
        overlap = len(words & other) / max(1, len(words | other))
        if action.id.split(".", 1)[-1] == name or overlap >= SAME_IDEA_OVERLAP:
            found.append(f"{level} x {aspect}, band {band}: pilot {pilot.id} repeats step-3 action {action.id}")
    return found


def _title_words(action: Recommendation) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", action.title.get("en").lower()) if len(word) > 4}
