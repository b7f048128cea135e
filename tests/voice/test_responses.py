"""Reading customer answer files: ids, segment columns of numbers, XLSX, the long shape's segments."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.voice.metrics import metrics_by_segment, voice_metrics
from cxmaturity.voice.responses import read_responses

from ..conftest import FIXTURES


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(FIXTURES / "voice-mini.yaml")


def test_ids_of_digits_keep_their_leading_zeros_and_are_not_taken_for_duplicates(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("respondent,nps\n007,10\n7,0\n0007,9\n", encoding="utf-8")
    responses = read_responses(path, questionnaire)
    assert list(responses.respondents) == ["007", "7", "0007"]
    nps = voice_metrics(questionnaire, responses).nps
    assert nps is not None and nps.n == 3 and nps.promoters == 2 and nps.detractors == 1


def test_a_segment_column_of_numbers_is_labelled_by_them(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("respondent,region,nps\na,1,10\nb,2,0\nc,1,9\nd,,8\n", encoding="utf-8")
    segments = metrics_by_segment(questionnaire, read_responses(path, questionnaire), "region")
    assert list(segments) == ["", "1", "2"]
    assert segments["1"].respondents == 2 and segments[""].respondents == 1


def test_an_xlsx_file_reads_like_its_csv(tmp_path, questionnaire):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "branch", "nps", "reason"])
    sheet.append(["a", "north", 10, "price"])
    sheet.append(["b", "south", 3, "staff"])
    sheet.append(["c", "north", 8, None])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "a.xlsx"
    path.write_bytes(buffer.getvalue())
    responses = read_responses(path, questionnaire)
    nps = voice_metrics(questionnaire, responses).nps
    # 1 promoter (10), 1 passive (8), 1 detractor (3): NPS 0.
    assert nps is not None and nps.value == 0.0 and nps.n == 3
    assert list(responses.choices["reason"].codes) == [0, 2, -1]  # price, staff, no answer


def test_xlsx_errors_name_the_row_and_column(tmp_path, questionnaire):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "nps"])
    sheet.append(["a", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "a.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as caught:
        read_responses(path, questionnaire)
    assert str(caught.value.errors[0]).endswith("a.xlsx:2: nps: 12 is outside the scale of this item (0..10)")


def test_the_long_shape_needs_one_segment_value_per_respondent(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("respondent,question,value,branch\na,nps,9,north\na,ces,7,south\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_responses(path, questionnaire)
    messages = [str(error) for error in caught.value.errors]
    assert any(":2: branch: this respondent has more than one value" in m for m in messages), messages


def test_na_and_dont_know_are_left_out_where_the_scale_allows_them(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("respondent,csat,nps\na,na,9\nb,dk,10\nc,4,na\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:  # the NPS scale of voice-mini allows neither
        read_responses(path, questionnaire)
    assert [e.field for e in caught.value.errors] == ["nps"]
    path.write_text("respondent,csat\na,na\nb,dk\nc,4\nd,5\n", encoding="utf-8")
    csat = voice_metrics(questionnaire, read_responses(path, questionnaire)).csat
    assert csat is not None and csat.n == 2 and csat.value == 1.0


@pytest.mark.parametrize(
    ("column", "flagged"),
    [("nsp", True), ("csta", True), ("cli.recomend", True), ("region", False), ("Branch", False)],
)
def test_a_column_one_slip_from_an_item_id_is_taken_for_a_typo(tmp_path, questionnaire, column, flagged):
    path = tmp_path / "a.csv"
    path.write_text(f"respondent,{column}\na,x\n", encoding="utf-8")
    if flagged:
        with pytest.raises(InputError) as caught:
            read_responses(path, questionnaire)
        assert "did you mean" in str(caught.value.errors[0])
    else:
        assert column in read_responses(path, questionnaire).segments


def test_item_columns_match_ignoring_case(tmp_path, questionnaire):
    path = tmp_path / "a.csv"
    path.write_text("Respondent,NPS,Branch\na,9,north\nb,10,north\n", encoding="utf-8")
    responses = read_responses(path, questionnaire)
    assert "nps" in responses.numbers and list(responses.segments) == ["Branch"]
