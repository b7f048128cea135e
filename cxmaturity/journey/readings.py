"""Readings in words of the emotion curve, the criticality matrix and the level ladder.

Each reading names the concrete finding with numbers, in en, ru or uk (catalogue keys
``journey.reading.*``), so the charts built later only have to show it.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxmaturity.core.readings import format_score, quoted_title
from cxmaturity.i18n import translate
from cxmaturity.journey.matrix import EmotionPoint, LadderStep, LevelChange, MatrixPoint


def signed(value: float, language: str) -> str:
    """A value on the -2..+2 emotion scale with its sign (``+1.5``, ``-2``, ``0``)."""
    text = format_score(value, language)
    return f"+{text}" if round(value, 1) > 0 else text


def emotion_reading(curve: Sequence[EmotionPoint], language: str) -> str:
    """The lowest and highest point of the emotion curve, and the moments of truth left negative."""
    if not curve:
        return translate("journey.reading.emotion.none", language)
    lowest = min(curve, key=lambda p: (p.emotion, p.position))
    highest = max(curve, key=lambda p: (p.emotion, -p.position))
    text = translate(
        "journey.reading.emotion.range",
        language,
        lowest=quoted_title(lowest.touchpoint.name, language),
        low_stage=lowest.touchpoint.stage,
        low=signed(lowest.emotion, language),
        highest=quoted_title(highest.touchpoint.name, language),
        high_stage=highest.touchpoint.stage,
        high=signed(highest.emotion, language),
    )
    moments = [p for p in curve if p.touchpoint.moment_of_truth]
    if moments:
        negative = sum(1 for p in moments if p.emotion < 0)
        text += " " + translate("journey.reading.emotion.moments", language, negative=negative, moments=len(moments))
    return text


def matrix_reading(points: Sequence[MatrixPoint], first: Sequence[MatrixPoint], language: str) -> str:
    """How many touchpoints are critical for both sides, and which one to fix first."""
    if not points:
        return translate("journey.reading.matrix.none", language)
    both = sum(1 for p in points if p.quadrant == "both")
    text = translate("journey.reading.matrix.both", language, both=both, total=len(points))
    if first:
        worst = first[0]
        text += " " + translate(
            "journey.reading.matrix.fix_first",
            language,
            name=quoted_title(worst.touchpoint.name, language),
            stage=worst.touchpoint.stage,
            score=format_score(worst.performance, language),
            count=len(first),
        )
    elif both:
        text += " " + translate("journey.reading.matrix.all_fine", language)
    return text


def ladder_reading(steps: Sequence[LadderStep], language: str) -> str:
    """The average level today and wanted, and the touchpoint with the largest gap."""
    if not steps:
        return translate("journey.reading.ladder.none", language)
    now = sum(step.now for step in steps) / len(steps)
    targets = [step.target for step in steps if step.target is not None]
    if targets:
        text = translate(
            "journey.reading.ladder.average",
            language,
            now=format_score(now, language),
            target=format_score(sum(targets) / len(targets), language),
        )
    else:
        text = translate("journey.reading.ladder.average_no_target", language, now=format_score(now, language))
    widest = max(steps, key=lambda step: (step.gap, -step.position))
    if widest.gap > 0:
        assert widest.target is not None  # a gap needs a target
        text += " " + translate(
            "journey.reading.ladder.gap",
            language,
            name=quoted_title(widest.touchpoint.name, language),
            now=format_score(widest.now, language),
            target=format_score(widest.target, language),
        )
    elif targets:
        text += " " + translate("journey.reading.ladder.reached", language)
    return text


def wave_reading(up: Sequence[LevelChange], down: Sequence[LevelChange], language: str) -> str:
    """How many touchpoints moved up the pyramid and got worse since the previous wave, with the largest of each."""
    if not up and not down:
        return translate("journey.reading.wave.none", language)
    parts = []
    for key, changes in (("journey.reading.wave.up", up), ("journey.reading.wave.down", down)):
        if changes:
            largest = changes[0]
            parts.append(
                translate(
                    key,
                    language,
                    count=len(changes),
                    name=quoted_title(largest.touchpoint.name, language),
                    before=format_score(largest.before, language),
                    after=format_score(largest.after, language),
                )
            )
    return " ".join(parts)
