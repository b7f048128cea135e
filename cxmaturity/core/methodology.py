"""The scoring contract in plain words, with a worked example, in en, ru and uk.

The texts live in the catalogue file ``i18n/catalogue/methodology.yaml``; this
module orders them into sections. The PDF report's appendix and the app's
Methodology page both read :func:`methodology_sections`, so they never differ.
"""

from __future__ import annotations

from cxmaturity.i18n import catalogue, translate

#: Section ids in reading order; each has ``methodology.<id>.title`` and ``.p1``, ``.p2``, ...
SECTION_IDS: tuple[str, ...] = ("scale", "sets", "respondents", "stage", "gaps", "groups", "example")


def methodology_sections(lang: str) -> list[tuple[str, list[str]]]:
    """The methodology as ``[(title, [paragraph, ...]), ...]`` in ``lang`` (English when unknown)."""
    entries = catalogue()
    sections: list[tuple[str, list[str]]] = []
    for section in SECTION_IDS:
        paragraphs: list[str] = []
        number = 1
        while f"methodology.{section}.p{number}" in entries:
            paragraphs.append(translate(f"methodology.{section}.p{number}", lang))
            number += 1
        sections.append((translate(f"methodology.{section}.title", lang), paragraphs))
    return sections
