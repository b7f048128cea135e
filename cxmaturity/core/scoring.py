"""The scoring contract: answers + questionnaire -> :class:`~cxmaturity.core.model.ScoreCard`.

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

from cxmaturity.core.comparable import restrict, scored_by_every_group
from cxmaturity.core.model import (
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
    known = _codes(table["question"], layout.question_ids) >= 0
    if not known.all():
        table = table[known]
    respondents = answers.respondents
    families = _Families(layout, table, respondents)
    card = _score_rows(layout, families, np.arange(len(respondents)), respondents, targets)
    groups = {
        name: _score_rows(layout, families, rows, [respondents[i] for i in rows], targets)
        for name, rows in _group_rows(table, respondents, min_group_size).items()
    }
    if not groups:
        return card
    gap = compared_perception_gap(questionnaire, answers, groups, min_group_size=min_group_size)
    return ScoreCard(**{**card.__dict__, "groups": MappingProxyType(groups), "perception_gap": gap})


def compared_perception_gap(
    questionnaire: Questionnaire, answers: AnswerSet, groups: Mapping[str, ScoreCard], *, min_group_size: int = 1
) -> PerceptionGap | None:
    """The perception gap between ``groups`` (scored from ``answers``), on the questions every group scored.

    When some group has no scored answer on a question another group scored (customers asked only
    what they can judge; a small group that answered "don't know"), the groups are rescored on the
    questions they all scored, so every group's level score rests on the same questions; the gap
    names the questions left out. Targets do not matter to a gap, so the rescoring uses none.
    """
    if len(groups) < 2:
        return None
    compared, left_out = scored_by_every_group(questionnaire, groups)
    if not left_out:
        return perception_gap(groups)
    if not compared:
        return PerceptionGap(MappingProxyType({}), MappingProxyType({}), left_out)
    restricted = restrict(questionnaire, compared)
    layout = _Layout(restricted)
    table = answers.table
    respondents = answers.respondents
    families = _Families(layout, table[_codes(table["question"], layout.question_ids) >= 0], respondents)
    targets = default_targets(restricted)
    rescored = {
        name: _score_rows(layout, families, rows, [respondents[i] for i in rows], targets)
        for name, rows in _group_rows(table, respondents, min_group_size).items()
        if name in groups
    }
    return perception_gap(rescored, left_out)


def perception_gap(groups: Mapping[str, ScoreCard], left_out: tuple[str, ...] = ()) -> PerceptionGap | None:
    """Per level and aspect: the highest minus the lowest group score, naming both groups.

    None with fewer than two groups. Ties go to the group listed first. ``left_out``: the
    questions the caller left out of the comparison, carried on the result.
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

    return PerceptionGap(MappingProxyType(gaps("levels")), MappingProxyType(gaps("aspects")), left_out)


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


class _Family:
    """One family of question sets (levels, aspects, cells, overall or questions), per respondent.

    ``scores`` is a respondents x sets matrix of each respondent's weighted mean (NaN when none
    of their answers in the set is scored); ``answered``, ``dont_know`` and ``valued`` count
    answers per respondent and set, for coverage and uncertainty.
    """

    def __init__(self, answers: _AnswerArrays, set_index: np.ndarray, set_count: int, questions_per_set: np.ndarray):
        size = answers.respondent_count * set_count
        key = answers.r * set_count + set_index
        shape = (answers.respondent_count, set_count)

        def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
            return np.bincount(key[mask], weights=None if weights is None else weights[mask], minlength=size).reshape(
                shape
            )

        weighted = count(answers.scored, answers.w * answers.s)
        weights = count(answers.scored, answers.w)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.scores = np.where(weights > 0, weighted / np.where(weights > 0, weights, 1.0), np.nan)
        self.answered = count(answers.answered)
        self.dont_know = count(answers.answered & answers.dont_know)
        self.valued = count(answers.scored)
        self.questions_per_set = questions_per_set

    def results(self, rows: np.ndarray) -> list[SetScore]:
        """SetScore of every set over the respondents at ``rows``."""
        scores = self.scores[rows]
        n = (~np.isnan(scores)).sum(axis=0)
        answered = self.answered[rows].sum(axis=0)
        dont_know = self.dont_know[rows].sum(axis=0)
        valued = self.valued[rows].sum(axis=0)
        expected = self.questions_per_set * len(rows)
        results = []
        for j in range(scores.shape[1]):
            coverage = float(answered[j] / expected[j]) if expected[j] else None
            applicable = valued[j] + dont_know[j]
            uncertainty = float(dont_know[j] / applicable) if applicable else None
            results.append(_stats(scores[:, j], int(n[j]), coverage, uncertainty))
        return results


class _AnswerArrays:
    """The answer table as aligned numpy arrays (one item per answer)."""

    def __init__(self, layout: _Layout, table: pd.DataFrame, respondents: Sequence[str]):
        self.respondent_count = len(respondents)
        self.r = _codes(table["respondent"], list(respondents))
        self.q = _codes(table["question"], layout.question_ids)
        kind = table["kind"].to_numpy()
        values = table["value"].to_numpy(dtype=float)
        self.scored = (kind == _VALUE) & ~np.isnan(values) & (self.r >= 0)
        self.answered = (kind != _UNANSWERED) & (self.r >= 0)
        self.dont_know = kind == _DONT_KNOW
        self.s = 100.0 * (values - layout.low[self.q]) / layout.span[self.q]
        self.w = layout.weight[self.q]


class _Families:
    """Every family of sets, computed once for all respondents; groups select rows of it."""

    def __init__(self, layout: _Layout, table: pd.DataFrame, respondents: Sequence[str]):
        answers = _AnswerArrays(layout, table, respondents)
        q = answers.q
        level_count, aspect_count = len(layout.level_ids), len(layout.aspect_ids)
        self.levels = _Family(answers, layout.level[q], level_count, layout.questions_per_level)
        self.aspects = _Family(answers, layout.aspect[q], aspect_count, layout.questions_per_aspect)
        self.cells = _Family(answers, layout.cell[q], level_count * aspect_count, layout.questions_per_cell)
        self.overall = _Family(answers, np.zeros_like(q), 1, np.array([len(layout.question_ids)]))
        question_count = len(layout.question_ids)
        self.questions = _Family(answers, q, question_count, np.ones(question_count, dtype=np.int64))


def _score_rows(
    layout: _Layout, families: _Families, rows: np.ndarray, respondents: Sequence[str], targets: Targets
) -> ScoreCard:
    """The ScoreCard of the respondents at ``rows`` (all of them, or one group)."""
    return assemble_card(
        layout.questionnaire,
        respondents,
        targets,
        overall=families.overall.results(rows)[0],
        levels=families.levels.results(rows),
        aspects=families.aspects.results(rows),
        cells=families.cells.results(rows),
        questions=families.questions.results(rows),
    )


def assemble_card(
    questionnaire: Questionnaire,
    respondents: Sequence[str],
    targets: Targets,
    *,
    overall: SetScore,
    levels: Sequence[SetScore],
    aspects: Sequence[SetScore],
    cells: Sequence[SetScore],
    questions: Sequence[SetScore],
) -> ScoreCard:
    """A ScoreCard from set scores in questionnaire order: adds the stage, targets, gaps and priorities.

    ``cells`` runs level by level, aspect by aspect within a level. Used by the scoring of
    answers and by the combination of two sources (:mod:`cxmaturity.core.sources`), so both
    apply the same stage, gap and priority rules.
    """
    level_ids = [level.id for level in questionnaire.levels]
    aspect_ids = [aspect.id for aspect in questionnaire.aspects]
    level_count, aspect_count = len(level_ids), len(aspect_ids)
    threshold = questionnaire.threshold
    stage, attained = compute_stage([levels[i].score for i in range(level_count)], threshold)
    level_results: dict[str, SetScore] = {}
    for k, level_id in enumerate(level_ids):
        target = targets.for_level(level_id)
        gap = _gap(levels[k].score, target)
        priority = None if gap is None else gap * (level_count - k) / level_count
        level_results[level_id] = _with_target(levels[k], target, gap, priority)
    aspect_results = {}
    for j, aspect_id in enumerate(aspect_ids):
        target = targets.for_aspect(aspect_id)
        aspect_results[aspect_id] = _with_target(aspects[j], target, _gap(aspects[j].score, target), None)
    cell_results = {
        (level_id, aspect_id): cells[k * aspect_count + j]
        for k, level_id in enumerate(level_ids)
        for j, aspect_id in enumerate(aspect_ids)
    }
    unsupported = tuple(
        level_id for k, level_id in enumerate(level_ids) if k > attained and _at_least(levels[k].score, threshold)
    )
    return ScoreCard(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        threshold=threshold,
        respondents=tuple(respondents),
        overall=overall,
        stage=stage,
        attained_levels=tuple(level_ids[:attained]),
        unsupported_levels=unsupported,
        levels=MappingProxyType(level_results),
        aspects=MappingProxyType(aspect_results),
        cells=MappingProxyType(cell_results),
        questions=MappingProxyType({question.id: questions[i] for i, question in enumerate(questionnaire.questions)}),
    )


def _codes(column: pd.Series, labels: Sequence[str]) -> np.ndarray:
    """Position of each value in ``labels`` (-1 when absent), fast for categorical columns."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        lookup = pd.Index(labels).get_indexer(column.cat.categories)
        codes = column.cat.codes.to_numpy()
        return np.where(codes >= 0, lookup[codes], -1).astype(np.int64)
    return pd.Index(labels).get_indexer(pd.Index(column)).astype(np.int64)


def _stats(column: np.ndarray, n: int, coverage: float | None, uncertainty: float | None) -> SetScore:
    if n == 0:
        return SetScore(score=None, n=0, coverage=coverage, uncertainty=uncertainty)
    values = column[~np.isnan(column)]
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


def _at_least(score: float | None, threshold: float) -> bool:
    return score is not None and score >= threshold


def _gap(score: float | None, target: float) -> float | None:
    return None if score is None else max(0.0, target - score)


def _with_target(result: SetScore, target: float, gap: float | None, priority: float | None) -> SetScore:
    return SetScore(**{**result.__dict__, "target": target, "gap": gap, "priority": priority})


def _group_rows(table: pd.DataFrame, respondents: Sequence[str], min_group_size: int) -> dict[str, np.ndarray]:
    """Row numbers (into ``respondents``) of each group's members, groups in first-seen order."""
    if "group" not in table.columns or not table["group"].notna().any():
        return {}
    grouped = table.dropna(subset=["group"]).drop_duplicates("respondent")
    # A respondent belongs to the group given on their rows (the reader makes sure it is one).
    group_of = dict(zip(grouped["respondent"].astype(str), grouped["group"].astype(str), strict=True))
    members: dict[str, list[int]] = {}
    for row, respondent in enumerate(respondents):
        if respondent in group_of:
            members.setdefault(group_of[respondent], []).append(row)
    return {name: np.array(rows) for name, rows in members.items() if len(rows) >= max(1, min_group_size)}
