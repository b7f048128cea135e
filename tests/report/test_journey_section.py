"""The PDF's journey sections (issue 17): the map by stage, the emotion curve, the matrix with the fix-first
list, the ratings and the KPI table, in en, ru and uk; absent when there is no map or KPI."""

from __future__ import annotations

import pytest

from cxmaturity.i18n import translate
from cxmaturity.journey.kpis import Kpi
from cxmaturity.journey.summary import summarise
from cxmaturity.report.workspace import WorkspaceContext
from tests.journey.test_summary_and_roadmap import rated_map

from .factory import make_answers, make_questionnaire
from .helpers import full_text, outline_titles, report


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_the_journey_sections_in_each_language(lang: str) -> None:
    questionnaire = make_questionnaire()
    journey, ratings = rated_map()
    kpis = [Kpi("Revenue", "TX", 12.5, 14, "m EUR", "Finance", linked_to="Repeat purchases"),
            Kpi("Repeat purchases", "OX", 31, 40, "%", None, linked_to="NPS")]  # fmt: skip
    workspace = WorkspaceContext(journey=summarise(journey, ratings, kpis))
    pdf, _ = report(questionnaire, make_answers(questionnaire, 3), lang, workspace=workspace)
    titles = outline_titles(pdf)
    for key in ("journey_ui.report.section", "journey_ui.report.map", "journey_ui.chart.emotion.title",
                "journey_ui.chart.matrix.title", "journey_ui.fix_first.heading", "journey_ui.report.ratings",
                "journey_ui.kpi.heading", "journey_ui.kpi.chains"):  # fmt: skip
        assert translate(key, lang) in titles, key
    text = full_text(pdf)
    # The map table lists the touchpoints numbered in journey order; the moment of truth is starred.
    assert "1. Payment" in text and "2. Delivery" in text and "3. Help desk ★" in text
    # The fix-first table: Help desk first (25 of 100, a moment of truth), then Payment, with the barriers.
    assert text.index("Long queue on the hotline") < text.rindex("Card refused abroad")
    assert "Revenue → Repeat purchases → NPS" in text
    assert translate("journey.flag.no_source", lang) in text


def test_no_journey_sections_without_a_map() -> None:
    questionnaire = make_questionnaire()
    pdf, _ = report(questionnaire, make_answers(questionnaire, 3), "en")
    assert "Customer journey" not in outline_titles(pdf)


@pytest.mark.parametrize(
    ("lang", "line"), [("en", "NPS -20 (n = 140), CSAT 61.5%"), ("uk", "NPS -20 (n = 140), CSAT 61,5")]
)
def test_what_customers_measured_is_a_table_of_its_own(lang: str, line: str) -> None:
    from cxmaturity.journey.figures import Figure

    questionnaire = make_questionnaire()
    journey, ratings = rated_map()
    figures = [Figure("pay", "nps", -20.0, 140, "imported"), Figure("pay", "csat", 61.5, None, "typed")]
    workspace = WorkspaceContext(journey=summarise(journey, ratings, figures=figures))
    pdf, _ = report(questionnaire, make_answers(questionnaire, 3), lang, workspace=workspace)
    assert translate("journey_ui2.figures.heading", lang) in outline_titles(pdf)
    text = full_text(pdf)
    assert line in text and "1. Payment" in text
    # Without figures the table is left out.
    bare, _ = report(questionnaire, make_answers(questionnaire, 3), lang,
                     workspace=WorkspaceContext(journey=summarise(journey, ratings)))  # fmt: skip
    assert translate("journey_ui2.figures.heading", lang) not in outline_titles(bare)
