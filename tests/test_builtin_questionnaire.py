"""The shipped CX pyramid questionnaire meets the product's content rules."""

from __future__ import annotations

from collections import Counter

import pytest

from cxmaturity.core.registry import find_questionnaire

LEVELS = ["communication", "responsiveness", "commitment", "proactivity", "evolution"]
ASPECTS = ["cx", "ox", "ex", "it", "tx"]


@pytest.fixture(scope="module")
def builtin():
    return find_questionnaire("cx-pyramid")


def test_five_levels_from_the_base_and_five_aspects(builtin):
    assert [level.id for level in builtin.levels] == LEVELS
    assert [aspect.id for aspect in builtin.aspects] == ASPECTS
    assert builtin.languages == ("en", "ru", "uk")
    assert (builtin.threshold, builtin.target) == (60.0, 80.0)


def test_at_least_two_questions_in_every_cell(builtin):
    cells = Counter((q.level, q.aspect) for q in builtin.questions)
    assert len(builtin.questions) >= 50
    for level in LEVELS:
        for aspect in ASPECTS:
            assert cells[(level, aspect)] >= 2, (level, aspect)


def test_maturity_scale_reads_as_stages_and_allows_na_and_dk(builtin):
    scale = builtin.scales["maturity"]
    assert scale.values == (0.0, 1.0, 2.0, 3.0, 4.0)
    assert scale.allow_na and scale.allow_dont_know
    assert scale.options[0].label.get("en").lower().startswith("not")


def test_every_question_has_help_and_anchors_in_three_languages(builtin):
    for question in builtin.questions:
        assert question.help is not None, question.id
        assert question.anchors, question.id
        for language in ("en", "ru", "uk"):
            assert question.text.by_language[language].strip(), (question.id, language)
            assert question.help.by_language[language].strip(), (question.id, language)


def test_ukrainian_and_russian_texts_are_not_copies_of_each_other(builtin):
    same = [q.id for q in builtin.questions if q.text.get("ru") == q.text.get("uk")]
    assert same == []
    ukrainian = " ".join(q.text.get("uk") + (q.help.get("uk") if q.help else "") for q in builtin.questions)
    assert any(letter in ukrainian for letter in "їєі")
