"""polars' fast path for clean customer files returns exactly what the located (pandas) reader
returns, and leaves every file it cannot read exactly so to that reader.

Each file is small enough to check by hand; the main one's values are also written out below.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.voice.fast_read import read_clean_csv
from cxmaturity.voice.responses import Responses, read_located, read_responses

from ..conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]

#: A wide file with every kind of column: ids, two segments (one with an empty cell), the rating
#: question "informed", the NPS and a CLI item with skipped answers, a reason with a skipped one, and
#: a comment with a comma, a quote and a line break inside quotes.
WIDE = (
    "respondent,branch,channel,informed,nps,cli.again,reason,comment\n"
    "r1,north,web,3,10,6,price,\n"
    'r2,south,,1,0,,staff,"slow, and ""rude"""\n'
    'r3,north,phone,,9,2,,"line one\nline two"\n'
    "r4,east,web,2,,5,quality,fine\n"
)


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(FIXTURES / "voice-mini.yaml")


def _same(fast: Responses, located: Responses) -> None:
    """Equal ids, numbers, choices, texts and segments: values, types, orders."""
    assert list(fast.respondents) == list(located.respondents)
    assert fast.respondents.dtype == located.respondents.dtype
    assert list(fast.numbers) == list(located.numbers)
    for item, values in located.numbers.items():
        assert fast.numbers[item].dtype == values.dtype == np.float64
        assert fast.numbers[item].flags.writeable
        np.testing.assert_array_equal(fast.numbers[item], values)  # NaN where the other has NaN
    for kind in ("choices", "segments"):
        fast_columns, located_columns = getattr(fast, kind), getattr(located, kind)
        assert list(fast_columns) == list(located_columns), kind
        for column, cells in located_columns.items():
            assert list(fast_columns[column].categories) == list(cells.categories), column
            assert fast_columns[column].categories.dtype == cells.categories.dtype, column
            assert fast_columns[column].codes.tolist() == cells.codes.tolist(), column
    assert list(fast.texts) == list(located.texts)
    for item, texts in located.texts.items():
        assert list(fast.texts[item]) == list(texts)
        assert fast.texts[item].dtype == texts.dtype


def _taken(data: bytes, questionnaire) -> Responses:
    fast = read_clean_csv(data, "a.csv", questionnaire)
    assert fast is not None, "the fast path should take this file"
    _same(fast, read_located(data, "a.csv", questionnaire))
    return fast


def test_a_clean_wide_file_reads_as_the_located_reader_reads_it(questionnaire):
    responses = _taken(WIDE.encode(), questionnaire)
    assert list(responses.respondents) == ["r1", "r2", "r3", "r4"]
    np.testing.assert_array_equal(responses.numbers["informed"], [3.0, 1.0, np.nan, 2.0])
    np.testing.assert_array_equal(responses.numbers["nps"], [10.0, 0.0, 9.0, np.nan])
    np.testing.assert_array_equal(responses.numbers["cli.again"], [6.0, np.nan, 2.0, 5.0])
    branch, channel = responses.segments["branch"], responses.segments["channel"]
    assert list(branch.categories) == ["north", "south", "east"]  # first appearance
    assert branch.codes.tolist() == [0, 1, 0, 2]
    assert list(channel.categories) == ["web", "", "phone"]  # the empty cell is the label ""
    assert channel.codes.tolist() == [0, 1, 2, 0]
    reason = responses.choices["reason"]
    assert list(reason.categories) == ["price", "quality", "staff"]  # the item's list
    assert reason.codes.tolist() == [0, 2, -1, 1]
    assert list(responses.texts["comment"]) == ["", 'slow, and "rude"', "line one\nline two", "fine"]


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(lambda text: text.replace("north", "Київ").replace("r1", "клієнт-1").encode(), id="Cyrillic"),
        pytest.param(lambda text: text.replace("respondent,branch", " Respondent ,Branch").encode(), id="header case"),
        pytest.param(lambda text: text.replace("channel", "group").encode(), id="group"),
        pytest.param(lambda text: text.replace("r1,", "007,").replace("r2,", "7,").encode(), id="ids of digits"),
        pytest.param(lambda text: (text + "r5,north,web,3,7,1,price,ok").encode(), id="no last line break"),
    ],
)
def test_variants_the_fast_path_takes(questionnaire, variant):
    _taken(variant(WIDE), questionnaire)


def test_a_file_without_answer_columns(questionnaire):
    responses = _taken(b"respondent,branch,reason\na,north,staff\nb,south,\n", questionnaire)
    assert responses.numbers == {} and responses.choices["reason"].codes.tolist() == [2, -1]


def test_semicolons_are_read_like_commas(questionnaire):
    text = "respondent;branch;nps;comment\na;north;9;one, two\nb;south;3;\n"
    responses = _taken(text.encode(), questionnaire)
    assert list(responses.texts["comment"]) == ["one, two", ""]


def test_a_scale_with_gaps_is_checked_value_by_value(tmp_path):
    # "agree" becomes 0, 2, 5: 2 and 5 are on it (taken), 3 lies between its values (left to the located reader).
    text = (FIXTURES / "voice-mini.yaml").read_text(encoding="utf-8")
    text = text.replace("{value: 1, label: Disagree}", "{value: 0, label: Disagree}")
    text = text.replace("{value: 3, label: Agree}", "{value: 5, label: Agree}")
    (tmp_path / "gaps.yaml").write_text(text, encoding="utf-8")
    gaps = load_questionnaire(tmp_path / "gaps.yaml")
    taken = _taken(b"respondent,informed\na,0\nb,5\nc,2\n", gaps)
    np.testing.assert_array_equal(taken.numbers["informed"], [0.0, 5.0, 2.0])
    assert read_clean_csv(b"respondent,informed\na,0\nb,3\n", "a.csv", gaps) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("respondent,csat\na,na\nb,4\n", "the n/a code"),
        ("respondent,csat\na,dk\nb,4\n", "the don't know code"),
        ("respondent;csat;cli.again\na;4;5,0\nb;5;6\n", "a decimal comma"),
        ("respondent,csat\na,4\n\nb,5\n", "a blank line"),
        ("respondent,region,nps\na,01,9\nb,2,3\n", "a segment of numbers only (labelled 1, 2)"),
        ("respondent,comment\na,5\nb,\n", "a text column of numbers only"),
        ("respondent,branch\na, north \nb,south\n", "a padded label"),
        ("respondent,branch\n a ,north\nb,south\n", "a padded id"),
        ("respondent,branch\n\u00a0a,north\nb,south\n", "an id padded with a no-break space"),
        ("respondent,question,value\na,nps,9\n", "the long shape"),
        ("respondent,nps\nrespondent,NPS score\na,9\n", "a second header row"),
        ("respondent,nps\na,9\na,3\n", "a repeated id"),
        ("respondent,nps\na,9\n,3\n", "an empty id"),
        ("respondent,nps\na,11\nb,3\n", "an answer off the scale"),
        ("respondent,reason\na,prise\n", "a typo in a choice"),
        ("respondent,nsp\na,9\n", "a typo in an item id"),
    ],
)
def test_files_left_to_the_located_reader(tmp_path, questionnaire, text, why):
    data = text.encode()
    assert read_clean_csv(data, "a.csv", questionnaire) is None, why
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    try:
        located = read_located(data, str(path), questionnaire)
    except InputError as error:
        with pytest.raises(InputError) as raised:
            read_responses(path, questionnaire)
        assert raised.value.errors == error.errors  # the same located messages as before
    else:
        _same(read_responses(path, questionnaire), located)


def test_latin_1_and_xlsx_go_to_the_located_reader(questionnaire):
    assert read_clean_csv("respondent,branch\na,Zürich\n".encode("latin-1"), "a.csv", questionnaire) is None
    assert read_clean_csv(WIDE.encode(), "a.xlsx", questionnaire) is None


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads threads and libraries from Linux's /proc")
def test_the_readers_forkserver_keeps_one_thread_and_no_polars_after_a_fast_read(tmp_path):
    # The worst order: polars is loaded and its threads run before the forkserver starts (a new
    # process: pytest's own may already have one). The forkserver must still have one thread.
    (tmp_path / "a.csv").write_text(WIDE, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from cxmaturity.core.questionnaire import load_questionnaire
        from cxmaturity.files.isolated import run_isolated
        from cxmaturity.voice.responses import read_responses
        responses = read_responses({str(tmp_path / "a.csv")!r}, load_questionnaire({str(FIXTURES / "voice-mini.yaml")!r}))
        assert len(responses) == 4 and "polars" in sys.modules
        threads_here = len(os.listdir("/proc/self/task"))
        forkserver = run_isolated(os.getppid, (), "map.xlsx")
        print(threads_here, len(os.listdir(f"/proc/{{forkserver}}/task")), "polars" in Path(f"/proc/{{forkserver}}/maps").read_text())
        """
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    threads_here, threads_there, polars_there = done.stdout.split()
    assert int(threads_here) > 1  # polars' pool runs in the reading process...
    assert (threads_there, polars_there) == ("1", "False")  # ...and never in the forkserver


#: Cells to draw files from: clean values, and the ones either reader treats apart (padded, quoted,
#: numbers in a segment, off the scale, n/a, a typo in a choice, a line break inside quotes).
CELLS = {
    "branch": ["north", "south", "Київ", " x", '"a,b"', '""', "", "1", "nan", "x y"],
    "nps": ["0", "5", "10", "", "11", "05", " 7", "7.0", "na", "+3"],
    "csat": ["1", "5", "", "na", "dk", "3", "4.0"],
    "reason": ["price", "staff", "", "prise", "quality", " price"],
    "comment": ["", "hello", '"a, b"', '"x\ny"', "5", "é"],
    "informed": ["1", "2", "3", "", "0"],
}


def test_both_readers_agree_on_random_files(questionnaire):
    # Every file the fast path takes reads as the located reader reads it; every file the located
    # reader refuses, the fast path leaves to it. Most cells are clean, so many files are taken.
    draw = random.Random(16)
    taken = 0
    for _ in range(150):
        columns = ["respondent", *draw.sample(list(CELLS), draw.randint(1, len(CELLS)))]
        rows = [
            ",".join(
                [draw.choice([f"r{row}", f"r{row}", f"{row:03d}", "same"])]
                + [draw.choice(CELLS[c]) if draw.random() < 0.4 else CELLS[c][draw.randint(0, 2)] for c in columns[1:]]
            )
            for row in range(draw.randint(1, 8))
        ]
        end = "\r\n" if draw.random() < 0.2 else "\n"
        data = (end.join([",".join(columns), *rows]) + end).encode()
        fast = read_clean_csv(data, "a.csv", questionnaire)
        try:
            located = read_located(data, "a.csv", questionnaire)
        except InputError:
            assert fast is None, data
            continue
        if fast is not None:
            _same(fast, located)
            taken += 1
    assert taken >= 25  # the comparison is not empty (43 of these 150 files are taken)
