"""Readings in words for groups, the perception gap and self vs evidence (screen and PDF).

The texts live in the catalogue files ``groups.yaml`` and ``evidence_page.yaml``; the
building blocks (titles in guillemets, "N points" with the right plural) come from
:mod:`cxmaturity.core.readings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxmaturity.core.model import DEFAULT_GROUPS, Questionnaire, ScoreCard
from cxmaturity.core.readings import aspect_title, format_score, level_title, points_text, quoted_title
from cxmaturity.i18n import format_number, format_percent, translate

if TYPE_CHECKING:
    from cxmaturity.workspace.evidence import EvidenceComparison
    from cxmaturity.workspace.perception import Driver, GapRow, Story

#: Groups at least this many points apart count as "far apart" in the gap reading.
FAR_APART = 20.0


def group_key(name: str) -> str | None:
    """The catalogue key of a default group's translated name (None for a group the consultant named)."""
    return f"workspace.group.{name.replace(' ', '_')}" if name in DEFAULT_GROUPS else None


def group_name(name: str | None, language: str) -> str:
    """A group's name to show: the default groups in ``language``, any other name as given ("" for none)."""
    if not name:
        return ""
    key = group_key(name)
    return translate(key, language) if key else name


def _sentence(text: str) -> str:
    """The first letter in upper case (after an opening guillemet or quote)."""
    index = len(text) - len(text.lstrip("«“\"'"))
    return text[:index] + text[index : index + 1].upper() + text[index + 1 :]


def _group(name: str, language: str) -> str:
    return quoted_title(group_name(name, language), language)


def item_title(questionnaire: Questionnaire, section: str, item_id: str, language: str) -> str:
    """The title of a level (``section="level"``) or an aspect."""
    if section == "level":
        return level_title(questionnaire, item_id, language)
    return aspect_title(questionnaire, item_id, language)


def gap_sentence(row: GapRow, questionnaire: Questionnaire, language: str) -> str:
    """``Executives rate Responsiveness 25 points higher than front line.``"""
    return _sentence(
        translate(
            "groups.reading.gap",
            language,
            high=_group(row.gap.high, language),
            low=_group(row.gap.low, language),
            name=quoted_title(item_title(questionnaire, row.section, row.item_id, language), language),
            points=points_text(row.gap.gap, language),
        )
    )


def groups_radar_reading(card: ScoreCard, questionnaire: Questionnaire, language: str, section: str) -> str:
    """Where the drawn groups differ most on the level (or aspect) radar, with both scores."""
    gap = card.perception_gap
    found = None if gap is None else (gap.levels if section == "level" else gap.aspects)
    if not found:
        return translate("groups.reading.radar_single", language)
    item_id, largest = max(found.items(), key=lambda item: item[1].gap)  # max keeps the first of ties
    return translate(
        "groups.reading.radar",
        language,
        name=quoted_title(item_title(questionnaire, section, item_id, language), language),
        high=_group(largest.high, language),
        high_score=format_score(largest.high_score, language),
        low=_group(largest.low, language),
        low_score=format_score(largest.low_score, language),
    )


def gaps_reading(rows: Sequence[GapRow], questionnaire: Questionnaire, language: str) -> str:
    """The largest perception gap in words, and on how many levels and aspects groups are far apart."""
    if not rows:
        return translate("groups.reading.no_gap", language)
    far = sum(1 for row in rows if row.gap.gap >= FAR_APART)
    return translate(
        "groups.reading.gaps",
        language,
        largest=gap_sentence(rows[0], questionnaire, language),
        far=format_number(far, language, 0),
        total=format_number(len(rows), language, 0),
        points=points_text(FAR_APART, language),
    )


def drivers_reading(drivers: Sequence[Driver], row: GapRow, questionnaire: Questionnaire, language: str) -> str:
    """The question that drives a gap most, with both groups' scores."""
    if not drivers:
        return translate("groups.reading.no_drivers", language)
    top = drivers[0]
    return translate(
        "groups.reading.drivers",
        language,
        question=questionnaire.question(top.question_id).text.get(language),
        high=_group(row.gap.high, language),
        high_score=format_score(top.high_score, language),
        low=_group(row.gap.low, language),
        low_score=format_score(top.low_score, language),
    )


def story_text(story: Story, questionnaire: Questionnaire, threshold: float, language: str) -> str:
    """``100% of executives rate Responsiveness at or above 60 — only 0% of front line do.``"""
    return _sentence(
        translate(
            "groups.story.text",
            language,
            high_share=format_percent(story.high.share, language),
            high=_group(story.high.group, language),
            high_n=format_number(story.high.n, language, 0),
            low_share=format_percent(story.low.share, language),
            low=_group(story.low.group, language),
            low_n=format_number(story.low.n, language, 0),
            name=quoted_title(level_title(questionnaire, story.level_id, language), language),
            threshold=format_score(threshold, language),
        )
    )


def evidence_reading(comparison: EvidenceComparison, questionnaire: Questionnaire, language: str) -> str:
    """Where the evidence differs most from the respondents' own view (levels first, then aspects)."""
    ranked = sorted(
        comparison.largest("level") + comparison.largest("aspect"), key=lambda item: -abs(item.difference or 0.0)
    )
    if not ranked:
        return translate("evidence.reading.none", language)
    top = ranked[0]
    difference = top.difference or 0.0
    if abs(difference) < 0.05:
        return translate("evidence.reading.same", language)
    return translate(
        f"evidence.reading.{'lower' if difference < 0 else 'higher'}",
        language,
        name=quoted_title(item_title(questionnaire, top.section, top.item_id, language), language),
        self_score=format_score(top.self_score, language),
        evidence_score=format_score(top.evidence_score, language),
        points=points_text(abs(difference), language),
    )
