"""Customer metrics from answer files, overall and per segment, and `python -m cxmaturity metrics`.

Every expected figure is counted by hand from the ten rows of WIDE below.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cxmaturity.cli.main import main
from cxmaturity.core.answers import read_table_bytes
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.voice.differences import Verdict
from cxmaturity.voice.metrics import metric_differences, metrics_by_segment, segment_differences, voice_metrics
from cxmaturity.voice.responses import responses_from_frame

from ..conftest import FIXTURES

QUESTIONNAIRE = FIXTURES / "voice-mini.yaml"
HEADER = "respondent,branch,nps,ces,csat,cli.recommend,cli.again,cli.other,reason,comment\n"
WIDE = HEADER + (
    "r1,north,10,7,5,6,6,6,price,Quick and kind\n"
    "r2,north,9,6,4,1,1,1,quality,\n"
    "r3,north,9,5,4,6,,1,,\n"
    "r4,north,8,4,3,,,,,\n"
    "r5,north,7,3,2,,,,staff,\n"
    "r6,south,6,2,1,,,,price,\n"
    "r7,south,5,1,5,,,,,\n"
    'r8,south,0,7,4,,,,staff,"Waited, then gave up"\n'
    "r9,south,10,6,na,,,,,\n"
    "r10,east,,5,,,,,,\n"
)


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(QUESTIONNAIRE)


def responses_of(text: str, questionnaire, name: str = "a.csv"):
    return responses_from_frame(read_table_bytes(text.encode(), name), name, questionnaire)


def test_every_metric_of_the_hand_counted_file(questionnaire):
    metrics = voice_metrics(questionnaire, responses_of(WIDE, questionnaire))
    assert metrics.respondents == 10
    # NPS: 9 answers; promoters 10, 9, 9, 10 = 4; passives 8, 7 = 2; detractors 6, 5, 0 = 3 -> (4 - 3) / 9.
    assert metrics.nps is not None and metrics.nps.n == 9
    assert metrics.nps.value == pytest.approx(100 / 9)
    assert (metrics.nps.promoters, metrics.nps.passives, metrics.nps.detractors) == (4, 2, 3)
    # CSAT (1..5): 8 answers (na and a blank left out): 5, 4, 4, 3, 2, 1, 5, 4; top two (4-5) = 5 of 8.
    assert metrics.csat is not None and metrics.csat.value == 0.625 and metrics.csat.n == 8
    # CSI: mean 28 / 8 = 3.5, which is 70% of the maximum 5.
    assert metrics.csi is not None and metrics.csi.value == 3.5
    assert metrics.csi_percent_of_max is not None and metrics.csi_percent_of_max.value == pytest.approx(70.0)
    # CES (1..7): 7+6+5+4+3+2+1+7+6+5 = 46 over 10 -> 4.6; top two (6-7): 7, 6, 7, 6 = 4 of 10.
    assert metrics.ces is not None and metrics.ces.value == pytest.approx(4.6)
    assert metrics.ces_top_answers is not None and metrics.ces_top_answers.value == 0.4
    # CLI: r1 6,6,6 -> 100; r2 1,1,1 -> 0; r3 6,-,1 -> mean 3.5 -> (3.5 - 1) / 5 * 100 = 50; mean 50 over 3.
    assert metrics.cli is not None and metrics.cli.value == pytest.approx(50.0) and metrics.cli.n == 3
    assert metrics.cli.ci_low is not None and metrics.cli.ci_low >= 0.0 and metrics.cli.indicative


def test_metrics_per_segment_and_a_segment_too_small(questionnaire):
    segments = metrics_by_segment(questionnaire, responses_of(WIDE, questionnaire), "branch")
    assert list(segments) == ["east", "north", "south"]
    north, south, east = segments["north"].nps, segments["south"].nps, segments["east"].nps
    assert north is not None and north.value == 60.0 and north.n == 5  # 10, 9, 9 promoters; 8, 7 passives
    assert south is not None and south.value == -50.0 and south.n == 4  # 10 promoter; 6, 5, 0 detractors
    assert east is not None and east.n == 0 and east.value is None  # not enough answers, no division
    assert segments["east"].ces is not None and segments["east"].ces.value is None  # a single respondent


def test_the_long_shape_gives_the_same_figures(questionnaire):
    long = "respondent,question,value,branch\n" + "".join(
        f"r{i},nps,{value},{'north' if i < 3 else 'south'}\n" for i, value in enumerate([10, 9, 6, 0], start=1)
    )
    responses = responses_of(long, questionnaire)
    nps = voice_metrics(questionnaire, responses).nps
    assert nps is not None and nps.value == 0.0 and nps.n == 4  # 2 promoters, 2 detractors
    north = metrics_by_segment(questionnaire, responses, "branch")["north"].nps
    assert north is not None and north.value == 100.0


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "answers.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_metrics_command_prints_one_object_per_metric_and_per_segment(tmp_path):
    path = write(tmp_path, WIDE)
    code, out, err = run("metrics", "--questionnaire", str(QUESTIONNAIRE), "--answers", path, "--segment", "branch")
    assert code == 0, err
    document = json.loads(out)
    assert {"nps", "csat", "csi", "ces", "cli"} <= set(document)
    nps = document["nps"]
    assert set(nps) >= {"value", "ci_low", "ci_high", "n", "indicative", "promoters", "passives", "detractors"}
    assert nps["promoters"] == pytest.approx(4 / 9) and nps["detractors"] == pytest.approx(3 / 9)
    assert nps["indicative"] is True and nps["ci_low"] < nps["value"] < nps["ci_high"]
    assert document["segments"]["south"]["nps"]["value"] == -50.0
    assert document["segments"]["east"]["nps"]["note"] == "not enough answers"


def test_a_file_with_only_an_nps_column_gives_only_nps(tmp_path):
    path = write(tmp_path, "respondent,nps\na,9\nb,3\n")
    code, out, _ = run("metrics", "--questionnaire", str(QUESTIONNAIRE), "--answers", path)
    assert code == 0 and set(json.loads(out)) == {"respondents", "nps"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("respondent,nps\na,11\n", "answers.csv:2: nps: 11 is outside the scale of this item (0..10)"),
        ("respondent,ces\na,0\n", "answers.csv:2: ces: 0 is outside the scale of this item"),
        ("respondent,nps\na,great\n", "answers.csv:2: nps: 'great' is not a number"),
        ("respondent,nps,ces\nRespondent ID,Recommend?,Easy?\na,9,7\n", "answers.csv:2: this row holds text"),
        ("respondent,nps\na,9\nb,8\na,7\n", "answers.csv:4: respondent: duplicate respondent id 'a' (first at row 2)"),
        ("respondent,reason\na,prise\n", "answers.csv:2: reason: 'prise' is not one of this item's choices"),
        ("respondent,nsp\na,9\n", "answers.csv:1: nsp: not an item of this questionnaire; did you mean 'nps'?"),
    ],
)
def test_bad_input_exits_1_with_located_errors(tmp_path, text, expected):
    path = write(tmp_path, text)
    code, out, err = run("metrics", "--questionnaire", str(QUESTIONNAIRE), "--answers", path)
    assert code == 1 and out == ""
    assert any(line.startswith(str(tmp_path / expected)) for line in err.splitlines()), err


def test_an_unknown_segment_column_is_named(tmp_path):
    path = write(tmp_path, WIDE)
    code, _, err = run("metrics", "--questionnaire", str(QUESTIONNAIRE), "--answers", path, "--segment", "region")
    assert code == 1 and "no segment column 'region'" in err and "branch" in err


def test_every_error_is_reported_at_once(questionnaire):
    with pytest.raises(InputError) as caught:
        responses_of("respondent,nps,ces,reason\na,11,x,prise\na,9,3,price\n", questionnaire)
    assert len(caught.value.errors) == 4


def test_differences_between_two_segments_and_two_waves(questionnaire):
    responses = responses_of(WIDE, questionnaire)
    # north: NPS +60 (3 promoters, 2 passives of 5); south: -50 (1 promoter, 3 detractors of 4).
    differences = segment_differences(questionnaire, responses, "branch", "north", "south")
    assert differences["nps"].value == pytest.approx(110.0)
    # CES north 7, 6, 5, 4, 3 (mean 5) vs south 2, 1, 7, 6 (mean 4): +1.
    assert differences["ces"].value == pytest.approx(1.0) and differences["ces"].verdict is Verdict.WITHIN
    # CSAT top two: north 5, 4, 4 of 5, 4, 4, 3, 2 -> 3/5; south 5, 4 of 1, 5, 4 -> 2/3.
    assert differences["csat"].value == pytest.approx(3 / 5 - 2 / 3)
    assert differences["cli"].verdict is Verdict.NOT_ENOUGH  # south has no loyalty answers
    second_wave = responses_of(HEADER + "s1,north,10,7,5,6,6,6,,\ns2,north,10,7,5,6,6,6,,\n", questionnaire)
    waves = metric_differences(questionnaire, second_wave, responses)
    # Wave 2: NPS +100 of 2 answers vs +11.1 of 9.
    assert waves["nps"].value == pytest.approx(100 - 100 / 9) and set(waves) == {"nps", "csat", "csi", "ces", "cli"}
