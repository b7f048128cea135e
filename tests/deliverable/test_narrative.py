"""The executive summary in words: sentences, decisions and the ranking's reason, from hand-worked numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire, find_questionnaire_path
from cxmaturity.core.scoring import score_answers
from cxmaturity.report.context import ReportContext
from cxmaturity.report.narrative import board_decisions, priority_reason, what_it_means
from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.plan import PlanRow
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.roadmap.schedule import build_plan

TODAY = dt.date(2027, 1, 4)
# Answers 0..4 (scores 0, 25, 50, 75, 100) per level; target 80, threshold 60.
VALUES = {"communication": 2, "responsiveness": 4, "commitment": 4, "proactivity": 1, "evolution": 4}


def context(lang: str = "en", plan_rows: list[PlanRow] | None = None) -> ReportContext:
    q = find_questionnaire("cx-pyramid")
    records = [Answer("self", question.id, AnswerKind.VALUE, float(VALUES[question.level])) for question in q.questions]
    card = score_answers(q, answer_set_from_records(records))
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    roadmap = build_roadmap(card, q, library, lang, TODAY)
    plan = build_plan(plan_rows, TODAY) if plan_rows is not None else None
    return ReportContext(
        card=card, questionnaire=q, lang=lang, organisation="Northwind Retail",
        created=dt.datetime(2027, 1, 4, tzinfo=dt.UTC), title="Spring", roadmap=roadmap, plan=plan,
    )  # fmt: skip


def row(action_id: str, step: int | str, days: int, authority: str = "own") -> PlanRow:
    return PlanRow(action_id, step, action_id.title(), "", "", None, None, authority, "S", "high", "CX lead", "", days)


def test_a_smaller_gap_at_the_base_ranks_first_and_the_page_says_why() -> None:
    # Communication: 50, gap 30, weight 5/5 -> priority 30. Proactivity: 25, gap 55, weight 2/5 -> priority 22.
    reason = priority_reason(context())
    assert reason == (
        "Why Communication (gap 30) ranks above Proactivity (gap 55): each level rests on those below it, "
        "so lower levels weigh more. Priority = gap × weight; Communication weighs 1.0, Proactivity 0.4."
    )
    assert "«Коммуникация» (разрыв 30) стоит выше, чем «Проактивность» (разрыв 55)" in (
        priority_reason(context("ru")) or ""
    )


def test_what_it_means_from_the_numbers() -> None:
    rows = [row("walk", 1, 14), row("sponsor", 2, 14, "management"), row("problem", 3, 14), row("pilot", 4, 60)]
    sentences = what_it_means(context(plan_rows=rows))
    # overall = mean of the 55 answers' scores; communication is not reached, so no level counts
    assert sentences[0].startswith("Overall, Northwind Retail scores ")
    assert "; 0 of 5 levels are reached, counting from the base (a level needs 60" in sentences[0]
    assert sentences[1] == "The gap that matters most is Communication: 50 against a target of 80, 30 points short."
    # walk 4-18 Jan, sponsor 18 Jan-1 Feb, problem 1-15 Feb, pilot 15 Feb-16 Apr (60 days)
    assert sentences[2] == "Start with “Walk”; the pilot, “Pilot”, runs from 15 February 2027 to 16 April 2027."
    # 4 Jan to 16 Apr is 102 days, about 15 weeks; one action needs management's approval
    assert sentences[3] == "The plan takes 4 actions over about 15 weeks; 1 of them needs management's approval."


def test_the_boards_decisions_name_the_approvals_the_pilot_and_the_next_assessment() -> None:
    rows = [row("walk", 1, 14), row("sponsor", 2, 14, "management"), row("pilot", 4, 60), row("retro", 5, 14)]
    decisions = board_decisions(context(plan_rows=rows))
    # walk 4-18 Jan, sponsor 18 Jan-1 Feb, pilot 1 Feb-2 Apr, retro 2-16 Apr
    assert decisions[0] == "Approve the plan (4 January 2027 – 16 April 2027) and name its sponsor."
    assert decisions[1] == "Approve: Sponsor."
    assert decisions[2] == "Give the pilot team its time from 1 February 2027 to 2 April 2027."
    # re-assess: the roadmap's date, or after the analysis ends (16 Apr) when that is later
    assert decisions[3].startswith("Agree to assess again on ")


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_every_language_has_the_summary_words(lang: str) -> None:
    ctx = context(lang)
    assert len(what_it_means(ctx)) == 4 and len(board_decisions(ctx)) >= 3
