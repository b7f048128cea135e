"""pyarrow's path for clean wide CSV files: the same responses and metrics as the located reader, and
every file it cannot read exactly so handed back, so that the messages stay word for word.

The metrics of CLEAN are worked out by hand in the comments of the first test."""

from __future__ import annotations

import codecs

import numpy as np
import pytest

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.voice import responses as responses_module
from cxmaturity.voice.arrowread import read_clean_csv
from cxmaturity.voice.metrics import metrics_by_segment, voice_metrics
from cxmaturity.voice.responses import Responses, read_located, read_responses

from ..conftest import FIXTURES

HEADER = "respondent,branch,channel,nps,ces,csat,cli.recommend,cli.again,cli.other,reason,comment\n"
CLEAN = HEADER + (
    'a,north,web,10,7,5,6,6,6,price,"fast, friendly"\n'
    "b,south,phone,9,6,4,5,6,4,quality,\n"
    "c,,web,8,5,3,4,4,4,,\n"
    "d,north,,6,4,2,1,1,1,staff,slow\n"
    "e,south,web,7,3,,3,,,price,\n"
)


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(FIXTURES / "voice-mini.yaml")


def _same(first: Responses, second: Responses) -> None:
    """Every part of two readings is equal: ids, numbers, choices, texts, segments (labels in order)."""
    assert list(first.respondents) == list(second.respondents)
    assert first.respondents.dtype == second.respondents.dtype
    assert first.numbers.keys() == second.numbers.keys()
    for item, values in first.numbers.items():
        np.testing.assert_array_equal(values, second.numbers[item])
    for mine, theirs in ((first.choices, second.choices), (first.segments, second.segments)):
        assert mine.keys() == theirs.keys()
        for column, labels in mine.items():
            assert list(labels.categories) == list(theirs[column].categories), column
            np.testing.assert_array_equal(labels.codes, theirs[column].codes)
    assert first.texts.keys() == second.texts.keys()
    for item, texts in first.texts.items():
        assert list(texts) == list(second.texts[item])


def test_a_clean_file_gives_the_same_responses_and_metrics_on_both_paths(questionnaire):
    data = CLEAN.encode()
    fast = read_clean_csv(data, "a.csv", questionnaire)
    assert fast is not None
    _same(fast, read_located(data, "a.csv", questionnaire))
    metrics = voice_metrics(questionnaire, fast)
    # NPS: promoters a, b (10, 9); passives c, e (8, 7); detractor d (6): 100 * (2 - 1) / 5 = 20.
    assert metrics.nps is not None and metrics.nps.value == 20.0 and metrics.nps.n == 5
    # CES 1..7: (7 + 6 + 5 + 4 + 3) / 5 = 5.
    assert metrics.ces is not None and metrics.ces.value == 5.0 and metrics.ces.n == 5
    # CSAT 1..5, top two boxes (4, 5): 5 and 4 of 5, 4, 3, 2 (e gave none) = 2 / 4; CSI (5+4+3+2)/4 = 3.5.
    assert metrics.csat is not None and metrics.csat.value == 0.5 and metrics.csat.n == 4
    assert metrics.csi is not None and metrics.csi.value == 3.5
    # CLI 1..6 rescaled to 0..100 per respondent: a 6 -> 100, b (5+6+4)/3 = 5 -> 80, c 4 -> 60,
    # d 1 -> 0, e 3 (one item answered) -> 40; mean 280 / 5 = 56.
    assert metrics.cli is not None and metrics.cli.value == pytest.approx(56.0) and metrics.cli.n == 5
    branches = metrics_by_segment(questionnaire, fast, "branch")
    assert list(branches) == ["", "north", "south"]
    # north: a promoter, d detractor -> 0; south: b promoter, e passive -> 100 * 1 / 2 = 50; "" (c) alone.
    assert branches["north"].nps is not None and branches["north"].nps.value == 0.0
    assert branches["south"].nps is not None and branches["south"].nps.value == 50.0
    assert branches[""].respondents == 1 and branches[""].nps is not None and branches[""].nps.value is None
    assert list(fast.segments["branch"].categories) == ["north", "south", ""]  # in order of first use
    assert list(fast.segments["channel"].categories) == ["web", "phone", ""]
    assert list(fast.choices["reason"].codes) == [0, 1, -1, 2, 0]  # price, quality, none, staff, price
    assert list(fast.texts["comment"]) == ["fast, friendly", "", "", "slow", ""]


def test_read_responses_reads_a_clean_file_without_the_located_reader(tmp_path, questionnaire, monkeypatch):
    def refuse(*_arguments: object) -> Responses:
        raise AssertionError("the located reader was used for a clean file")

    monkeypatch.setattr(responses_module, "read_located", refuse)
    path = tmp_path / "a.csv"
    path.write_bytes(codecs.BOM_UTF8 + CLEAN.replace("\n", "\r\n").encode())  # Excel's "CSV UTF-8"
    nps = voice_metrics(questionnaire, read_responses(path, questionnaire)).nps
    assert nps is not None and nps.value == 20.0


def _errors(call) -> list[str]:
    with pytest.raises(InputError) as raised:
        call()
    return [str(error) for error in raised.value.errors]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("f,north,web,11,7,5,6,6,6,price,", "a.csv:7: nps: 11 is outside the scale of this item (0..10)"),
        ("f,north,web,0,0,5,6,6,6,price,", "a.csv:7: ces: 0 is outside the scale of this item (1, 2, 3, 4, 5, 6, 7)"),
        (
            "f,north,web,ten,7,5,6,6,6,price,",
            "a.csv:7: nps: 'ten' is not a number; this column holds answers on the scale 0..10",
        ),
        (
            "f,north,web,nan,7,5,6,6,6,price,",  # a number to pyarrow, text to pandas: refused as text
            "a.csv:7: nps: 'nan' is not a number; this column holds answers on the scale 0..10",
        ),
        ("a,north,web,9,7,5,6,6,6,price,", "a.csv:7: respondent: duplicate respondent id 'a' (first at row 2)"),
        ("f,north,web,9,7,5,6,6,6,prise,", "a.csv:7: reason: "),
        ("f,north,web,9,7,5,6,6,6,price,,extra", "a.csv:7: not a valid CSV file: "),
        ("f,north,web,9,7,5,6,6,6,price,caf\xe9", "a.csv:7: the file is not UTF-8 text; save it as CSV UTF-8"),
    ],
)
def test_a_bad_row_gets_the_located_readers_message(tmp_path, questionnaire, row, expected):
    data = (CLEAN + row + "\n").encode("latin-1")
    assert read_clean_csv(data, "a.csv", questionnaire) is None
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    messages = _errors(lambda: read_responses(path, questionnaire))
    assert messages == _errors(lambda: read_located(data, str(path), questionnaire))
    assert any(message.replace(str(path), "a.csv").startswith(expected) for message in messages), messages


@pytest.mark.parametrize(
    "text",
    [
        CLEAN.replace('"fast, friendly"', '"fast,\nfriendly"'),  # a line break inside a cell
        CLEAN.replace("c,,web", "\nc,,web"),  # a blank line
        CLEAN.replace("north", "01").replace("south", "2"),  # a segment of numbers is labelled by them: 1, 2
        CLEAN.replace("north", "true").replace("south", "False"),  # pandas reads these as booleans
        CLEAN.replace(",", ";").replace(";web;10;", ";web;10,0;"),  # semicolons and a decimal comma
        CLEAN.replace("e,south,web,7,3,,", "e,south,web,7,3,na,"),  # na where the CSAT scale allows it
        HEADER + "a,north,web,9,7,5,6,6,6,price,\n",  # a column with no value at all
    ],
    ids=["line-break", "blank-line", "numbers", "booleans", "decimal-comma", "na", "empty-column"],
)
def test_a_clean_file_pyarrow_hands_back_reads_as_before(tmp_path, questionnaire, text):
    data = text.encode()
    assert read_clean_csv(data, "a.csv", questionnaire) is None
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    _same(read_responses(path, questionnaire), read_located(data, str(path), questionnaire))


def test_ids_of_digits_and_cells_with_spaces_read_as_written_on_the_fast_path(questionnaire):
    data = (HEADER + "007,north,web,9,7,5,6,6,6, price ,\n 7 ,south ,web,8,7,5,6,6,6,price,x\n").encode()
    fast = read_clean_csv(data, "a.csv", questionnaire)
    assert fast is not None and list(fast.respondents) == ["007", "7"]
    assert list(fast.choices["reason"].codes) == [0, 0] and list(fast.segments["branch"]) == ["north", "south"]
    _same(fast, read_located(data, "a.csv", questionnaire))
