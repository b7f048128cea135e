"""Readings in words: the right finding, the right number, in en, ru and uk.

Score cards are built by hand from a 5 x 5 questionnaire made in code
(``make_questionnaire`` / ``make_card``), so these tests do not depend on the
scoring module; ``make_card`` follows the scoring contract for stage, attained
and unsupported levels, gaps and priorities. ``tests/test_charts.py`` reuses them.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import pytest

from cxmaturity.core import readings
from cxmaturity.core.model import (
    Aspect,
    Level,
    Question,
    Questionnaire,
    Scale,
    ScaleOption,
    ScoreCard,
    SetScore,
    Text,
)
from cxmaturity.i18n import LANGUAGES, catalogue

LEVELS = {
    "communication": ("Communication", "Коммуникация", "Комунікація"),
    "responsiveness": ("Responsiveness", "Оперативность", "Оперативність"),
    "commitment": ("Commitment", "Приверженность", "Відданість"),
    "proactivity": ("Proactivity", "Проактивность", "Проактивність"),
    "evolution": ("Relationship evolution", "Развитие отношений", "Розвиток відносин"),
}
ASPECTS = {a: (a.upper(), a.upper(), a.upper()) for a in ("cx", "ox", "ex", "it", "tx")}
LEVEL_IDS = tuple(LEVELS)
ASPECT_IDS = tuple(ASPECTS)


def _text(values: tuple[str, str, str]) -> Text:
    return Text(MappingProxyType(dict(zip(LANGUAGES, values, strict=True))), "en")


def make_questionnaire(threshold: float = 60.0, target: float = 80.0) -> Questionnaire:
    """Five levels x five aspects, one question per cell (id ``<level>.<aspect>``), scale 0..4."""
    scale = Scale("maturity", tuple(ScaleOption(float(v), Text.plain(str(v))) for v in range(5)))
    questions = tuple(
        Question(
            id=f"{lid}.{aid}",
            level=lid,
            aspect=aid,
            scale="maturity",
            weight=1.0,
            text=_text((f"Q {lid} {aid}", f"В {lid} {aid}", f"П {lid} {aid}")),
        )
        for lid in LEVEL_IDS
        for aid in ASPECT_IDS
    )
    return Questionnaire(
        format=1,
        id="test-pyramid",
        version="1.0.0",
        languages=LANGUAGES,
        title=_text(("Test", "Тест", "Тест")),
        description=None,
        threshold=threshold,
        target=target,
        scales=MappingProxyType({"maturity": scale}),
        levels=tuple(Level(lid, _text(t)) for lid, t in LEVELS.items()),
        aspects=tuple(Aspect(aid, _text(t)) for aid, t in ASPECTS.items()),
        questions=questions,
    )


def _mean(values: list[float | None]) -> float | None:
    scored = [v for v in values if v is not None]
    return sum(scored) / len(scored) if scored else None


def make_card(
    questionnaire: Questionnaire,
    cells: dict[tuple[str, str], float | None],
    *,
    coverage: float = 1.0,
    uncertainty: float = 0.0,
    respondents: int = 3,
    groups: dict[str, ScoreCard] | None = None,
) -> ScoreCard:
    """A score card following the scoring contract, from cell scores (missing cells = no answers).

    Level and aspect scores are plain means of their cells; each question scores as its cell.
    """
    threshold, target = questionnaire.threshold, questionnaire.target
    count = len(LEVEL_IDS)
    full = {(lid, aid): cells.get((lid, aid)) for lid in LEVEL_IDS for aid in ASPECT_IDS}
    n = respondents if any(v is not None for v in full.values()) else 0

    def entry(score: float | None, k: int | None = None) -> SetScore:
        gap = None if score is None else max(0.0, target - score)
        priority = None if gap is None or k is None else gap * (count - k + 1) / count
        return SetScore(
            score=score,
            n=n if score is not None else 0,
            coverage=coverage,
            uncertainty=uncertainty,
            target=target,
            gap=gap,
            priority=priority,
        )

    level_scores = {lid: _mean([full[(lid, a)] for a in ASPECT_IDS]) for lid in LEVEL_IDS}
    aspect_scores = {aid: _mean([full[(lid, aid)] for lid in LEVEL_IDS]) for aid in ASPECT_IDS}
    attained: list[str] = []
    for lid in LEVEL_IDS:
        score = level_scores[lid]
        if score is None or score < threshold:
            break
        attained.append(lid)
    reached = len(attained)
    stage = float(reached)
    if reached < count:
        stage += (level_scores[LEVEL_IDS[reached]] or 0.0) / threshold
    unsupported = tuple(
        lid
        for lid in LEVEL_IDS[reached + 1 :]
        if level_scores[lid] is not None and (level_scores[lid] or 0.0) >= threshold
    )
    overall = _mean([v for v in full.values()])
    return ScoreCard(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        threshold=threshold,
        respondents=tuple(f"r{i}" for i in range(respondents)),
        overall=SetScore(score=overall, n=n, coverage=coverage, uncertainty=uncertainty),
        stage=stage if overall is not None else 0.0,
        attained_levels=tuple(attained),
        unsupported_levels=unsupported,
        levels=MappingProxyType({lid: entry(level_scores[lid], k + 1) for k, lid in enumerate(LEVEL_IDS)}),
        aspects=MappingProxyType({aid: entry(aspect_scores[aid]) for aid in ASPECT_IDS}),
        cells=MappingProxyType({key: SetScore(score=v, n=n if v is not None else 0) for key, v in full.items()}),
        questions=MappingProxyType(
            {f"{lid}.{aid}": SetScore(score=v, n=n if v is not None else 0) for (lid, aid), v in full.items()}
        ),
        groups=MappingProxyType(groups or {}),
    )


def uniform_cells(level_scores: dict[str, float], aspect_offsets: dict[str, float] | None = None) -> dict:
    """Cells where each level has a base score and each aspect adds an offset (offsets sum to 0)."""
    offsets = aspect_offsets or dict.fromkeys(ASPECT_IDS, 0.0)
    return {(lid, aid): level_scores[lid] + offsets[aid] for lid in LEVEL_IDS for aid in ASPECT_IDS}


#: Communication and Responsiveness attained, Commitment at 48 (stage 2.8), nothing unsupported.
CLIMBING = {"communication": 82.0, "responsiveness": 70.0, "commitment": 48.0, "proactivity": 40.0, "evolution": 30.0}
#: EX weakest by 38 below the level mean: aspect means = level mean (54) + offset.
OFFSETS = {"cx": 12.0, "ox": 8.0, "ex": -12.0, "it": -4.0, "tx": -4.0}


@pytest.fixture
def questionnaire() -> Questionnaire:
    return make_questionnaire()


@pytest.fixture
def climbing(questionnaire: Questionnaire) -> ScoreCard:
    return make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS), coverage=0.9, uncertainty=0.07)


@pytest.fixture
def empty(questionnaire: Questionnaire) -> ScoreCard:
    return make_card(questionnaire, {}, coverage=0.0, respondents=0)


def test_fixture_follows_the_contract(climbing: ScoreCard) -> None:
    assert climbing.attained_levels == ("communication", "responsiveness")
    assert climbing.stage == pytest.approx(2.8)
    assert climbing.aspects["ex"].score == pytest.approx(42.0)
    assert climbing.levels["commitment"].priority == pytest.approx(32 * 3 / 5)


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (42.0, "en", "42"),
        (42.5, "en", "42.5"),
        (42.5, "ru", "42,5"),
        (42.5, "uk", "42,5"),
        (41.96, "en", "42"),
        (None, "en", "—"),
        (math.nan, "ru", "—"),
        (100.0, "ru", "100"),
    ],
)
def test_format_score(value: float | None, language: str, expected: str) -> None:
    assert readings.format_score(value, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (1, "en", "1 point"),
        (38, "en", "38 points"),
        (1, "ru", "1 балл"),
        (3, "ru", "3 балла"),
        (12, "ru", "12 баллов"),
        (21, "ru", "21 балл"),
        (38, "uk", "38 балів"),
        (22, "uk", "22 бали"),
        (2.5, "uk", "2,5 бала"),
        (2.5, "ru", "2,5 балла"),
    ],
)
def test_points_plural(value: float, language: str, expected: str) -> None:
    assert readings.points_text(value, language) == expected


def test_catalogue_entries_complete_and_placeholders_agree() -> None:
    import string

    entries = {k: v for k, v in catalogue().items() if k.startswith(("readings.", "charts."))}
    assert len(entries) > 50
    for key, texts in entries.items():
        assert set(texts) == set(LANGUAGES), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(t) if f} for lang, t in texts.items()}
        assert fields["en"] == fields["ru"] == fields["uk"], key


# --- stage --------------------------------------------------------------------------------------


def test_stage_headline_in_three_languages(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    assert readings.stage_headline(climbing, questionnaire, "en") == (
        "Stage 2.8 of 5: Responsiveness reached, on the way to Commitment"
    )
    assert readings.stage_headline(climbing, questionnaire, "ru") == (
        "Этап 2,8 из 5: уровень «Оперативность» достигнут, следующий — «Приверженность»"
    )
    assert readings.stage_headline(climbing, questionnaire, "uk") == (
        "Етап 2,8 з 5: рівня «Оперативність» досягнуто, наступний — «Відданість»"
    )
    assert readings.stage_words(climbing, questionnaire, "en") == "Responsiveness reached, on the way to Commitment"


def test_stage_zero_and_top(questionnaire: Questionnaire) -> None:
    low = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 30.0)))
    assert low.stage == pytest.approx(0.5)
    assert readings.stage_headline(low, questionnaire, "en") == (
        "Stage 0.5 of 5: the base level is not reached yet; working towards Communication"
    )
    assert "«Коммуникация»" in readings.stage_words(low, questionnaire, "ru")
    top = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 90.0)))
    assert readings.stage_headline(top, questionnaire, "en") == (
        "Stage 5 of 5: every level reached, up to Relationship evolution"
    )
    assert readings.stage_headline(top, questionnaire, "uk") == (
        "Етап 5 з 5: досягнуто всіх рівнів, аж до рівня «Розвиток відносин»"
    )


def test_no_answers_everywhere(empty: ScoreCard, questionnaire: Questionnaire) -> None:
    for language in LANGUAGES:
        no_answers = readings.translate("readings.no_answers", language)
        assert readings.stage_headline(empty, questionnaire, language) == readings.translate(
            "readings.stage.headline_none", language
        )
        assert readings.stage_words(empty, questionnaire, language) == readings.translate(
            "readings.stage.none", language
        )
        for reading in (
            readings.pyramid_reading,
            readings.level_radar_reading,
            readings.aspect_radar_reading,
            readings.heatmap_reading,
            readings.gap_reading,
        ):
            assert reading(empty, questionnaire, language) == no_answers
        assert readings.coverage_reading(empty, language) == no_answers
        assert readings.unsupported_warning(empty, questionnaire, language) is None
    assert readings.question_ranking(empty, questionnaire, "en") == ([], [])


# --- chart readings -------------------------------------------------------------------------------


def test_aspect_radar_names_weakest_aspect(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    assert readings.aspect_radar_reading(climbing, questionnaire, "en") == (
        "Your weakest aspect is EX: 42 against a target of 80."
    )
    assert readings.aspect_radar_reading(climbing, questionnaire, "ru") == (
        "Самый слабый аспект — «EX»: 42 (цель — 80)."
    )
    assert readings.aspect_radar_reading(climbing, questionnaire, "uk") == ("Найслабший аспект — «EX»: 42 (ціль — 80).")


def test_decimal_scores_use_the_language_separator(questionnaire: Questionnaire) -> None:
    offsets = {"cx": 12.0, "ox": 8.0, "ex": -11.5, "it": -4.25, "tx": -4.25}
    card = make_card(questionnaire, uniform_cells(CLIMBING, offsets))
    assert card.aspects["ex"].score == pytest.approx(42.5)
    assert "EX: 42.5 against" in readings.aspect_radar_reading(card, questionnaire, "en")
    assert "«EX»: 42,5 (цель" in readings.aspect_radar_reading(card, questionnaire, "ru")
    assert "«EX»: 42,5 (ціль" in readings.aspect_radar_reading(card, questionnaire, "uk")


def test_level_radar_names_weakest_level(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    assert readings.level_radar_reading(climbing, questionnaire, "en") == (
        "Your weakest level is Relationship evolution: 30 against a target of 80."
    )
    assert "«Развитие отношений»: 30 (цель — 80)" in readings.level_radar_reading(climbing, questionnaire, "ru")


def test_all_targets_met(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 90.0), OFFSETS))
    assert readings.aspect_radar_reading(card, questionnaire, "en") == (
        "Every aspect meets its target; the lowest is EX at 78."
    ) or card.aspects["ex"].score == pytest.approx(78.0)
    # EX is 78 < 80 here, so it is still the weakest against target:
    assert readings.aspect_radar_reading(card, questionnaire, "en") == (
        "Your weakest aspect is EX: 78 against a target of 80."
    )
    assert readings.level_radar_reading(card, questionnaire, "en") == (
        "Every level meets its target; the lowest is Communication at 90."
    )
    assert readings.gap_reading(card, questionnaire, "en") == (
        "Every level meets its target; the largest aspect gap is EX: 2 points below target."
    )
    high = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 95.0)))
    assert readings.gap_reading(high, questionnaire, "ru") == "Все уровни и аспекты достигли цели."
    assert (
        readings.aspect_radar_reading(high, questionnaire, "uk")
        == "Усі аспекти досягли цілі; найнижчий бал (95) має «CX»."
    )


def test_heatmap_names_weakest_and_strongest_cell(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    # Weakest: evolution (30) + ex (-12) = 18; strongest: communication (82) + cx (12) = 94.
    assert readings.heatmap_reading(climbing, questionnaire, "en") == (
        "The weakest cell is Relationship evolution × EX at 18; the strongest is Communication × CX at 94."
    )
    assert readings.heatmap_reading(climbing, questionnaire, "ru") == (
        "Самая слабая ячейка — «Развитие отношений» × «EX»: 18; самая сильная — «Коммуникация» × «CX»: 94."
    )
    cells = {("responsiveness", "ex"): 31.0}
    single = make_card(questionnaire, cells)
    assert readings.heatmap_reading(single, questionnaire, "en") == (
        "Only one cell has answers so far: Responsiveness × EX at 31."
    )


def test_gap_reading_names_highest_priority_level(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    # Gaps 0/10/32/40/50; priorities 0, 8, 19.2, 16, 10: commitment wins despite a smaller gap.
    assert readings.gap_reading(climbing, questionnaire, "en") == (
        "The largest priority gap is Commitment: 32 points below target."
    )
    assert readings.gap_reading(climbing, questionnaire, "ru") == (
        "Наибольший приоритетный разрыв — «Приверженность»: на 32 балла ниже цели."
    )
    assert readings.gap_reading(climbing, questionnaire, "uk") == (
        "Найбільший пріоритетний розрив — «Відданість»: на 32 бали нижче за ціль."
    )


def test_pyramid_reading_climbing(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    assert readings.pyramid_reading(climbing, questionnaire, "en") == (
        "Levels up to Responsiveness reach the threshold of 60; the next, Commitment, scores 48, 12 points short."
    )
    assert readings.unsupported_warning(climbing, questionnaire, "en") is None


def test_unsupported_level(questionnaire: Questionnaire) -> None:
    scores = {"communication": 70.0, "responsiveness": 65.0, "commitment": 48.0, "proactivity": 65.0, "evolution": 20.0}
    card = make_card(questionnaire, uniform_cells(scores))
    assert card.unsupported_levels == ("proactivity",)
    expected = {
        "en": "Proactivity scores 65 but rests on a weaker Commitment (48): strengthen the foundation first.",
        "ru": "«Проактивность» набирает 65, но опирается на более слабый уровень «Приверженность» (48): "
        "сначала укрепите фундамент.",
        "uk": "«Проактивність» має 65, але спирається на слабший рівень «Відданість» (48): спершу зміцніть фундамент.",
    }
    for language, text in expected.items():
        assert readings.unsupported_warning(card, questionnaire, language) == text
        assert readings.pyramid_reading(card, questionnaire, language) == text
    scores["evolution"] = 61.0
    two = make_card(questionnaire, uniform_cells(scores))
    assert readings.unsupported_warning(two, questionnaire, "en") == (
        "Proactivity and Relationship evolution reach the threshold but rest on a weaker Commitment (48): "
        "strengthen the foundation first."
    )


def test_pyramid_reading_base_and_top(questionnaire: Questionnaire) -> None:
    low = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 42.5)))
    assert readings.pyramid_reading(low, questionnaire, "ru") == (
        "Базовый уровень «Коммуникация» набирает 42,5 — ниже порога 60: начинать стоит с него."
    )
    top = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 88.0)))
    assert readings.pyramid_reading(top, questionnaire, "en") == (
        "All 5 levels reach the threshold of 60; the top level, Relationship evolution, scores 88."
    )


def test_coverage_reading(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    assert readings.coverage_reading(climbing, "en") == (
        "3 respondents; 90% of the questions answered; “don’t know” in 7% of applicable answers."
    )
    assert readings.coverage_reading(climbing, "ru") == (
        "3 респондента; есть ответы на 90\u00a0% вопросов; «не знаю» — 7\u00a0% применимых ответов."
    )
    sparse = make_card(questionnaire, uniform_cells(CLIMBING), coverage=0.3, respondents=1)
    assert readings.coverage_reading(sparse, "uk") == (
        "1 респондент; є відповіді на 30\u00a0% запитань; відповідей «не знаю» немає. "
        "Повнота відповідей низька, тож вважайте результати орієнтовними."
    )


def test_question_ranking(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    strongest, weakest = readings.question_ranking(climbing, questionnaire, "en", n=3)
    assert strongest == [
        ("communication.cx", "Q communication cx", 94.0),
        ("communication.ox", "Q communication ox", 90.0),
        ("responsiveness.cx", "Q responsiveness cx", 82.0),
    ]
    assert [row[0] for row in weakest] == ["evolution.ex", "evolution.it", "evolution.tx"]
    assert [row[2] for row in weakest] == [18.0, 26.0, 26.0]
    assert weakest[0][1] == "Q evolution ex"
    _, weakest_ru = readings.question_ranking(climbing, questionnaire, "ru", n=1)
    assert weakest_ru == [("evolution.ex", "В evolution ex", 18.0)]


def test_question_ranking_never_overlaps(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, {("communication", a): 50.0 for a in ASPECT_IDS})
    strongest, weakest = readings.question_ranking(card, questionnaire, "en", n=5)
    assert len(strongest) == 3 and len(weakest) == 2
    assert not {r[0] for r in strongest} & {r[0] for r in weakest}


@pytest.mark.parametrize(
    ("stage", "language", "expected"),
    [(2.96, "en", "2.9"), (2.8, "en", "2.8"), (2.7999999999, "ru", "2,8"), (5.0, "uk", "5"), (0.0, "en", "0")],
)
def test_format_stage_never_rounds_up(stage: float, language: str, expected: str) -> None:
    assert readings.format_stage(stage, language) == expected


def test_readings_on_a_card_from_the_scoring_module(questionnaire: Questionnaire) -> None:
    """End to end with the real scoring: answers -> ScoreCard -> readings."""
    scoring = pytest.importorskip("cxmaturity.core.scoring")
    from cxmaturity.core.answers import answer_set_from_records
    from cxmaturity.core.model import Answer, AnswerKind

    values = {"communication": 4, "responsiveness": 3, "commitment": 2, "proactivity": 3, "evolution": 1}
    records = []
    for respondent, group in (("a", "board"), ("b", "board"), ("c", "front"), ("d", "front")):
        for question in questionnaire.questions:
            # The front line rates employee experience one step lower.
            value = values[question.level] - (1 if question.aspect == "ex" and group == "front" else 0)
            records.append(Answer(respondent, question.id, AnswerKind.VALUE, float(value), group))
    card = scoring.score_answers(questionnaire, answer_set_from_records(records))
    assert readings.stage_headline(card, questionnaire, "en") == (
        "Stage 2.7 of 5: Responsiveness reached, on the way to Commitment"
    )
    assert readings.unsupported_warning(card, questionnaire, "en") == (
        "Proactivity scores 72.5 but rests on a weaker Commitment (47.5): strengthen the foundation first."
    )
    assert readings.aspect_radar_reading(card, questionnaire, "ru") == "Самый слабый аспект — «EX»: 52,5 (цель — 80)."
    assert readings.heatmap_reading(card, questionnaire, "en").startswith(
        "The weakest cell is Relationship evolution × EX at 12.5;"
    )
    assert readings.gap_reading(card, questionnaire, "uk") == (
        "Найбільший пріоритетний розрив — «Відданість»: на 32,5 бала нижче за ціль."
    )
    assert readings.coverage_reading(card, "en") == (
        "4 respondents; 100% of the questions answered; no “don’t know” answers."
    )


@pytest.mark.parametrize(
    ("value", "threshold", "language", "shown"),
    [
        (40.7, None, "en", "41"),
        (36.5, None, "en", "37"),  # half up, not to the even 36
        (37.4, 60, "en", "37"),
        (59.6, 60, "en", "59.6"),  # "60" would say the bar is reached: it is not
        (59.6, 60, "ru", "59,6"),
        (60.4, 60, "en", "60"),
        (59.4, 60, "en", "59"),
        (None, 60, "en", "—"),
    ],
)
def test_a_headline_score_is_whole_unless_the_decimal_decides_the_threshold(value, threshold, language, shown):
    from cxmaturity.core.readings import format_headline_score

    assert format_headline_score(value, language, threshold) == shown
