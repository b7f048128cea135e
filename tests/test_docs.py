"""Docs as tests: every key of the file formats is documented."""

from __future__ import annotations

from pydantic import BaseModel

from cxmaturity.core import questionnaire as q

from .conftest import ROOT


def field_names(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_every_questionnaire_key_is_documented():
    text = (ROOT / "docs/questionnaire-format.md").read_text(encoding="utf-8")
    for model in (q.QuestionnaireSpec, q.ScaleSpec, q.OptionSpec, q.LevelSpec, q.QuestionSpec):
        for name in field_names(model):
            assert f"`{name}`" in text or f"`options[].{name}`" in text, f"{model.__name__}.{name} is undocumented"


def test_the_readme_names_the_docs_it_links():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in ("docs/questionnaire-format.md", "docs/answers-format.md", "docs/methodology.md"):
        assert link in readme and (ROOT / link).exists()


def test_the_documented_example_is_valid(tmp_path):
    text = (ROOT / "docs/questionnaire-format.md").read_text(encoding="utf-8")
    example = text.split("## A small complete example")[1].split("```yaml")[1].split("```")[0]
    loaded = q.load_questionnaire_text(example, "example.yaml")
    assert loaded.id == "service-desk-check" and len(loaded.questions) == 2
