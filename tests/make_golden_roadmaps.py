"""Generate the golden roadmaps in tests/golden/roadmap/ (review the diff before committing).

Each profile sets a score (0..100) per level x aspect cell of the built-in questionnaire,
optionally per respondent group. Four respondents per group answer every question of a
cell so that the mean equals the profile's score rounded to a multiple of 6.25; the
ScoreCard then comes from the real scoring (``cxmaturity.core.scoring.score_answers``), so the
goldens follow the whole chain answers -> ScoreCard -> roadmap.

    python tests/make_golden_roadmaps.py          # rewrite the files
    python tests/make_golden_roadmaps.py --check  # exit 1 if a file would change
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from cxmaturity.core.answers import answer_set_from_records  # noqa: E402
from cxmaturity.core.model import Answer, AnswerKind, Questionnaire, ScoreCard  # noqa: E402
from cxmaturity.core.questionnaire import load_questionnaire  # noqa: E402
from cxmaturity.core.scoring import score_answers  # noqa: E402
from cxmaturity.roadmap.engine import build_roadmap, roadmap_to_json  # noqa: E402
from cxmaturity.roadmap.method import merged  # noqa: E402
from cxmaturity.roadmap.recommendations import RecommendationLibrary, library_for, load_library  # noqa: E402

QUESTIONNAIRE = ROOT / "assessments" / "cx-pyramid" / "questionnaire.yaml"
GOLDEN_DIR = ROOT / "tests" / "golden" / "roadmap"
TODAY = dt.date(2026, 11, 23)
RESPONDENTS_PER_GROUP = 4
LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")
ASPECTS = ("cx", "ox", "ex", "it", "tx")

CellScores = Callable[[str, str], float]


def _by_level(scores: Mapping[str, float], aspect_offsets: Mapping[str, float] | None = None) -> CellScores:
    offsets = aspect_offsets or {}
    return lambda level, aspect: scores[level] + offsets.get(aspect, 0.0)


#: name -> {group (or "" for no groups) -> cell score function}
PROFILES: dict[str, dict[str, CellScores]] = {
    # Solid at the base, weaker with every level above; IT lags a little everywhere.
    "strong-base-weak-top": {
        "": _by_level(
            {"communication": 87.5, "responsiveness": 75, "commitment": 50, "proactivity": 31.25, "evolution": 18.75},
            {"it": -12.5},
        )
    },
    # Weak at the base, strong above: the upper levels are unsupported.
    "weak-base-strong-top": {
        "": _by_level(
            {"communication": 37.5, "responsiveness": 56.25, "commitment": 68.75, "proactivity": 75, "evolution": 62.5}
        )
    },
    # Every level fine except employee experience, weak everywhere.
    "one-aspect-weak": {"": lambda level, aspect: 31.25 if aspect == "ex" else 87.5},
    # Everything at or above the target of 80.
    "all-at-target": {"": lambda level, aspect: 87.5 if aspect in ("cx", "it") else 93.75},
    # Executives rate the company far higher than the front line does (perception gap).
    "groups-perception-gap": {
        "executives": _by_level(
            {"communication": 87.5, "responsiveness": 81.25, "commitment": 75, "proactivity": 62.5, "evolution": 56.25}
        ),
        "front-line": _by_level(
            {"communication": 68.75, "responsiveness": 43.75, "commitment": 50, "proactivity": 37.5, "evolution": 31.25}
        ),
    },
}


def _values_for(score: float) -> list[float]:
    """Four answers on the 0..4 scale whose mean scores ``score`` (rounded to 6.25)."""
    total = round(max(0.0, min(100.0, score)) / 6.25)  # quarter-points over four respondents
    base, extra = divmod(total, RESPONDENTS_PER_GROUP)
    return [float(base + 1 if index < extra else base) for index in range(RESPONDENTS_PER_GROUP)]


def card_for(profile: str, questionnaire: Questionnaire) -> ScoreCard:
    """The ScoreCard of a named profile, scored from generated answers."""
    return card_from(PROFILES[profile], questionnaire)


def card_from(groups: Mapping[str, CellScores], questionnaire: Questionnaire) -> ScoreCard:
    """Score generated answers: per group ("" = no group), every question of a cell gets the cell's score."""
    records = []
    for group, cell_score in groups.items():
        for question in questionnaire.questions:
            for index, value in enumerate(_values_for(cell_score(question.level, question.aspect))):
                respondent = f"{group or 'r'}-{index + 1}"
                records.append(Answer(respondent, question.id, AnswerKind.VALUE, value, group or None))
    return score_answers(questionnaire, answer_set_from_records(records))


def load_builtin() -> tuple[Questionnaire, RecommendationLibrary]:
    """The built-in questionnaire and its library, merged onto the method library as every caller does."""
    return load_questionnaire(QUESTIONNAIRE), merged(load_library(library_for(QUESTIONNAIRE)))


def golden_json(
    profile: str, lang: str, questionnaire: Questionnaire, library: RecommendationLibrary
) -> dict[str, object]:
    """The roadmap JSON of a profile in a language (what the golden file holds)."""
    card = card_for(profile, questionnaire)
    return roadmap_to_json(build_roadmap(card, questionnaire, library, lang, TODAY))


def golden_path(profile: str, lang: str) -> Path:
    return GOLDEN_DIR / f"{profile}.{lang}.json"


#: Every profile in English; one profile also in Russian and Ukrainian to pin the translations.
CASES: list[tuple[str, str]] = [(profile, "en") for profile in PROFILES] + [
    ("strong-base-weak-top", "ru"),
    ("strong-base-weak-top", "uk"),
]


def render(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    questionnaire, library = load_builtin()
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    changed = []
    for profile, lang in CASES:
        path = golden_path(profile, lang)
        text = render(golden_json(profile, lang, questionnaire, library))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path.name)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    print(("would change: " if "--check" in argv else "written: ") + (", ".join(changed) or "nothing"))
    return 1 if changed and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
