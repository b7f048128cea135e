"""A 200-touchpoint map rated by three raters, built by rule so every expected figure follows by hand.

Touchpoint i (0..199) sits in stage i // 50; it is critical (5) for the customer when i % 4 is 0 or 1
and for the company when i % 4 is 0 or 2 (else 2), so "both" holds i % 4 == 0: 50 touchpoints.
Each rater gives effort 1 + i % 5, completeness 3 and emotion 0, so performance is
((5 - effort) / 4 * 100 + 50 + 50) / 3: 66.7, 58.3, 50, 41.7, 33.3 for i % 5 = 0..4.
Weak (< 50) means i % 5 in (3, 4); with i % 4 == 0 that is i % 20 in (8, 4): 20 touchpoints,
the ten with i % 20 == 4 (33.3) first. Every fifth touchpoint (i % 5 == 0) is a moment of truth.
"""

from __future__ import annotations

from cxmaturity.journey.model import JourneyMap, Link, Touchpoint
from cxmaturity.journey.ratings import Rating

STAGES = ("Choose", "Buy", "Use", "Stay loyal")
RATERS = ("Ann", "Bob", "Cat")


def large_map(count: int = 200) -> JourneyMap:
    """``count`` touchpoints over four stages, with a driver from each touchpoint to the next."""
    per_stage = count // len(STAGES)
    points = tuple(
        Touchpoint(f"t{i:03d}", f"Touchpoint {i:03d}", STAGES[i // per_stage], f"channel {i % 7}", f"team {i % 9}",
                   i % 5 == 0, i % per_stage + 1)
        for i in range(count)
    )  # fmt: skip
    links = tuple(Link("driver", f"t{i:03d}", f"t{i + 1:03d}", f"step {i}") for i in range(count - 1))
    return JourneyMap(STAGES, points, links)


def large_ratings(count: int = 200) -> list[Rating]:
    """Three raters' ratings of every touchpoint of :func:`large_map` (see the module docstring)."""
    return [
        Rating(f"t{i:03d}", rater, 1 + i % 3, 4, "customer" if i % 2 else "company", 1 + i % 5, 3, 0,
               5 if i % 4 in (0, 1) else 2, 5 if i % 4 in (0, 2) else 2)
        for i in range(count)
        for rater in RATERS
    ]  # fmt: skip
