"""Comparing like with like: two sets of answers are compared only on the questions both have.

One rule serves every comparison the product makes (docs/methodology.md §4 and §9):

- **waves** of different questionnaire versions are rescored on the questions all of them share;
- **respondent groups** of one assessment are compared (the perception gap) on the questions every
  group has a scored answer on, so a group that answered a few questions (customers asked only
  what they can judge) is not compared on a different mix of questions;
- **the company and its customers** (two questionnaires, the customer's wording of the same
  question ids) are compared on the ids both questionnaires have in the same level and aspect.

A question is "shared" when it has the same id, level and aspect everywhere; its scale may differ
(the customer's agreement scale), because every answer is first put on the 0..100 scale.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from cxmaturity.core.model import Questionnaire, ScoreCard


def _placement(questionnaire: Questionnaire) -> dict[str, tuple[str, str]]:
    return {q.id: (q.level, q.aspect) for q in questionnaire.questions}


def shared_questions(questionnaires: Sequence[Questionnaire]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Question ids every questionnaire has in the same level and aspect (order of the last one),
    and the ids that some have and others lack or place elsewhere (sorted)."""
    placements = [_placement(q) for q in questionnaires]
    if not placements:
        return (), ()
    last = placements[-1]
    shared = tuple(qid for qid, place in last.items() if all(p.get(qid) == place for p in placements))
    every = set().union(*placements)
    return shared, tuple(sorted(every - set(shared)))


def restrict(questionnaire: Questionnaire, question_ids: Sequence[str]) -> Questionnaire:
    """The questionnaire with only the given questions (levels, aspects, scales and threshold kept)."""
    keep = set(question_ids)
    return dataclasses.replace(
        questionnaire, questions=tuple(q for q in questionnaire.questions if q.id in keep), source_hash=""
    )


def scored_by_every_group(
    questionnaire: Questionnaire, groups: Mapping[str, ScoreCard]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(question ids every group has a score on, in questionnaire order; ids that some group scored
    and another did not). Questions no group scored are in neither: they change no comparison."""
    compared: list[str] = []
    left_out: list[str] = []
    for question in questionnaire.questions:
        scored = [card.questions[question.id].score is not None for card in groups.values()]
        if all(scored):
            compared.append(question.id)
        elif any(scored):
            left_out.append(question.id)
    return tuple(compared), tuple(left_out)
