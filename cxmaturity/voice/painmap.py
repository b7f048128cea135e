"""The pain map (seed 000): the reasons customers give, by how often, overall or among detractors.

Each reason comes with its share of the customers who named a reason (Wilson 95% interval), the
cumulative share for a Pareto chart, and, for a customer base the user enters, how many
customers it stands for: the share and its interval multiplied by the base (5 of 1,000 is about
5,000 of 1,000,000, somewhere between about 2,100 and 11,700).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxmaturity.core.model import ItemKind, Questionnaire
from cxmaturity.voice.intervals import Estimate, share_estimate
from cxmaturity.voice.responses import Responses


@dataclass(frozen=True)
class PainRow:
    """One reason: its choice id, how many named it, its share with interval, the cumulative share."""

    choice: str
    count: int
    share: Estimate
    cumulative: float
    #: The customers of the base it stands for: (figure, low, high); None without a base or a figure.
    in_base: tuple[float, float, float] | None


@dataclass(frozen=True)
class PainMap:
    """The reasons of one choice item, most named first; ``answered`` customers named one."""

    item: str
    answered: int
    rows: tuple[PainRow, ...]
    base: int | None


def reason_items(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The choice items a pain map can be made of; the main reason (the last choice item) first."""
    ids = [item.id for item in questionnaire.items_of(ItemKind.CHOICE)]
    return tuple(reversed(ids))


def detractors(responses: Responses, questionnaire: Questionnaire) -> np.ndarray | None:
    """A mask of the respondents who gave 0-6 on the NPS item; None when the answers hold no NPS item."""
    for item in questionnaire.items_of(ItemKind.NPS):
        if item.id in responses.numbers:
            mask: np.ndarray = responses.numbers[item.id] < 7  # NaN (no answer) is never a detractor
            return mask
    return None


def pain_map(responses: Responses, item_id: str, rows: np.ndarray | None = None, base: int | None = None) -> PainMap:
    """The reasons of the choice item ``item_id`` among ``rows`` (a boolean mask; default: everyone).

    Reasons nobody named are left out. ``base``: the number of customers to extrapolate to (> 0).
    Raises KeyError when the answers do not hold the item.
    """
    if base is not None and base <= 0:
        raise ValueError("the customer base must be a positive number")
    chosen = responses.choices[item_id]
    codes = chosen.codes if rows is None else chosen.codes[rows]
    named = codes[codes >= 0]
    counts = np.bincount(named, minlength=len(chosen.categories))
    answered = int(named.size)
    order = sorted(range(len(counts)), key=lambda code: (-counts[code], code))
    result = []
    running = 0
    for code in order:
        if counts[code] == 0:
            continue
        running += int(counts[code])
        share = share_estimate(int(counts[code]), answered)
        in_base = None
        if base is not None and share.value is not None and share.ci_low is not None and share.ci_high is not None:
            in_base = (share.value * base, share.ci_low * base, share.ci_high * base)
        result.append(PainRow(str(chosen.categories[code]), int(counts[code]), share, running / answered, in_base))
    return PainMap(item_id, answered, tuple(result), base)
