"""The journey map: presets, starter maps, checks with located messages, editing."""

from __future__ import annotations

import re

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.journey.model import (
    JourneyMap,
    Link,
    Touchpoint,
    check_map,
    map_errors,
    move_touchpoint,
    new_key,
    preset_stages,
    remove_touchpoint,
    set_stages,
)
from cxmaturity.journey.starter import STARTERS, starter_map

CYRILLIC = re.compile("[а-яА-ЯёЁіїєґІЇЄҐ]")


def small_map() -> JourneyMap:
    return JourneyMap(
        ("Before", "During", "After"),
        (
            Touchpoint("call", "Call", "During", order=2),
            Touchpoint("site", "Website", "Before", channel="web", order=1),
            Touchpoint("visit", "Visit", "During", order=1, moment_of_truth=True),
            Touchpoint("survey", "Survey", "After"),
        ),
        (Link("barrier", "site", "visit", "No free slots"), Link("driver", "visit", "call", "Friendly staff")),
    )


def test_presets_name_the_stages_in_each_language() -> None:
    assert preset_stages("service", "en") == ("Before the service", "During the service", "After the service")
    assert preset_stages("service", "ru") == ("До обслуживания", "Во время обслуживания", "После обслуживания")
    assert preset_stages("lifecycle", "uk") == ("Вибір", "Купівля", "Використання", "Лояльність")
    with pytest.raises(ValueError, match="unknown stage preset"):
        preset_stages("funnel", "en")


@pytest.mark.parametrize("kind", STARTERS)
def test_starter_maps_are_valid_in_three_languages_with_the_same_shape(kind: str) -> None:
    maps = {lang: starter_map(kind, lang) for lang in ("en", "ru", "uk")}
    keys = [p.key for p in maps["en"].touchpoints]
    assert len(keys) == 11 and len(maps["en"].links) == 5
    for lang in ("ru", "uk"):
        assert [p.key for p in maps[lang].touchpoints] == keys
        assert all(CYRILLIC.search(p.name) and CYRILLIC.search(p.owner or "") for p in maps[lang].touchpoints)
        assert all(CYRILLIC.search(link.text) for link in maps[lang].links)
    moments = [p.key for p in maps["en"].touchpoints if p.moment_of_truth]
    assert moments == (["question", "start", "problem"] if kind == "b2c" else ["meeting", "kickoff", "support"])
    # Each stage of the preset holds touchpoints numbered 1, 2, 3...
    for stage in maps["en"].stages:
        assert [p.order for p in maps["en"].touchpoints if p.stage == stage] == list(
            range(1, 1 + sum(p.stage == stage for p in maps["en"].touchpoints))
        )


def test_journey_order_follows_stages_then_order() -> None:
    assert [p.key for p in small_map().ordered()] == ["site", "visit", "call", "survey"]
    assert [link.text for link in small_map().barriers_of("visit")] == ["No free slots"]


def test_a_name_twice_in_one_stage_is_located_but_the_same_name_in_two_stages_is_fine() -> None:
    journey = JourneyMap(
        ("Before", "During"),
        (
            Touchpoint("a", "Call", "Before"),
            Touchpoint("b", "Call", "During"),
            Touchpoint("c", " call ", "During"),
        ),
    )
    errors = map_errors(journey)
    assert [(e.line, e.field) for e in errors] == [(3, "name")]
    assert errors[0].message == "the stage 'During' already has a touchpoint 'call' (row 2); rename one of them"
    ru = map_errors(journey, "ru")[0].message
    assert ru == "на этапе «During» уже есть точка контакта «call» (строка 2); переименуйте одну из них"


def test_unknown_stages_keys_and_links_are_located() -> None:
    journey = JourneyMap(
        ("Before", "before "),
        (Touchpoint("a", "Call", "Later"), Touchpoint("a", "", "Before"), Touchpoint("b c", "X", "Before")),
        (Link("driver", "a", "zz", "ok"), Link("hurdle", "a", "a", " ")),
    )
    found = [(e.line, e.field, e.message) for e in map_errors(journey)]
    assert (2, "stage", "the stage 'before' is listed twice; give each stage its own name") in found
    assert (1, "stage", "'Later' is not a stage of this map (stages: Before, before ); "
            "add the stage first or correct the name") in found  # fmt: skip
    assert (2, "id", "the id 'a' is used by another touchpoint; give each touchpoint its own id") in found
    assert (2, "name", "this field is empty; fill it in") in found
    assert (3, "id") in [(line, field) for line, field, _ in found]
    assert (1, "to", "there is no touchpoint 'zz' on the map; use a touchpoint's id or its exact name") in found
    assert (2, "kind", "'hurdle' is neither 'driver' nor 'barrier'") in found
    assert (2, "to", "a driver or barrier links two different touchpoints; choose another one") in found
    assert (2, "text", "this field is empty; fill it in") in found
    with pytest.raises(InputError):
        check_map(journey)


def test_check_map_strips_names_and_spells_stages_as_the_stage_list() -> None:
    checked = check_map(JourneyMap((" Before ",), (Touchpoint("a", " Call ", "before", channel=" ", owner=" Ann "),)))
    assert checked.touchpoints == (Touchpoint("a", "Call", "Before", channel=None, owner="Ann"),)
    assert checked.stages == ("Before",)


def test_deleting_a_stage_that_holds_touchpoints_is_refused_and_nothing_changes() -> None:
    journey = small_map()
    with pytest.raises(InputError) as caught:
        set_stages(journey, ["Before", "After"])
    (error,) = caught.value.errors
    assert error.field == "stage"
    assert error.message == (
        "the stage 'During' still holds 2 touchpoints: Call, Visit; move or delete them before deleting the stage"
    )
    assert journey == small_map()
    emptied = remove_touchpoint(remove_touchpoint(journey, "call"), "visit")
    assert emptied.links == ()
    assert set_stages(emptied, ["Before", "After"]).stages == ("Before", "After")


def test_renaming_a_stage_moves_its_touchpoints() -> None:
    renamed = set_stages(small_map(), ["Before", "In the branch", "After"], {"During": "In the branch"})
    assert [p.stage for p in renamed.ordered()] == ["Before", "In the branch", "In the branch", "After"]


def test_moving_a_touchpoint_within_its_stage_renumbers_the_stage() -> None:
    moved = move_touchpoint(small_map(), "call", -1)
    assert [(p.key, p.order) for p in moved.ordered()] == [("site", 1), ("call", 1), ("visit", 2), ("survey", 1)]
    assert move_touchpoint(small_map(), "call", 5).ordered() == move_touchpoint(small_map(), "call", 0).ordered()


def test_new_keys_skip_used_ones() -> None:
    assert new_key([]) == "tp1"
    assert new_key(["tp2", "x"]) == "tp1"
    assert new_key(["tp1", "tp2", "tp3"]) == "tp4"
