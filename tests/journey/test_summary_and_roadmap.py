"""The fix-first touchpoint becomes step 3's problem and step 4's pilot site (issue 17, item 4).

Every figure below is worked out by hand from the ratings (docs/journey.md):
performance = mean of effort (5 - e) / 4 * 100, completeness (c - 1) / 4 * 100, emotion (m + 2) / 4 * 100.
"""

from __future__ import annotations

import json

from cxmaturity.journey.model import JourneyMap, Link, Touchpoint
from cxmaturity.journey.ratings import Rating
from cxmaturity.journey.summary import fix_first_problem, problem_statement, summarise
from cxmaturity.roadmap.engine import build_roadmap, roadmap_to_json
from tests.make_golden_roadmaps import TODAY, card_for, load_builtin


def rated_map() -> tuple[JourneyMap, list[Rating]]:
    journey = JourneyMap(
        ("Buy", "Use"),
        (
            Touchpoint("pay", "Payment", "Buy", order=1),
            Touchpoint("deliv", "Delivery", "Use", order=1),
            Touchpoint("help", "Help desk", "Use", order=2, moment_of_truth=True),
        ),
        (
            Link("barrier", "deliv", "help", "Long queue on the hotline"),
            Link("driver", "pay", "deliv", "Clear delivery date"),
            Link("barrier", "pay", "deliv", "Card refused abroad"),
        ),
    )
    ratings = [
        # Payment: effort 4 -> 25, completeness 2 -> 25, emotion -1 -> 25: performance 25; criticality 5 + 4 = 9.
        Rating("pay", "Ann", effort=4, completeness=2, emotion=-1, critical_customer=5, critical_company=4),
        # Delivery: 2 -> 75, 4 -> 75, +1 -> 75: performance 75, critical for both but not weak.
        Rating("deliv", "Ann", effort=2, completeness=4, emotion=1, critical_customer=4, critical_company=4),
        # Help desk, two raters: effort 3 and 3 -> 50, completeness 1 and 3 (mean 2) -> 25, emotion -2 -> 0:
        # performance 25, criticality 4 + 5 = 9, a moment of truth: it wins the tie with Payment.
        Rating("help", "Ann", effort=3, completeness=1, emotion=-2, critical_customer=4, critical_company=5),
        Rating("help", "Bob", effort=3, completeness=3, critical_customer=4, critical_company=5, level_now=2),
    ]
    return journey, ratings


def test_the_worst_fix_first_touchpoint_is_the_problem_with_its_barriers() -> None:
    summary = summarise(*rated_map())
    assert [p.touchpoint.key for p in summary.first] == ["help", "pay"]
    problem = fix_first_problem(summary)
    assert problem is not None
    assert (problem.name, problem.stage, problem.performance) == ("Help desk", "Use", 25.0)
    assert (problem.critical_customer, problem.critical_company) == (4.0, 5.0)
    assert problem.barriers == ("Long queue on the hotline",)
    assert problem_statement(problem, "en") == (
        "Start with the touchpoint Help desk at the stage Use: critical for the customer 4 and for the company 5"
        " of 5, it performs at 25 of 100 (effort 3 of 5, completeness 2 of 5, emotion afterwards -2)."
        " It is a moment of truth. What holds the customer back there: Long queue on the hotline."
    )
    assert problem_statement(problem, "ru").startswith(
        "Начните с точки контакта «Help desk» на этапе «Use»: критичность для клиента 4 и для компании 5 из 5"
    )


def test_no_problem_when_nothing_is_critical_and_weak() -> None:
    journey, ratings = rated_map()
    fine = [r for r in ratings if r.touchpoint == "deliv"]
    assert fix_first_problem(summarise(journey, fine)) is None


def test_step_3_states_the_touchpoint_and_step_4_pilots_there() -> None:
    questionnaire, library = load_builtin()
    card = card_for("weak-base-strong-top", questionnaire)
    plain = build_roadmap(card, questionnaire, library, "en", TODAY)
    problem = fix_first_problem(summarise(*rated_map()))
    roadmap = build_roadmap(card, questionnaire, library, "en", TODAY, touchpoint=problem)
    step3, step4 = roadmap.steps[2], roadmap.steps[3]
    assert step3.summary.startswith("Start with the touchpoint Help desk at the stage Use:")
    assert step3.summary.endswith(plain.steps[2].summary)
    # The candidate solutions keep their classes and order: within our own authority first.
    assert step3.actions == plain.steps[2].actions
    authorities = [a.authority for a in step3.actions if a.authority in ("own", "management")]
    assert authorities == sorted(authorities, key=("own", "management").index)
    assert step4.summary.startswith("Run the pilot at the touchpoint Help desk (Use), which performs at 25 of 100")
    assert step4.actions == plain.steps[3].actions
    data = json.loads(json.dumps(roadmap_to_json(roadmap)))
    assert data["touchpoint"]["name"] == "Help desk" and data["touchpoint"]["barriers"] == ["Long queue on the hotline"]
    assert "touchpoint" not in roadmap_to_json(plain)  # golden roadmaps without a map are unchanged
