"""Format 2: metric items, a single choice and open text; format-1 files unchanged."""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import read_answers_bytes
from cxmaturity.core.model import ItemKind
from cxmaturity.core.questionnaire import load_questionnaire, load_questionnaire_text
from cxmaturity.core.scoring import score_answers
from cxmaturity.files.errors import InputError

from .conftest import FIXTURES

VOICE = (FIXTURES / "voice-mini.yaml").read_text(encoding="utf-8")


def errors_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_questionnaire_text(text, "q.yaml")
    return [str(error) for error in caught.value.errors]


def test_items_load_beside_the_rating_questions_in_file_order():
    q = load_questionnaire(FIXTURES / "voice-mini.yaml")
    assert [x.id for x in q.questions] == ["informed", "solved"]
    assert [x.kind for x in q.items][:3] == [ItemKind.NPS, ItemKind.CES, ItemKind.CSAT]
    assert [x.id for x in q.items_of(ItemKind.CLI)] == ["cli.recommend", "cli.again", "cli.other"]
    assert q.item("reason").choice_ids() == ("price", "quality", "staff")
    assert [x.id for x in q.in_file_order()][:3] == ["informed", "solved", "nps"]


def test_a_format_1_file_may_not_use_other_kinds():
    errors = errors_of(VOICE.replace("format: 2", "format: 1"))
    assert any("questions.2.kind" in e and "needs `format: 2`" in e for e in errors)


def test_metric_scales_have_the_right_values_and_are_located():
    bad = VOICE.replace("{id: nps, kind: nps, scale: zero-to-ten", "{id: nps, kind: nps, scale: one-to-seven")
    errors = errors_of(bad)
    assert any(e.startswith("q.yaml:37:") and "questions.2.scale" in e and "0..10" in e for e in errors), errors


def test_the_older_five_point_ces_scale_is_accepted():
    q = load_questionnaire_text(VOICE.replace("kind: ces, scale: one-to-seven", "kind: ces, scale: one-to-five"))
    assert q.item("ces").scale == "one-to-five"


def test_cli_needs_three_items_and_a_second_nps_is_an_error():
    two_cli = VOICE.replace(
        "  - {id: cli.other, kind: cli, scale: one-to-six, text: Would you try our other products?}\n", ""
    )
    assert any("exactly 3 cli item" in e for e in errors_of(two_cli))
    second_nps = VOICE.replace(
        "  - {id: comment,", "  - {id: nps2, kind: nps, scale: zero-to-ten, text: Again?}\n  - {id: comment,"
    )
    assert any("exactly 1 nps item" in e for e in errors_of(second_nps))


def test_choice_and_rating_keys_are_checked():
    no_choices = VOICE.replace(
        "    choices: [{id: price, label: Price}, {id: quality, label: Quality}, {id: staff, label: Staff}]\n", ""
    )
    assert any("needs `choices`" in e for e in errors_of(no_choices))
    twice = VOICE.replace("{id: staff, label: Staff}", "{id: price, label: Staff}")
    assert any("questions.8.choices.2.id" in e and "duplicate choice 'price'" in e for e in errors_of(twice))
    with_level = VOICE.replace("{id: comment, kind: text,", "{id: comment, kind: text, level: communication,")
    assert any("questions.9.level" in e and "only rating questions" in e for e in errors_of(with_level))
    no_level = VOICE.replace("{id: informed, level: communication, aspect: cx,", "{id: informed, aspect: cx,")
    assert any("questions.0" in e and "needs `level`" in e for e in errors_of(no_level))
    text_scale = VOICE.replace("{id: comment, kind: text,", "{id: comment, kind: text, scale: agree,")
    assert any("questions.9.scale" in e and "has no scale" in e for e in errors_of(text_scale))


def test_score_reads_a_customer_file_and_scores_only_the_rating_questions():
    q = load_questionnaire(FIXTURES / "voice-mini.yaml")
    data = (
        b"respondent,informed,solved,nps,ces,csat,cli.recommend,cli.again,cli.other,reason,comment\n"
        b"a,3,1,10,7,5,6,6,6,price,Great\n"
        b"b,1,3,0,1,1,1,1,1,staff,\n"
    )
    answers = read_answers_bytes(data, "a.csv", q)
    card = score_answers(q, answers)
    # informed: (3-1)/2 -> 100 and 0 -> mean 50; solved: 0 and 100 -> 50. The NPS 10 and 0 play no part.
    assert card.levels["communication"].score == 50.0 and card.levels["responsiveness"].score == 50.0
    table = answers.table.set_index(["respondent", "question"])
    assert table.loc[("a", "reason"), "note"] == "price" and table.loc[("a", "comment"), "note"] == "Great"
    # A choice is stored with its position in the list (price 1, quality 2, staff 3), a text with 1.
    assert table.loc[("a", "reason"), "value"] == 1.0 and table.loc[("b", "reason"), "value"] == 3.0
    assert table.loc[("a", "comment"), "value"] == 1.0
    assert table.loc[("b", "comment"), "kind"] == "unanswered"


def test_bad_customer_answers_are_located_with_a_suggestion_for_a_typo():
    q = load_questionnaire(FIXTURES / "voice-mini.yaml")
    data = b"respondent,nps,ces,reason\na,11,7,price\nb,9,0,prise\n"
    with pytest.raises(InputError) as caught:
        read_answers_bytes(data, "a.csv", q)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("a.csv:2: nps: '11' is not an answer") for m in messages), messages
    assert any(m.startswith("a.csv:3: ces: '0' is not an answer") for m in messages), messages
    assert any(m.startswith("a.csv:3: reason:") and "did you mean 'price'" in m for m in messages), messages


def test_customer_answers_with_choices_and_texts_can_be_stored(tmp_path):
    from cxmaturity.storage.bulk import check_answer_set

    q = load_questionnaire(FIXTURES / "voice-mini.yaml")
    answers = read_answers_bytes(b"respondent,nps,reason,comment\na,9,quality,Fine\nb,2,,\n", "a.csv", q)
    frame, _ = check_answer_set(answers)  # the storage's own checks: a number for every "value" answer
    assert len(frame) == 6
