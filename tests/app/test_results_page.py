"""Results page: the numbers shown equal the CLI's, the chart specs carry them, targets save and redraw."""

from __future__ import annotations

import io
import json
import math
import random
from pathlib import Path

import pytest

from cxmaturity.cli.main import main as cli_main
from cxmaturity.core.answers import write_answers_csv
from cxmaturity.core.readings import format_score, format_stage
from cxmaturity.storage import Store
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

RESULTS = "pages/results.py"
LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")
ASPECTS = ("cx", "ox", "ex", "it", "tx")


def fill(store: Store, record_id: int, seed: int = 7, groups: dict[str, str] | None = None) -> None:
    """Random answers 0..4 (a few "don't know") for 'self', and for extra respondents by group."""
    rng = random.Random(seed)
    questionnaire = store.load_questionnaire(record_id)
    respondents = [store.self_respondent(record_id)]
    for label, group in (groups or {}).items():
        respondents.append(store.add_respondent(record_id, label, group=group))
    for index, respondent in enumerate(respondents):
        for question in questionnaire.questions:
            if rng.random() < 0.05:
                store.save_answer(respondent.id, question.id, "dk", None)
            else:
                # Later respondents rate higher, so groups differ.
                store.save_answer(respondent.id, question.id, "value", min(4, rng.randint(0, 3) + index))
        if index:
            store.set_submitted(respondent.id)  # invited respondents count once they submit


def cli_score(store: Store, record_id: int, tmp_path: Path, target: float | None = None) -> dict:
    path = tmp_path / "answers.csv"
    path.write_text(write_answers_csv(store.load_answers(record_id)), encoding="utf-8")
    out = io.StringIO()
    argv = ["score", "--questionnaire", "cx-pyramid", "--answers", str(path)]
    if target is not None:
        argv += ["--target", str(target)]
    assert cli_main(argv, stdout=out, stderr=io.StringIO()) == 0
    return json.loads(out.getvalue())


def drawn(at, chart: str):  # type: ignore[no-untyped-def]
    return chart_svg.chart(at, f"results.chart.{chart}")


def gaps_shown(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The gap of each level bar as its tooltip says it, top bar first."""
    return [
        hover.split("\n")[2].removeprefix("Gap: ")
        for hover in chart_svg.tooltips(chart_svg.trace(drawn(at, "gap_bars"), "Levels"))
    ]


def metrics(at) -> dict[str, str]:
    return {m.label.replace("\\", ""): m.value for m in at.metric}


@pytest.fixture
def answered(store: Store) -> Store:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    fill(store, record.id)
    return store


def test_stage_and_level_scores_equal_the_cli(answered: Store, open_app, tmp_path: Path):
    [record] = answered.list_assessments()
    expected = cli_score(answered, record.id, tmp_path)
    at = open_app(RESULTS, a=record.key)
    no_exception(at)
    shown = metrics(at)
    assert shown["Stage (of 5)"] == format_stage(expected["stage"], "en")
    # Whole numbers for an executive, the overall score out of 100; a level keeps its decimal only
    # where rounding would carry it across the threshold of 60.
    assert shown["Overall score"] == f"{math.floor(expected['overall']['score'] + 0.5)}/100"
    titles = ("Communication", "Responsiveness", "Commitment", "Proactivity", "Relationship evolution")
    for level, title in zip(LEVELS, titles, strict=True):
        score = expected["levels"][level]["score"]
        whole = math.floor(score + 0.5)
        wanted = format_score(score, "en") if (whole >= 60) != (score >= 60) else str(whole)
        assert shown[title] == wanted, level
    assert f"Stage {format_stage(expected['stage'], 'en')} of 5" in at.subheader[0].value.replace("\\", "")


def test_chart_specs_carry_the_scores_and_targets(answered: Store, open_app, tmp_path: Path):
    [record] = answered.list_assessments()
    expected = cli_score(answered, record.id, tmp_path)
    at = open_app(RESULTS, a=record.key)
    # Five charts, each drawn for a wide screen and for a phone (CSS shows one of each pair).
    charts = chart_svg.charts(at)
    names = ("pyramid", "level_radar", "aspect_radar", "gap_bars", "heatmap")
    assert sorted(charts) == sorted(f"results.chart.{n}{end}" for n in names for end in ("", ".phone"))
    # On a phone the radar's spokes are the levels' numbers.
    assert {"1", "2", "3", "4", "5"} <= set(chart_svg.texts(charts["results.chart.level_radar.phone"]))
    # Each point sits at its score's share of the outer ring's radius (0.01 px of drawing precision).
    radar = drawn(at, "level_radar")
    scores = chart_svg.radar_values(radar, "Score")[:5]
    assert scores == pytest.approx([expected["levels"][lv]["score"] for lv in LEVELS], abs=0.05)
    assert chart_svg.radar_values(radar, "Target")[:5] == pytest.approx([80.0] * 5, abs=0.05)
    aspects = chart_svg.radar_values(drawn(at, "aspect_radar"), "Score")[:5]
    assert aspects == pytest.approx([expected["aspects"][a]["score"] for a in ASPECTS], abs=0.05)
    cell = format_score(expected["cells"]["commitment/it"]["score"], "en")
    assert f"Commitment × IT and data\nScore: {cell}" in "|".join(chart_svg.tooltips(drawn(at, "heatmap")))
    # Gap bars: the level block, highest priority on top.
    by_priority = sorted(LEVELS, key=lambda lv: -expected["levels"][lv]["priority"])
    assert gaps_shown(at) == [format_score(expected["levels"][lv]["gap"], "en") for lv in by_priority]
    # Every chart comes with its reading: the aspect radar names the weakest aspect.
    assert "weakest aspect" in texts(at)


def opened(at):  # type: ignore[no-untyped-def]
    """The page with its targets' box opened (as a click on it does)."""
    at.session_state["results.targets.open"] = True
    at.run()
    no_exception(at)
    return at


def test_changing_a_target_saves_it_and_changes_the_gap(answered: Store, open_app, tmp_path: Path):
    [record] = answered.list_assessments()
    at = open_app(RESULTS, a=record.key)
    before = chart_svg.radar_values(drawn(at, "level_radar"), "Target")[:5]
    assert before == pytest.approx([80.0] * 5, abs=0.05)
    # The box's fields are drawn once it is opened (a page opened by its address draws none).
    assert not at.number_input
    opened(at)
    at.number_input(key="results.target.level.communication").set_value(95.0)
    at.number_input(key="results.target.aspect.ex").set_value(50.0)
    at.button(key="results.targets.save").click().run()
    no_exception(at)
    assert answered.get_targets(record.id) == {"levels": {"communication": 95.0}, "aspects": {"ex": 50.0}}
    targets = chart_svg.radar_values(drawn(at, "level_radar"), "Target")[:5]
    assert targets == pytest.approx([95.0, 80.0, 80.0, 80.0, 80.0], abs=0.05)
    targets = chart_svg.radar_values(drawn(at, "aspect_radar"), "Target")[:5]
    assert targets == pytest.approx([80.0, 80.0, 50.0, 80.0, 80.0], abs=0.05)
    expected = cli_score(answered, record.id, tmp_path)
    communication = expected["levels"]["communication"]["score"]
    assert format_score(95.0 - communication, "en") in gaps_shown(at)
    assert "Targets saved." in texts(at)
    # A fresh session sees the saved targets in the editor and the charts.
    again = opened(open_app(RESULTS, a=record.key))
    assert again.number_input(key="results.target.level.communication").value == 95.0
    assert chart_svg.radar_values(drawn(again, "level_radar"), "Target")[0] == pytest.approx(95.0, abs=0.05)
    # Back to the questionnaire's targets.
    again.button(key="results.targets.reset").click().run()
    assert answered.get_targets(record.id) == {"levels": {}, "aspects": {}}
    assert chart_svg.radar_values(drawn(again, "level_radar"), "Target")[:5] == pytest.approx([80.0] * 5, abs=0.05)


def test_without_answers_the_page_says_so_and_still_shows_the_charts(store: Store, open_app):
    record = store.create_assessment("Empty Ltd", BUILTIN, "Spring", "en")
    at = open_app(RESULTS, a=record.key)
    no_exception(at)
    assert any("There are no answers yet" in info.value for info in at.info)
    assert len(chart_svg.charts(at)) == 10  # five, each drawn for a wide screen and for a phone
    assert metrics(at)["Stage (of 5)"] == "—"
    assert opened(at).number_input(key="results.target.level.evolution").value == 80.0


def test_groups_show_on_the_radar_and_in_the_perception_gap_table(store: Store, open_app, tmp_path: Path):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    fill(store, record.id, groups={"ann": "staff", "bob": "customers"})
    # 'self' has no group; give it one so every respondent belongs to a group.
    me = store.self_respondent(record.id)
    store.update_respondent(me.id, group="staff")
    # Groups of 2 and 1: shown only with the anonymity threshold lowered to 1 (default 3).
    store.update_settings(record.id, anonymity_threshold=1)
    expected = cli_score(store, record.id, tmp_path)
    at = open_app(RESULTS, a=record.key)
    no_exception(at)
    at.toggle(key="results.groups").set_value(True).run()
    names = chart_svg.trace_names(drawn(at, "level_radar"))
    assert {"customers", "staff"} <= set(names)
    # A Markdown table (no Arrow on the page): one row per level and aspect.
    [table] = [frame for frame in markdown_tables(at) if "Gap" in frame.columns]
    assert len(table) == 10
    gap = expected["perception_gap"]["levels"]["communication"]["gap"]
    assert format_score(gap, "en") in list(table["Gap"])


def test_russian_numbers_and_user_text_as_text(store: Store, open_app):
    record = store.create_assessment("[click](http://x) <b>", BUILTIN, "Весна", "ru")
    fill(store, record.id)
    at = open_app(RESULTS, a=record.key, lang="ru")
    no_exception(at)
    assert at.title[0].value == "Результаты"
    stage = metrics(at)["Этап (из 5)"]
    assert "," in stage or stage.isdigit()
    assert "<b>" not in texts(at).replace("\\<b\\>", "")


def test_the_report_bytes_are_cached_by_content(answered: Store):
    # The download is deferred (built on click); its builder is tested directly.
    from cxmaturity.ui.results_view import cached_pdf

    calls = []

    def build(created):
        calls.append(created)
        return f"pdf {created.isoformat()}".encode()

    first = cached_pdf("k1", build)
    assert cached_pdf("k1", build) == first and len(calls) == 1
    cached_pdf("k2", build)
    assert len(calls) == 2


def test_the_targets_are_said_near_the_top_in_one_line(answered: Store, open_app):
    [record] = answered.list_assessments()
    at = open_app(RESULTS, a=record.key)
    no_exception(at)
    labels = [e.label for e in at.expander]
    assert labels[0] == "Targets: 80 for every level and aspect"  # the first box on the page, before any chart
    answered.set_targets(record.id, {"levels": {"communication": 70}, "aspects": {"it": 90}})
    at = open_app(RESULTS, a=record.key)
    assert at.expander[0].label == "Targets: Communication 70, IT and data 90; 80 for every other level and aspect"
