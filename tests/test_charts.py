"""Plotly figures carry the card's numbers in the right order, translated, deterministically.

No image is rendered here (kaleido is not installed on purpose); the figures are
checked through their data and written to JSON. ``make_card`` builds cards by
hand following the scoring contract (see tests/test_readings.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from cxmaturity.charts import palette, score_charts
from cxmaturity.core.model import Questionnaire, ScoreCard
from cxmaturity.i18n import LANGUAGES, translate
from tests.test_readings import (
    ASPECT_IDS,
    CLIMBING,
    LEVEL_IDS,
    OFFSETS,
    make_card,
    make_questionnaire,
    uniform_cells,
)

FIGURES = (
    score_charts.pyramid_figure,
    score_charts.level_radar_figure,
    score_charts.aspect_radar_figure,
    score_charts.heatmap_figure,
    score_charts.gap_bars_figure,
)


@pytest.fixture
def questionnaire() -> Questionnaire:
    return make_questionnaire()


@pytest.fixture
def climbing(questionnaire: Questionnaire) -> ScoreCard:
    """Communication (82) and Responsiveness (70) attained; EX 42; one cell without answers."""
    cells = uniform_cells(CLIMBING, OFFSETS)
    cells[("proactivity", "it")] = None
    return make_card(questionnaire, cells)


@pytest.fixture
def unsupported(questionnaire: Questionnaire) -> ScoreCard:
    scores = {"communication": 70.0, "responsiveness": 65.0, "commitment": 48.0, "proactivity": 65.0, "evolution": 20.0}
    return make_card(questionnaire, uniform_cells(scores))


@pytest.fixture
def empty(questionnaire: Questionnaire) -> ScoreCard:
    return make_card(questionnaire, {}, coverage=0.0, respondents=0)


def _trace(fig, name: str):  # type: ignore[no-untyped-def]
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


# --- pyramid --------------------------------------------------------------------------------------


def test_pyramid_bands_from_the_base(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.pyramid_figure(climbing, questionnaire, "en")
    bands = [t for t in fig.data if t.fill == "toself"]
    assert [t.name for t in bands] == [
        "Communication",
        "Responsiveness",
        "Commitment",
        "Proactivity",
        "Relationship evolution",
    ]
    for band, level_id in zip(bands, LEVEL_IDS, strict=True):
        assert band.fillcolor == palette.score_colour(climbing.levels[level_id].score)
    # A real pyramid: each band sits on the previous one and is narrower.
    bottoms = [min(t.y) for t in bands]
    widths = [max(t.x) - min(t.x) for t in bands]
    assert bottoms == sorted(bottoms)
    assert widths == sorted(widths, reverse=True) and widths[0] > 2 * widths[-1]
    # Attained levels: bold outline and a check mark; the others: thin, no mark.
    assert [t.line.width for t in bands] == [3, 3, 1, 1, 1]
    labels = _trace(fig, "Score")
    proactivity = climbing.levels["proactivity"].score
    assert list(labels.text) == ["<b>✓ 82</b>", "<b>✓ 70</b>", "48", score_charts.format_score(proactivity, "en"), "30"]
    assert list(labels.y) == [0.5, 1.5, 2.5, 3.5, 4.5]
    assert "Score: 48 (threshold 60)" in labels.hovertext[2]
    assert "Below threshold" in labels.hovertext[2]
    # Stage line at the continuous stage; the threshold is stated under the pyramid.
    assert fig.layout.shapes[0].y0 == pytest.approx(climbing.stage)
    texts = [a.text for a in fig.layout.annotations]
    assert "Stage 2.8" in texts
    assert any("threshold 60" in t for t in texts)


def test_pyramid_marks_unsupported(unsupported: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.pyramid_figure(unsupported, questionnaire, "ru")
    bands = [t for t in fig.data if t.fill == "toself"]
    assert bands[3].line.dash == "dash" and bands[3].line.color == palette.UNSUPPORTED_OUTLINE
    labels = _trace(fig, translate("charts.score", "ru"))
    assert labels.text[3] == "⚠ 65"
    assert labels.text[2] == "48"
    assert "Порог пройден, но ниже есть более слабый уровень" in labels.hovertext[3]


def test_pyramid_text_contrasts_with_fill(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.pyramid_figure(climbing, questionnaire, "en")
    labels = _trace(fig, "Score")
    bands = [t for t in fig.data if t.fill == "toself"]
    assert list(labels.textfont.color) == [palette.text_colour_on(b.fillcolor) for b in bands]


# --- radars ---------------------------------------------------------------------------------------


def test_level_radar_scores_and_targets(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.level_radar_figure(climbing, questionnaire, "uk")
    score = _trace(fig, translate("charts.score", "uk"))
    target = _trace(fig, translate("charts.target", "uk"))
    expected = [climbing.levels[lid].score for lid in LEVEL_IDS]
    assert list(score.r) == pytest.approx([*expected, expected[0]])
    assert list(score.theta) == [
        "Комунікація",
        "Оперативність",
        "Відданість",
        "Проактивність",
        "Розвиток відносин",
        "Комунікація",
    ]
    assert list(target.r) == [80.0] * 6
    assert target.line.color == palette.TARGET_COLOUR
    assert fig.layout.title.text == "Рівні та ціль"
    assert fig.layout.polar.radialaxis.range == (0, 100)


def test_aspect_radar_scores_and_custom_targets(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, uniform_cells(CLIMBING, OFFSETS))
    # Per-aspect targets as scoring would fill them.
    aspects = {
        aid: entry.__class__(**{**entry.__dict__, "target": 70.0 + i})
        for i, (aid, entry) in enumerate(card.aspects.items())
    }
    card = card.__class__(**{**card.__dict__, "aspects": MappingProxyType(aspects)})
    fig = score_charts.aspect_radar_figure(card, questionnaire, "en")
    assert list(_trace(fig, "Score").r) == pytest.approx([66, 62, 42, 50, 50, 66])
    assert list(_trace(fig, "Target").r) == [70.0, 71.0, 72.0, 73.0, 74.0, 70.0]
    assert "EX<br>Score: 42<br>Target: 72" in _trace(fig, "Score").hovertext[2]


def test_radar_groups(questionnaire: Questionnaire) -> None:
    front = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    board = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 85.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={"front line": front, "board": board})
    fig = score_charts.level_radar_figure(card, questionnaire, "en", groups=True)
    assert [t.name for t in fig.data] == ["All respondents", "front line", "board", "Target"]
    assert fig.data[1].line.color == palette.GROUP_COLOURS[0]
    assert fig.data[2].line.color == palette.GROUP_COLOURS[1]
    assert list(fig.data[1].r) == [40.0] * 6
    assert list(fig.data[2].r) == [85.0] * 6
    # Without groups on the card, groups=True draws the plain score polygon.
    plain = score_charts.aspect_radar_figure(front, questionnaire, "en", groups=True)
    assert [t.name for t in plain.data] == ["Score", "Target"]


def test_a_phone_radar_names_its_spokes_by_code_and_takes_the_width(questionnaire: Questionnaire) -> None:
    front = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={"front line": front})
    wide = score_charts.level_radar_figure(card, questionnaire, "ru", groups=True, narrow=True)
    phone = score_charts.level_radar_figure(card, questionnaire, "ru", groups=True, narrow=True, phone=True)
    # The same scores and hovers; the spokes are the levels' numbers, explained by the key under the chart.
    assert [list(t.r) for t in phone.data] == [list(t.r) for t in wide.data]
    assert [list(t.hovertext) for t in phone.data] == [list(t.hovertext) for t in wide.data]
    assert list(phone.data[0].theta) == ["1", "2", "3", "4", "5", "1"]
    assert score_charts.spoke_key(questionnaire, "level", "ru") == (
        "1 Коммуникация · 2 Оперативность · 3 Приверженность · 4 Проактивность · 5 Развитие отношений"
    )
    aspects = score_charts.aspect_radar_figure(card, questionnaire, "en", phone=True)
    assert list(aspects.data[0].theta) == ["CX", "OX", "EX", "IT", "TX", "CX"]
    # Side margins of 34 px, not 100: on a 390 px screen (358 px of chart) the radar is about 290 px across.
    assert (phone.layout.margin.l, phone.layout.margin.r) == (34, 34)
    assert (wide.layout.margin.l, wide.layout.margin.r) == (100, 100)
    # Three traces (all, one group, target) make two rows of legend under the plot.
    assert phone.layout.margin.b == 40 + 24 * 2 and phone.layout.height == 330 + 70 + 88
    assert phone.layout.showlegend and phone.layout.legend.orientation == "h" and phone.layout.legend.yanchor == "top"


# --- heatmap --------------------------------------------------------------------------------------


def test_heatmap_matrix_matches_cells(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.heatmap_figure(climbing, questionnaire, "en")
    scores = _trace(fig, "Score")
    expected = [[climbing.cells[(lid, aid)].score for aid in ASPECT_IDS] for lid in LEVEL_IDS]
    assert [list(row) for row in scores.z] == expected
    assert scores.z[3][3] is None  # proactivity x it has no answers
    missing = _trace(fig, "missing")
    assert missing.z[3][3] == 1.0 and missing.z[0][0] is None
    # Base at the bottom: row 0 is the first level, drawn at y = 0 with its title.
    assert list(fig.layout.yaxis.ticktext) == [
        "Communication",
        "Responsiveness",
        "Commitment",
        "Proactivity",
        "Relationship evolution",
    ]
    assert list(fig.layout.yaxis.tickvals) == [0, 1, 2, 3, 4]
    assert fig.layout.yaxis.autorange is None
    assert list(fig.layout.xaxis.ticktext) == ["CX", "OX", "EX", "IT", "TX"]
    labels = {(a.x, a.y): a.text for a in fig.layout.annotations}
    assert labels[(3, 3)] == "—"
    assert labels[(2, 4)] == "18"  # evolution x ex = 30 - 12
    assert labels[(0, 0)] == "94"
    assert scores.zmin == 0 and scores.zmax == 100
    assert scores.hovertext[4][2] == "Relationship evolution × EX<br>Score: 18<br>Respondents: 3"


def test_heatmap_decimals_in_russian(questionnaire: Questionnaire) -> None:
    card = make_card(questionnaire, {("communication", "cx"): 42.5})
    fig = score_charts.heatmap_figure(card, questionnaire, "ru")
    labels = {(a.x, a.y): a.text for a in fig.layout.annotations}
    assert labels[(0, 0)] == "42,5"
    assert labels[(1, 0)] == "—"
    assert fig.layout.title.text == "Уровни × аспекты"
    assert fig.layout.xaxis.title.text == "Аспект"


# --- gaps -----------------------------------------------------------------------------------------


def test_gap_bars_sorted_by_priority(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.gap_bars_figure(climbing, questionnaire, "en")
    levels, aspects = fig.data
    assert levels.name == "Levels" and aspects.name == "Aspects"
    # Priorities: commitment 19.2, proactivity 16 (gap 40 on 4 cells: 80 - (40+12+8-12-4)/4), evolution 10 ...
    ticktext = list(fig.layout.yaxis.ticktext)
    assert ticktext[:5] == ["Commitment", "Proactivity", "Relationship evolution", "Responsiveness", "Communication"]
    assert list(levels.x) == pytest.approx(
        [
            climbing.levels[lid].gap
            for lid in ("commitment", "proactivity", "evolution", "responsiveness", "communication")
        ]
    )
    assert list(levels.y) == [0, 1, 2, 3, 4]
    # Aspects after the levels, largest gap first: EX (38), then IT/TX (30 and 30.x), OX, CX.
    aspect_gaps = list(aspects.x)
    assert aspect_gaps == sorted(aspect_gaps, reverse=True)
    assert ticktext[5] == "EX"
    assert aspect_gaps[0] == pytest.approx(38.0)
    assert list(aspects.y) == [5, 6, 7, 8, 9]
    assert fig.layout.yaxis.autorange == "reversed"
    assert levels.text[0] == "32"
    assert "Priority: 19.2" in levels.hovertext[0]


# --- common ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("figure", FIGURES)
def test_titles_translated_and_heights_fixed(figure, climbing: ScoreCard, questionnaire: Questionnaire) -> None:  # type: ignore[no-untyped-def]
    titles = {lang: figure(climbing, questionnaire, lang).layout.title.text for lang in LANGUAGES}
    assert len(set(titles.values())) == 3
    fig = figure(climbing, questionnaire, "en")
    assert fig.layout.height in score_charts.HEIGHTS.values()
    assert fig.layout.template.layout.paper_bgcolor is not None  # explicit template, not the global default
    # The title sits in the top margin, the legend below the plot: no overlap.
    assert fig.layout.title.yref == "container" and fig.layout.margin.t >= 60
    assert fig.layout.legend.y < 0


@pytest.mark.parametrize("figure", FIGURES)
def test_deterministic_json(figure, climbing: ScoreCard, questionnaire: Questionnaire, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = figure(climbing, questionnaire, "ru").to_json()
    second = figure(climbing, questionnaire, "ru").to_json()
    assert first == second
    path = tmp_path / f"{figure.__name__}.json"
    pio.write_json(figure(climbing, questionnaire, "ru"), path)
    reloaded = pio.read_json(path)
    assert json.loads(reloaded.to_json())["data"] == json.loads(first)["data"]


@pytest.mark.parametrize("figure", FIGURES)
def test_no_answers(figure, empty: ScoreCard, questionnaire: Questionnaire) -> None:  # type: ignore[no-untyped-def]
    fig = figure(empty, questionnaire, "uk")
    texts = [a.text for a in fig.layout.annotations]
    assert fig.to_json()
    if figure is score_charts.heatmap_figure:
        assert texts == ["—"] * 25
    elif figure is score_charts.pyramid_figure:
        assert list(fig.data[5].text) == ["—"] * 5
    else:
        assert "Відповідей поки немає" in texts


def test_pyramid_without_answers_is_grey(empty: ScoreCard, questionnaire: Questionnaire) -> None:
    fig = score_charts.pyramid_figure(empty, questionnaire, "en")
    bands = [t for t in fig.data if t.fill == "toself"]
    assert {b.fillcolor for b in bands} == {palette.MISSING_COLOUR}
    assert list(_trace(fig, "Score").text) == ["—"] * 5
    assert not fig.layout.shapes  # no stage line


def test_question_ranking_is_exported(climbing: ScoreCard, questionnaire: Questionnaire) -> None:
    strongest, weakest = score_charts.question_ranking(climbing, questionnaire, "en", n=2)
    assert strongest[0] == ("communication.cx", "Q communication cx", 94.0)
    assert weakest[0] == ("evolution.ex", "Q evolution ex", 18.0)


def test_plotly_only_in_charts() -> None:
    code = "import sys, cxmaturity.core.readings, cxmaturity.charts.palette; print('plotly' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent
    )
    assert out.stdout.strip() == "False"


def test_figures_from_the_scoring_module(questionnaire: Questionnaire) -> None:
    """End to end with the real scoring: every figure builds and carries the scored numbers."""
    scoring = pytest.importorskip("cxmaturity.core.scoring")
    from cxmaturity.core.answers import answer_set_from_records
    from cxmaturity.core.model import Answer, AnswerKind

    records = [
        Answer(respondent, question.id, AnswerKind.VALUE, float(value), group)
        for respondent, group, value in (("a", "board", 4), ("b", "board", 3), ("c", "front", 1))
        for question in questionnaire.questions
    ]
    card = scoring.score_answers(questionnaire, answer_set_from_records(records))
    level_radar = score_charts.level_radar_figure(card, questionnaire, "en")
    assert list(_trace(level_radar, "Score").r)[:5] == pytest.approx([card.levels[lid].score for lid in LEVEL_IDS])
    heatmap = score_charts.heatmap_figure(card, questionnaire, "en")
    assert [list(r) for r in _trace(heatmap, "Score").z] == [
        [card.cells[(lid, aid)].score for aid in ASPECT_IDS] for lid in LEVEL_IDS
    ]
    grouped = score_charts.aspect_radar_figure(card, questionnaire, "en", groups=True)
    assert [t.name for t in grouped.data] == ["All respondents", *card.groups, "Target"]
    for figure in FIGURES:
        assert figure(card, questionnaire, "uk").to_json()


def test_long_aspect_titles_wrap_in_the_heatmap() -> None:
    assert score_charts.wrap_label("Transactional experience") == "Transactional<br>experience"
    assert score_charts.wrap_label("IT and data") == "IT and data"
    assert score_charts.wrap_label("Опыт сотрудников") == "Опыт<br>сотрудников"
    assert score_charts.wrap_label("EX") == "EX"


# --- fast construction ----------------------------------------------------------------------------


CARDS = ("climbing", "unsupported", "empty")


@pytest.mark.parametrize("card_name", CARDS)
@pytest.mark.parametrize("figure", FIGURES)
def test_specs_pass_plotly_validation_unchanged(figure, card_name: str, questionnaire: Questionnaire, request) -> None:  # type: ignore[no-untyped-def]
    """Figures skip plotly's validation for speed: validating them must raise nothing and change nothing."""
    card = request.getfixturevalue(card_name)
    options = [{}, {"groups": True, "narrow": True}] if "radar" in figure.__name__ else [{}]
    for lang in LANGUAGES:
        for option in options:
            fast = figure(card, questionnaire, lang, **option)
            validated = go.Figure(fast.to_dict())  # the usual, validating constructor
            assert json.loads(validated.to_json()) == json.loads(fast.to_json())
    # The template travels as the full object: plotly.js cannot look up a template by its name.
    assert fast.to_dict()["layout"]["template"] == pio.templates["plotly_white"].to_plotly_json()


def test_roadmap_timeline_passes_plotly_validation_unchanged() -> None:
    from cxmaturity.charts.roadmap_timeline import timeline_figure
    from cxmaturity.roadmap.schedule import build_plan
    from tests.test_roadmap_charts import TODAY, make, weak_base

    roadmap, rows = make(weak_base, "uk")
    for subset in (rows, []):
        fast = timeline_figure(roadmap, build_plan(subset, TODAY), "uk")
        assert json.loads(go.Figure(fast.to_dict()).to_json()) == json.loads(fast.to_json())
    assert fast.layout.template.layout.paper_bgcolor == "white"


def test_narrow_radar_wraps_spokes_in_every_trace(questionnaire: Questionnaire) -> None:
    front = make_card(questionnaire, uniform_cells(dict.fromkeys(LEVEL_IDS, 40.0)))
    card = make_card(questionnaire, uniform_cells(CLIMBING), groups={"front line": front})
    wide = score_charts.level_radar_figure(card, questionnaire, "en", groups=True)
    narrow = score_charts.level_radar_figure(card, questionnaire, "en", groups=True, narrow=True)
    wrapped = ["Communication", "Responsiveness", "Commitment", "Proactivity", "Relationship<br>evolution"]
    assert [list(trace.theta) for trace in narrow.data] == [[*wrapped, wrapped[0]]] * 3
    assert list(wide.data[0].theta)[4] == "Relationship evolution"
    # Only the labels and the side margins change: same values, colours and hover texts.
    for a, b in zip(wide.data, narrow.data, strict=True):
        assert (list(a.r), a.line.color, list(a.hovertext)) == (list(b.r), b.line.color, list(b.hovertext))
    assert list(narrow.data[1].r) == [40.0] * 6 and narrow.data[2].name == "Target"
    assert (wide.layout.margin.l, wide.layout.margin.r) == (70, 70)
    assert (narrow.layout.margin.l, narrow.layout.margin.r, narrow.layout.margin.t) == (100, 100, 80)
