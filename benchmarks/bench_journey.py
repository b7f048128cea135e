"""A journey map of 200 touchpoints rated by three raters: checks, combining, matrix and readings; file round trips.

Goal (issue 17): the app copes with 200 touchpoints; the whole analysis of a rerun stays well under 0.1 s.
"""

from __future__ import annotations

from benchmarks.common import median_seconds
from cxmaturity.journey.matrix import criticality_matrix, emotion_curve, fix_first, level_ladder
from cxmaturity.journey.model import JourneyMap, check_map
from cxmaturity.journey.ratings import check_ratings, combine_ratings
from cxmaturity.journey.readings import emotion_reading, ladder_reading, matrix_reading
from cxmaturity.journey.tables import map_table, read_map, to_xlsx
from tests.journey.large import large_map, large_ratings

MAP, RATINGS = large_map(), large_ratings()


def _analyse() -> None:
    journey = check_map(MAP)
    combined = combine_ratings(check_ratings(RATINGS, journey))
    points = criticality_matrix(journey, combined)
    matrix_reading(points, fix_first(points), "ru")
    emotion_reading(emotion_curve(journey, combined), "ru")
    ladder_reading(level_ladder(journey, combined), "ru")


def main() -> list[tuple[str, str, str]]:
    """Print the figures and return rows (figure, value, goal) for the summary."""
    analyse = median_seconds(_analyse)
    journey = check_map(large_map())
    workbook = to_xlsx({"map": map_table(journey)})
    round_trip = median_seconds(lambda: read_map(workbook, "map.xlsx", JourneyMap(journey.stages)))
    print(f"200 touchpoints x 3 raters: check + combine + matrix + readings {analyse * 1000:.1f} ms")
    print(f"  read a 200-touchpoint XLSX map {round_trip * 1000:.1f} ms")
    return [
        ("journey: 200 touchpoints x 3 raters analysed", f"{analyse * 1000:.1f} ms", "<= 100 ms"),
        ("journey: 200-touchpoint XLSX map read", f"{round_trip * 1000:.1f} ms", ""),
    ]


if __name__ == "__main__":
    main()
