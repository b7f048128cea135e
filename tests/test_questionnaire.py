"""Questionnaire loading and validation: every problem located, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.core.questionnaire import load_questionnaire, load_questionnaire_text
from cxmaturity.core.registry import available_questionnaires, builtin_dir, find_questionnaire, questionnaire_paths
from cxmaturity.files.errors import InputError

from .conftest import FIXTURES

MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


def errors_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_questionnaire_text(text, "q.yaml")
    return [str(error) for error in caught.value.errors]


def test_mini_loads_with_texts_weights_and_anchors(mini):
    assert mini.id == "mini" and mini.version == "1.0.0"
    assert mini.languages == ("en", "ru")
    assert [level.id for level in mini.levels] == ["base", "top"]
    question = mini.question("base.ex.b")
    assert question.weight == 3.0
    assert question.text.get("ru") == "Б"
    assert question.anchors[4.0].get("en") == "all"
    assert mini.scales["maturity"].normalise(2) == 50.0
    assert len(mini.source_hash) == 64


def test_every_kind_of_problem_is_reported_at_once_with_its_line():
    bad = (
        MINI.replace("threshold: 60", "threshhold: 60")
        .replace("target: 80", "target: 180")
        .replace("weight: 3", "weight: 0")
        .replace("level: top, aspect: cx", "level: tpo, aspect: cx")
        .replace("{value: 2,", "{value: 0,")
        .replace("4: {en: all, ru: все}", "5: {en: all, ru: все}")
        .replace("id: top.ex.d", "id: base.cx.a")
        .replace("aspect: ex, scale: maturity, text: {en: D", "aspect: ex, scale: likert, text: {en: D")
        .replace("title: {en: Top, ru: Вершина}", "title: {en: Top}")
    )
    errors = errors_of(bad)
    expected = [
        "q.yaml:7: threshhold: unknown key 'threshhold' (did you mean 'threshold'?)",
        "q.yaml:8: target: input should be less than or equal to 100",
        "q.yaml:13: scales.maturity.options.1.value: option values must increase strictly",
        "q.yaml:17: levels.1.title: missing the ru text",
        "q.yaml:23: questions.1.weight: input should be greater than 0",
        "q.yaml:24: questions.1.anchors.5: the scale 'maturity' has no option with value 5",
        "q.yaml:25: questions.2.level: unknown level 'tpo'; levels are base, top",
        "q.yaml:26: questions.3.id: duplicate id 'base.cx.a' (first used by item 0)",
        "q.yaml:26: questions.3.scale: unknown scale 'likert'; scales are maturity",
    ]
    assert errors == expected


def test_missing_required_keys_and_wrong_types():
    errors = errors_of("format: 1\nid: Bad Id\nversion: '1.0'\nlanguages: [en]\ntitle: T\nthreshold: high\n")
    assert "q.yaml:2: id: 'Bad Id' has the wrong form (expected ^[a-z0-9]+(-[a-z0-9]+)*$)" in errors
    assert any(e.startswith("q.yaml:3: version:") for e in errors)
    assert "q.yaml:6: threshold: must be a number, not 'high'" in errors
    for key in ("scales", "levels", "aspects", "questions"):
        assert f"q.yaml:1: {key}: this required key is missing" in errors


def test_plain_string_text_needs_a_single_language():
    assert "q.yaml:6: title: give this text in every declared language (en, ru) as a map" in errors_of(
        MINI.replace("title: {en: Mini check, ru: Мини-проверка}", "title: Mini check")
    )
    single = MINI.replace("languages: [en, ru]", "languages: [en]").replace(", ru: ", ", en2: ")
    assert any("language 'en2' is not declared" in e for e in errors_of(single))


def test_yaml_syntax_error_is_located():
    assert errors_of("format: 1\nid: [x\n") == ["q.yaml:3: YAML syntax error: did not find expected ',' or ']'"]


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
    ],
)
def test_unsafe_tags_are_errors_never_executed(payload, tmp_path):
    errors = errors_of(f"format: 1\nid: x\ntitle: {payload}\n")
    assert len(errors) == 1 and errors[0].startswith("q.yaml:3: title: the tag") and "not allowed" in errors[0]


def test_aliases_are_refused_so_a_billion_laughs_cannot_expand():
    text = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    assert "anchors and aliases" in errors_of(text)[0]


def test_duplicate_key_is_located():
    assert errors_of("format: 1\nformat: 1\n") == ["q.yaml:2: format: this key appears twice"]


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    with pytest.raises(InputError) as caught:
        load_questionnaire(big)
    assert "limit is 5 MB" in str(caught.value)


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"format: 1\ntitle: caf\xe9\n")
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    assert str(caught.value) == f"{path}:2: the file is not UTF-8 text; save it as UTF-8"


def test_every_shipped_questionnaire_loads_and_validates():
    paths = questionnaire_paths()
    assert paths, "no questionnaire shipped under assessments/"
    entries, errors = available_questionnaires()
    assert errors == []
    assert {entry.path for entry in entries} == set(paths)


def test_registry_resolves_ids_and_paths_but_ids_cannot_escape(tmp_path):
    assert find_questionnaire("cx-pyramid").id == "cx-pyramid"
    assert find_questionnaire(str(FIXTURES / "mini.yaml")).id == "mini"
    for hostile in ("../tests/fixtures/mini", "nope", "/etc/passwd/x"):
        with pytest.raises(InputError):
            find_questionnaire(hostile)
    assert builtin_dir() == Path(__file__).parent.parent / "assessments"
