"""The perception gap: how much respondents agree, where groups disagree most, and why.

Works on a :class:`~cxmaturity.core.model.ScoreCard` computed with groups. Groups with fewer
respondents than the anonymity threshold are never shown separately: every function
here takes ``min_group_size`` and drops smaller groups before comparing (the overall
results still include their members).

Agreement is read from the sample standard deviation of the respondents' scores of a
level or aspect (0..100 points):

- **high** agreement: stdev up to 15 points (most answers within about one scale step
  on a 0..4 scale);
- **medium**: above 15 up to 25 points;
- **low**: above 25 points (respondents are roughly a whole scale step or more apart);
- none with fewer than two respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from cxmaturity.core.model import (
    AnswerKind,
    AnswerSet,
    GapBetweenGroups,
    PerceptionGap,
    Questionnaire,
    ScoreCard,
    SetScore,
)
from cxmaturity.core.scoring import perception_gap

#: Upper stdev bound (points) of "high" and of "medium" agreement.
HIGH_AGREEMENT_MAX = 15.0
MEDIUM_AGREEMENT_MAX = 25.0
AGREEMENT_LEVELS = ("high", "medium", "low")


def agreement_of(stdev: float | None) -> str | None:
    """ "high", "medium" or "low" agreement for a standard deviation in points (None for None)."""
    if stdev is None:
        return None
    if stdev <= HIGH_AGREEMENT_MAX:
        return "high"
    if stdev <= MEDIUM_AGREEMENT_MAX:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Agreement:
    """Agreement among the respondents on one level or aspect."""

    section: str  # "level" or "aspect"
    item_id: str
    n: int
    stdev: float | None
    agreement: str | None


def agreement(card: ScoreCard) -> tuple[Agreement, ...]:
    """Agreement per level, then per aspect (questionnaire order), from each set's stdev."""

    def rows(section: str, scores: Mapping[str, SetScore]) -> list[Agreement]:
        return [Agreement(section, key, s.n, s.stdev, agreement_of(s.stdev)) for key, s in scores.items()]

    return (*rows("level", card.levels), *rows("aspect", card.aspects))


def visible_groups(card: ScoreCard, min_group_size: int = 1) -> Mapping[str, ScoreCard]:
    """The card's groups with at least ``min_group_size`` respondents, in their order."""
    return MappingProxyType(
        {name: group for name, group in card.groups.items() if len(group.respondents) >= max(1, min_group_size)}
    )


def visible_gap(card: ScoreCard, min_group_size: int = 1) -> PerceptionGap | None:
    """The perception gap between the visible groups only (None with fewer than two).

    Cards are scored with the anonymity threshold, so every group of the card is visible and this
    is the card's own gap, compared on the questions every group scored (``left_out`` names the
    rest). Only a caller that hides more groups than the card was scored with gets the gap of the
    remaining groups' own scores.
    """
    visible = visible_groups(card, min_group_size)
    if len(visible) == len(card.groups):
        return card.perception_gap
    return perception_gap(visible)


@dataclass(frozen=True)
class GapRow:
    """One level or aspect where two groups disagree: ``gap`` = high group score - low group score."""

    section: str  # "level" or "aspect"
    item_id: str
    gap: GapBetweenGroups


def largest_gaps(card: ScoreCard, min_group_size: int = 1, limit: int | None = None) -> list[GapRow]:
    """Levels and aspects by perception gap, the largest first (ties: levels first, questionnaire order)."""
    gap = visible_gap(card, min_group_size)
    if gap is None:
        return []
    rows = [GapRow("level", key, value) for key, value in gap.levels.items()]
    rows += [GapRow("aspect", key, value) for key, value in gap.aspects.items()]
    rows.sort(key=lambda row: -row.gap.gap)  # stable: keeps the questionnaire order among ties
    return rows[:limit] if limit is not None else rows


@dataclass(frozen=True)
class Driver:
    """One question's share in a gap: both groups' mean scores (0..100) and high minus low."""

    question_id: str
    high_score: float
    low_score: float
    difference: float


def gap_drivers(
    questionnaire: Questionnaire,
    card: ScoreCard,
    section: str,
    item_id: str,
    min_group_size: int = 1,
    *,
    high: str | None = None,
    low: str | None = None,
) -> list[Driver]:
    """Questions of a level or aspect that drive the difference between two groups, largest first.

    By default the groups are the highest and lowest visible groups of that level or
    aspect; ``high`` and ``low`` pick others. Questions that either group left
    unscored are skipped. Returns [] when there is no gap to explain.
    """
    if section not in ("level", "aspect"):
        raise ValueError(f"section must be 'level' or 'aspect', not {section!r}")
    groups = visible_groups(card, min_group_size)
    if high is None or low is None:
        gap = visible_gap(card, min_group_size)
        found = None if gap is None else (gap.levels if section == "level" else gap.aspects).get(item_id)
        if found is None:
            return []
        high, low = high or found.high, low or found.low
    if high not in groups or low not in groups:
        raise KeyError(f"group {high if high not in groups else low!r} is not shown (unknown or below the threshold)")
    questions = (
        questionnaire.questions_of(level=item_id) if section == "level" else questionnaire.questions_of(aspect=item_id)
    )
    drivers = []
    for question in questions:
        top = groups[high].questions[question.id].score
        bottom = groups[low].questions[question.id].score
        if top is not None and bottom is not None:
            drivers.append(Driver(question.id, top, bottom, top - bottom))
    drivers.sort(key=lambda driver: -driver.difference)
    return drivers


# --- group sizes and the "80% think, 8% agree" story -----------------------------------------------


def group_sizes(answers: AnswerSet) -> dict[str, int]:
    """Respondents per group as scoring counts them (the group on their answers), first-seen order."""
    table = answers.table
    if "group" not in table.columns or not table["group"].notna().any():
        return {}
    grouped = table.dropna(subset=["group"]).drop_duplicates("respondent")
    listed = set(answers.respondents)
    sizes: dict[str, int] = {}
    for respondent, group in zip(grouped["respondent"].astype(str), grouped["group"].astype(str), strict=True):
        if respondent in listed:
            sizes[group] = sizes.get(group, 0) + 1
    return sizes


def hidden_groups(answers: AnswerSet, min_group_size: int) -> int:
    """How many groups have fewer than ``min_group_size`` respondents (and so are not shown)."""
    return sum(1 for size in group_sizes(answers).values() if size < max(1, min_group_size))


def respondent_level_scores(questionnaire: Questionnaire, answers: AnswerSet) -> pd.DataFrame:
    """Each grouped respondent's score (0..100) per level: columns respondent, group, level, score.

    A respondent's level score is the weighted mean of their scored answers in it, as in
    the scoring contract; levels without a scored answer are left out.
    """
    table = answers.table
    columns = ["respondent", "group", "level", "score"]
    if "group" not in table.columns:
        return pd.DataFrame(columns=columns)
    rows = table[(table["kind"] == AnswerKind.VALUE.value) & table["value"].notna() & table["group"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    layout = pd.DataFrame(
        [
            (q.id, q.level, q.weight, questionnaire.scales[q.scale].min_value, questionnaire.scales[q.scale].max_value)
            for q in questionnaire.questions
        ],
        columns=["question", "level", "weight", "low", "high"],
    )
    data = rows[["respondent", "group", "question", "value"]].astype({"question": str}).merge(layout, on="question")
    data["weighted"] = data["weight"] * 100.0 * (data["value"] - data["low"]) / (data["high"] - data["low"])
    sums = data.groupby(["respondent", "group", "level"], observed=True, sort=False)[["weighted", "weight"]].sum()
    result = (sums["weighted"] / sums["weight"]).rename("score").reset_index()
    return result[columns]


@dataclass(frozen=True)
class GroupShare:
    """How many of a group's respondents rate a level at or above the threshold."""

    group: str
    reaching: int
    n: int

    @property
    def share(self) -> float:
        """``reaching / n`` (0 for an empty group)."""
        return self.reaching / self.n if self.n else 0.0


@dataclass(frozen=True)
class Story:
    """The level where two groups' views of it differ most: the share rating it at/above the threshold."""

    level_id: str
    high: GroupShare
    low: GroupShare

    @property
    def difference(self) -> float:
        """High share minus low share (0..1)."""
        return self.high.share - self.low.share


#: The story is told only when the shares differ by at least this much (25 percentage points).
STORY_MIN_DIFFERENCE = 0.25


def level_shares(
    questionnaire: Questionnaire, answers: AnswerSet, threshold: float, min_group_size: int = 1
) -> dict[str, dict[str, GroupShare]]:
    """Per level, per visible group: respondents scoring the level at or above ``threshold``."""
    scores = respondent_level_scores(questionnaire, answers)
    visible = [name for name, size in group_sizes(answers).items() if size >= max(1, min_group_size)]
    shares: dict[str, dict[str, GroupShare]] = {}
    for level in questionnaire.levels:
        of_level = scores[scores["level"] == level.id]
        shares[level.id] = {}
        for group in visible:
            values = of_level.loc[of_level["group"] == group, "score"]
            if len(values):
                shares[level.id][group] = GroupShare(group, int((values >= threshold - 1e-9).sum()), len(values))
    return shares


def perception_story(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    threshold: float,
    min_group_size: int = 1,
    min_difference: float = STORY_MIN_DIFFERENCE,
) -> Story | None:
    """The level whose at-or-above-threshold shares differ most between two visible groups.

    None when fewer than two groups are visible or no level's shares differ by at least
    ``min_difference`` (the data does not tell that story). Ties: the lower level first.
    """
    best: Story | None = None
    for level_id, by_group in level_shares(questionnaire, answers, threshold, min_group_size).items():
        if len(by_group) < 2:
            continue
        groups = list(by_group.values())
        high = max(groups, key=lambda share: share.share)
        low = min(groups, key=lambda share: share.share)
        story = Story(level_id, high, low)
        if story.difference >= min_difference - 1e-9 and (best is None or story.difference > best.difference):
            best = story
    return best
