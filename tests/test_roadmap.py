"""The five-step roadmap: golden files for score profiles, and the generation rules one by one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmaturity.core.model import SetScore
from cxmaturity.i18n import LANGUAGES, catalogue
from cxmaturity.roadmap.engine import (
    ASPECT_SPREAD,
    Roadmap,
    band_of,
    build_roadmap,
    roadmap_to_json,
)

from .make_golden_roadmaps import (
    CASES,
    PROFILES,
    TODAY,
    card_for,
    card_from,
    golden_json,
    golden_path,
    load_builtin,
    render,
)

ACTION_KEYS = {
    "id",
    "title",
    "description",
    "why",
    "level",
    "aspect",
    "authority",
    "effort",
    "impact",
    "owner",
    "metric",
    "horizon_days",
}
LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


def roadmap_of(profile, builtin, lang="en", **kwargs) -> Roadmap:
    questionnaire, library = builtin
    return build_roadmap(card_for(profile, questionnaire), questionnaire, library, lang, TODAY, **kwargs)


def flat(groups, builtin, lang="en") -> Roadmap:
    questionnaire, library = builtin
    return build_roadmap(card_from(groups, questionnaire), questionnaire, library, lang, TODAY)


# --- golden files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "lang"), CASES)
def test_golden_roadmaps(profile, lang, builtin):
    """Regenerate with `python tests/make_golden_roadmaps.py` and review the diff."""
    expected = golden_path(profile, lang).read_text(encoding="utf-8")
    assert render(golden_json(profile, lang, *builtin)) == expected


@pytest.mark.parametrize("profile", list(PROFILES))
def test_json_contract(profile, builtin):
    data = json.loads(render(roadmap_to_json(roadmap_of(profile, builtin))))
    assert set(data["focus"]) >= {"level", "aspect", "why"}
    assert [step["number"] for step in data["steps"]] == [1, 2, 3, 4, 5]
    assert list(data)[-1] == "next" and list(data).index("steps") < list(data).index("next")
    assert data["next"]["reassess_on"] > TODAY.isoformat()
    actions = [a for step in data["steps"] for a in step["actions"]] + data["next"]["actions"] + data["warnings"]
    assert actions
    for action in actions:
        assert set(action) >= ACTION_KEYS
        assert action["authority"] in ("own", "management") and action["effort"] in ("S", "M", "L")
        assert isinstance(action["horizon_days"], int) and action["horizon_days"] > 0
        assert re.search(r"\d", action["why"]), action["id"]  # the scores, in numbers
    ids = [a["id"] for a in actions]
    assert len(ids) == len(set(ids))


def test_goldens_are_up_to_date_and_deterministic(builtin):
    for profile, lang in CASES:
        assert roadmap_of(profile, builtin, lang) == roadmap_of(profile, builtin, lang)


# --- the focus --------------------------------------------------------------------------------------


def test_strong_base_weak_top_focuses_by_priority_and_narrows_to_the_weakest_aspect(builtin):
    roadmap = roadmap_of("strong-base-weak-top", builtin)
    questionnaire, _ = builtin
    card = card_for("strong-base-weak-top", questionnaire)
    # questionnaire 2.0.0: proactivity has 12 questions of weight 1, 10 at 31.25 and the 2 IT ones at 18.75,
    # so it scores (10 * 31.25 + 2 * 18.75) / 12 = 29.17; gap 80 - 29.17 = 50.83,
    # priority (k=4 of 5) 50.83 * 2/5 = 20.33 beats commitment's (k=3)
    proactivity, commitment = card.levels["proactivity"], card.levels["commitment"]
    assert proactivity.priority == pytest.approx((80 - proactivity.score) * 2 / 5)
    assert proactivity.priority > commitment.priority > card.levels["evolution"].priority
    assert (roadmap.focus.level, roadmap.focus.aspect) == ("proactivity", "it")
    assert roadmap.focus.score == pytest.approx(18.75) and roadmap.focus.band == "low"
    assert (
        "Proactivity has the highest-priority gap: 29.2 of 100, 50.8 points below the target of 80 (priority 20.3)"
        in roadmap.focus.why
    )
    assert "IT and data is the weakest aspect at 18.8" in roadmap.focus.why
    assert roadmap.warnings == ()
    following = roadmap.next.following
    assert following is not None and (following.level, following.aspect) == ("commitment", "it")


def with_cells(card, changes):
    """A real ScoreCard with some cell scores replaced (the focus only reads level and cell scores)."""
    cells = dict(card.cells)
    for key, score in changes.items():
        cells[key] = dataclasses.replace(cells[key], score=score)
    return dataclasses.replace(card, cells=cells)


@pytest.mark.parametrize(
    ("bump", "aspect"),
    [(0.0, None), (ASPECT_SPREAD - 0.1, None), (ASPECT_SPREAD, "ox"), (ASPECT_SPREAD + 10, "ox")],
)
def test_focus_narrows_to_the_weakest_aspect_only_when_aspects_differ(bump, aspect, builtin):
    questionnaire, library = builtin
    scores = {"communication": 87.5, "responsiveness": 50, "commitment": 50, "proactivity": 50, "evolution": 50}
    card = card_from({"": lambda level, _aspect: scores[level]}, questionnaire)
    card = with_cells(card, {("responsiveness", "cx"): 50 + bump})
    roadmap = build_roadmap(card, questionnaire, library, "en", TODAY)
    # cx is the strongest; the other four tie at 50 and the first in questionnaire order wins
    assert (roadmap.focus.level, roadmap.focus.aspect) == ("responsiveness", aspect)
    assert ("Within this level" in roadmap.focus.why) == (aspect is not None)


def test_a_cell_below_target_gets_the_focus_when_every_level_meets_its_target(builtin):
    roadmap = flat({"": lambda level, aspect: 62.5 if (level, aspect) == ("commitment", "ox") else 93.75}, builtin)
    assert not roadmap.at_target
    assert (roadmap.focus.level, roadmap.focus.aspect) == ("commitment", "ox")
    assert "Every level meets its target, but Commitment × Operational experience scores only 62.5" in roadmap.focus.why
    assert len(roadmap.steps[2].actions) > 1 and len(roadmap.steps[3].actions) == 1


# --- the steps --------------------------------------------------------------------------------------


def test_step_one_walks_the_weakest_cells_and_joins_the_group_that_rates_lower(builtin):
    roadmap = roadmap_of("groups-perception-gap", builtin)
    step1 = roadmap.steps[0]
    assert "Relationship evolution × Customer experience (43.8)" in step1.summary
    group_walk = [a for a in step1.actions if a.id == "understand.walk-with-lower-group"]
    assert len(group_walk) == 1
    assert group_walk[0].level == "responsiveness"  # the widest disagreement: 81.25 vs 43.75
    assert "front-line rate it 43.8, executives rate it 81.2, 37.5 points apart" in group_walk[0].why
    assert "take front-line along" in step1.summary
    without_groups = roadmap_of("strong-base-weak-top", builtin)
    assert all(a.id != "understand.walk-with-lower-group" for a in without_groups.steps[0].actions)


def test_step_two_calls_for_the_roles_of_the_weak_aspects(builtin):
    roles = {a.owner_id for a in roadmap_of("one-aspect-weak", builtin).steps[1].actions if a.level is None}
    assert roles == {"hr"}
    weak = {"it": 25.0, "tx": 37.5}
    roadmap = flat({"": lambda level, aspect: weak.get(aspect, 87.5)}, builtin)
    step2 = roadmap.steps[1]
    assert {a.owner_id for a in step2.actions if a.level is None} == {"systems-owner", "finance"}
    # Mid-sentence, the roles read in lower case: "owner of the customer systems (IT), finance controller".
    assert "owner of the customer systems (IT)" in step2.summary and "finance controller" in step2.summary


def test_step_three_states_the_problem_and_puts_own_authority_first(builtin):
    for profile in ("strong-base-weak-top", "weak-base-strong-top", "groups-perception-gap", "one-aspect-weak"):
        step3 = roadmap_of(profile, builtin).steps[2]
        assert step3.actions[0].id == "choose.state-the-problem"
        assert len(step3.actions[0].questions) == 3
        candidates = step3.actions[1:]
        assert candidates, profile
        order = [0 if a.authority == "own" else 1 for a in candidates]
        assert order == sorted(order), profile
    step3 = roadmap_of("strong-base-weak-top", builtin).steps[2]
    assert step3.summary.startswith("The problem: Proactivity × IT and data scores 18.8 of 100, 61.2 points below")
    # Proactivity x IT is low (18.75): its two low-band actions, judged at the cell's score, one of each authority
    assert [a.id for a in step3.actions[1:]] == [
        "choose.proactivity-it-one-prediction-rule",
        "choose.proactivity-it-next-best-action",
    ]
    assert "1 within the team's own authority (start with these), 1 needing management's approval" in step3.summary


def test_step_four_is_one_pilot_with_a_hypothesis_and_a_metric(builtin):
    for profile in PROFILES:
        (pilot,) = roadmap_of(profile, builtin).steps[3].actions
        assert pilot.hypothesis and pilot.metric
    # the focus is the whole Communication level (its cells tie at 37.5): the pilot is the one written for
    # its weakest cell, the first aspect in questionnaire order (customer experience)
    pilot = roadmap_of("weak-base-strong-top", builtin).steps[3].actions[0]
    assert pilot.id == "pilot.communication-one-message" and pilot.metric_id == "complaints"
    assert [q.split(":")[0] for q in pilot.questions] == ["Empathise", "Define", "Ideate", "Prototype", "Test"]


def test_step_five_and_next(builtin):
    roadmap = roadmap_of("strong-base-weak-top", builtin)
    retro = [a for a in roadmap.steps[4].actions if a.id == "tell.retrospective"]
    assert retro and len(retro[0].questions) == 5
    assert "Customer churn" in roadmap.steps[4].summary  # the metric of the pilot for Proactivity x IT
    # the steps follow each other, each as long as the longest of its default actions (two, the pilot one):
    # 21 (visit internal clients) + 30 (practitioners) + 60 (one prediction rule) + 90 (churn-call pilot)
    # + 14 (retrospective, baseline) = 215 days, more than the library's cadence of 120
    assert roadmap.next.reassess_on == TODAY + dt.timedelta(days=215)
    assert "Re-assess on 26 June 2027" in roadmap.next.summary
    assert "The following focus: Commitment × IT and data." in roadmap.next.summary


def test_unsupported_levels_get_a_warning_to_strengthen_the_foundation(builtin):
    roadmap = roadmap_of("weak-base-strong-top", builtin)
    assert [w.id for w in roadmap.warnings] == [
        "warning.unsupported.commitment",
        "warning.unsupported.proactivity",
        "warning.unsupported.evolution",
    ]
    warning = roadmap.warnings[1]
    assert warning.title == "Strengthen the foundation before investing further in Proactivity"
    assert warning.why.startswith("Proactivity scores 75 of 100 (threshold 60), while Communication scores 37.5")
    assert (roadmap.focus.level, roadmap.focus.aspect) == ("communication", None)


def test_all_at_target_says_so_and_proposes_what_sustains_it(builtin):
    roadmap = roadmap_of("all-at-target", builtin)
    assert roadmap.at_target and roadmap.focus.level is None and roadmap.focus.band == "target"
    assert roadmap.focus.why.startswith("Every level, aspect and cell is at or above its target")
    assert [len(step.actions) for step in roadmap.steps] == [1, 1, 1, 1, 1]
    assert all(a.band == "target" for a in roadmap.all_actions())
    assert roadmap.next.following is None and "raise the targets" in roadmap.next.summary
    assert {a.id for a in roadmap.next.actions} == {"next.reassess-same-groups", "next.raise-the-targets"}


def test_no_answers_gives_an_empty_plan_not_an_error(builtin):
    questionnaire, library = builtin
    card = card_for("all-at-target", questionnaire)
    empty = dataclasses.replace(card, overall=SetScore(score=None, n=0))
    roadmap = build_roadmap(empty, questionnaire, library, "uk", TODAY)
    assert roadmap.all_actions() == () and roadmap.focus.why.startswith("Відповідей поки немає")


def test_explicit_perception_gap_overrides_the_cards(builtin):
    questionnaire, library = builtin
    card = card_for("groups-perception-gap", questionnaire)
    other = card_for("strong-base-weak-top", questionnaire)
    roadmap = build_roadmap(other, questionnaire, library, "en", TODAY, perception_gap=card.perception_gap)
    assert any(a.id == "understand.walk-with-lower-group" for a in roadmap.steps[0].actions)


# --- language and words -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_translated_roadmaps_have_no_english_and_no_placeholders(lang, builtin):
    for profile in PROFILES:
        data = roadmap_to_json(roadmap_of(profile, builtin, lang))
        texts = [data["focus"]["why"], data["next"]["summary"]]
        for step in data["steps"]:
            texts += [step["title"], step["summary"]]
            texts += [a[key] for a in step["actions"] for key in ("title", "description", "why", "owner", "metric")]
        for text in texts:
            assert "{" not in text and "}" not in text, text
            assert not re.search(r"\b(the|and|scores|points)\b", text), text
    roadmap = roadmap_of("strong-base-weak-top", builtin, lang)
    assert "29,2" in roadmap.focus.why  # decimal comma


def test_catalogue_has_every_roadmap_text_in_every_language():
    entries = {key: texts for key, texts in catalogue().items() if key.startswith("roadmap.")}
    assert len(entries) > 50
    for key, texts in entries.items():
        assert set(texts) == set(LANGUAGES), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert placeholders["ru"] == placeholders["en"] == placeholders["uk"], key


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "low"),
        (39.9, "low"),
        (40, "developing"),
        (59.9, "developing"),
        (60, "established"),
        (79.9, "established"),
        (80, "target"),
    ],
)
def test_bands(score, band):
    assert band_of(score, 60, 80) == band


# --- invariants over random score profiles ------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.integers(min_value=0, max_value=16), min_size=25, max_size=25), lang=st.sampled_from(LANGUAGES)
)
def test_any_profile_gives_a_complete_roadmap(builtin, steps, lang):
    questionnaire, library = builtin
    aspects = [aspect.id for aspect in questionnaire.aspects]
    scores = {
        (level, aspect): 6.25 * steps[5 * i + j] for i, level in enumerate(LEVELS) for j, aspect in enumerate(aspects)
    }
    card = card_from({"": lambda level, aspect: scores[(level, aspect)]}, questionnaire)
    roadmap = build_roadmap(card, questionnaire, library, lang, TODAY)
    assert roadmap.at_target == all(score >= 80 for score in scores.values())
    assert [step.number for step in roadmap.steps] == [1, 2, 3, 4, 5]
    assert len(roadmap.warnings) == len(card.unsupported_levels)
    if not roadmap.at_target:
        assert roadmap.focus.level is not None and roadmap.focus.score < roadmap.focus.target
        assert len(roadmap.steps[2].actions) >= 2  # the framing and at least one candidate: never without advice
    (pilot,) = roadmap.steps[3].actions
    assert pilot.hypothesis
    for action in roadmap.all_actions():
        assert re.search(r"\d", action.why) and "{" not in action.why + action.title + action.description
    assert roadmap.next.reassess_on >= TODAY + dt.timedelta(days=library.reassessment_days)


def test_question_triggers_fire_where_the_question_scores_in_band(builtin):
    from cxmaturity.roadmap.recommendations import load_library_text

    questionnaire, _ = builtin
    question = questionnaire.questions_of("communication", "cx")[0].id
    action = """\
  - id: {id}
    step: {step}
    trigger: {trigger}
    title: {{en: Do {id}}}
    description: {{en: Details}}
    rationale: {{en: Because.}}
    authority: own
    effort: S
    impact: high
    owner: lead
    metric: csi
    horizon_days: 30
"""
    head = "format: 1\nid: t\nversion: 1.0.0\nlanguages: [en]\ntitle: T\nroles: {lead: {title: Lead}}\nmetrics: {csi: {name: CSI}}\nactions:\n"
    text = head + "".join(
        [
            action.format(id="low-q", step=3, trigger=f"{{questions: [{question}], bands: [low]}}"),
            action.format(id="high-q", step=3, trigger=f"{{questions: [{question}], bands: [established]}}"),
            action.format(id="pilot", step=4, trigger="{bands: [low, developing, established]}").replace(
                "horizon_days: 30", "horizon_days: 30\n    hypothesis: {en: It works.}"
            ),
        ]
    )
    library = load_library_text(text, "t.yaml")
    card = card_for("weak-base-strong-top", questionnaire)  # communication x cx scores 37.5: low
    roadmap = build_roadmap(card, questionnaire, library, "en", TODAY)
    assert [a.id for a in roadmap.steps[2].actions] == ["low-q"]
    assert roadmap.steps[2].actions[0].why.startswith("Communication scores 37.5 of 100: low")
    assert [a.id for a in roadmap.steps[3].actions] == ["pilot"]
