"""Groups page: per-group scores equal the scoring contract, the largest gap is named, small groups stay hidden."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.readings import format_score
from cxmaturity.core.scoring import score_answers
from cxmaturity.storage import AssessmentRecord, Store
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

GROUPS = "pages/groups.py"
LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")
TITLES = ("Communication", "Responsiveness", "Commitment", "Proactivity", "Relationship evolution")


def answer(store: Store, record_id: int, label: str, group: str, high: bool, position: int) -> None:
    """Executives (high) rate responsiveness 4 (one of them 3), the rest 3; front line 0..2 with a pattern."""
    respondent = store.add_respondent(record_id, label, group=group)
    for index, question in enumerate(store.load_questionnaire(record_id).questions):
        if high:
            value = (4 if position == 0 else 3) if question.level == "responsiveness" else 3
        else:
            value = 0 if question.level == "responsiveness" else (index * 7 + position) % 3
        store.save_answer(respondent.id, question.id, "value", value)
    store.set_submitted(respondent.id)  # the results count submitted respondents


def build(store: Store, executives: int = 2) -> AssessmentRecord:
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    for i in range(executives):
        answer(store, record.id, f"exec{i}", "executives", True, i)
    answer(store, record.id, "front0", "front line", False, 0)
    return record


def expected_card(store: Store, record: AssessmentRecord):  # type: ignore[no-untyped-def]
    answers = answer_set_from_records(store.load_answers(record.id))
    return score_answers(store.load_questionnaire(record.id), answers)


def table(at, column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The first table on the page with this column."""
    return next(frame for frame in markdown_tables(at) if column in frame.columns)


def frames(at) -> list[pd.DataFrame]:  # type: ignore[no-untyped-def]
    return markdown_tables(at)


def everything(at) -> str:  # type: ignore[no-untyped-def]
    """Texts, tables and chart data of the page, as one string."""
    parts = [texts(at).replace("\\", "")]
    parts += [frame.to_csv() for frame in frames(at)]
    parts += [" ".join(chart_svg.texts(svg) + chart_svg.tooltips(svg)) for svg in chart_svg.charts(at).values()]
    return "\n".join(parts)


def test_group_scores_equal_the_scoring_contract_and_the_largest_gap_is_named(store: Store, open_app):
    record = build(store)
    store.update_settings(record.id, anonymity_threshold=1)
    card = expected_card(store, record)
    at = open_app(GROUPS, a=record.key)
    no_exception(at)
    levels = table(at, "Level")
    assert list(levels.columns) == ["Level", "All respondents", "executives", "front line"]
    assert list(levels["Level"]) == list(TITLES)
    for column, scored in (("All respondents", card), *((g, card.groups[g]) for g in ("executives", "front line"))):
        assert list(levels[column]) == [format_score(scored.levels[lv].score, "en") for lv in LEVELS], column
    assert list(levels["executives"])[1] == "87.5" and list(levels["front line"])[1] == "0"
    # Spread and agreement of all respondents: responsiveness scores 100, 75 and 0.
    spread = table(at, "Agreement")
    row = spread[spread["Name"] == "Responsiveness"].iloc[0]
    assert row["Score"] == format_score(175 / 3, "en") and row["Respondents"] == "3"
    assert row["Standard deviation"] == format_score(card.levels["responsiveness"].stdev, "en")
    assert row["Lowest–highest"] == "0–100" and row["Agreement"] == "low"
    # The largest gap: responsiveness, executives 87.5 points above the front line.
    shown = texts(at).replace("\\", "")
    assert "Executives rate Responsiveness 87.5 points higher than front line." in shown
    assert "hidden" not in shown.lower()
    # Groups drawn together on the radar, with the target.
    radar = chart_svg.chart(at, "groups.radar.level")
    assert chart_svg.trace_names(radar) == ["All respondents", "executives", "front line", "Target"]
    drawn = chart_svg.radar_values(radar, "executives")[:5]
    assert drawn == pytest.approx([card.groups["executives"].levels[lv].score for lv in LEVELS], abs=0.05)
    # The drivers of the selected (largest) gap: every responsiveness question, both groups' means.
    drivers = table(at, "Question")
    assert set(drivers["executives"]) <= {"100", "75", "87.5"} and set(drivers["front line"]) == {"0"}
    # The story: every executive rates responsiveness at or above the threshold, no front-line respondent.
    assert "100% of executives (n\u00a0=\u00a02) rate Communication at or above the threshold of 60" in shown
    assert "only 0% of front line (n\u00a0=\u00a01) do" in shown


def test_small_groups_are_hidden_and_their_numbers_appear_nowhere(store: Store, open_app):
    record = build(store, executives=3)
    card = expected_card(store, record)
    front = card.groups["front line"]
    at = open_app(GROUPS, a=record.key)  # default threshold 3
    no_exception(at)
    shown = everything(at)
    assert "Groups not shown: 1 (groups shown: 1)." in shown
    assert "Groups with fewer than 3 respondents are not shown separately" in shown
    # The group's name appears only in the general advice ("for example front line or customers").
    assert "front line" not in shown.replace("for example front line or customers", "")
    levels = table(at, "Level")
    assert list(levels.columns) == ["Level", "All respondents", "executives"]
    # The front line's own level and question scores are nowhere on the page.
    secret = {format_score(front.levels[lv].score, "en") for lv in LEVELS if lv != "responsiveness"}
    for value in secret:
        assert value not in set(levels["All respondents"]) | set(levels["executives"])
        assert f"{value}<" not in shown and f">{value}" not in shown
    assert "Only one group is shown" in shown
    # Lowering the threshold on the page shows it.
    at.number_input(key="groups.threshold").set_value(1).run()
    no_exception(at)
    assert store.get_settings(record.id).anonymity_threshold == 1
    assert "front line" in list(table(at, "Level").columns)


def test_empty_states_say_what_to_do(store: Store, open_app):
    record = store.create_assessment("Empty", BUILTIN, "Spring", "en")
    at = open_app(GROUPS, a=record.key)
    no_exception(at)
    assert "No respondent has answered yet." in texts(at)
    build_record = build(store)  # groups of 2 and 1, threshold 3: everything hidden
    at = open_app(GROUPS, a=build_record.key)
    no_exception(at)
    assert "Every group has fewer than 3 respondents" in texts(at)
    assert not chart_svg.charts(at)


def test_the_charts_are_built_once_and_drawn_again_from_memory(store: Store, open_app, monkeypatch: pytest.MonkeyPatch):
    from cxmaturity.charts import group_charts

    built: list[str] = []
    for name in ("perception_gap_figure", "drivers_figure", "groups_radar_figure"):
        original = getattr(group_charts, name)
        monkeypatch.setattr(group_charts, name, lambda *a, _o=original, _n=name, **k: built.append(_n) or _o(*a, **k))
    record = build(store)
    store.update_settings(record.id, anonymity_threshold=1)
    at = open_app(GROUPS, a=record.key)
    no_exception(at)
    first = chart_svg.markups(at)
    assert len(first) == 4
    # Two radars (each drawn for a wide screen and for a phone), the gaps and the drivers of the
    # largest gap: each figure built once.
    assert sorted(built) == ["drivers_figure", *["groups_radar_figure"] * 4, "perception_gap_figure"]
    at.run()  # a rerun (any click) with the same answers, targets and language
    no_exception(at)
    assert len(built) == 6
    assert chart_svg.markups(at) == first
    store.save_answer(
        store.list_respondents(record.id)[0].id, store.load_questionnaire(record.id).questions[0].id, "value", 0
    )
    at.run()  # a changed answer: new figures
    assert len(built) == 12


def test_customers_who_answered_a_few_questions_are_compared_on_those_and_the_page_says_so(store: Store, open_app):
    record = build(store, executives=1)
    store.update_settings(record.id, anonymity_threshold=1)
    # A customer answers only the two responsiveness questions a customer can judge: 1 and 1 (25 each).
    customer = store.add_respondent(record.id, "cust0", group="customers")
    for question_id in ("responsiveness.cx.first-contact-resolution", "responsiveness.cx.low-effort"):
        store.save_answer(customer.id, question_id, "value", 1)
    store.set_submitted(customer.id)
    questions = store.load_questionnaire(record.id).questions
    at = open_app(GROUPS, a=record.key)
    no_exception(at)
    # Executives and front line answered all 68; the customer 2: 66 questions are left out of the gaps.
    assert f"Left out: {len(questions) - 2} questions that only some groups answered" in texts(at)
    # On those two questions: executive 4 and 4 (100), front line 0 and 0 (0), customer 25: a gap of 100.
    gap = expected_card(store, record).perception_gap
    assert gap is not None and gap.levels["responsiveness"].gap == 100.0 and set(gap.levels) == {"responsiveness"}
