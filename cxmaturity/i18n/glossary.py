"""The glossary: one term per concept per language, and the variants not to use.

``glossary.yaml`` (next to this module) fixes the term for every concept that the November 2026
content review found translated in different ways, the titles of the pyramid's levels, the
typography of each language (the Ukrainian apostrophe, the quotation marks) and each language's style
rules (the recurring choices its senior editor decided). This module reads it, finds rejected variants,
wrong typography and broken style rules in a text, and renders the human-readable page
``docs/glossary.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxmaturity.files.yamlsource import read_yaml_file

GLOSSARY_FILE = Path(__file__).parent / "glossary.yaml"
GLOSSARY_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")


@dataclass(frozen=True)
class RejectedVariant:
    """A wording the glossary rejects in one language, and the term to use instead."""

    concept: str
    language: str
    variant: str
    pattern: re.Pattern[str]
    term: str


@dataclass(frozen=True)
class StyleRule:
    """One decision of a language's style sheet, with an example; ``pattern`` finds only its violations."""

    id: str
    language: str
    rule: str
    wrong: str
    right: str
    pattern: re.Pattern[str] | None


@dataclass(frozen=True)
class Finding:
    """One rejected variant or typography problem found in a text."""

    found: str
    advice: str


@functools.cache
def load_glossary() -> Mapping[str, Any]:
    """The glossary as plain data (``concepts``, ``levels``, ``typography``, ``style``)."""
    data = read_yaml_file(GLOSSARY_FILE).data
    if not isinstance(data, dict):
        raise ValueError(f"{GLOSSARY_FILE.name}: expected a mapping at the top")
    return data


def term(concept: str, language: str) -> str:
    """The term the glossary fixes for ``concept`` in ``language``."""
    return str(load_glossary()["concepts"][concept][language]["term"])


@functools.cache
def rejected_variants() -> tuple[RejectedVariant, ...]:
    """Every rejected variant of every concept and level title, with its compiled pattern."""
    found: list[RejectedVariant] = []
    glossary = load_glossary()
    sources = [(concept, entry, "term") for concept, entry in glossary["concepts"].items()]
    sources += [(level, entry, "title") for level, entry in glossary["levels"].items()]
    for concept, entry, term_field in sources:
        for language in GLOSSARY_LANGUAGES:
            per_language = entry.get(language) or {}
            for rejected in per_language.get("rejected") or []:
                found.append(
                    RejectedVariant(
                        concept=concept,
                        language=language,
                        variant=str(rejected["variant"]),
                        pattern=re.compile(str(rejected["pattern"]), re.IGNORECASE),
                        term=str(per_language[term_field]),
                    )
                )
    return tuple(found)


def find_rejected(text: str, language: str) -> list[Finding]:
    """Rejected variants in ``text`` (written in ``language``), each with the term to use."""
    findings = []
    for rejected in rejected_variants():
        if rejected.language != language:
            continue
        match = rejected.pattern.search(text)
        if match:
            findings.append(
                Finding(
                    found=match.group(0),
                    advice=f"{rejected.concept}: use «{rejected.term}», not «{rejected.variant}»",
                )
            )
    return findings


@functools.cache
def style_rules() -> tuple[StyleRule, ...]:
    """Every language's style rules (``style:`` in the glossary), patterns compiled."""
    found = []
    for language, rules in (load_glossary().get("style") or {}).items():
        for entry in rules:
            pattern = entry.get("pattern")
            found.append(
                StyleRule(
                    id=str(entry["id"]),
                    language=language,
                    rule=str(entry["rule"]),
                    wrong=str(entry["wrong"]),
                    right=str(entry["right"]),
                    pattern=re.compile(str(pattern), re.IGNORECASE) if pattern else None,
                )
            )
    return tuple(found)


def find_style_problems(text: str, language: str) -> list[Finding]:
    """Style rules of ``language`` that ``text`` breaks, as far as a rule's pattern can tell."""
    findings = []
    for rule in style_rules():
        if rule.language != language or rule.pattern is None:
            continue
        match = rule.pattern.search(text)
        if match:
            findings.append(Finding(found=match.group(0), advice=f"style rule {rule.id}: {rule.rule}"))
    return findings


# Letters on both sides of an apostrophe (Ukrainian: п’ять, з’явиться, розв’язання).
_APOSTROPHE_IN_WORD = re.compile(r"(?<=[^\W\d_])['\u02bc\u2019](?=[^\W\d_])")
# Double quotation marks of the other languages' styles, and the straight one.
_QUOTES = {
    "en": re.compile(r"[«»„]|(?<![=\w])\"|\"(?![\w>])"),
    "ru": re.compile(r"[“”„\"]"),
    "uk": re.compile(r"[“”„\"]"),
}


def find_typography_problems(text: str, language: str) -> list[Finding]:
    """A wrong apostrophe (uk) or quotation marks of another style in ``text``."""
    typography = load_glossary()["typography"]
    findings = []
    apostrophe = typography.get(language, {}).get("apostrophe")
    if apostrophe:
        for match in _APOSTROPHE_IN_WORD.finditer(text):
            if match.group(0) != apostrophe:
                findings.append(
                    Finding(
                        found=_around(text, match.start()),
                        advice=f"apostrophe: use {apostrophe} (U+{ord(apostrophe):04X})",
                    )
                )
    opening, closing = typography[language]["quotes"]
    for match in _QUOTES[language].finditer(_without_markup(text)):
        findings.append(Finding(found=match.group(0), advice=f"quotation marks: use {opening}…{closing}"))
    return findings


def _around(text: str, index: int) -> str:
    return text[max(0, index - 12) : index + 12]


_MARKUP = re.compile(r"<[^>]*>|\{[^}]*\}|`[^`]*`")


def _without_markup(text: str) -> str:
    """Text without HTML tags, ``{placeholders}`` and code, whose quotation marks are syntax."""
    return _MARKUP.sub("", text)


def glossary_markdown() -> str:
    """``docs/glossary.md``: the glossary as tables a translator or reviewer can read."""
    glossary = load_glossary()
    lines = [
        "# Glossary",
        "",
        "<!-- Generated from cxmaturity/i18n/glossary.yaml by tests/make_glossary_doc.py; do not edit. -->",
        "",
        "One term per concept per language. Every text a user reads uses the term in this table and none",
        "of the rejected variants; `tests/test_glossary.py` checks the questionnaires, recommendations,",
        "UI and report catalogue, method library and starter journey maps.",
        "",
        "## Levels of the pyramid",
        "",
        "| level | en | ru | uk |",
        "|---|---|---|---|",
    ]
    for level, entry in glossary["levels"].items():
        lines.append(f"| {level} | " + " | ".join(_title_cell(entry[lang]) for lang in GLOSSARY_LANGUAGES) + " |")
    lines += ["", "## Concepts", "", "| concept | en | ru | uk |", "|---|---|---|---|"]
    for concept, entry in glossary["concepts"].items():
        cells = [_term_cell(entry[lang]) for lang in GLOSSARY_LANGUAGES]
        lines.append(f"| **{concept}**: {entry['meaning']} | " + " | ".join(cells) + " |")
    lines += ["", "## Typography", ""]
    for language, rules in glossary["typography"].items():
        parts = [f"quotation marks {rules['quotes'][0]}…{rules['quotes'][1]}"]
        if "apostrophe" in rules:
            parts.append(f"apostrophe {rules['apostrophe']} (U+{ord(rules['apostrophe']):04X}) and no other")
        note = f" {rules['note']}" if rules.get("note") else ""
        lines.append(f"- {language}: " + "; ".join(parts) + "." + note)
    lines += _style_lines()
    return "\n".join(lines) + "\n"


def _style_lines() -> list[str]:
    """The style sheets: per language, each rule with the example to avoid and the one to follow."""
    rules = style_rules()
    if not rules:
        return []
    lines = [
        "",
        "## Style rules",
        "",
        "The recurring choices each language's senior editor decided. A rule with a pattern is also checked by",
        "`tests/test_glossary.py`; the others are for the translator and the reviewer.",
    ]
    for language in GLOSSARY_LANGUAGES:
        mine = [rule for rule in rules if rule.language == language]
        if not mine:
            continue
        lines += ["", f"### {language}", "", "| rule | not | but |", "|---|---|---|"]
        for rule in mine:
            checked = " (checked)" if rule.pattern is not None else ""
            cells = [f"**{rule.id}**{checked}: {rule.rule}", rule.wrong, rule.right]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines


def _title_cell(entry: Mapping[str, Any]) -> str:
    text = f"**{entry['title']}**"
    if entry.get("subtitle"):
        text += f" ({entry['subtitle']})"
    return text + _rejected_and_note(entry)


def _term_cell(entry: Mapping[str, Any]) -> str:
    return f"**{entry['term']}**" + _rejected_and_note(entry)


def _rejected_and_note(entry: Mapping[str, Any]) -> str:
    text = ""
    rejected = [str(item["variant"]) for item in entry.get("rejected") or []]
    if rejected:
        text += "<br>not: " + "; ".join(rejected)
    if entry.get("note"):
        text += f"<br>*{entry['note']}*"
    return text.replace("|", "\\|")


def iter_texts(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every ``(path, language, text)`` in a YAML tree whose texts are ``{en: .., ru: .., uk: ..}`` maps."""
    if isinstance(node, dict):
        languages = [key for key in node if key in GLOSSARY_LANGUAGES]
        if languages and all(isinstance(node[key], str) for key in languages):
            for language in languages:
                yield (*path, language), language, node[language]
            return
        for key, value in node.items():
            yield from iter_texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_texts(value, (*path, index))
