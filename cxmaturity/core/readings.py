"""One-line readings of a score card, in words, for the screen and the PDF.

Each chart on the results screen (and in the report) comes with a sentence
that names its concrete finding with numbers: the weakest aspect against its
target, the weakest cell, the largest priority gap, and so on. The texts live in
the catalogue file ``i18n/catalogue/readings.yaml`` in en, ru and uk; numbers
are written with :func:`cxmaturity.i18n.format_number` in the reader's language.

Pure functions of a :class:`~cxmaturity.core.model.ScoreCard` and its
:class:`~cxmaturity.core.model.Questionnaire`; no plotting, no UI.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from cxmaturity.core.model import Questionnaire, ScoreCard, SetScore
from cxmaturity.core.sources import MEANINGFUL_COVERAGE, is_meaningful
from cxmaturity.i18n import format_number, format_percent, translate

#: Below this answered share the coverage reading advises caution (the stage headline, too).
LOW_COVERAGE = MEANINGFUL_COVERAGE

#: One ranked question: (question id, question text, score 0..100).
RankedQuestion = tuple[str, str, float]


# --- small shared helpers -------------------------------------------------------------------------


def format_score(value: float | None, language: str) -> str:
    """A 0..100 score as people read it: one decimal, none when it is whole (``42``, ``42,5``).

    ``—`` for None. Rounding happens first, so 41.96 shows as ``42``.
    """
    if value is None or math.isnan(value):
        return format_number(None, language)
    rounded = round(float(value), 1)
    return format_number(rounded, language, 0 if rounded.is_integer() else 1)


def format_headline_score(value: float | None, language: str, threshold: float | None = None) -> str:
    """A score for a headline an executive reads: a whole number (``38``), the decimal only where it matters.

    The decimal stays when rounding would carry the score across ``threshold`` (59.6 is not 60 when
    60 is the bar to reach), so the figure never contradicts the words beside it. ``—`` for None.
    """
    if value is None or math.isnan(value):
        return format_number(None, language)
    whole = math.floor(float(value) + 0.5)  # half up, as people round (36.5 -> 37), not to even
    if threshold is not None and (whole >= threshold) != (float(value) >= threshold):
        return format_score(value, language)
    return format_number(whole, language, 0)


def format_stage(stage: float, language: str) -> str:
    """The continuous stage with one decimal, truncated (2.96 -> ``2.9``): never shows a stage not reached."""
    # The small epsilon keeps 2.8 (stored as 2.7999...) from truncating to 2.7.
    truncated = math.floor(stage * 10 + 1e-6) / 10
    return format_number(truncated, language, 0 if truncated.is_integer() else 1)


def level_title(questionnaire: Questionnaire, level_id: str, language: str) -> str:
    """The title of a level in ``language``."""
    return questionnaire.level(level_id).title.get(language)


def aspect_title(questionnaire: Questionnaire, aspect_id: str, language: str) -> str:
    """The title of an aspect in ``language``."""
    return questionnaire.aspect(aspect_id).title.get(language)


def quoted_title(title: str, language: str) -> str:
    """A title as it sits in a sentence: as is in English, in guillemets in Russian and Ukrainian."""
    # Russian and Ukrainian put names in guillemets, which also spares us
    # declining a title to fit the sentence around it.
    return title if language == "en" else f"«{title}»"


def points_text(value: float, language: str) -> str:
    """``38 points`` / ``38 баллов`` / ``38 балів`` with the right plural form."""
    return translate("readings.unit.points", language, n=round(float(value), 1))


def _respondents(count: int, language: str) -> str:
    return translate("readings.unit.respondents", language, n=count)


def _join(names: Sequence[str], language: str) -> str:
    """``A``, ``A and B``, ``A, B and C`` in ``language``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {translate('readings.and', language)} {names[-1]}"


def target_of(entry: SetScore, questionnaire: Questionnaire) -> float:
    """The entry's target, or the questionnaire's when the card carries none."""
    return entry.target if entry.target is not None else questionnaire.target


def gap_of(entry: SetScore, questionnaire: Questionnaire) -> float | None:
    """The entry's gap to target, ``max(0, target - score)``; None without a score."""
    if entry.score is None:
        return None
    if entry.gap is not None:
        return entry.gap
    return max(0.0, target_of(entry, questionnaire) - entry.score)


def level_priority(card: ScoreCard, questionnaire: Questionnaire, level_id: str) -> float | None:
    """The level's priority from the card, or ``gap * (L - k + 1) / L`` when the card lacks it."""
    entry = card.levels[level_id]
    if entry.priority is not None:
        return entry.priority
    gap = gap_of(entry, questionnaire)
    if gap is None:
        return None
    ids = [level.id for level in questionnaire.levels]
    count = len(ids)
    return gap * (count - ids.index(level_id)) / count


def attained_count(card: ScoreCard, questionnaire: Questionnaire) -> int:
    """How many levels are attained one after another from the base (A in the scoring contract)."""
    attained = set(card.attained_levels)
    count = 0
    for level in questionnaire.levels:
        if level.id not in attained:
            break
        count += 1
    return count


def _no_answers(language: str) -> str:
    return translate("readings.no_answers", language)


# --- stage ----------------------------------------------------------------------------------------


def stage_words(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The stage in words, e.g. ``Responsiveness reached, on the way to Commitment``."""
    if not card.has_answers:
        return translate("readings.stage.none", language)
    levels = questionnaire.levels
    reached = attained_count(card, questionnaire)
    if reached >= len(levels):
        return translate("readings.stage.top", language, top=quoted_title(levels[-1].title.get(language), language))
    following = quoted_title(levels[reached].title.get(language), language)
    if reached == 0:
        return translate("readings.stage.zero", language, next=following)
    attained = quoted_title(levels[reached - 1].title.get(language), language)
    return translate("readings.stage.partial", language, attained=attained, next=following)


def stage_headline(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The headline: ``Stage 2.7 of 5: Responsiveness reached, on the way to Commitment``.

    Below the coverage the methodology names (:data:`cxmaturity.core.sources.MEANINGFUL_COVERAGE`)
    the headline itself says the result is not yet meaningful, and gives the stage only as "so far".
    """
    if not card.has_answers:
        return translate("readings.stage.headline_none", language)
    stage = format_stage(card.stage, language)
    total = format_number(len(questionnaire.levels), language, 0)
    if not is_meaningful(card):
        return translate(
            "honest.headline.not_meaningful",
            language,
            coverage=format_percent(card.overall.coverage, language),
            needed=format_percent(MEANINGFUL_COVERAGE, language),
            stage=stage,
            total=total,
        )
    return translate(
        "readings.stage.headline",
        language,
        stage=stage,
        total=total,
        words=stage_words(card, questionnaire, language),
    )


# --- pyramid --------------------------------------------------------------------------------------


def unsupported_warning(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str | None:
    """A warning when levels above the next one reach the threshold on a weaker base, else None."""
    if not card.unsupported_levels or not card.has_answers:
        return None
    reached = attained_count(card, questionnaire)
    base = questionnaire.levels[min(reached, len(questionnaire.levels) - 1)]
    base_name = quoted_title(base.title.get(language), language)
    base_score = format_score(card.levels[base.id].score, language)
    order = [level.id for level in questionnaire.levels]
    unsupported = sorted(card.unsupported_levels, key=order.index)
    if len(unsupported) == 1:
        level_id = unsupported[0]
        return translate(
            "readings.unsupported.one",
            language,
            name=quoted_title(level_title(questionnaire, level_id, language), language),
            score=format_score(card.levels[level_id].score, language),
            base=base_name,
            base_score=base_score,
        )
    names = [quoted_title(level_title(questionnaire, level_id, language), language) for level_id in unsupported]
    return translate(
        "readings.unsupported.many",
        language,
        names=_join(names, language),
        base=base_name,
        base_score=base_score,
    )


def pyramid_reading(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """How far up the pyramid the answers reach; the unsupported warning takes precedence."""
    if not card.has_answers:
        return _no_answers(language)
    warning = unsupported_warning(card, questionnaire, language)
    if warning is not None:
        return warning
    levels = questionnaire.levels
    reached = attained_count(card, questionnaire)
    threshold = format_score(card.threshold, language)
    if reached >= len(levels):
        top = levels[-1]
        return translate(
            "readings.pyramid.all",
            language,
            total=format_number(len(levels), language, 0),
            threshold=threshold,
            name=quoted_title(top.title.get(language), language),
            score=format_score(card.levels[top.id].score, language),
        )
    following = levels[reached]
    name = quoted_title(following.title.get(language), language)
    score = card.levels[following.id].score
    if reached == 0:
        if score is None:
            return translate("readings.pyramid.base_unanswered", language, name=name)
        return translate(
            "readings.pyramid.none",
            language,
            name=name,
            score=format_score(score, language),
            threshold=threshold,
        )
    attained = quoted_title(levels[reached - 1].title.get(language), language)
    if score is None:
        return translate(
            "readings.pyramid.next_unanswered", language, attained=attained, threshold=threshold, name=name
        )
    return translate(
        "readings.pyramid.partial",
        language,
        attained=attained,
        threshold=threshold,
        name=name,
        score=format_score(score, language),
        short=points_text(max(0.0, card.threshold - score), language),
    )


# --- radars ---------------------------------------------------------------------------------------


def _weakest_against_target(
    entries: Mapping[str, SetScore], order: Sequence[str], questionnaire: Questionnaire
) -> tuple[str, bool] | None:
    """(id, below_target) of the weakest scored entry, or None when nothing is scored.

    With gaps, the weakest is the largest gap to target (ties: lower score, then
    questionnaire order); with every target met, the lowest score.
    """
    scored = [key for key in order if key in entries and entries[key].score is not None]
    if not scored:
        return None

    def gap(key: str) -> float:
        return gap_of(entries[key], questionnaire) or 0.0

    def score(key: str) -> float:
        value = entries[key].score
        return value if value is not None else 0.0

    below = [key for key in scored if gap(key) > 0]
    if below:
        return min(below, key=lambda k: (-gap(k), score(k), order.index(k))), True
    return min(scored, key=lambda k: (score(k), order.index(k))), False


def _radar_reading(
    kind: str,
    entries: Mapping[str, SetScore],
    order: Sequence[str],
    titles: Mapping[str, str],
    questionnaire: Questionnaire,
    language: str,
) -> str:
    found = _weakest_against_target(entries, order, questionnaire)
    if found is None:
        return _no_answers(language)
    key, below = found
    entry = entries[key]
    return translate(
        f"readings.{kind}.{'weakest' if below else 'all_met'}",
        language,
        name=quoted_title(titles[key], language),
        score=format_score(entry.score, language),
        target=format_score(target_of(entry, questionnaire), language),
    )


def level_radar_reading(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The weakest level against its target (or that every level meets it)."""
    order = [level.id for level in questionnaire.levels]
    titles = {level.id: level.title.get(language) for level in questionnaire.levels}
    return _radar_reading("level_radar", card.levels, order, titles, questionnaire, language)


def aspect_radar_reading(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The weakest aspect against its target, e.g. ``Your weakest aspect is EX: 42 against a target of 80.``"""
    order = [aspect.id for aspect in questionnaire.aspects]
    titles = {aspect.id: aspect.title.get(language) for aspect in questionnaire.aspects}
    return _radar_reading("aspect_radar", card.aspects, order, titles, questionnaire, language)


# --- heatmap and gaps -----------------------------------------------------------------------------


def heatmap_reading(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The weakest and the strongest level x aspect cell with their scores."""
    scored: list[tuple[float, int, str, str]] = []
    for li, level in enumerate(questionnaire.levels):
        for ai, aspect in enumerate(questionnaire.aspects):
            entry = card.cells.get((level.id, aspect.id))
            if entry is not None and entry.score is not None:
                scored.append((entry.score, li * len(questionnaire.aspects) + ai, level.id, aspect.id))
    if not scored:
        return _no_answers(language)
    weakest = min(scored, key=lambda item: (item[0], item[1]))
    strongest = min(scored, key=lambda item: (-item[0], item[1]))

    def names(item: tuple[float, int, str, str]) -> dict[str, str]:
        return {
            "level": quoted_title(level_title(questionnaire, item[2], language), language),
            "aspect": quoted_title(aspect_title(questionnaire, item[3], language), language),
        }

    if len(scored) == 1 or round(weakest[0], 1) == round(strongest[0], 1):
        key = "readings.heatmap.single" if len(scored) == 1 else "readings.heatmap.uniform"
        return translate(key, language, score=format_score(weakest[0], language), **names(weakest))
    strong = names(strongest)
    return translate(
        "readings.heatmap.both",
        language,
        score=format_score(weakest[0], language),
        level2=strong["level"],
        aspect2=strong["aspect"],
        score2=format_score(strongest[0], language),
        **names(weakest),
    )


def gap_reading(card: ScoreCard, questionnaire: Questionnaire, language: str) -> str:
    """The level with the highest priority gap; failing that, the aspect with the largest gap."""
    if not card.has_answers:
        return _no_answers(language)
    level_ids = [level.id for level in questionnaire.levels]
    level_gaps = [
        (level_priority(card, questionnaire, lid) or 0.0, gap_of(card.levels[lid], questionnaire) or 0.0, lid)
        for lid in level_ids
        if lid in card.levels
    ]
    level_gaps = [item for item in level_gaps if item[1] > 0]
    if level_gaps:
        _priority, gap, lid = min(level_gaps, key=lambda item: (-item[0], -item[1], level_ids.index(item[2])))
        return translate(
            "readings.gap.level",
            language,
            name=quoted_title(level_title(questionnaire, lid, language), language),
            gap=points_text(gap, language),
        )
    aspect_ids = [aspect.id for aspect in questionnaire.aspects]
    aspect_gaps = [(gap_of(card.aspects[aid], questionnaire) or 0.0, aid) for aid in aspect_ids if aid in card.aspects]
    aspect_gaps = [item for item in aspect_gaps if item[0] > 0]
    if aspect_gaps:
        gap, aid = min(aspect_gaps, key=lambda item: (-item[0], aspect_ids.index(item[1])))
        return translate(
            "readings.gap.aspect",
            language,
            name=quoted_title(aspect_title(questionnaire, aid, language), language),
            gap=points_text(gap, language),
        )
    return translate("readings.gap.none", language)


# --- coverage and questions -----------------------------------------------------------------------


def coverage_reading(card: ScoreCard, language: str) -> str:
    """How many respondents, what share of questions they answered, and how often they did not know."""
    if not card.has_answers:
        return _no_answers(language)
    overall = card.overall
    values = {
        "respondents": _respondents(overall.n or len(card.respondents), language),
        "coverage": format_percent(overall.coverage, language),
        "uncertainty": format_percent(overall.uncertainty, language),
    }
    if overall.uncertainty:
        text = translate("readings.coverage.with_dk", language, **values)
    else:
        text = translate("readings.coverage.plain", language, **values)
    if overall.coverage is not None and overall.coverage < LOW_COVERAGE:
        text = f"{text} {translate('readings.coverage.low', language)}"
    return text


def question_ranking(
    card: ScoreCard, questionnaire: Questionnaire, language: str, n: int = 5
) -> tuple[list[RankedQuestion], list[RankedQuestion]]:
    """The ``n`` strongest and ``n`` weakest scored questions as (id, text, score).

    Strongest first in the first list, weakest first in the second; ties keep
    questionnaire order. The two lists never share a question, so with few
    scored questions the strongest list takes the upper half.
    """
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    scored = [(qid, entry.score) for qid, entry in card.questions.items() if entry.score is not None and qid in order]
    strong_count = min(n, math.ceil(len(scored) / 2))
    weak_count = min(n, len(scored) - strong_count)
    by_strength = sorted(scored, key=lambda item: (-item[1], order[item[0]]))[:strong_count]
    # Exclude the strongest explicitly: with tied scores both sorts could pick the same question.
    taken = {qid for qid, _ in by_strength}
    by_weakness = [item for item in sorted(scored, key=lambda item: (item[1], order[item[0]])) if item[0] not in taken]

    def rows(items: list[tuple[str, float]]) -> list[RankedQuestion]:
        return [(qid, questionnaire.question(qid).text.get(language), score) for qid, score in items]

    return rows(by_strength), rows(by_weakness[:weak_count])
