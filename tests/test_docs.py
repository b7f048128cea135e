"""Docs as tests: every key of the file formats is documented."""

from __future__ import annotations

import importlib
import re

from pydantic import BaseModel

from cxmaturity.core import questionnaire as q

from .conftest import ROOT


def field_names(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_every_questionnaire_key_is_documented():
    text = (ROOT / "docs/questionnaire-format.md").read_text(encoding="utf-8")
    for model in (q.QuestionnaireSpec, q.ScaleSpec, q.OptionSpec, q.LevelSpec, q.QuestionSpec, q.ChoiceSpec):
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


def _doc_texts() -> list[tuple[str, str]]:
    return [
        (p.name, p.read_text(encoding="utf-8")) for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    ]


def test_every_module_path_the_docs_name_exists():
    missing = [
        f"{name}: {path}"
        for name, text in _doc_texts()
        for path in re.findall(r"\bcxmaturity/[\w/]+\.py\b", text)
        if not (ROOT / path).exists()
    ]
    assert missing == []


def test_every_dotted_name_the_docs_cite_can_be_imported():
    """`cxmaturity.roadmap.engine.build_roadmap` in a doc is a module (and attribute) that exists."""
    broken = []
    for name, text in _doc_texts():
        for dotted in set(re.findall(r"`(cxmaturity(?:\.[A-Za-z_]\w*)+)", text)):
            if dotted == "cxmaturity.sqlite3":  # the database file's name, not a module
                continue
            parts = dotted.split(".")
            for cut in range(len(parts), 0, -1):
                try:
                    found: object = importlib.import_module(".".join(parts[:cut]))
                    break
                except ImportError:
                    continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            if found is None:
                broken.append(f"{name}: {dotted}")
    assert broken == []
