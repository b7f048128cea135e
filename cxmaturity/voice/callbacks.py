"""The inner loop (seed 000): the customers to call back, and whether they were called back in time.

A customer is on the list when they are a detractor (NPS 0-6) or reported high effort (a CES
answer below the middle of its scale: 1-3 of 1..7, 1-2 of 1..5). Each has a due time (48 hours
after the answer unless someone set another), an owner and a status: open, called, solved or
lesson recorded. The share called back on time counts, among the callbacks already due or
already made, those made by their due time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from cxmaturity.core.model import ItemKind, Questionnaire
from cxmaturity.voice.intervals import Proportion
from cxmaturity.voice.responses import Responses

#: The default time to call a customer back, from their answer.
DEFAULT_DUE = timedelta(hours=48)
#: The statuses, in the order a callback moves through them.
STATUSES = ("open", "called", "solved", "lesson_recorded")


@dataclass(frozen=True)
class Decision:
    """What someone decided for a callback (the store's record, without the store)."""

    owner: str | None = None
    due_at: datetime | None = None
    status: str = "open"
    called_at: datetime | None = None
    lesson: str | None = None


@dataclass(frozen=True)
class Callback:
    """One customer to call back: why (detractor, high effort), their answers and contact, and the decision."""

    respondent: str
    detractor: bool
    high_effort: bool
    nps: float | None
    ces: float | None
    reason: str | None
    comment: str
    contact: str | None
    answered_at: datetime | None
    due_at: datetime | None
    decision: Decision

    @property
    def on_time(self) -> bool:
        """True when the callback was made, by its due time (no due time: any time is in time)."""
        made = self.decision.called_at
        return made is not None and (self.due_at is None or made <= self.due_at)

    def overdue(self, now: datetime) -> bool:
        """True when nobody has called back yet and the due time has passed."""
        return self.decision.called_at is None and self.due_at is not None and now > self.due_at


def _first(questionnaire: Questionnaire, responses: Responses, kind: ItemKind) -> str | None:
    return next((item.id for item in questionnaire.items_of(kind) if item.id in responses.numbers), None)


def high_effort_below(questionnaire: Questionnaire, item_id: str) -> float:
    """The CES answers under this value are high effort: the middle of the item's scale (4 of 1..7, 3 of 1..5)."""
    scale = questionnaire.item(item_id).scale
    assert scale is not None
    values = questionnaire.scales[scale].values
    return (values[0] + values[-1]) / 2


#: The state of a customer nobody has decided on yet (frozen: one object shared by every such customer).
_UNDECIDED = Decision()


def callback_list(
    questionnaire: Questionnaire,
    responses: Responses,
    answered_at: Mapping[str, datetime | None],
    contacts: Mapping[str, str],
    decisions: Mapping[str, Decision],
    reason_item: str | None = None,
    comment_item: str | None = None,
) -> list[Callback]:
    """The customers to call back, in the order of their due time (those without one last).

    ``answered_at``, ``contacts`` and ``decisions`` are keyed by respondent label; a contact is
    only there when the reader may see it.
    """
    nps_id = _first(questionnaire, responses, ItemKind.NPS)
    ces_id = _first(questionnaire, responses, ItemKind.CES)
    count = len(responses)
    nps = responses.numbers[nps_id] if nps_id else np.full(count, np.nan)
    ces = responses.numbers[ces_id] if ces_id else np.full(count, np.nan)
    detractor = nps < 7  # NaN compares False: no answer is never a detractor
    high_effort = ces < high_effort_below(questionnaire, ces_id) if ces_id else np.zeros(count, dtype=bool)
    listed = np.flatnonzero(detractor | high_effort)
    # Per-row lookups on pandas objects cost ~0.1 ms each: take plain arrays of the listed rows once.
    labels = np.asarray(responses.respondents, dtype=object)[listed]
    chosen = responses.choices.get(reason_item) if reason_item else None
    reasons = np.asarray(chosen, dtype=object)[listed] if chosen is not None else np.full(len(listed), None)
    texts = responses.texts.get(comment_item) if comment_item else None
    comments = np.asarray(texts, dtype=object)[listed] if texts is not None else np.full(len(listed), "")
    nps_listed, ces_listed = nps[listed].tolist(), ces[listed].tolist()
    result = []
    for position, index in enumerate(listed.tolist()):
        label = str(labels[position])
        decision = decisions.get(label, _UNDECIDED)
        moment = answered_at.get(label)
        due = decision.due_at or (moment + DEFAULT_DUE if moment is not None else None)
        reason = reasons[position]
        nps_value, ces_value = nps_listed[position], ces_listed[position]
        result.append(
            Callback(
                respondent=label,
                detractor=bool(detractor[index]),
                high_effort=bool(high_effort[index]),
                nps=None if nps_value != nps_value else nps_value,  # NaN: no answer
                ces=None if ces_value != ces_value else ces_value,
                reason=None if reason is None or reason != reason else str(reason),  # NaN: no reason given
                comment=str(comments[position] or ""),
                contact=contacts.get(label),
                answered_at=moment,
                due_at=due,
                decision=decision,
            )
        )
    result.sort(key=lambda c: (c.due_at is None, c.due_at or datetime.min, c.respondent))
    return result


def on_time_share(callbacks: list[Callback], now: datetime) -> Proportion:
    """How many callbacks were made by their due time (``k``), among those already due or already made (``n``)."""
    counted = [c for c in callbacks if c.decision.called_at is not None or c.overdue(now)]
    return Proportion(sum(c.on_time for c in counted), len(counted))
