"""Languages and the UI string catalogue (en, ru, uk).

The catalogue is a set of YAML files under ``catalogue/``, one per area of the
product (``app.yaml``, ``report.yaml``, ...), each mapping a key to its text in
every supported language. Keys are unique across files. Texts may contain
``{name}`` placeholders filled by :func:`translate`, and plural placeholders
``{count:plural:# ответ|# ответа|# ответов}`` that put a number and its noun in the
form the language's grammar needs (:mod:`cxmaturity.i18n.plural`).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from pathlib import Path

from cxmaturity.files.yamlsource import read_yaml_file
from cxmaturity.i18n.plural import PluralFormatter, plural, plural_category

__all__ = [
    "CATALOGUE_DIR",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "catalogue",
    "format_date",
    "format_number",
    "format_percent",
    "plural",
    "plural_category",
    "resolve_language",
    "translate",
]

#: Supported interface languages, in the order shown to users.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
DEFAULT_LANGUAGE = "en"
#: Each language's name written in that language (for the language picker).
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "ru": "Русский", "uk": "Українська"}

CATALOGUE_DIR = Path(__file__).parent / "catalogue"

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"],
}  # fmt: skip


def resolve_language(requested: str | None, available: tuple[str, ...] = LANGUAGES) -> str:
    """Pick a supported language: ``requested`` if available (``ru-RU`` counts as ``ru``), else the first."""
    if requested:
        code = requested.strip().lower().replace("_", "-").split("-")[0]
        if code in available:
            return code
    return available[0] if available else DEFAULT_LANGUAGE


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """All catalogue entries, ``{key: {language: text}}``, merged from every file."""
    merged: dict[str, Mapping[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        data = read_yaml_file(path).data or {}
        for key, texts in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: key {key!r} is defined in two catalogue files")
            merged[str(key)] = {str(lang): str(text) for lang, text in texts.items()}
    return merged


def translate(key: str, language: str, **values: object) -> str:
    """The catalogue text for ``key`` in ``language`` with ``{placeholders}`` filled.

    Falls back to English, then to the key itself, so a missing entry shows up
    visibly instead of crashing (a test makes sure none is missing).
    """
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(language) or texts.get(DEFAULT_LANGUAGE) or key
    return PluralFormatter(language).format(text, **values) if values else text


def format_number(value: float | None, language: str, digits: int = 1) -> str:
    """Format a number the way readers of ``language`` expect (``72.5`` / ``72,5``); ``—`` for None."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if language in ("ru", "uk"):
        # Russian and Ukrainian group thousands with a (narrow) space and use a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_percent(share: float | None, language: str, digits: int = 0) -> str:
    """Format a share 0..1 as a percentage in ``language``."""
    if share is None:
        return "—"
    return (
        f"{format_number(share * 100, language, digits)}\u00a0%"
        if language != "en"
        else f"{format_number(share * 100, language, digits)}%"
    )


def format_date(value: _dt.date, language: str) -> str:
    """Format a date in words: ``23 November 2026`` / ``23 ноября 2026`` / ``23 листопада 2026``."""
    months = _MONTHS.get(language, _MONTHS["en"])
    return f"{value.day} {months[value.month - 1]} {value.year}"
