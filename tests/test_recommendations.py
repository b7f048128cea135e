"""Recommendation libraries: the built-in one loads, covers every weak cell, and bad files give located errors."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.roadmap.coverage import coverage_gaps, covers, standard_problems, validate_against
from cxmaturity.roadmap.recommendations import (
    BANDS_BELOW_TARGET,
    LibrarySpec,
    RecommendationLibrary,
    Trigger,
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


# --- one library for both versions of the questionnaire, and the content standard ------------------

OLD_VERSION = BUILTIN / "versions" / "1.0.0" / "questionnaire.yaml"


@pytest.fixture(scope="module")
def old_questionnaire():
    return load_questionnaire(OLD_VERSION)


def test_an_earlier_version_without_a_library_of_its_own_shares_the_folders(tmp_path):
    assert library_for(OLD_VERSION) == BUILTIN / "recommendations.yaml"
    version = tmp_path / "q" / "versions" / "1.0.0"
    version.mkdir(parents=True)
    (tmp_path / "q" / "recommendations.yaml").write_text(GOOD, encoding="utf-8")
    assert library_for(version / "questionnaire.yaml") == tmp_path / "q" / "recommendations.yaml"
    (version / "recommendations.yaml").write_text(GOOD, encoding="utf-8")
    assert library_for(version / "questionnaire.yaml") == version / "recommendations.yaml"
    # a folder that is not under versions/ keeps to its own folder
    assert library_for(tmp_path / "other" / "1.0.0" / "questionnaire.yaml") == (
        tmp_path / "other" / "1.0.0" / "recommendations.yaml"
    )


def test_one_library_serves_both_versions(library, questionnaire, old_questionnaire):
    assert (questionnaire.version, old_questionnaire.version) == ("2.0.0", "1.0.0")
    assert validate_against(library, questionnaire) == []
    assert validate_against(library, old_questionnaire) == []
    new_ids = {q.id for q in questionnaire.questions}
    old_ids = {q.id for q in old_questionnaire.questions}
    # exactly the ids of one version only are declared; the shared ones are not
    assert library.other_version_questions == new_ids ^ old_ids
    # without the declaration, the other version's ids are unknown questions
    bare = dataclasses.replace(library, other_version_questions=frozenset())
    unknown = [str(e) for e in validate_against(bare, old_questionnaire) if "has no question" in str(e)]
    assert len(unknown) == len({ref for a in library.actions for ref in a.trigger.questions} - old_ids)


def test_the_builtin_library_meets_the_content_standard_for_both_versions(library, questionnaire, old_questionnaire):
    assert standard_problems(library, questionnaire) == []
    assert standard_problems(library, old_questionnaire) == []


def without(library: RecommendationLibrary, *ids: str) -> RecommendationLibrary:
    kept = tuple(a for a in library.actions if a.id not in ids)
    assert len(kept) == len(library.actions) - len(ids), ids
    return dataclasses.replace(library, actions=kept)


def changed(library: RecommendationLibrary, action_id: str, **changes) -> RecommendationLibrary:
    actions = tuple(dataclasses.replace(a, **changes) if a.id == action_id else a for a in library.actions)
    return dataclasses.replace(library, actions=actions)


def test_the_standard_fails_an_edit_that_loses_cell_advice_or_a_question_trigger(library, questionnaire):
    assert standard_problems(without(library, "choose.communication-cx-no-repeating"), questionnaire) == [
        "communication x cx, band developing: 1 step-3 actions written for the cell, 2 needed"
    ]
    # Proactivity x OX keeps two other low-band actions, but the sample-size question loses its own
    assert standard_problems(without(library, "choose.proactivity-ox-enough-answers"), questionnaire) == [
        "question proactivity.ox.sample-size: no step-3 action is brought up by its low score"
    ]
    assert standard_problems(
        without(library, "choose.perception-share-verbatims", "choose.perception-same-questions"), questionnaire
    ) == ["no step-3 action closes the perception gap (trigger perception_gap: true)"]


def test_the_standard_fails_an_edit_that_breaks_the_pilots(library, questionnaire):
    # one pilot left for Proactivity: the EX, IT and TX cells get none of their own
    lost = without(library, "pilot.proactivity-ex-idea-sprint", "pilot.proactivity-it-churn-call")
    assert standard_problems(lost, questionnaire) == [
        "level proactivity: 1 different pilots across its aspects, 3 needed"
    ]
    no_method = changed(library, "pilot.evolution-success-check-ins", questions=())
    assert standard_problems(no_method, questionnaire) == [
        f"pilot pilot.evolution-success-check-ins: its questions ({lang}) must be the stages {', '.join(stages)}"
        for lang, stages in (
            ("en", ("Empathise", "Define", "Ideate", "Prototype", "Test")),
            ("ru", ("Эмпатия", "Фокусировка", "Идеи", "Прототип", "Тест")),
            ("uk", ("Емпатія", "Фокусування", "Ідеї", "Прототип", "Тест")),
        )
    ]
    # a pilot saying what a step-3 action of its cell says (here: the same name)
    twin = changed(library, "pilot.commitment-exception-budget", id="pilot.commitment-cx-fast-exceptions")
    assert standard_problems(twin, questionnaire) == [
        "commitment x cx, band developing: pilot pilot.commitment-cx-fast-exceptions repeats step-3 action "
        "choose.commitment-cx-fast-exceptions"
    ]
    # a level-wide pilot under cell pilots is never chosen, as pilot.design-sprint was in 1.0
    (template,) = [a for a in library.actions if a.id == "pilot.communication-one-message"]
    unreachable = dataclasses.replace(
        template,
        id="pilot.communication-anything",
        trigger=Trigger(bands=BANDS_BELOW_TARGET, levels=("communication",)),
    )
    extra = dataclasses.replace(library, actions=(*library.actions, unreachable))
    assert standard_problems(extra, questionnaire) == [
        "pilot pilot.communication-anything: no cell and band ever gets it"
    ]


#: What each kind of action may be watched by: a metric that measures what the action changes.
#: Step 1 observes (it finds problems), step 2 forms a team (judged by the area's next score), step 5
#: and "next" analyse and learn; step-3 actions move something of their own aspect.
METRICS_BY_STEP = {
    1: {"walk-findings", "perception-gap"},
    2: {"area-score", "experiments"},
    5: {"experiments", "engagement", "area-score"},
    "next": {"experiments", "area-score"},
}
METRICS_BY_ASPECT = {
    "cx": {
        "csi",
        "ces",
        "cli",
        "nps",
        "complaints",
        "fcr",
        "proactive-share",
        "accessibility",
        "public-reviews",
        "exception-time",
        "perception-gap",
        "self-service-completion",
    },
    "ox": {
        "resolution-time",
        "promises-kept",
        "complaints",
        "owned-touchpoints",
        "callback-share",
        "linked-kpis",
        "area-score",
        "ces",
        "csi",
        "nps",
        "warning-precision",
        "proactive-share",
        "experiments",
    },
    "ex": {
        "engagement",
        "staff-knowledge",
        "promise-known",
        "leader-hours",
        "fcr",
        "csi",
        "resolution-time",
        "ideas-implemented",
        "proactive-share",
        "churn",
    },
    "it": {
        "fcr",
        "complaints",
        "cost-to-serve",
        "ces",
        "cli",
        "clv",
        "systems-per-customer",
        "time-to-answer",
        "resolution-time",
        "warning-precision",
        "churn",
        "self-service-completion",
        "experiments",
        "linked-kpis",
    },
    "tx": {"cost-to-serve", "cost-of-failure", "churn", "clv", "share-of-wallet", "exception-time", "linked-kpis"},
}


def test_each_action_is_watched_by_a_metric_that_measures_what_it_changes(library, questionnaire):
    for action in library.actions:
        if action.step in METRICS_BY_STEP:
            assert action.metric in METRICS_BY_STEP[action.step], (action.id, action.metric)
        elif action.step == 3 and action.trigger.aspects:
            (aspect,) = action.trigger.aspects
            assert action.metric in METRICS_BY_ASPECT[aspect], (action.id, action.metric)
        elif action.step == 3 and action.trigger.questions:
            cells = {(q.level, q.aspect) for q in questionnaire.questions if q.id in action.trigger.questions}
            assert all(action.metric in METRICS_BY_ASPECT[aspect] for _, aspect in cells), action.id
    # no customer index under a walk, a team or a retrospective (the review found CES under a leaders' walk)
    indices = {"csi", "ces", "nps", "cli"}
    assert not [a.id for a in library.actions if a.step in METRICS_BY_STEP and a.metric in indices]
