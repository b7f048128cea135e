"""Expert ratings: ranges, combining raters with their spread, the matrix, fix-first list, curve, ladder, readings.

Every expected value below is worked out by hand in the comments.
"""

from __future__ import annotations

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.journey.matrix import (
    criticality_matrix,
    emotion_curve,
    fix_first,
    level_ladder,
    quadrant,
    stage_bands,
    unrated,
)
from cxmaturity.journey.model import JourneyMap, Touchpoint
from cxmaturity.journey.ratings import Rating, check_ratings, combine_ratings, performance_score, rating_errors
from cxmaturity.journey.readings import emotion_reading, ladder_reading, matrix_reading

JOURNEY = JourneyMap(
    ("Before", "During", "After"),
    (
        Touchpoint("site", "Website", "Before", order=1),
        Touchpoint("call", "Call centre", "Before", order=2, moment_of_truth=True),
        Touchpoint("visit", "Branch visit", "During", order=1, moment_of_truth=True),
        Touchpoint("bill", "Bill", "During", order=2),
        Touchpoint("survey", "Survey", "After", order=1),
    ),
)


def three_raters() -> list[Rating]:
    return [
        Rating("call", "Ann", 2, 4, "customer", 4, 2, -1, 5, 4),
        Rating("call", "Bob", 3, 4, "customer", 3, 3, 0, 4, 5),
        Rating("call", "Cat", 1, 5, "company", 5, 1, -2, 5, 3),
    ]


def test_several_raters_are_combined_with_their_spread() -> None:
    combined = combine_ratings(three_raters())["call"]
    assert combined.raters == ("Ann", "Bob", "Cat")
    level = combined.values["level_now"]  # 2, 3, 1
    assert (level.mean, level.low, level.high, level.count, level.spread) == (2.0, 1, 3, 3, 2)
    assert combined.mean("level_target") == pytest.approx(13 / 3)  # 4, 4, 5
    assert combined.mean("critical_customer") == pytest.approx(14 / 3)  # 5, 4, 5
    assert combined.mean("critical_company") == 4.0  # 4, 5, 3
    assert combined.trigger == "customer"  # two of three
    # effort mean 4 -> 25; completeness mean 2 -> 25; emotion mean -1 -> 25
    assert combined.performance == pytest.approx(25.0)


def test_trigger_votes_tie_and_fields_nobody_rated() -> None:
    combined = combine_ratings([Rating("bill", "Ann", trigger="customer"), Rating("bill", "Bob", trigger="company")])
    assert combined["bill"].trigger == "mixed"
    assert combined["bill"].mean("effort") is None and combined["bill"].performance is None
    assert combine_ratings([Rating("bill", "Ann", level_now=2)])["bill"].trigger is None


@pytest.mark.parametrize(
    ("effort", "completeness", "emotion", "expected"),
    [(1, 5, 2, 100.0), (5, 1, -2, 0.0), (3, None, None, 50.0), (2, 4, 1, 75.0), (None, 2, 0, 37.5)],
)
def test_performance_score_by_hand(effort, completeness, emotion, expected) -> None:
    # (None, 2, 0): completeness 2 -> 25, emotion 0 -> 50, mean 37.5
    assert performance_score(effort, completeness, emotion) == pytest.approx(expected)
    assert performance_score(None, None, None) is None


def test_out_of_range_ratings_are_refused_with_their_place() -> None:
    ratings = [
        Rating("call", "Ann", level_now=6),
        Rating("call", "Bob", emotion=-3, effort=0),
        Rating("nowhere", " "),
        Rating("call", "ann", trigger="both", critical_company=True),  # type: ignore[arg-type]
    ]
    found = [(e.line, e.field, e.message) for e in rating_errors(ratings, JOURNEY)]
    assert (1, "level_now", "6 is outside the scale; give a whole number from 1 to 5, or leave it empty") in found
    assert (2, "emotion", "-3 is outside the scale; give a whole number from -2 to 2, or leave it empty") in found
    assert (2, "effort", "0 is outside the scale; give a whole number from 1 to 5, or leave it empty") in found
    assert (
        3,
        "touchpoint",
        "there is no touchpoint 'nowhere' on the map; use a touchpoint's id or its exact name",
    ) in found
    assert (3, "rater", "this field is empty; fill it in") in found
    assert (4, "trigger", "'both' is not a trigger; write 'customer' or 'company', or leave it empty") in found
    assert (4, "critical_company") in [(line, field) for line, field, _ in found]
    assert (4, "rater", "ann already rated this touchpoint (row 1); keep one rating per rater") in found
    uk = rating_errors([Rating("call", "Ann", level_now=6)], JOURNEY, "uk")[0].message
    assert uk == "6 поза шкалою; вкажіть ціле число від 1 до 5 або залиште поле порожнім"
    with pytest.raises(InputError):
        check_ratings(ratings, JOURNEY)
    assert check_ratings(three_raters(), JOURNEY) == tuple(three_raters())


def test_quadrants_at_the_threshold() -> None:
    assert quadrant(3.5, 3.5) == "both"
    assert quadrant(3.49, 5) == "company"
    assert quadrant(4, 3) == "customer"
    assert quadrant(1, 1) == "neither"


def rated_map() -> list[Rating]:
    # performance from (effort, completeness, emotion):
    # site  (4, 2, -1) -> 25 ; criticality 4 + 4 = 8, not a moment of truth
    # call  (4, 2, -1) -> 25 ; criticality 5 + 5 = 10 (ranks before site and visit)
    # visit (4, 2, -1) -> 25 ; criticality 4 + 4 = 8, moment of truth (ranks before site)
    # bill  (2, 4, 1)  -> 75 ; critical for both but performs well: not on the list
    # survey (5, 1, -2) -> 0 ; critical for the customer only: not on the list
    return [
        Rating("site", "Ann", 2, 3, None, 4, 2, -1, 4, 4),
        Rating("call", "Ann", 1, 4, None, 4, 2, -1, 5, 5),
        Rating("visit", "Ann", 3, 3, None, 4, 2, -1, 4, 4),
        Rating("bill", "Ann", 4, 4, None, 2, 4, 1, 5, 4),
        Rating("survey", "Ann", None, None, None, 5, 1, -2, 5, 2),
    ]


def test_fix_first_list_ranks_the_weak_touchpoints_critical_for_both() -> None:
    points = criticality_matrix(JOURNEY, combine_ratings(rated_map()))
    assert [(p.touchpoint.key, p.quadrant) for p in points] == [
        ("site", "both"), ("call", "both"), ("visit", "both"), ("bill", "both"), ("survey", "customer"),
    ]  # fmt: skip
    assert [p.touchpoint.key for p in fix_first(points)] == ["call", "visit", "site"]
    assert [p.performance for p in fix_first(points)] == [25.0, 25.0, 25.0]


def test_touchpoints_without_both_criticalities_are_listed_as_unrated() -> None:
    ratings = [
        Rating("site", "Ann", critical_customer=4),
        Rating("call", "Ann", 2, critical_customer=3, critical_company=2),
    ]
    combined = combine_ratings(ratings)
    assert [p.touchpoint.key for p in criticality_matrix(JOURNEY, combined)] == ["call"]
    assert [p.key for p in unrated(JOURNEY, combined)] == ["site", "visit", "bill", "survey"]


def test_emotion_curve_ladder_and_bands_follow_the_journey() -> None:
    combined = combine_ratings([*(r for r in rated_map()[:4] if r.touchpoint != "call"), *three_raters()[1:]])
    curve = emotion_curve(JOURNEY, combined)
    # call: Ann's rating is replaced by Bob (0) and Cat (-2): mean -1, spread 2
    assert [(p.touchpoint.key, p.emotion, p.spread) for p in curve] == [
        ("site", -1, 0), ("call", -1, 2), ("visit", -1, 0), ("bill", 1, 0),
    ]  # fmt: skip
    assert stage_bands(JOURNEY) == [("Before", 0, 1), ("During", 2, 3), ("After", 4, 4)]
    ladder = level_ladder(JOURNEY, combined)
    # call: now (3 + 1) / 2 = 2, target (4 + 5) / 2 = 4.5, gap 2.5
    assert [(s.touchpoint.key, s.now, s.target, s.gap) for s in ladder] == [
        ("site", 2, 3, 1), ("call", 2, 4.5, 2.5), ("visit", 3, 3, 0), ("bill", 4, 4, 0),
    ]  # fmt: skip


def test_readings_in_words() -> None:
    combined = combine_ratings(rated_map())
    curve = emotion_curve(JOURNEY, combined)
    assert emotion_reading(curve, "en") == (
        "The customer feels worst at Survey (After, emotion -2) and best at Bill (During, emotion +1), "
        "on a scale from -2 to +2. Moments of truth that leave the customer feeling negative: 2 of 2."
    )
    points = criticality_matrix(JOURNEY, combined)
    assert matrix_reading(points, fix_first(points), "en") == (
        "Critical for both the customer and the company: 4 of 5 rated touchpoints. "
        "Fix first: Call centre (Before), performing at 25 of 100. Touchpoints on the fix-first list: 3."
    )
    assert matrix_reading(points, fix_first(points), "ru").startswith(
        "Критичны и для клиента, и для компании: 4 из 5 оценённых точек контакта. "
        "В первую очередь исправить: «Call centre» (Before), результат 25 из 100."
    )
    # levels now 2, 1, 3, 4 -> 2.5; targets 3, 4, 3, 4 -> 3.5; largest gap: call, 1 -> 4
    assert ladder_reading(level_ladder(JOURNEY, combined), "en") == (
        "On average the touchpoints reach level 2.5 of 5 of the pyramid today; their targets average level 3.5."
        " The largest climb is at Call centre: level 1 today, level 4 wanted."
    )
    assert ladder_reading(level_ladder(JOURNEY, combined), "uk").startswith(
        "Зараз точки контакту в середньому на рівні 2,5 з 5 за пірамідою; ціль у середньому — рівень 3,5."
    )


def test_readings_when_nothing_is_rated_or_all_is_fine() -> None:
    assert emotion_reading([], "en") == "No touchpoint has a rated emotion yet."
    assert matrix_reading([], [], "uk") == "Жодну точку контакту ще не оцінено за критичністю."
    assert ladder_reading([], "ru") == "Ни одна точка контакта пока не оценена по пирамиде."
    fine = combine_ratings([Rating("bill", "Ann", 4, 4, None, 2, 4, 1, 5, 4)])
    points = criticality_matrix(JOURNEY, fine)
    assert matrix_reading(points, fix_first(points), "en").endswith(
        "Each of them performs at 50 of 100 or better, so none needs fixing first."
    )
    assert ladder_reading(level_ladder(JOURNEY, fine), "en").endswith(
        "Every rated touchpoint already reaches its target level."
    )


def test_what_moved_up_the_pyramid_and_what_got_worse_between_waves() -> None:
    from cxmaturity.journey.matrix import level_changes
    from cxmaturity.journey.readings import wave_reading

    previous = combine_ratings(
        [Rating("site", "Ann", 1), Rating("call", "Ann", 2), Rating("visit", "Ann", 4), Rating("bill", "Ann", 3)]
    )
    # call: 2 -> (3 + 4) / 2 = 3.5 (+1.5); site: 1 -> 2 (+1); visit: 4 -> 2 (-2); bill: 3 -> 3; survey: new only
    current = combine_ratings(
        [Rating("site", "Ann", 2), Rating("call", "Ann", 3), Rating("call", "Bob", 4), Rating("visit", "Ann", 2),
         Rating("bill", "Ann", 3), Rating("survey", "Ann", 5)]
    )  # fmt: skip
    up, down = level_changes(previous, JOURNEY, current)
    assert [(c.touchpoint.key, c.before, c.after, c.change) for c in up] == [("call", 2, 3.5, 1.5), ("site", 1, 2, 1)]
    assert [(c.touchpoint.key, c.change) for c in down] == [("visit", -2)]
    assert wave_reading(up, down, "en") == (
        "Moved up the pyramid since the previous wave: 2 (most: Call centre, level 2 → 3.5). "
        "Got worse: 1 (most: Branch visit, level 4 → 2)."
    )
    assert (
        wave_reading([], [], "ru")
        == "Ни одна точка контакта, оценённая в обеих волнах, не изменила уровень на пирамиде."
    )
