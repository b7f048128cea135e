"""The roadmap as a plan: which actions are in it, in what order, from when to when.

The five first steps follow each other as the method has them (docs/roadmap.md): the team is
formed once the current situation is understood (step 2 after step 1), the problem is chosen
by that team (3 after 2), the pilot starts after the problem is chosen (4 after 3), analysing
the pilot starts when the pilot ends (5 after 4), and what comes next follows the analysis.
Warnings (a weak foundation) start at once. A step starts when every action of the step it
depends on has ended ("finish to start").

The plan holds a few actions by default (:data:`DEFAULT_PER_STEP`, at most
:data:`DEFAULT_MAX` in all): the engine lists each step's actions most relevant first. The rest
stay "more options". The consultant's choices (in the plan or not, start, due date, owner)
come with the rows (:class:`~cxmaturity.roadmap.plan.PlanRow`) and win over the defaults; a
start the consultant set before the step it depends on ends is kept and flagged as a conflict.
Pure functions, no UI, no database; the same rows and ``today`` give the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxmaturity.i18n import format_date, translate
from cxmaturity.roadmap.model import NextStep
from cxmaturity.roadmap.plan import WARNING_STEP, PlanRow

#: The step each step waits for (None: starts at the plan's start).
DEPENDS_ON: Mapping[int | str, int | str | None] = {WARNING_STEP: None, 1: None, 2: 1, 3: 2, 4: 3, 5: 4, "next": 5}
#: The steps in the plan's order.
STEP_ORDER: tuple[int | str, ...] = (WARNING_STEP, 1, 2, 3, 4, 5, "next")
#: How many of each step's actions (most relevant first) the plan holds by default.
DEFAULT_PER_STEP: Mapping[int | str, int] = {WARNING_STEP: 2, 1: 2, 2: 2, 3: 2, 4: 1, 5: 2, "next": 1}
#: The most actions a default plan holds ("the five first steps" stay a handful).
DEFAULT_MAX = 12
#: Days of an action with no horizon of its own (one the consultant kept from an older roadmap).
DEFAULT_DAYS = 14
#: Statuses that take an action out of the plan's timing (it no longer holds anything up).
_DROPPED = "dropped"


@dataclass(frozen=True)
class PlannedAction:
    """An action in the plan with its dates; ``conflict`` when it starts before the step it waits for ends."""

    row: PlanRow
    start: dt.date
    due: dt.date
    depends_on: int | str | None
    conflict: bool = False

    @property
    def days(self) -> int:
        """How many days the action runs (at least one)."""
        return max(1, (self.due - self.start).days)


@dataclass(frozen=True)
class Plan:
    """The actions in the plan, in step order, and the actions left as "more options"."""

    start: dt.date
    actions: tuple[PlannedAction, ...]
    more: tuple[PlanRow, ...]

    @property
    def end(self) -> dt.date:
        """The day the last action of the plan is due (the start when the plan is empty)."""
        return max((action.due for action in self.actions), default=self.start)

    def step_end(self, step: int | str) -> dt.date | None:
        """When the last action of ``step`` in the plan is due (None: the step has none)."""
        return max((a.due for a in self.actions if a.row.step == step), default=None)

    def reassess_on(self, earliest: dt.date) -> dt.date:
        """When to assess again: not before ``earliest`` (the roadmap's cadence), nor before the pilot is analysed.

        The analysis is step 5 (the pilot, step 4, when the plan has no analysis).
        """
        analysed = self.step_end(5) or self.step_end(4)
        return max(earliest, analysed) if analysed is not None else earliest

    def conflicts(self) -> tuple[PlannedAction, ...]:
        """Actions that start before the step they depend on has ended."""
        return tuple(action for action in self.actions if action.conflict)


def reassessment_date(plan: Plan, following: NextStep) -> dt.date:
    """When to assess again, from the plan alone: the library's cadence counted from the plan's start, not
    before the pilot is analysed.

    The page's "what comes next" sentence, the Gantt chart's dotted line and the PDF all take this date,
    so a consultant who moves the plan's dates moves it everywhere at once. A roadmap that does not know
    its cadence keeps its own date as the earliest.
    """
    if following.cadence_days:
        return plan.reassess_on(plan.start + dt.timedelta(days=following.cadence_days))
    return plan.reassess_on(following.reassess_on)


def next_summary(plan: Plan, following: NextStep, lang: str) -> str:
    """The "what comes next" sentence with the plan's re-assessment date (:func:`reassessment_date`)."""
    if not following.summary_key:
        return following.summary
    date = format_date(reassessment_date(plan, following), lang)
    return translate(f"roadmap.{following.summary_key}", lang, date=date, **dict(following.summary_values))


def step_rank(step: int | str) -> int:
    """Position of a step in :data:`STEP_ORDER` (unknown steps last)."""
    return STEP_ORDER.index(step) if step in STEP_ORDER else len(STEP_ORDER)


def default_selection(rows: Sequence[PlanRow]) -> set[str]:
    """The ids the plan holds when the consultant has chosen nothing: each step's first few, at most 12.

    Rows come in the roadmap's order (most relevant first within a step); dropped and kept
    actions are never chosen by default. When the per-step quotas add up to more than
    :data:`DEFAULT_MAX`, the later steps give way (the earlier steps must happen first).
    """
    chosen: list[str] = []
    taken: dict[int | str, int] = {}
    for row in sorted(rows, key=lambda r: step_rank(r.step)):
        if row.status == _DROPPED or row.kept:
            continue
        if taken.get(row.step, 0) >= DEFAULT_PER_STEP.get(row.step, 0) or len(chosen) >= DEFAULT_MAX:
            continue
        taken[row.step] = taken.get(row.step, 0) + 1
        chosen.append(row.action_id)
    return set(chosen)


def in_plan(row: PlanRow, defaults: set[str]) -> bool:
    """Whether ``row`` is in the plan: the consultant's choice, else the default; never when dropped."""
    if row.status == _DROPPED:
        return False
    return row.in_plan if row.in_plan is not None else row.action_id in defaults


def build_plan(rows: Sequence[PlanRow], today: dt.date) -> Plan:
    """Sequence the chosen actions: each step starts when the step it depends on has ended.

    An action starts on the consultant's start date when set, else when its step may start
    (the plan's start for a step that waits for nothing). It is due on the consultant's due
    date when set, else its horizon after its start. A due date set before the step may start
    (and no start) moves the start back by the horizon and is flagged. The plan starts on the earliest start the
    consultant set for an action that waits for nothing, else ``today``.
    """
    defaults = default_selection(rows)
    chosen = sorted(
        (row for row in rows if in_plan(row, defaults)), key=lambda r: step_rank(r.step)
    )  # stable: the roadmap's order within a step
    more = tuple(row for row in rows if not in_plan(row, defaults))
    roots = [row.start_date for row in chosen if DEPENDS_ON.get(row.step) is None and row.start_date is not None]
    start = min(roots, default=today)
    ends: dict[int | str, dt.date] = {}
    planned: list[PlannedAction] = []
    for step in sorted({row.step for row in chosen}, key=step_rank):
        depends = _dependency(step, ends)
        earliest = ends[depends] if depends is not None else start
        for row in (r for r in chosen if r.step == step):
            length = dt.timedelta(days=row.horizon_days or DEFAULT_DAYS)
            begin = row.start_date or earliest
            if row.start_date is None and row.due_date is not None and row.due_date < begin:
                begin = row.due_date - length  # the consultant's due date stands; the early start is flagged
            due = max(row.due_date or begin + length, begin)
            planned.append(PlannedAction(row, begin, due, depends, conflict=depends is not None and begin < earliest))
        ends[step] = max(action.due for action in planned if action.row.step == step)
    return Plan(start, tuple(planned), more)


def _dependency(step: int | str, ends: Mapping[int | str, dt.date]) -> int | str | None:
    """The nearest earlier step in the plan that ``step`` waits for (skipping steps with no action)."""
    depends = DEPENDS_ON.get(step)
    while depends is not None and depends not in ends:
        depends = DEPENDS_ON.get(depends)
    return depends
