"""Company vs customers: the pyramid as the company's people see it and as its customers see it.

The two sides answer different questionnaires (insiders rate processes, customers rate what
they live through), so they are compared only on the levels both questionnaires share (the same
level id), each on the pyramid's 0..100 scale, and the comparison says so.

The seed's sentence ("83% of your managers rate Responsiveness at or above the threshold; 21% of
your customers do") needs each person's own score of a level: by the scoring contract
(docs/methodology.md), a value v becomes s = 100 (v - min) / (max - min) and one respondent's
score of a set is the weight-weighted mean of s; "na", "dk" and unanswered are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxmaturity.core.model import AnswerKind, AnswerSet, Questionnaire
from cxmaturity.voice.intervals import Proportion


def matched_levels(company: Questionnaire, customers: Questionnaire) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(level ids both questionnaires have, in the company's order; level ids only one of them has)."""
    customer_ids = {level.id for level in customers.levels}
    company_ids = [level.id for level in company.levels]
    matched = tuple(level_id for level_id in company_ids if level_id in customer_ids)
    unmatched = tuple(sorted((set(company_ids) | customer_ids) - set(matched)))
    return matched, unmatched


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
