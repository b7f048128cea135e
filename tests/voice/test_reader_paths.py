"""The fast paths of the customer-file reader and of the per-segment metrics, on files small enough
to work out by hand: repeated and empty ids, stripped ids, a scale whose values are not in a row,
the CLI of each segment, and text answers."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.voice.metrics import metrics_by_segment, voice_metrics
from cxmaturity.voice.responses import read_responses, responses_from_frame

from ..conftest import FIXTURES

EMPTY = "the respondent is empty; give every row a respondent id"


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(FIXTURES / "voice-mini.yaml")


def _errors(path, questionnaire) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as raised:
        read_responses(path, questionnaire)
    return [(error.line, error.field, error.message) for error in raised.value.errors]


def test_every_later_row_of_a_repeated_id_is_named_with_its_first_row(tmp_path, questionnaire):
    # Rows (the header is row 1): 2 a, 3 " b ", 4 a, 5 b, 6 empty, 7 empty, 8 a.
    path = tmp_path / "a.csv"
    path.write_text("respondent,nps\na,9\n b ,8\na,7\nb,6\n,5\n,4\na,3\n", encoding="utf-8")
    assert _errors(path, questionnaire) == [
        (4, "respondent", "duplicate respondent id 'a' (first at row 2)"),
        (5, "respondent", "duplicate respondent id 'b' (first at row 3)"),  # " b " is b once stripped
        (6, "respondent", EMPTY),  # two empty ids are two empty ids, not a repeated one
        (7, "respondent", EMPTY),
        (8, "respondent", "duplicate respondent id 'a' (first at row 2)"),
    ]


def test_ids_are_stripped_and_kept_in_file_order(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("respondent,nps\n c2 ,9\nc1,8\nc10,\n", encoding="utf-8")
    assert list(read_responses(path, questionnaire).respondents) == ["c2", "c1", "c10"]


def test_a_scale_whose_values_are_not_in_a_row_still_refuses_the_gaps(tmp_path):
    # The rating scale "agree" becomes 0, 2, 5: 1 and 3 lie between its values and are off the scale.
    text = (FIXTURES / "voice-mini.yaml").read_text(encoding="utf-8")
    text = text.replace("{value: 1, label: Disagree}", "{value: 0, label: Disagree}")
    text = text.replace("{value: 3, label: Agree}", "{value: 5, label: Agree}")
    questionnaire_file = tmp_path / "gaps.yaml"
    questionnaire_file.write_text(text, encoding="utf-8")
    questionnaire = load_questionnaire(questionnaire_file)
    path = tmp_path / "a.csv"
    path.write_text("respondent,informed\na,0\nb,1\nc,5\nd,3\ne,2\n", encoding="utf-8")
    assert _errors(path, questionnaire) == [
        (3, "informed", "1 is outside the scale of this item (0, 2, 5)"),
        (5, "informed", "3 is outside the scale of this item (0, 2, 5)"),
    ]


def test_the_cli_of_each_segment_worked_by_hand(tmp_path, questionnaire):
    # CLI of a respondent: the mean of the loyalty answers they gave (1..6), rescaled so 1 -> 0, 6 -> 100.
    #   a: 6, 6, 6 -> 100     b: 1, 6, (none) -> 3.5 -> 50
    #   c: 1, 1, 1 -> 0       d: no answer -> no CLI      e: 2, 2, 2 -> 20
    path = tmp_path / "a.csv"
    path.write_text(
        "respondent,branch,cli.recommend,cli.again,cli.other\na,x,6,6,6\nb,x,1,6,\nc,y,1,1,1\nd,y,,,\ne,y,2,2,2\n",
        encoding="utf-8",
    )
    responses = read_responses(path, questionnaire)
    segments = metrics_by_segment(questionnaire, responses, "branch")
    x, y = segments["x"], segments["y"]
    assert (x.respondents, y.respondents) == (2, 3)
    assert x.cli is not None and x.cli.n == 2 and x.cli.value == pytest.approx(75.0)  # (100 + 50) / 2
    assert y.cli is not None and y.cli.n == 2 and y.cli.value == pytest.approx(10.0)  # (0 + 20) / 2
    overall = voice_metrics(questionnaire, responses).cli
    assert overall is not None and overall.n == 4 and overall.value == pytest.approx(42.5)  # 170 / 4


def test_text_answers_read_as_texts_with_empty_answers_as_empty_texts(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text('respondent,comment\na,Slow refund\nb,\nc," kind staff"\n', encoding="utf-8")
    comments = read_responses(path, questionnaire).texts["comment"]
    assert list(comments) == ["Slow refund", "", " kind staff"]
    assert list(comments[[True, False, True]]) == ["Slow refund", " kind staff"]  # selected like a numpy array


def test_ids_a_table_holds_as_numbers_are_labelled_as_written(questionnaire):
    # A table handed over already parsed (not through read_responses, which reads ids as text).
    frame = pd.DataFrame({"respondent": [7.0, 8.5, 7.0, None], "nps": [9, 8, 7, 6], "row": [2, 3, 4, 5]})
    with pytest.raises(InputError) as raised:
        responses_from_frame(frame, "table", questionnaire)
    assert [(e.line, e.field, e.message) for e in raised.value.errors] == [
        (4, "respondent", "duplicate respondent id '7' (first at row 2)"),
        (5, "respondent", EMPTY),
    ]
    clean = responses_from_frame(frame.iloc[:2], "table", questionnaire)
    assert list(clean.respondents) == ["7", "8.5"]
