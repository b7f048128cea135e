"""Plain-JSON views of the model (what the CLI prints and tests compare)."""

from __future__ import annotations

import math
from typing import Any

from cxmaturity.core.model import PerceptionGap, Questionnaire, ScoreCard, SetScore, Text, format_value

_SET_FIELDS = ("score", "n", "median", "min", "max", "stdev", "target", "gap", "priority", "coverage", "uncertainty")


def _number(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def set_score_to_json(result: SetScore, fields: tuple[str, ...] = _SET_FIELDS) -> dict[str, Any]:
    """A SetScore as ``{score, n, median, ...}`` with JSON null for undefined values."""
    return {name: _number(getattr(result, name)) for name in fields}


def scorecard_to_json(card: ScoreCard) -> dict[str, Any]:
    """The ScoreCard in the CLI's ``score`` JSON shape (unrounded numbers, null when undefined)."""
    result: dict[str, Any] = {
        "questionnaire": {"id": card.questionnaire_id, "version": card.questionnaire_version},
        "respondents": len(card.respondents),
        "threshold": card.threshold,
        "overall": set_score_to_json(
            card.overall, ("score", "n", "median", "min", "max", "stdev", "coverage", "uncertainty")
        ),
        "stage": card.stage,
        "attained_levels": list(card.attained_levels),
        "unsupported_levels": list(card.unsupported_levels),
        "levels": {level_id: set_score_to_json(r) for level_id, r in card.levels.items()},
        "aspects": {
            aspect_id: set_score_to_json(r, tuple(f for f in _SET_FIELDS if f != "priority"))
            for aspect_id, r in card.aspects.items()
        },
        "cells": {
            f"{level_id}/{aspect_id}": set_score_to_json(
                r, ("score", "n", "median", "min", "max", "stdev", "coverage", "uncertainty")
            )
            for (level_id, aspect_id), r in card.cells.items()
        },
        "questions": {
            question_id: set_score_to_json(r, ("score", "n", "median", "min", "max", "stdev"))
            for question_id, r in card.questions.items()
        },
    }
    if card.groups:
        result["groups"] = {name: _without_groups(scorecard_to_json(group)) for name, group in card.groups.items()}
        result["perception_gap"] = perception_gap_to_json(card.perception_gap)
    return result


def _without_groups(data: dict[str, Any]) -> dict[str, Any]:
    data.pop("groups", None)
    data.pop("perception_gap", None)
    return data


def perception_gap_to_json(gap: PerceptionGap | None) -> dict[str, Any] | None:
    """``{levels: {id: {gap, high, low, high_score, low_score}}, aspects: {...}}`` or None, with
    ``left_out`` (the questions not every group scored) when the comparison left any out."""
    if gap is None:
        return None
    result: dict[str, Any] = {
        section: {item_id: dict(g.__dict__) for item_id, g in getattr(gap, section).items()}
        for section in ("levels", "aspects")
    }
    if gap.left_out:
        result["left_out"] = list(gap.left_out)
    return result


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else text.as_dict()


def questionnaire_to_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """The resolved questionnaire with the file format's keys; every text as ``{language: text}``."""
    return {
        "format": questionnaire.format,
        "id": questionnaire.id,
        "version": questionnaire.version,
        "hash": questionnaire.source_hash,
        "languages": list(questionnaire.languages),
        "title": _text(questionnaire.title),
        "description": _text(questionnaire.description),
        "threshold": questionnaire.threshold,
        "target": questionnaire.target,
        "scales": {
            scale_id: {
                "options": [{"value": o.value, "label": _text(o.label)} for o in scale.options],
                "allow_na": scale.allow_na,
                "allow_dont_know": scale.allow_dont_know,
            }
            for scale_id, scale in questionnaire.scales.items()
        },
        "levels": [
            {"id": x.id, "title": _text(x.title), "subtitle": _text(x.subtitle), "description": _text(x.description)}
            for x in questionnaire.levels
        ],
        "aspects": [
            {"id": x.id, "title": _text(x.title), "description": _text(x.description)} for x in questionnaire.aspects
        ],
        "questions": [
            {
                "id": q.id,
                "level": q.level,
                "aspect": q.aspect,
                "scale": q.scale,
                "weight": q.weight,
                "text": _text(q.text),
                "meaning": _text(q.meaning),
                "help": _text(q.help),
                "anchors": {format_value(value): _text(anchor) for value, anchor in q.anchors.items()},
            }
            for q in questionnaire.questions
        ],
        "items": [
            {
                "id": item.id,
                "kind": item.kind.value,
                "scale": item.scale,
                "text": _text(item.text),
                "help": _text(item.help),
                "choices": [{"id": c.id, "label": _text(c.label)} for c in item.choices],
                "anchors": {format_value(value): _text(anchor) for value, anchor in item.anchors.items()},
            }
            for item in questionnaire.items
        ],
        "sequence": [entry.id for entry in questionnaire.in_file_order()],
    }
