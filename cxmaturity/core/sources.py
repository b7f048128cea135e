"""Two sources, one result: the respondents' answers and the consultant's assessed values ("both").

Respondents are people; the assessed values (evidence) are a source of their own, never one
more respondent. ``docs/methodology.md`` (section 7) states the rule implemented here:

- per question, the combined score is the plain mean of the two sources' question scores
  (the respondents' mean score of the question, and the assessed value's score), or the
  one that exists;
- a set of questions (level, aspect, cell, all) scores the weight-weighted mean of its
  questions' combined scores, over the questions that have one;
- the stage, gaps and priorities follow from those set scores by the usual rules;
- n and "don't know" are the respondents' (the evidence has neither); the coverage of a set
  is the larger of the two sources' coverages, so either source alone can make a result
  meaningful (see :data:`MEANINGFUL_COVERAGE`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cxmaturity.core.model import Questionnaire, ScoreCard, SetScore, Targets
from cxmaturity.core.scoring import assemble_card, default_targets

#: Below this coverage (answered share of the questions) a result is not yet meaningful:
#: the stage headline says so in the app and the PDF (methodology, section 8).
MEANINGFUL_COVERAGE = 0.5


def is_meaningful(card: ScoreCard) -> bool:
    """True when the card has answers and its overall coverage reaches :data:`MEANINGFUL_COVERAGE`."""
    coverage = card.overall.coverage
    return card.has_answers and coverage is not None and coverage >= MEANINGFUL_COVERAGE


def _mean_of_defined(*scores: float | None) -> float | None:
    defined = [score for score in scores if score is not None]
    return sum(defined) / len(defined) if defined else None


def _larger(first: float | None, second: float | None) -> float | None:
    defined = [share for share in (first, second) if share is not None]
    return max(defined) if defined else None


def combine_cards(
    questionnaire: Questionnaire,
    people: ScoreCard,
    evidence: ScoreCard,
    targets: Targets | None = None,
) -> ScoreCard:
    """The "both" card: ``people`` (respondents' card) and ``evidence`` (assessed values' card) per question.

    The respondents, their groups and the perception gap are the people's; the evidence adds
    no respondent. Median, min, max and standard deviation describe respondents, not a
    combination of sources, so the combined sets leave them empty.
    """
    targets = targets or default_targets(questionnaire)
    combined = {
        question.id: _mean_of_defined(people.questions[question.id].score, evidence.questions[question.id].score)
        for question in questionnaire.questions
    }

    weights = {question.id: question.weight for question in questionnaire.questions}

    def set_score(members: Sequence[str], own: SetScore, other: SetScore) -> SetScore:
        scored = [(weights[qid], combined[qid]) for qid in members if combined[qid] is not None]
        total = sum(weight for weight, _ in scored)
        score = sum(weight * (value or 0.0) for weight, value in scored) / total if total else None
        return SetScore(
            score=score,
            n=own.n,
            coverage=_larger(own.coverage, other.coverage),
            uncertainty=own.uncertainty,
        )

    questions = questionnaire.questions
    levels = [
        set_score([q.id for q in questions if q.level == level.id], people.levels[level.id], evidence.levels[level.id])
        for level in questionnaire.levels
    ]
    aspects = [
        set_score([q.id for q in questions if q.aspect == a.id], people.aspects[a.id], evidence.aspects[a.id])
        for a in questionnaire.aspects
    ]
    cells = [
        set_score(
            [q.id for q in questions if q.level == level.id and q.aspect == a.id],
            people.cells[(level.id, a.id)],
            evidence.cells[(level.id, a.id)],
        )
        for level in questionnaire.levels
        for a in questionnaire.aspects
    ]
    per_question = [set_score([q.id], people.questions[q.id], evidence.questions[q.id]) for q in questions]
    overall = set_score([q.id for q in questions], people.overall, evidence.overall)
    card = assemble_card(
        questionnaire,
        people.respondents,
        targets,
        overall=overall,
        levels=levels,
        aspects=aspects,
        cells=cells,
        questions=per_question,
    )
    if not people.groups:
        return card
    return ScoreCard(**{**card.__dict__, "groups": people.groups, "perception_gap": people.perception_gap})
