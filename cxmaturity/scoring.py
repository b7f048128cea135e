"""The scoring contract: answers + questionnaire -> :class:`~cxmaturity.model.ScoreCard`.

Every formula is documented in ``docs/methodology.md``:

- a scale answer v becomes s = 100 (v - min) / (max - min); ``na``, ``dk`` and
  unanswered are left out of every numerator and denominator;
- one respondent's score of a set of questions is the weight-weighted mean of s;
- over respondents, a set's score is the plain mean of the respondents' scores
  (each person counts once), with n, median, min, max and sample stdev;
- stage: A levels attained consecutively from the base (score >= threshold);
  stage = L if A = L else A + max(0, S(level A+1)) / T;
- gap = max(0, target - score); level priority = gap (L - k + 1) / L.

The arithmetic is vectorised: each (respondent, set) pair becomes one integer
key, and ``numpy.bincount`` sums weights and weighted scores per key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from cxmaturity.model import (
    AnswerKind,
    AnswerSet,
    GapBetweenGroups,
    PerceptionGap,
    Questionnaire,
    ScoreCard,
    SetScore,
    Targets,
)

_VALUE = AnswerKind.VALUE.value
_DONT_KNOW = AnswerKind.DONT_KNOW.value
_UNANSWERED = AnswerKind.UNANSWERED.value


def default_targets(questionnaire: Questionnaire) -> Targets:
    """Targets as the questionnaire sets them: its ``target`` for every level and aspect."""
    return Targets(default=questionnaire.target)


def score_answers(
    questionnaire: Questionnaire,
    answers: AnswerSet,
    targets: Targets | None = None,
    *,
    min_group_size: int = 1,
) -> ScoreCard:
    """Score ``answers`` by the scoring contract.

    ``targets`` defaults to the questionnaire's target. Groups with fewer than
    ``min_group_size`` respondents are left out of ``groups`` and of the
    perception gap (their respondents still count in the overall results).
    """
    targets = targets or default_targets(questionnaire)
    layout = _Layout(questionnaire)
    table = answers.table
    known = table["question"].isin(layout.question_index.keys())
    if not known.all():
        table = table[known]
    card = _score_table(layout, table, answers.respondents, targets)
    groups = _group_cards(layout, table, answers.respondents, targets, min_group_size)
    if not groups:
        return card
    return ScoreCard(
        **{**card.__dict__, "groups": MappingProxyType(groups), "perception_gap": perception_gap(groups)}
    )


def perception_gap(groups: Mapping[str, ScoreCard]) -> PerceptionGap | None:
    """Per level and aspect: the highest minus the lowest group score, naming both groups.

    None with fewer than two groups. Ties go to the group listed first.
    """
    if len(groups) < 2:
        return None

    def gaps(section: str) -> dict[str, GapBetweenGroups]:
        result: dict[str, GapBetweenGroups] = {}
        first = next(iter(groups.values()))
        for item_id in getattr(first, section):
            scored = [(name, getattr(card, section)[item_id].score) for name, card in groups.items()]
            defined = [(name, score) for name, score in scored if score is not None]
            if len(defined) < 2:
                continue
            high = max(defined, key=lambda pair: pair[1])
            low = min(defined, key=lambda pair: pair[1])
            result[item_id] = GapBetweenGroups(high[1] - low[1], high[0], low[0], high[1], low[1])
        return result

    return PerceptionGap(MappingProxyType(gaps("levels")), MappingProxyType(gaps("aspects")))


def compute_stage(level_scores: Sequence[float | None], threshold: float) -> tuple[float, int]:
    """Stage (0..L, continuous) and the number A of levels attained consecutively from the base."""
    attained = 0
    for score in level_scores:
        if score is None or score < threshold:
            break
        attained += 1
    if attained == len(level_scores):
        return float(attained), attained
    following = level_scores[attained]
    partial = max(0.0, following or 0.0) / threshold if threshold > 0 else 0.0
    return attained + min(partial, 1.0), attained


# --- internals ----------------------------------------------------------------------------------


class _Layout:
    """Per-question arrays (level, aspect, weight, scale bounds) indexed like the questionnaire."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire
        self.level_ids = [level.id for level in questionnaire.levels]
        self.aspect_ids = [aspect.id for aspect in questionnaire.aspects]
        self.question_ids = [question.id for question in questionnaire.questions]
        self.question_index = {question_id: i for i, question_id in enumerate(self.question_ids)}
        level_index = {level_id: i for i, level_id in enumerate(self.level_ids)}
        aspect_index = {aspect_id: i for i, aspect_id in enumerate(self.aspect_ids)}
        questions = questionnaire.questions
        self.level = np.array([level_index[q.level] for q in questions], dtype=np.int64)
        self.aspect = np.array([aspect_index[q.aspect] for q in questions], dtype=np.int64)
        self.cell = self.level * len(self.aspect_ids) + self.aspect
        self.weight = np.array([q.weight for q in questions], dtype=float)
        scales = questionnaire.scales
        self.low = np.array([scales[q.scale].min_value for q in questions], dtype=float)
        self.span = np.array([scales[q.scale].max_value - scales[q.scale].min_value for q in questions], dtype=float)
        # How many questions each set holds, for coverage (answered / expected).
        self.questions_per_level = np.bincount(self.level, minlength=len(self.level_ids))
        self.questions_per_aspect = np.bincount(self.aspect, minlength=len(self.aspect_ids))
        self.questions_per_cell = np.bincount(self.cell, minlength=len(self.level_ids) * len(self.aspect_ids))


def _score_table(layout: _Layout, table: pd.DataFrame, respondents: Sequence[str], targets: Targets) -> ScoreCard:
    questionnaire = layout.questionnaire
    respondent_count = len(respondents)
    r = pd.Categorical(table["respondent"], categories=list(respondents)).codes.astype(np.int64)
    q = table["question"].map(layout.question_index).to_numpy(dtype=np.int64)
    kind = table["kind"].to_numpy()
    values = table["value"].to_numpy(dtype=float)
    scored = (kind == _VALUE) & ~np.isnan(values) & (r >= 0)
    answered = (kind != _UNANSWERED) & (r >= 0)
    dont_know = kind == _DONT_KNOW
    s = 100.0 * (values - layout.low[q]) / layout.span[q]
    w = layout.weight[q]
    family = _Family(respondent_count, r, s, w, scored, answered, dont_know)

    level_count, aspect_count = len(layout.level_ids), len(layout.aspect_ids)
    levels = family.sets(layout.level[q], level_count, layout.questions_per_level)
    aspects = family.sets(layout.aspect[q], aspect_count, layout.questions_per_aspect)
    cells = family.sets(layout.cell[q], level_count * aspect_count, layout.questions_per_cell)
    overall = family.sets(np.zeros_like(q), 1, np.array([len(layout.question_ids)]))[0]
    per_question = family.sets(q, len(layout.question_ids), np.ones(len(layout.question_ids), dtype=np.int64))

    threshold = questionnaire.threshold
    stage, attained = compute_stage([levels[i].score for i in range(level_count)], threshold)
    level_results: dict[str, SetScore] = {}
    for k, level_id in enumerate(layout.level_ids):
        target = targets.for_level(level_id)
        gap = _gap(levels[k].score, target)
        priority = None if gap is None else gap * (level_count - k) / level_count
        level_results[level_id] = _with_target(levels[k], target, gap, priority)
    aspect_results = {
        aspect_id: _with_target(aspects[j], targets.for_aspect(aspect_id), _gap(aspects[j].score, targets.for_aspect(aspect_id)), None)
        for j, aspect_id in enumerate(layout.aspect_ids)
    }
    cell_results = {
        (level_id, aspect_id): cells[k * aspect_count + j]
        for k, level_id in enumerate(layout.level_ids)
        for j, aspect_id in enumerate(layout.aspect_ids)
    }
    unsupported = tuple(
        level_id
        for k, level_id in enumerate(layout.level_ids)
        if k > attained and (levels[k].score is not None and levels[k].score >= threshold)
    )
    return ScoreCard(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        threshold=threshold,
        respondents=tuple(respondents),
        overall=overall,
        stage=stage,
        attained_levels=tuple(layout.level_ids[:attained]),
        unsupported_levels=unsupported,
        levels=MappingProxyType(level_results),
        aspects=MappingProxyType(aspect_results),
        cells=MappingProxyType(cell_results),
        questions=MappingProxyType({qid: per_question[i] for i, qid in enumerate(layout.question_ids)}),
    )


class _Family:
    """Scores one family of sets (levels, aspects, cells...) for every respondent at once."""

    def __init__(self, respondent_count: int, r: np.ndarray, s: np.ndarray, w: np.ndarray,
                 scored: np.ndarray, answered: np.ndarray, dont_know: np.ndarray):  # fmt: skip
        self.respondent_count = respondent_count
        self.r, self.s, self.w = r, s, w
        self.scored, self.answered, self.dont_know = scored, answered, dont_know

    def sets(self, set_index: np.ndarray, set_count: int, questions_per_set: np.ndarray) -> list[SetScore]:
        """SetScore for each of ``set_count`` sets; ``set_index`` gives each answer's set."""
        size = self.respondent_count * set_count
        key = self.r * set_count + set_index
        m = self.scored
        weighted = np.bincount(key[m], weights=(self.w * self.s)[m], minlength=size)
        weights = np.bincount(key[m], weights=self.w[m], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_respondent = np.where(weights > 0, weighted / np.where(weights > 0, weights, 1.0), np.nan)
        matrix = per_respondent.reshape(self.respondent_count, set_count)
        answered = np.bincount(set_index[self.answered], minlength=set_count)
        applicable_dk = np.bincount(set_index[self.answered & self.dont_know], minlength=set_count)
        valued = np.bincount(set_index[m], minlength=set_count)
        expected = questions_per_set * self.respondent_count
        return [
            _stats(
                matrix[:, j],
                coverage=float(answered[j] / expected[j]) if expected[j] else None,
                uncertainty=float(applicable_dk[j] / (valued[j] + applicable_dk[j])) if valued[j] + applicable_dk[j] else None,
            )
            for j in range(set_count)
        ]


def _stats(column: np.ndarray, coverage: float | None, uncertainty: float | None) -> SetScore:
    values = column[~np.isnan(column)]
    n = int(values.size)
    if n == 0:
        return SetScore(score=None, n=0, coverage=coverage, uncertainty=uncertainty)
    return SetScore(
        score=float(values.mean()),
        n=n,
        median=float(np.median(values)),
        min=float(values.min()),
        max=float(values.max()),
        stdev=float(values.std(ddof=1)) if n > 1 else None,
        coverage=coverage,
        uncertainty=uncertainty,
    )


def _gap(score: float | None, target: float) -> float | None:
    return None if score is None else max(0.0, target - score)


def _with_target(result: SetScore, target: float, gap: float | None, priority: float | None) -> SetScore:
    return SetScore(**{**result.__dict__, "target": target, "gap": gap, "priority": priority})


def _group_cards(
    layout: _Layout, table: pd.DataFrame, respondents: Sequence[str], targets: Targets, min_group_size: int
) -> dict[str, ScoreCard]:
    if "group" not in table.columns or not table["group"].notna().any():
        return {}
    # A respondent belongs to the group given on their rows (the reader makes sure it is one).
    group_of = table.dropna(subset=["group"]).drop_duplicates("respondent").set_index("respondent")["group"]
    cards: dict[str, ScoreCard] = {}
    for group_name in pd.unique(group_of.to_numpy()):
        members = [respondent for respondent in respondents if group_of.get(respondent) == group_name]
        if len(members) < max(1, min_group_size):
            continue
        subset = table[table["respondent"].isin(members)]
        cards[str(group_name)] = _score_table(layout, subset, members, targets)
    return cards
