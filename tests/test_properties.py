"""Invariants of the scoring contract and the loaders, checked with hypothesis."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmaturity.core.answers import read_answers_bytes
from cxmaturity.core.questionnaire import load_questionnaire_text
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.files.errors import InputError

from .conftest import FIXTURES, answers

MINI_TEXT = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
QUESTIONS = ["base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d"]

answer_value = st.sampled_from([0, 2, 4, "na", "dk", None])
answer_rows = st.lists(
    st.tuples(st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(QUESTIONS), answer_value),
    min_size=1,
    max_size=12,
    unique_by=lambda row: (row[0], row[1]),
)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def all_scores(card):
    sections = [card.levels, card.aspects, card.cells, card.questions]
    scores = [card.overall.score, card.stage] + [r.score for section in sections for r in section.values()]
    return [float("nan") if score is None else score for score in scores]


@fast
@given(rows=answer_rows, factor=st.floats(min_value=0.01, max_value=1000))
def test_scaling_all_weights_changes_nothing(mini, rows, factor):
    scaled = dataclasses.replace(
        mini, questions=tuple(dataclasses.replace(q, weight=q.weight * factor) for q in mini.questions)
    )
    before, after = all_scores(score_answers(mini, answers(rows))), all_scores(score_answers(scaled, answers(rows)))
    assert after == pytest.approx(before, nan_ok=True, rel=1e-9)


@fast
@given(rows=answer_rows, respondent=st.sampled_from(["r1", "r2", "r3", "new"]), question=st.sampled_from(QUESTIONS))
def test_adding_not_applicable_never_changes_a_score(mini, rows, respondent, question):
    if any(r == respondent and q == question for r, q, _ in rows):
        rows = [(r, q, "na" if (r, q) == (respondent, question) and v is None else v) for r, q, v in rows]
    else:
        rows = [*rows, (respondent, question, "na")]
    base_rows = [row for row in rows if row[2] != "na" or (row[0], row[1]) != (respondent, question)]
    with_na, without = score_answers(mini, answers(rows)), score_answers(mini, answers(base_rows))
    assert [s for s in all_scores(with_na)] == pytest.approx(all_scores(without), nan_ok=True)


@settings(max_examples=20, deadline=None)
@given(
    respondents=st.integers(min_value=1, max_value=4), skip=st.sets(st.integers(min_value=0, max_value=54), max_size=10)
)
def test_all_answers_at_the_top_give_the_top_stage(respondents, skip):
    builtin = find_questionnaire("cx-pyramid")
    rows = [
        (f"r{i}", q.id, "na" if n in skip else 4) for i in range(respondents) for n, q in enumerate(builtin.questions)
    ]
    card = score_answers(builtin, answers(rows))
    assert card.stage == len(builtin.levels)
    assert card.unsupported_levels == () and len(card.attained_levels) == 5
    assert all(level.gap == 0 for level in card.levels.values())


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_mutated_or_truncated_questionnaire_gives_located_errors_never_an_exception(data):
    text = MINI_TEXT
    operation = data.draw(st.sampled_from(["truncate", "replace", "insert", "delete"]))
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    if operation == "truncate":
        text = text[:position]
    elif operation == "delete":
        text = text[:position] + text[position + data.draw(st.integers(1, 40)) :]
    else:
        junk = data.draw(
            st.text(alphabet=st.sampled_from(list(":-[]{}!&*#'\"\n ,|>%@`0123456789abcxyzé\t")), min_size=1, max_size=8)
        )
        end = position + (len(junk) if operation == "replace" else 0)
        text = text[:position] + junk + text[end:]
    try:
        load_questionnaire_text(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.errors
        for error in exc.errors:
            assert str(error).startswith("fuzz.yaml")
            assert error.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_answer_bytes_give_a_result_or_located_errors(mini, data):
    for name in ("fuzz.csv", "fuzz.xlsx"):
        try:
            read_answers_bytes(b"respondent,question,value\n" + data if name.endswith("csv") else data, name, mini)
        except InputError as exc:
            assert exc.errors and all(str(e).startswith(name) for e in exc.errors)
