"""200 touchpoints rated by three raters: every figure is still right (speed: benchmarks/bench_journey.py)."""

from __future__ import annotations

import pytest

from cxmaturity.journey.matrix import criticality_matrix, emotion_curve, fix_first, level_ladder, stage_bands
from cxmaturity.journey.model import JourneyMap, check_map
from cxmaturity.journey.ratings import check_ratings, combine_ratings
from cxmaturity.journey.readings import ladder_reading, matrix_reading
from cxmaturity.journey.tables import map_table, ratings_table, read_map, read_ratings, to_csv, to_xlsx
from tests.journey.large import large_map, large_ratings


def test_two_hundred_touchpoints_give_the_figures_worked_out_by_rule() -> None:
    journey = check_map(large_map())
    ratings = check_ratings(large_ratings(), journey)
    combined = combine_ratings(ratings)
    assert len(combined) == 200 and all(len(c.raters) == 3 for c in combined.values())
    points = criticality_matrix(journey, combined)
    assert sum(p.quadrant == "both" for p in points) == 50
    first = fix_first(points)
    assert len(first) == 20
    assert [p.touchpoint.key for p in first[:10]] == [f"t{i:03d}" for i in range(4, 200, 20)]
    assert [p.touchpoint.key for p in first[10:]] == [f"t{i:03d}" for i in range(8, 200, 20)]
    assert first[0].performance == pytest.approx(100 / 3)
    assert first[10].performance == pytest.approx(125 / 3)
    assert stage_bands(journey) == [("Choose", 0, 49), ("Buy", 50, 99), ("Use", 100, 149), ("Stay loyal", 150, 199)]
    assert len(emotion_curve(journey, combined)) == 200
    # levels 1 + i % 3: 67 ones (i = 0, 3, ..., 198), 67 twos, 66 threes -> (67 + 134 + 198) / 200 = 1.995
    steps = level_ladder(journey, combined)
    assert sum(s.now for s in steps) / 200 == pytest.approx(1.995)
    assert ladder_reading(steps, "en").startswith("On average the touchpoints reach level 2 of 5")
    assert matrix_reading(points, first, "en").startswith(
        "Critical for both the customer and the company: 50 of 200 rated touchpoints. "
        "Fix first: Touchpoint 004 (Choose), performing at 33.3 of 100."
    )


def test_two_hundred_touchpoints_round_trip_through_files() -> None:
    journey = check_map(large_map())
    empty = JourneyMap(journey.stages)
    assert read_map(to_xlsx({"map": map_table(journey)}), "map.xlsx", empty).touchpoints == journey.touchpoints
    ratings = tuple(large_ratings())
    assert read_ratings(to_csv(ratings_table(ratings)), "ratings.csv", journey) == ratings
