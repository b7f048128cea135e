"""What the report says: titles, scores, Cyrillic, sections, outline, metadata, in en/ru/uk."""

from __future__ import annotations

import pytest

from cxmaturity.core.readings import format_score, format_stage, heatmap_reading, stage_headline
from cxmaturity.i18n import format_date, translate

from .factory import CREATED, make_answers
from .helpers import full_text, outline_titles, page_texts, reader, report, squash

LANGS = ("en", "ru", "uk")


@pytest.fixture(scope="module")
def reports(questionnaire):  # type: ignore[no-untyped-def]
    """One report per language for the same answers (built once for the module)."""
    answers = make_answers(questionnaire, 1)
    return {
        lang: report(questionnaire, answers, lang, prepared_by="Anna Koval", prepared_for="Board") for lang in LANGS
    }


@pytest.mark.parametrize("lang", LANGS)
def test_titles_and_section_headings_are_real_text(reports, questionnaire, lang) -> None:  # type: ignore[no-untyped-def]
    pdf, _ = reports[lang]
    text = full_text(pdf)
    assert questionnaire.title.get(lang) in text
    for key in ("report.section.summary", "report.section.charts", "report.section.appendix", "report.chart.heatmap"):
        assert translate(key, lang) in text
    for number, level in enumerate(questionnaire.levels, start=1):
        assert translate("report.level.title", lang, number=number, title=level.title.get(lang)) in text
    assert format_date(CREATED.date(), lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_scores_stage_and_readings_match_the_card(reports, questionnaire, lang) -> None:  # type: ignore[no-untyped-def]
    pdf, card = reports[lang]
    text = full_text(pdf)
    assert format_stage(card.stage, lang) in text
    assert squash(stage_headline(card, questionnaire, lang)) in text
    assert squash(heatmap_reading(card, questionnaire, lang)) in text
    for level_id, level_score in card.levels.items():
        assert level_score.score is not None
        assert format_score(level_score.score, lang) in text, level_id
    for cell in card.cells.values():
        assert format_score(cell.score, lang) in text


def test_cyrillic_letters_survive_in_every_language(reports) -> None:  # type: ignore[no-untyped-def]
    ru = full_text(reports["ru"][0])
    uk = full_text(reports["uk"][0])
    for word in ("Краткие выводы", "Приверженность", "расчёта", "Этап"):
        assert word in ru, word
    for letter in "їєґі":
        assert letter in uk, letter
    assert "ґрунтуються" in uk  # from the methodology, a catalogue text
    assert "Зрілість клієнтського досвіду: Acme Retail" in uk  # the organisation is the cover's title
    en = full_text(reports["en"][0])
    assert "Коммуникация" not in en  # nothing leaks from another language


def test_every_section_has_a_bookmark(reports, questionnaire) -> None:  # type: ignore[no-untyped-def]
    titles = outline_titles(reports["en"][0])
    expected = [
        "Cover",
        "Executive summary",
        "The picture in charts",
        "The customer-experience pyramid",
        "Levels against their targets",
        "Service-model aspects against their targets",
        "Levels × aspects",
        "Gaps to the target",
        "The levels of the pyramid",
        *[f"Level {n}: {level.title.get('en')}" for n, level in enumerate(questionnaire.levels, start=1)],
        "Appendix",
        "Methodology",
        "Answer scales",
        "Every question and its answers",
        *[f"Level {n}: {level.title.get('en')}" for n, level in enumerate(questionnaire.levels, start=1)],
        "About this assessment",
    ]
    assert titles == expected


def test_metadata_and_language(reports) -> None:  # type: ignore[no-untyped-def]
    doc = reader(reports["uk"][0])
    meta = doc.metadata
    assert meta is not None
    assert meta.title == "Зрілість клієнтського досвіду: Acme Retail"
    assert meta.author == "Anna Koval"
    assert meta.subject == "Оцінка зрілості клієнтського досвіду: Acme Retail"
    assert meta.creation_date is not None and meta.creation_date.year == CREATED.year
    assert doc.trailer["/Root"]["/Lang"] == "uk"
    assert doc.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_page_numbers_and_running_header(reports) -> None:  # type: ignore[no-untyped-def]
    pdf, _ = reports["en"]
    pages = page_texts(pdf)
    total = len(pages)
    assert 12 <= total <= 25
    assert f"1 / {total}" not in pages[0]  # the cover has no number and no header
    assert "Acme Retail" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number} / {total}" in text
        assert "Acme Retail" in text and "23 November 2026" in text


def test_one_respondent_sees_each_answer_and_its_option(questionnaire) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(questionnaire, 1, notes={"commitment.ex.q1": "Seen at the branch"})
    pdf, _ = report(questionnaire, answers)
    text = full_text(pdf)
    row = answers.table[answers.table["question"] == "communication.cx.q1"].iloc[0]
    assert row["kind"] == "value"
    label = questionnaire.scales["maturity"].option_for(row["value"]).label.get("en")
    # the question in words, then its answer; no ids for people to read
    question = questionnaire.question("communication.cx.q1").text.get("en")
    assert f"{question} answer {int(row['value'])}: {label}" in text
    assert "communication.cx.q1" not in text
    kinds = set(answers.table["kind"])
    if "na" in kinds:
        assert "not applicable" in text
    if "dk" in kinds:
        assert "don't know" in text
    assert "Note: Seen at the branch" in text
    # The consultant may leave the question detail out.
    short, _ = report(questionnaire, answers, question_detail=False)
    assert question not in full_text(short) and len(reader(short).pages) < len(reader(pdf).pages)


def test_several_respondents_show_spread_groups_and_perception_gap(questionnaire) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(questionnaire, 30, groups=("Executives", "Front line", "Customers"))
    pdf, card = report(questionnaire, answers)
    text = full_text(pdf)
    assert "Spread over respondents" in text
    assert "standard deviation" in text
    assert "answers: 0:" in text or "answers: 1:" in text
    assert card.groups and card.perception_gap is not None
    assert "Respondent groups" in outline_titles(pdf)
    assert "The largest perception gap" in text
    assert "Executives (10)" in text


def test_roadmap_section_appears_only_when_given(questionnaire) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from cxmaturity.roadmap.engine import build_roadmap
    from cxmaturity.roadmap.method import roadmap_library

    answers = make_answers(questionnaire, 1)
    without, card = report(questionnaire, answers)
    roadmap = build_roadmap(
        card, questionnaire, roadmap_library(questionnaire.id, questionnaire).library, "en", dt.date(2026, 11, 23)
    )
    with_roadmap, _ = report(questionnaire, answers, roadmap=roadmap)
    assert "Roadmap" not in outline_titles(without)
    titles = outline_titles(with_roadmap)
    assert "Roadmap" in titles and "The actions in detail" in titles
    text = full_text(with_roadmap)
    assert "Decisions for the board" in text  # the summary asks for the plan's decisions


@pytest.mark.parametrize("lang", LANGS)
def test_builtin_questionnaire_with_its_real_roadmap(lang) -> None:  # type: ignore[no-untyped-def]
    """The shipped questionnaire and recommendation library, end to end, in every language."""
    import datetime as dt

    from cxmaturity.core.registry import find_questionnaire, find_questionnaire_path
    from cxmaturity.roadmap.engine import build_roadmap
    from cxmaturity.roadmap.recommendations import library_for, load_library

    questionnaire = find_questionnaire("cx-pyramid")
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    answers = make_answers_for(questionnaire)
    card_only, card = report(questionnaire, answers, lang)
    roadmap = build_roadmap(card, questionnaire, library, lang, today=dt.date(2026, 11, 23))
    pdf, _ = report(questionnaire, answers, lang, roadmap=roadmap)
    titles = outline_titles(pdf)
    assert translate("report.section.roadmap", lang) in titles
    text = full_text(pdf)
    # the default plan: each step's first actions (the others stay "more options" in the app)
    from cxmaturity.roadmap.plan import plan_rows
    from cxmaturity.roadmap.schedule import build_plan

    plan = build_plan(plan_rows(roadmap, {}), roadmap.generated_on)
    assert 5 <= len(plan.actions) <= 12
    for step in roadmap.steps:
        assert squash(translate("report.roadmap.step", lang, number=step.number, title=step.title)) in titles
    for action in plan.actions:
        assert squash(action.row.title) in text
    for row in plan.more:
        assert squash(row.title) not in text or any(squash(row.title) in squash(a.row.title) for a in plan.actions)
    assert questionnaire.source_hash in text.replace(" ", "")
    assert len(reader(pdf).pages) > len(reader(card_only).pages)


def make_answers_for(questionnaire):  # type: ignore[no-untyped-def]
    """Answers for any questionnaire: values falling from the base of the pyramid to the top."""
    from cxmaturity.core.answers import answer_set_from_records
    from cxmaturity.core.model import Answer, AnswerKind

    order = {level.id: i for i, level in enumerate(questionnaire.levels)}
    records = []
    for index, question in enumerate(questionnaire.questions):
        scale = questionnaire.scales[question.scale]
        values = scale.values
        value = values[max(0, len(values) - 1 - order[question.level] - index % 2)]
        records.append(Answer("r1", question.id, AnswerKind.VALUE, value))
    return answer_set_from_records(records)


def test_a_smaller_grid_renders_with_the_same_sections() -> None:
    from .factory import make_questionnaire

    small = make_questionnaire(per_cell=1, levels=3, aspects=3)
    pdf, card = report(small, make_answers(small, 2))
    assert card.level_count == 3
    titles = outline_titles(pdf)
    assert "Level 3: Commitment" in titles and "Level 4: Proactivity" not in titles
    assert "Levels × aspects" in titles


def test_notes_per_question_join_the_answers_notes(questionnaire) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(questionnaire, 1, notes={"communication.cx.q1": "From the answer file"})
    pdf, _ = report(
        questionnaire, answers, notes={"communication.cx.q1": "From the consultant", "evolution.tx.q2": "Late"}
    )
    text = full_text(pdf)
    assert "Note: From the answer file" in text
    assert "Note: From the consultant" in text
    assert "Note: Late" in text
    assert "Consultant's notes" not in outline_titles(pdf)  # a mapping is per question, not a general note
