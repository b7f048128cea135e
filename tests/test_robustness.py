"""Robustness sweep of the core readers: fuzzed files end in a result or located errors, hostile text survives."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmaturity.core.answers import read_answers_bytes, records_from_answer_set, write_answers_csv
from cxmaturity.core.registry import find_questionnaire_path
from cxmaturity.files.errors import InputError
from cxmaturity.roadmap.recommendations import library_for, load_library_text

LIBRARY_TEXT = library_for(find_questionnaire_path("cx-pyramid")).read_text(encoding="utf-8")
HOSTILE = [
    "<script>alert('x')</script>",
    "**bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "tab\there, new\nline, no control character",
    "\u202eright-to-left override\u202c and \u200f mark",
    "emoji 😀🚀 and Ukrainian їєґ",
    "lone\rcarriage return",
    "x" * 10_000,  # the longest note storage keeps (MAX_TEXT_CHARS)
]
# Refused with a located error instead (issue 12): control characters and text over the limit.
UNCLEAN = "note: holds an invisible control character (such as NUL or a vertical tab); remove it and save again"
REFUSED = [
    ("bell \x07 in a note", UNCLEAN),
    ("nul \x00 in a note", UNCLEAN),
    ("x" * 10_001, "note: the note is longer than 10,000 characters; shorten it"),
]


@contextmanager
def time_limit(seconds: int):
    """Bound one fuzz case: a hang is a failure, not a stuck CI."""

    def expire(signum, frame):  # pragma: no cover - only on a hang
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mutated_or_truncated_library_gives_located_errors_never_an_exception(data):
    cut = data.draw(st.integers(min_value=0, max_value=len(LIBRARY_TEXT)))
    operation = data.draw(st.sampled_from(["truncate", "splice"]))
    if operation == "truncate":
        text = LIBRARY_TEXT[:cut]
    else:
        junk = data.draw(
            st.text(alphabet=st.sampled_from(list(":-[]{}!&*#'\"\n |>0123456789abc")), min_size=1, max_size=6)
        )
        text = LIBRARY_TEXT[:cut] + junk + LIBRARY_TEXT[cut + len(junk) :]
    with time_limit(10):
        try:
            load_library_text(text, "fuzz.yaml")
        except InputError as exc:
            assert exc.errors and all(str(error).startswith("fuzz.yaml") for error in exc.errors)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=6), max_size=8),
    separator=st.sampled_from([",", ";"]),
)
def test_random_tables_give_answers_or_located_errors(mini, rows, separator):
    text = "respondent,question,value\n".replace(",", separator) + "\n".join(separator.join(row) for row in rows)
    with time_limit(10):
        try:
            read_answers_bytes(text.encode("utf-8"), "fuzz.csv", mini)
        except InputError as exc:
            assert exc.errors and all(str(error).startswith("fuzz.csv") for error in exc.errors)


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_round_trips_through_export_and_import(mini, hostile):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["respondent", "group", "question", "value", "note"])
    writer.writerow([hostile[:200].replace("\n", " ").strip() or "x", hostile[:50].strip(), "base.cx.a", "4", hostile])
    records = records_from_answer_set(read_answers_bytes(buffer.getvalue().encode("utf-8"), "h.csv", mini))
    assert records[0].note == hostile
    exported = write_answers_csv(records)
    for line in exported.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "-", "@")), cell
    again = records_from_answer_set(read_answers_bytes(exported.encode("utf-8"), "again.csv", mini))
    assert again == records


@pytest.mark.parametrize(("note", "expected"), REFUSED, ids=range(len(REFUSED)))
def test_unclean_or_overlong_notes_are_refused_where_they_are(mini, note, expected):
    data = ("respondent,question,value,note\nann,base.cx.a,4,ok\nbob,base.cx.a,2," + note + "\n").encode("utf-8")
    with pytest.raises(InputError) as caught:
        read_answers_bytes(data, "h.csv", mini)
    assert [str(e) for e in caught.value.errors] == [f"h.csv:3: {expected}"]


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(mini):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # tiny on disk, 120 MB unpacked
    with pytest.raises(InputError) as caught:
        read_answers_bytes(data, "bomb.xlsx", mini)
    assert str(caught.value.errors[0]).startswith("bomb.xlsx: the workbook would unpack to 126 MB (limit 100 MB)")
