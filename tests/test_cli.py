"""The command line: outputs, exit codes, and no UI imports."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from cxmaturity.cli.main import main

from .conftest import FIXTURES, ROOT

ANSWERS = "respondent,group,question,value\nann,exec,base.cx.a,4\nann,exec,base.ex.b,2\nbob,front,base.cx.a,0\nbob,front,top.cx.c,4\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_score_prints_the_contract_as_json(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    code, out, err = run(
        "score", "--questionnaire", str(FIXTURES / "mini.yaml"), "--answers", str(path), "--target", "70"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["questionnaire"] == {"id": "mini", "version": "1.0.0"}
    assert data["respondents"] == 2
    # ann base = (100 + 50*3)/4 = 62.5, bob base = 0 -> 31.25 ; bob top = 100 (unsupported)
    assert data["levels"]["base"]["score"] == 31.25 and data["levels"]["base"]["target"] == 70
    assert data["levels"]["base"]["gap"] == 38.75 and data["levels"]["base"]["priority"] == 38.75
    assert data["levels"]["top"]["stdev"] is None
    assert data["stage"] == 31.25 / 60 and data["unsupported_levels"] == ["top"] and data["attained_levels"] == []
    assert data["cells"]["base/ex"] == {
        "score": 50.0,
        "n": 1,
        "median": 50.0,
        "min": 50.0,
        "max": 50.0,
        "stdev": None,
        "coverage": 0.5,
        "uncertainty": 0.0,
    }
    assert data["groups"]["exec"]["levels"]["base"]["score"] == 62.5
    assert data["perception_gap"]["levels"]["base"]["high"] == "exec"
    # The groups are compared on the questions both scored: base.cx.a only (ann 4 -> 100, bob 0 -> 0).
    assert data["perception_gap"]["levels"]["base"]["gap"] == 100.0
    assert data["perception_gap"]["left_out"] == ["base.ex.b", "top.cx.c"]


def test_invalid_answers_exit_1_with_located_errors(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("respondent,question,value\nann,base.cx.a,9\n", encoding="utf-8")
    code, out, err = run("score", "--questionnaire", str(FIXTURES / "mini.yaml"), "--answers", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:2: value: '9' is not an answer")


def test_usage_errors_exit_2():
    assert run("score", "--questionnaire", "x")[0] == 2
    assert run("score", "--questionnaire", "x", "--answers", "y", "--target", "120")[0] == 2
    assert run("nonsense")[0] == 2


def test_validate_files_and_folders(tmp_path):
    bad = tmp_path / "questionnaire.yaml"
    bad.write_text("format: 1\nid: x\nweight: -1\n", encoding="utf-8")
    code, out, err = run("validate", str(FIXTURES / "mini.yaml"), str(tmp_path))
    assert code == 1
    assert "mini.yaml: ok (mini 1.0.0, 4 questions)" in out
    assert f"{bad}:3: weight: unknown key 'weight'" in err
    assert run("validate", str(FIXTURES / "mini.yaml"))[0] == 0


def test_list_and_show():
    code, out, _ = run("list")
    assert code == 0 and out.splitlines()[0].split("\t")[:2] == ["cx-pyramid", "2.0.0"]
    code, out, _ = run("show", str(FIXTURES / "mini.yaml"), "--format", "json")
    data = json.loads(out)
    assert (
        code == 0
        and data["id"] == "mini"
        and data["questions"][1]["anchors"] == {"0": {"en": "none", "ru": "нет"}, "4": {"en": "all", "ru": "все"}}
    )
    assert data["title"] == {"en": "Mini check", "ru": "Мини-проверка"}
    assert run("show", "no-such-id")[0] == 1


def test_cli_imports_neither_streamlit_nor_plotly(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    code = (
        "import sys; from cxmaturity.cli.main import main; "
        f"main(['score','--questionnaire',{str(FIXTURES / 'mini.yaml')!r},'--answers',{str(path)!r}]); "
        "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules, 'UI imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_schema_files_are_up_to_date():
    code, _, err = run("schema", "--check")
    assert code == 0, err


def test_roadmap_without_a_library_of_its_own_comes_from_the_method_library(tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    mini = str(FIXTURES / "mini.yaml")  # no recommendations.yaml beside it
    code, out, err = run("roadmap", "--questionnaire", mini, "--answers", str(answers), "--lang", "en")
    assert code == 0
    roadmap = json.loads(out)
    sentence = (
        "This questionnaire has no advice of its own, so the steps below come from the product's method library, "
        "written for any questionnaire."
    )
    assert roadmap["notice"] == sentence and err.strip() == sentence
    assert roadmap["library"]["id"] == roadmap["method_library"]["id"] == "method"
    assert [len(step["actions"]) > 0 for step in roadmap["steps"]] == [True] * 5
    pdf = tmp_path / "r.pdf"
    code, out, err = run(
        "report", "--questionnaire", mini, "--answers", str(answers), "--lang", "en", "--output", str(pdf)
    )
    assert code == 0 and err == "" and pdf.read_bytes().startswith(b"%PDF")
