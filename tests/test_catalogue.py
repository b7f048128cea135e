"""The UI string catalogue is complete: every key has en, ru and uk, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from cxmaturity.files.yamlsource import read_yaml_file
from cxmaturity.i18n import CATALOGUE_DIR, LANGUAGES, catalogue, translate

FILES = sorted(CATALOGUE_DIR.glob("*.yaml"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def entries(path: Path) -> dict:
    return read_yaml_file(path).data or {}


def test_there_are_catalogue_files():
    assert {path.name for path in FILES} >= {"app.yaml"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_key_has_every_language_and_the_same_placeholders(path: Path):
    problems = []
    for key, texts in entries(path).items():
        if not isinstance(texts, dict):
            problems.append(f"{key}: expected a mapping of language to text")
            continue
        missing = [lang for lang in LANGUAGES if not str(texts.get(lang) or "").strip()]
        if missing:
            problems.append(f"{key}: missing or empty {missing}")
            continue
        extra = sorted(set(texts) - set(LANGUAGES))
        if extra:
            problems.append(f"{key}: unknown language(s) {extra}")
        expected = placeholders(str(texts["en"]))
        for lang in LANGUAGES[1:]:
            if placeholders(str(texts[lang])) != expected:
                problems.append(f"{key}: {lang} placeholders {placeholders(str(texts[lang]))} != en {expected}")
    assert problems == []


def test_keys_are_unique_across_files_and_prefixed_by_their_file():
    seen: dict[str, str] = {}
    for path in FILES:
        for key in entries(path):
            assert key not in seen, f"{key} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name
    assert all(key.startswith("app.") for key in entries(CATALOGUE_DIR / "app.yaml"))
    assert set(seen) == set(catalogue())


def test_every_app_key_used_in_the_code_exists():
    """Every literal "app...." key in app.py, pages/ and cxmaturity/ui/ names a catalogue entry."""
    import re

    root = CATALOGUE_DIR.parents[2]
    sources = [root / "app.py", *(root / "pages").glob("*.py"), *(root / "cxmaturity" / "ui").glob("*.py")]
    used = set()
    for source in sources:
        # Any literal shaped like a key ("app.<area>.<name>"), also those kept in tables such as PAGES.
        used |= set(re.findall(r"""["'](app\.[a-z_]+\.[\w.]+)["']""", source.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is out of date"
    assert sorted(used - set(catalogue())) == []


def test_translate_fills_placeholders_in_every_language():
    for lang in LANGUAGES:
        text = translate("app.start.progress", lang, done="3", total="55")
        assert "3" in text and "55" in text and "{" not in text
