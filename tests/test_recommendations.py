"""Recommendation libraries: the built-in one loads, covers every weak cell, and bad files give located errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.roadmap.coverage import coverage_gaps, covers, validate_against
from cxmaturity.roadmap.recommendations import (
    BANDS_BELOW_TARGET,
    LibrarySpec,
    RecommendationLibrary,
    library_for,
    library_json_schema,
    load_library,
    load_library_text,
)

ROOT = Path(__file__).parent.parent
BUILTIN = ROOT / "assessments" / "cx-pyramid"
LANGUAGES = ("en", "ru", "uk")


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(BUILTIN / "questionnaire.yaml")


@pytest.fixture(scope="module")
def library() -> RecommendationLibrary:
    return load_library(library_for(BUILTIN / "questionnaire.yaml"))


def test_library_for_is_the_file_beside_the_questionnaire(tmp_path):
    assert library_for(BUILTIN / "questionnaire.yaml") == BUILTIN / "recommendations.yaml"
    assert library_for(tmp_path / "mine.yaml") == tmp_path / "recommendations.yaml"


def test_builtin_library_loads_and_matches_its_questionnaire(library, questionnaire):
    assert library.id == "cx-pyramid-recommendations"
    assert library.questionnaire == questionnaire.id == "cx-pyramid"
    assert library.languages == LANGUAGES
    assert len(library.actions) >= 60
    assert validate_against(library, questionnaire) == []
    # every step has actions, for weak scores and for results at target
    for step in (1, 2, 3, 4, 5, "next"):
        bands = {band for action in library.actions_for_step(step) for band in action.trigger.bands}
        assert {"low", "developing", "established", "target"} <= bands, step


def test_every_cell_and_band_below_target_has_advice_and_a_pilot_in_every_language(library, questionnaire):
    assert coverage_gaps(library, questionnaire, 3) == []
    for level in questionnaire.levels:
        for aspect in questionnaire.aspects:
            for band in BANDS_BELOW_TARGET:
                for step in (3, 4):
                    advice = [
                        action
                        for action in library.actions_for_step(step)
                        if covers(action.trigger, questionnaire, level.id, aspect.id, band)
                        or (step == 4 and action.trigger.is_general and band in action.trigger.bands)
                    ]
                    assert advice, (level.id, aspect.id, band, step)
                    for action in advice:
                        for language in LANGUAGES:
                            for text in (action.title, action.description, action.rationale):
                                assert text.by_language[language].strip(), (action.id, language)
                            if step == 4:
                                assert action.hypothesis is not None and action.hypothesis.by_language[language].strip()


def test_step_two_names_the_roles_weak_aspects_call_for(library):
    roles = {
        aspect: {a.owner for a in library.actions_for_step(2) if a.trigger.aspects == (aspect,)}
        for aspect in ("cx", "ox", "ex", "it", "tx")
    }
    assert roles == {
        "cx": {"service-designer"},
        "ox": {"process-owner"},
        "ex": {"hr"},
        "it": {"systems-owner"},
        "tx": {"finance"},
    }


def test_texts_are_written_in_each_language(library):
    cyrillic = re.compile("[а-яА-ЯёЁіїєґІЇЄҐ]")
    ukrainian_only = re.compile("[іїєґІЇЄҐ]")
    for action in library.actions:
        for text in (action.title, action.description, action.rationale):
            assert not cyrillic.search(text.by_language["en"]), action.id
            assert cyrillic.search(text.by_language["ru"]) and cyrillic.search(text.by_language["uk"]), action.id
            assert text.by_language["ru"] != text.by_language["uk"], action.id
            assert "{" not in text.by_language["en"], action.id
    # Ukrainian letters appear across the Ukrainian texts, never in the Russian ones
    assert all(not ukrainian_only.search(a.description.by_language["ru"]) for a in library.actions)
    assert sum(bool(ukrainian_only.search(a.description.by_language["uk"])) for a in library.actions) > 50


def test_committed_schema_is_generated_from_the_models():
    committed = json.loads((ROOT / "assessments" / "recommendations.schema.json").read_text(encoding="utf-8"))
    assert committed == library_json_schema()
    assert committed["additionalProperties"] is False


def test_every_field_is_documented():
    doc = (ROOT / "docs" / "recommendations-format.md").read_text(encoding="utf-8")
    fields = set(LibrarySpec.model_fields)
    for definition in library_json_schema()["$defs"].values():
        fields |= set(definition.get("properties", {}))
    missing = sorted(name for name in fields if f"`{name}`" not in doc)
    assert missing == []


GOOD = """\
format: 1
id: tiny
version: 1.0.0
languages: [en, ru]
title: {en: Tiny, ru: Мини}
roles:
  lead: {title: {en: Lead, ru: Лидер}}
metrics:
  csi: {name: {en: CSI, ru: CSI}}
actions:
  - id: walk
    step: 1
    trigger: {bands: [low, developing, established]}
    title: {en: Walk, ru: Пройдите}
    description: {en: Walk it, ru: Пройдите путь}
    rationale: {en: Because, ru: Потому что}
    authority: own
    effort: S
    impact: high
    owner: lead
    metric: csi
    horizon_days: 14
"""


def test_a_minimal_library_loads():
    library = load_library_text(GOOD, "tiny.yaml")
    (action,) = library.actions
    assert (action.id, action.step, action.trigger.bands) == ("walk", 1, ("low", "developing", "established"))
    assert action.trigger.is_general and action.title.get("ru") == "Пройдите"
    assert library.reassessment_days == 90 and library.roles["lead"].get("en") == "Lead"


BAD = """\
format: 1
id: x
version: 1.0.0
languages: [en, ru]
title: {en: T}
roles:
  lead: {title: {en: L, ru: Л}}
metrics:
  csi: {name: {en: C, ru: С}}
actions:
  - id: a
    step: 6
    trigger: {bands: [low, medium], levelz: [x]}
    title: {en: A, ru: А}
    description: {en: D, ru: Д}
    rationale: {en: R}
    authority: own
    effort: XL
    impact: high
    owner: boss
    metric: csi
    horizon_days: "30"
  - id: a
    step: 4
    trigger: {bands: [low, low]}
    title: {en: A, ru: А, de: X}
    description: {en: D, ru: Д}
    rationale: {en: R, ru: Р}
    authority: own
    effort: S
    impact: high
    owner: lead
    metric: csi
"""


def test_every_problem_is_reported_at_once_with_file_line_and_field():
    with pytest.raises(InputError) as caught:
        load_library_text(BAD, "lib.yaml")
    messages = [str(error) for error in caught.value.errors]
    expected = [
        "lib.yaml:5: title: missing the ru text",
        "lib.yaml:12: actions.0.step: must be 1, 2, 3, 4, 5 or 'next'",
        "lib.yaml:13: actions.0.trigger.bands.1: must be 'low', 'developing', 'established' or 'target'",
        "lib.yaml:13: actions.0.trigger.levelz: unknown key 'levelz' (did you mean 'levels'?)",
        "lib.yaml:16: actions.0.rationale: missing the ru text",
        "lib.yaml:18: actions.0.effort: must be 'S', 'M' or 'L'",
        "lib.yaml:20: actions.0.owner: unknown owner 'boss'; define it under `roles` (lead)",
        "lib.yaml:22: actions.0.horizon_days: must be a number, not '30'",
        "lib.yaml:23: actions.1.horizon_days: this required key is missing",
        "lib.yaml:23: actions.1.hypothesis: a text is required here",
        "lib.yaml:23: actions.1.id: duplicate id 'a' (first used by action 0)",
        "lib.yaml:25: actions.1.trigger.bands: a band is listed twice",
        "lib.yaml:26: actions.1.title.de: language 'de' is not declared in `languages`",
    ]
    assert messages == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: 1\nid: [unclosed\n", "lib.yaml:3: YAML syntax error"),
        ("- just\n- a list\n", "lib.yaml:1: the file must be a YAML mapping"),
        ("format: !!python/object:os.system x\n", "lib.yaml:1: format: the tag"),
        ("a: &x 1\nb: *x\n", "lib.yaml:1: b: anchors and aliases"),
    ],
)
def test_unreadable_files_give_located_errors(text, expected):
    with pytest.raises(InputError) as caught:
        load_library_text(text, "lib.yaml")
    assert str(caught.value.errors[0]).startswith(expected)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        load_library(tmp_path / "nope.yaml")


def test_validate_against_locates_unknown_references_and_missing_coverage(questionnaire, tmp_path):
    text = GOOD.replace("languages: [en, ru]", "languages: [en, ru]\nquestionnaire: other") + (
        "  - id: fix\n"
        "    step: 3\n"
        "    trigger: {levels: [communication, roof], aspects: [cx], questions: [no.such.question], bands: [low]}\n"
        "    title: {en: Fix, ru: Исправьте}\n"
        "    description: {en: Fix it, ru: Исправьте это}\n"
        "    rationale: {en: Because, ru: Потому что}\n"
        "    authority: own\n"
        "    effort: S\n"
        "    impact: high\n"
        "    owner: lead\n"
        "    metric: csi\n"
        "    horizon_days: 30\n"
    )
    path = tmp_path / "recommendations.yaml"
    path.write_text(text, encoding="utf-8")
    library = load_library(path)
    errors = [str(error) for error in validate_against(library, questionnaire)]
    assert f"{path}:5: questionnaire: the library was written for 'other', not 'cx-pyramid'" in errors
    assert f"{path}:4: languages: the questionnaire also speaks uk; add those texts" in errors
    assert f"{path}:26: actions.1.trigger.levels.1: 'cx-pyramid' has no level 'roof'" in errors
    assert f"{path}:26: actions.1.trigger.questions.0: 'cx-pyramid' has no question 'no.such.question'" in errors
    gaps = [e for e in errors if "every weak cell needs advice" in e]
    # the only step-3 action is written for communication x cx (its unknown question aside) in band low:
    # the other 74 cell x band pairs lack advice, and all 75 lack a pilot
    assert len(gaps) == 2 * 25 * 3 - 1
    assert (
        f"{path}:11: actions: no candidate action (step 3) for communication x ox in band 'low'; every weak cell needs advice"
        in errors
    )
    assert not any("candidate action (step 3) for communication x cx in band 'low'" in e for e in errors)
