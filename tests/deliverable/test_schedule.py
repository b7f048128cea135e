"""The roadmap as a plan: the method's order of the steps, a short default plan, the consultant's dates."""

from __future__ import annotations

import datetime as dt

from cxmaturity.roadmap.plan import WARNING_STEP, PlanRow
from cxmaturity.roadmap.schedule import DEFAULT_MAX, build_plan, default_selection

TODAY = dt.date(2027, 1, 4)


def row(action_id: str, step: int | str, days: int, **changes: object) -> PlanRow:
    base = PlanRow(action_id, step, action_id, "", "", None, None, "own", "S", "high", "role", "metric", days)
    return PlanRow(**{**base.__dict__, **changes})


def roadmap_rows() -> list[PlanRow]:
    # The shape the engine gives: a few actions per step, most relevant first.
    return [
        row("walk", 1, 14),
        row("visit", 1, 21),
        row("repeat-walk", 1, 90),
        row("sponsor", 2, 14),
        row("practitioners", 2, 21),
        row("learn", 2, 60),
        row("state-problem", 3, 14),
        row("candidate-a", 3, 30),
        row("candidate-b", 3, 45),
        row("pilot", 4, 60),
        row("retro", 5, 14),
        row("compare", 5, 14),
        row("story", 5, 21),
        row("plan-next", "next", 30),
        row("measure", "next", 90),
    ]


def test_steps_follow_the_method_finish_to_start() -> None:
    plan = build_plan(roadmap_rows(), TODAY)
    dates = {a.row.action_id: (a.start, a.due) for a in plan.actions}
    # Step 1: walk (14 d) and visit (21 d) from 4 Jan: the step ends on 25 Jan.
    assert dates["walk"] == (dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    assert dates["visit"] == (dt.date(2027, 1, 4), dt.date(2027, 1, 25))
    # Step 2 (the team) starts when understanding ends: 25 Jan; practitioners 21 d -> 15 Feb.
    assert dates["sponsor"] == (dt.date(2027, 1, 25), dt.date(2027, 2, 8))
    assert dates["practitioners"] == (dt.date(2027, 1, 25), dt.date(2027, 2, 15))
    # Step 3 from 15 Feb: state the problem (14 d) -> 1 Mar, candidate A (30 d) -> 17 Mar.
    assert dates["state-problem"] == (dt.date(2027, 2, 15), dt.date(2027, 3, 1))
    assert dates["candidate-a"] == (dt.date(2027, 2, 15), dt.date(2027, 3, 17))
    # The pilot starts after the problem is chosen (17 Mar) and runs 60 days -> 16 May.
    assert dates["pilot"] == (dt.date(2027, 3, 17), dt.date(2027, 5, 16))
    # Analysing the pilot starts when it ends: never due before the pilot.
    assert dates["retro"] == (dt.date(2027, 5, 16), dt.date(2027, 5, 30))
    assert dates["plan-next"] == (dt.date(2027, 5, 30), dt.date(2027, 6, 29))
    assert plan.end == dt.date(2027, 6, 29)
    assert plan.conflicts() == ()
    # Assess again once the pilot is analysed (30 May), not on an earlier cadence date.
    assert plan.reassess_on(dt.date(2027, 3, 1)) == dt.date(2027, 5, 30)
    assert plan.reassess_on(dt.date(2027, 9, 1)) == dt.date(2027, 9, 1)


def test_the_default_plan_is_short_and_the_rest_are_more_options() -> None:
    rows = roadmap_rows()
    chosen = default_selection(rows)
    assert chosen == {
        "walk", "visit", "sponsor", "practitioners", "state-problem", "candidate-a", "pilot", "retro", "compare",
        "plan-next",
    }  # fmt: skip
    plan = build_plan(rows, TODAY)
    assert [r.action_id for r in plan.more] == ["repeat-walk", "learn", "candidate-b", "story", "measure"]
    # Warnings (a weak foundation) come first; the plan still holds at most DEFAULT_MAX actions.
    crowded = [row(f"warn-{i}", WARNING_STEP, 120) for i in range(4)] + rows
    assert len(default_selection(crowded)) == DEFAULT_MAX == 12
    assert {"warn-0", "warn-1"} <= default_selection(crowded)
    assert "warn-2" not in default_selection(crowded)


def test_the_consultants_choices_win() -> None:
    rows = roadmap_rows()
    changed = [
        row("walk", 1, 14, start_date=dt.date(2027, 2, 1), owner="Olga Petrova"),
        row("visit", 1, 21, in_plan=False),
        *rows[2:9],
        row("pilot", 4, 60, due_date=dt.date(2027, 6, 30)),
        row("retro", 5, 14, status="dropped"),
        *rows[11:],
    ]
    plan = build_plan(changed, TODAY)
    dates = {a.row.action_id: (a.start, a.due) for a in plan.actions}
    # The plan starts on the consultant's start of step 1; only "walk" is left in step 1.
    assert plan.start == dt.date(2027, 2, 1)
    assert dates["walk"] == (dt.date(2027, 2, 1), dt.date(2027, 2, 15))
    assert dates["sponsor"][0] == dt.date(2027, 2, 15)
    # The pilot's due date is the consultant's; step 5 starts then.
    assert dates["pilot"][1] == dt.date(2027, 6, 30)
    assert dates["compare"] == (dt.date(2027, 6, 30), dt.date(2027, 7, 14))
    assert "visit" not in dates and "retro" not in dates
    assert {r.action_id for r in plan.more} >= {"visit", "retro"}


def test_a_start_before_the_step_it_waits_for_is_flagged() -> None:
    rows = [row("walk", 1, 14), row("sponsor", 2, 14, start_date=dt.date(2027, 1, 10))]
    plan = build_plan(rows, TODAY)
    (walk, sponsor) = plan.actions
    assert not walk.conflict and sponsor.conflict
    assert sponsor.depends_on == 1 and plan.step_end(1) == dt.date(2027, 1, 18)


def test_a_step_without_actions_is_skipped_by_the_one_after_it() -> None:
    # No action of step 4 in the plan: step 5 waits for step 3.
    rows = [row("state-problem", 3, 14), row("retro", 5, 14)]
    plan = build_plan(rows, TODAY)
    retro = plan.actions[1]
    assert retro.depends_on == 3 and retro.start == dt.date(2027, 1, 18)


def test_a_due_date_before_the_step_may_start_is_kept_and_flagged() -> None:
    # Step 1 ends on 18 Jan; the consultant wants the 14-day sponsor action done by 15 Jan.
    rows = [row("walk", 1, 14), row("sponsor", 2, 14, due_date=dt.date(2027, 1, 15))]
    sponsor = build_plan(rows, TODAY).actions[1]
    assert (sponsor.start, sponsor.due, sponsor.conflict) == (dt.date(2027, 1, 1), dt.date(2027, 1, 15), True)
