"""Company vs customers: the pyramid as the company's people see it and as its customers see it.

The two sides answer different questionnaires: insiders rate practices (`cx-pyramid`), customers
rate what they live through (`cx-pyramid-customer`). Where a customer can judge a practice, the
customer questionnaire asks it in the customer's words under the same question id, in the same
level and aspect. The two sides are compared on those shared questions only
(:func:`cxmaturity.core.comparable.shared_questions`), each answer on the pyramid's 0..100 scale:
the customer's agreement 1..5 becomes 0, 25, 50, 75, 100, the company's maturity 0..4 the same
(docs/methodology.md §10). A level is compared when both sides share at least one of its questions.

The seed's sentence ("83% of your managers rate Responsiveness at or above the threshold; 21% of
your customers do") needs each person's own score of a level: by the scoring contract
(docs/methodology.md), a value v becomes s = 100 (v - min) / (max - min) and one respondent's
score of a set is the weight-weighted mean of s; "na", "dk" and unanswered are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxmaturity.core.comparable import restrict, shared_questions
from cxmaturity.core.model import AnswerKind, AnswerSet, Questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.voice.intervals import Proportion


@dataclass(frozen=True)
class SharedComparison:
    """What the company and its customers are compared on: the shared questions and their levels.

    ``company`` and ``customers`` are the two questionnaires restricted to the shared questions;
    ``left_out`` names the question ids only one side asks (sorted).
    """

    questions: tuple[str, ...]
    levels: tuple[str, ...]
    left_out: tuple[str, ...]
    company: Questionnaire
    customers: Questionnaire


def shared_comparison(company: Questionnaire, customers: Questionnaire) -> SharedComparison:
    """The questions both questionnaires ask (same id, level and aspect), in the company's order,
    and the levels that hold at least one of them."""
    questions, left_out = shared_questions([customers, company])
    shared = set(questions)
    levels = tuple(
        level.id for level in company.levels if any(q.id in shared for q in company.questions_of(level=level.id))
    )
    return SharedComparison(questions, levels, left_out, restrict(company, questions), restrict(customers, questions))


def compared_level_scores(
    questionnaire: Questionnaire, answers: AnswerSet, levels: Sequence[str]
) -> list[float | None]:
    """Each level's score over ``answers`` by the scoring contract (pass a restricted questionnaire)."""
    card = score_answers(questionnaire, answers)
    return [card.levels[level_id].score for level_id in levels]


def respondent_level_scores(questionnaire: Questionnaire, answers: AnswerSet, level_id: str) -> pd.Series:
    """Each respondent's score of one level (0..100), indexed by respondent; those without a value answer are left out."""
    questions = {q.id: q for q in questionnaire.questions_of(level=level_id)}
    table = answers.table
    if not questions or table.empty:
        return pd.Series(dtype=float)
    question = table["question"].astype(str)
    rows = table[
        question.isin(list(questions)).to_numpy() & (table["kind"].astype(str) == AnswerKind.VALUE.value).to_numpy()
    ]
    if rows.empty:
        return pd.Series(dtype=float)
    ids = rows["question"].astype(str).to_numpy()
    low = np.array([questionnaire.scales[questions[q].scale].min_value for q in ids])
    high = np.array([questionnaire.scales[questions[q].scale].max_value for q in ids])
    weight = np.array([questions[q].weight for q in ids], dtype=float)
    score = 100.0 * (rows["value"].to_numpy(dtype=float) - low) / (high - low)
    frame = pd.DataFrame({"respondent": rows["respondent"].astype(str).to_numpy(), "w": weight, "ws": weight * score})
    sums = frame.groupby("respondent", sort=False)[["w", "ws"]].sum()
    return (sums["ws"] / sums["w"]).where(sums["w"] > 0).dropna()


def share_at_threshold(
    questionnaire: Questionnaire, answers: AnswerSet, level_id: str, threshold: float, group: str | None = None
) -> Proportion:
    """Among the respondents (of ``group`` when given, ``n``), how many score ``level_id`` at or above ``threshold`` (``k``)."""
    scores = respondent_level_scores(questionnaire, answers, level_id)
    if group is not None and not scores.empty:
        table = answers.table
        members = set(table.loc[table["group"].astype(str) == group, "respondent"].astype(str))
        scores = scores[scores.index.isin(members)]
    return Proportion(int((scores >= threshold).sum()), int(scores.size))
