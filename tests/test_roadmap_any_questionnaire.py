"""A roadmap for every questionnaire: the method library, merging, and the CLI (issue 19).

The questionnaires in tests/fixtures/any_questionnaire/ are unlike the built-in one
(3 levels x 4 aspects; 6 levels x 2 aspects; Russian only on a 1-5 scale) and have no
advice of their own; their focus is worked out by hand in tests/any_questionnaire.py.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cxmaturity.cli.main import main
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.roadmap.coverage import DESIGN_THINKING_STAGES, coverage_gaps, covers, level_position, validate_against
from cxmaturity.roadmap.method import merged, method_library, roadmap_library
from cxmaturity.roadmap.recommendations import Trigger, load_library_text

from .any_questionnaire import (
    BUILTIN_WORDS,
    CASES,
    OWN_LIBRARY,
    RU_ONLY,
    SIX_BY_TWO,
    THREE_BY_FOUR,
    Case,
    questionnaire_with_library,
)

NO_OWN_EN = (
    "This questionnaire has no advice of its own, so the steps below come from the product's method library, "
    "written for any questionnaire."
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def roadmap_json(case: Case, tmp_path: Path, lang: str, questionnaire: str | None = None) -> tuple[int, dict, str]:
    answers = tmp_path / f"{case.name}.csv"
    answers.write_text(case.csv(), encoding="utf-8")
    code, out, err = run(
        "roadmap",
        "--questionnaire",
        questionnaire or str(case.path),
        "--answers",
        str(answers),
        "--lang",
        lang,
        "--today",
        "2026-11-30",
    )
    return code, json.loads(out), err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_five_steps_with_actions_and_the_focus_of_the_scoring_contract(case: Case, tmp_path: Path):
    code, roadmap, err = roadmap_json(case, tmp_path, "en")
    assert code == 0
    assert roadmap["notice"] == NO_OWN_EN and err.strip() == NO_OWN_EN
    focus = roadmap["focus"]
    assert (focus["level"], focus["aspect"]) == (case.focus_level, case.focus_aspect)
    assert case.priority_en in focus["why"]
    following = roadmap["next"]["following_focus"]
    assert (following["level"], following["aspect"]) == (case.following_level, case.following_aspect)
    assert [step["number"] for step in roadmap["steps"]] == [1, 2, 3, 4, 5]
    for step in roadmap["steps"]:
        assert step["actions"], f"step {step['number']} has no action"
    [pilot] = roadmap["steps"][3]["actions"]
    assert pilot["hypothesis"]
    text = json.dumps(roadmap, ensure_ascii=False)
    # The questionnaire's own titles name the focus; no placeholder is left, no built-in level leaks in.
    assert case.focus_title in roadmap["steps"][2]["summary"]
    assert not re.search(r"\{(area|level|base|below)\}", text)
    assert [word for word in BUILTIN_WORDS if word in text] == []


def test_the_focus_level_position_picks_the_method_advice(tmp_path: Path):
    # solve is the middle of three levels; l4 the middle of six; both score low.
    for case in (THREE_BY_FOUR, SIX_BY_TWO):
        _, roadmap, _ = roadmap_json(case, tmp_path, "en")
        ids = [action["id"] for action in roadmap["steps"][2]["actions"]]
        assert ids == ["choose.state-the-problem", "method.choose.middle-low", "method.choose.read-what-customers-say"]
        assert roadmap["steps"][3]["actions"][0]["id"] == "method.pilot.middle"
    _, roadmap, _ = roadmap_json(THREE_BY_FOUR, tmp_path, "en")
    candidate = roadmap["steps"][2]["actions"][1]
    # "the level it rests on" is the level below the focus, in the questionnaire's own words.
    # A level-wide action is about the level and judged by the level's score (docs/roadmap.md).
    assert candidate["title"] == "Check that Reachability holds before building Problem solving"
    assert candidate["why"].startswith("Problem solving scores 33.3 of 100: low (below 40)")


def test_titles_fall_back_to_the_questionnaires_first_language(tmp_path: Path):
    _, roadmap, _ = roadmap_json(RU_ONLY, tmp_path, "en")
    assert roadmap["language"] == "en"
    assert roadmap["focus"]["why"].startswith("Скорость has the highest-priority gap: 41.7 of 100")
    assert roadmap["steps"][3]["actions"][0]["title"] == (
        "Pilot a new way of working in Скорость × Процессы on one kind of case"
    )
    _, roadmap, _ = roadmap_json(RU_ONLY, tmp_path, "ru")
    assert roadmap["notice"].startswith("У этой анкеты нет собственных рекомендаций")
    assert "(приоритет 28,8)" in roadmap["focus"]["why"]
    # six-by-two speaks en and ru: a Ukrainian reader gets Ukrainian steps and English titles.
    _, roadmap, _ = roadmap_json(SIX_BY_TWO, tmp_path, "uk")
    assert roadmap["steps"][0]["title"] == "Зрозуміти поточну ситуацію"
    assert roadmap["focus"]["why"].startswith("Найвищий пріоритет має розрив рівня «Care»")


def test_two_levels_are_a_base_and_a_top_and_one_aspect_never_narrows():
    questionnaire = load_questionnaire(THREE_BY_FOUR.path)
    assert [level_position(questionnaire, level.id) for level in questionnaire.levels] == ["base", "middle", "top"]
    six = load_questionnaire(SIX_BY_TWO.path)
    assert [level_position(six, level.id) for level in six.levels] == ["base"] + ["middle"] * 4 + ["top"]
    trigger = Trigger(bands=("low",), positions=("top",))
    assert covers(trigger, six, "l6", "front", "low") and not covers(trigger, six, "l5", "front", "low")


def test_the_method_library_covers_every_cell_of_any_questionnaire():
    method = method_library()
    assert method.actions and all(action.from_method for action in method.actions)
    for case in CASES:
        questionnaire = load_questionnaire(case.path)
        assert coverage_gaps(method, questionnaire, 3) == []
        assert validate_against(method, questionnaire) == []
    # It never names a level, aspect or question id: only positions.
    assert all(not (a.trigger.levels or a.trigger.aspects or a.trigger.questions) for a in method.actions)


def test_an_own_library_adds_to_the_method_and_comes_first(tmp_path: Path):
    path = questionnaire_with_library(tmp_path)
    code, roadmap, err = roadmap_json(THREE_BY_FOUR, tmp_path, "en", str(path))
    assert (code, err, roadmap["notice"]) == (0, "", None)
    assert roadmap["library"] == {"id": "three-own", "version": "0.1.0"}
    assert roadmap["method_library"] == {"id": "method", "version": "1.0.0"}
    team = roadmap["steps"][1]["actions"]
    # The own action replaced the method's of the same id; the method's other team actions stay, after it.
    assert team[0]["id"] == "team.win-a-sponsor" and team[0]["title"] == "Ask the service director to back the work"
    assert [a["id"] for a in team].count("team.win-a-sponsor") == 1
    assert "team.gather-practitioners" in [a["id"] for a in team]
    # Step 3: the method's framing, then the own candidate alone (its advice fits the focus, so it wins).
    choose = roadmap["steps"][2]["actions"]
    assert [a["id"] for a in choose] == ["choose.state-the-problem", "solve.one-owner-per-case"]
    assert choose[1]["title"] == "Give every case one owner in Problem solving"
    assert choose[1]["owner"] == "Case lead"
    # No own pilot: the method's pilot for a middle level stands in.
    assert roadmap["steps"][3]["actions"][0]["id"] == "method.pilot.middle"


def test_a_partial_own_library_is_valid_because_the_method_covers_the_rest(tmp_path: Path):
    from cxmaturity.roadmap.recommendations import load_library

    path = questionnaire_with_library(tmp_path)
    questionnaire = load_questionnaire(path)
    own = load_library(path.with_name("recommendations.yaml"))
    assert validate_against(own, questionnaire, method_library()) == []
    alone = validate_against(own, questionnaire)
    assert alone and all("every weak cell needs advice" in error.message for error in alone)
    choice = roadmap_library(str(path), questionnaire)
    assert choice.problems == () and choice.library.has_own_advice
    assert merged(own).actions[0].id == "team.win-a-sponsor" and not merged(own).actions[0].from_method


def test_an_own_library_that_does_not_fit_is_reported_and_the_method_still_gives_a_roadmap(tmp_path: Path):
    path = questionnaire_with_library(tmp_path, level="nowhere")
    code, roadmap, err = roadmap_json(THREE_BY_FOUR, tmp_path, "en", str(path))
    assert code == 1
    assert roadmap["library"]["id"] == "method"
    assert roadmap["notice"].startswith("The advice written for this questionnaire could not be used (1 problems")
    assert "recommendations.yaml:27: actions.1.trigger.levels.0: 'service-three' has no level 'nowhere'" in err
    assert all(step["actions"] for step in roadmap["steps"])


def test_a_questionnaire_not_on_disk_gets_the_method_library():
    questionnaire = load_questionnaire(RU_ONLY.path)
    choice = roadmap_library("no-such-questionnaire", questionnaire)
    assert choice.found is False and choice.problems == ()
    assert choice.library.has_own_advice is False and choice.library.id == "method"


def test_an_unknown_placeholder_is_located():
    text = OWN_LIBRARY.replace("LEVEL", "solve").replace("one owner in {level}", "one owner in {levle}")
    with pytest.raises(InputError) as caught:
        load_library_text(text, "own.yaml")
    assert [str(e) for e in caught.value.errors] == [
        "own.yaml:34: actions.1.title: unknown placeholder {levle}; a text may use {area}, {level}, {base}, {below}"
    ]


def grid_questionnaire(levels: int, aspects: int) -> str:
    """A one-language questionnaire of ``levels`` x ``aspects`` cells, one yes/no question each."""
    lines = [
        "format: 1",
        "id: grid",
        "version: 1.0.0",
        "languages: [en]",
        "title: Grid",
        "scales:",
        "  yn: {options: [{value: 0, label: 'No'}, {value: 1, label: 'Yes'}]}",
        "levels:",
        *(f"  - {{id: l{k}, title: Level {k}}}" for k in range(1, levels + 1)),
        "aspects:",
        *(f"  - {{id: a{j}, title: Aspect {j}}}" for j in range(1, aspects + 1)),
        "questions:",
        *(
            f"  - {{id: q{k}.{j}, level: l{k}, aspect: a{j}, scale: yn, text: Q}}"
            for k in range(1, levels + 1)
            for j in range(1, aspects + 1)
        ),
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("levels", "aspects", "yes", "focus", "following"),
    [
        # 2 x 1: l1 = 0 (gap 80, priority 80 x 2/2 = 80) beats l2 = 0 (80 x 1/2 = 40); one aspect never narrows.
        (2, 1, set(), "l1", "l2"),
        # 2 x 1: l1 = 100 (at target); only l2 has a gap: it is the focus, and nothing follows.
        (2, 1, {"q1.1"}, "l2", None),
        # 9 x 9, all "no": every gap is 80, the base weighs most (80 x 9/9), then l2 (80 x 8/9).
        (9, 9, set(), "l1", "l2"),
    ],
)
def test_two_to_nine_levels_and_one_to_nine_aspects(tmp_path, levels, aspects, yes, focus, following):
    from cxmaturity.core.questionnaire import load_questionnaire_text

    questionnaire = load_questionnaire_text(grid_questionnaire(levels, aspects), "grid.yaml")
    path = tmp_path / "grid.yaml"
    path.write_text(grid_questionnaire(levels, aspects), encoding="utf-8")
    answers = tmp_path / "grid.csv"
    rows = "".join(f"me,{q.id},{1 if q.id in yes else 0}\n" for q in questionnaire.questions)
    answers.write_text("respondent,question,value\n" + rows, encoding="utf-8")
    code, out, _ = run("roadmap", "--questionnaire", str(path), "--answers", str(answers), "--lang", "ru")
    roadmap = json.loads(out)
    assert code == 0
    assert (roadmap["focus"]["level"], roadmap["focus"]["aspect"]) == (focus, None)
    following_focus = roadmap["next"]["following_focus"]
    assert (following_focus["level"] if following_focus else None) == following
    assert all(step["actions"] for step in roadmap["steps"])
    # A Russian reader of an English-only questionnaire: Russian steps, the questionnaire's English titles.
    assert roadmap["focus"]["why"].startswith(f"Приоритетнее всего разрыв по уровню «Level {focus[1:]}»")


def test_every_method_pilot_follows_design_thinking_and_can_be_chosen():
    pilots = method_library().actions_for_step(4)
    for pilot in pilots:
        for lang, stages in DESIGN_THINKING_STAGES.items():
            texts = [question.get(lang) for question in pilot.questions]
            assert [text.split(":")[0] for text in texts] == list(stages), (pilot.id, lang)
    # below target every position has its own pilot, so a general one (as pilot.design-sprint was) is never chosen
    assert not [p.id for p in pilots if p.trigger.is_general and set(p.trigger.bands) - {"target"}]
    assert {pos for p in pilots for pos in p.trigger.positions} == {"base", "middle", "top"}
