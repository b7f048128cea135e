"""Questionnaires unlike the built-in one, their answers and the roadmap focus worked out by hand.

Shared by the CLI, engine, page and PDF tests of the roadmap for any questionnaire
(tests/fixtures/any_questionnaire/). Scores: a value v on a scale min..max scores
(v - min) / (max - min) x 100; a level's priority is gap x (L - k + 1) / L for its
k-th place from the base (docs/methodology.md); the target is 80.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).parent / "fixtures" / "any_questionnaire"


@dataclass(frozen=True)
class Case:
    """A test questionnaire, one respondent's answers and the roadmap's expected focus."""

    name: str
    answers: dict[str, float]
    focus_level: str
    focus_aspect: str | None
    #: The focus sentence's numbers in English: "{level} ... (priority P)", written out by hand.
    priority_en: str
    following_level: str
    following_aspect: str | None
    #: Titles (in the questionnaire's first language) the focus is named with.
    focus_title: str

    @property
    def path(self) -> Path:
        return FOLDER / self.name / "questionnaire.yaml"

    def csv(self) -> str:
        return "respondent,question,value\n" + "".join(f"me,{q},{v:g}\n" for q, v in self.answers.items())


def _cells(level: str, aspects: tuple[str, ...], values: tuple[float, ...]) -> dict[str, float]:
    return {f"{level}.{aspect}": value for aspect, value in zip(aspects, values, strict=True)}


_THREE_ASPECTS = ("people", "process", "tools", "money")
# 3 levels x 4 aspects, scale 0..3. reach = (100+100+66.7+100)/4 = 91.7 (at target);
# solve = (33.3+33.3+0+66.7)/4 = 33.3, gap 46.7, priority 46.7 x 2/3 = 31.1;
# care = 0, gap 80, priority 80 x 1/3 = 26.7. The focus is solve, not the weaker care
# (foundations first), narrowed to its weakest aspect tools (0; spread 66.7 >= 5).
THREE_BY_FOUR = Case(
    name="three-by-four",
    answers={
        **_cells("reach", _THREE_ASPECTS, (3, 3, 2, 3)),
        **_cells("solve", _THREE_ASPECTS, (1, 1, 0, 2)),
        **_cells("care", _THREE_ASPECTS, (0, 0, 0, 0)),
    },
    focus_level="solve",
    focus_aspect="tools",
    priority_en="(priority 31.1)",
    following_level="care",
    following_aspect=None,
    focus_title="Problem solving × Tools",
)


def _six(level: str, front: tuple[int, int], back: tuple[int, int]) -> dict[str, float]:
    return {
        f"{level}.front.1": front[0],
        f"{level}.front.2": front[1],
        f"{level}.back.1": back[0],
        f"{level}.back.2": back[1],
    }


# 6 levels x 2 aspects, yes/no. l1 = 100, l2 = 75 (gap 5, priority 5 x 5/6 = 4.2),
# l3 = 25 (front 50, back 0; gap 55, priority 55 x 4/6 = 36.7), l4..l6 = 0 (gap 80;
# priorities 80 x 3/6 = 40, 80 x 2/6 = 26.7, 80 x 1/6 = 13.3). The focus is l4 as a whole
# (its two aspects both score 0), the following focus l3 narrowed to the back office.
SIX_BY_TWO = Case(
    name="six-by-two",
    answers={
        **_six("l1", (1, 1), (1, 1)),
        **_six("l2", (1, 1), (1, 0)),
        **_six("l3", (1, 0), (0, 0)),
        **_six("l4", (0, 0), (0, 0)),
        **_six("l5", (0, 0), (0, 0)),
        **_six("l6", (0, 0), (0, 0)),
    },
    focus_level="l4",
    focus_aspect=None,
    priority_en="(priority 40.0)",
    following_level="l3",
    following_aspect="back",
    focus_title="Care",
)

_RU_ASPECTS = ("staff", "processes", "systems")
# Russian only, 4 levels x 3 aspects, scale 1..5. info = (100+100+75)/3 = 91.7 (at target);
# speed = (50+25+50)/3 = 41.7, gap 38.3, priority 38.3 x 3/4 = 28.75; attention = 25,
# gap 55, priority 55 x 2/4 = 27.5; partnership = 0, gap 80, priority 80 x 1/4 = 20.
# The focus is speed, narrowed to processes (25; spread 25 >= 5).
RU_ONLY = Case(
    name="ru-only",
    answers={
        **_cells("info", _RU_ASPECTS, (5, 5, 4)),
        **_cells("speed", _RU_ASPECTS, (3, 2, 3)),
        **_cells("attention", _RU_ASPECTS, (2, 2, 2)),
        **_cells("partnership", _RU_ASPECTS, (1, 1, 1)),
    },
    focus_level="speed",
    focus_aspect="processes",
    priority_en="(priority 28.8)",
    following_level="attention",
    following_aspect=None,
    focus_title="Скорость × Процессы",
)

CASES = (THREE_BY_FOUR, SIX_BY_TWO, RU_ONLY)

#: Titles and ids of the built-in questionnaire's levels: none may leak into another's roadmap.
BUILTIN_WORDS = (
    "Communication",
    "Responsiveness",
    "Commitment",
    "Proactivity",
    "Relationship evolution",
    "communication",
    "responsiveness",
    "proactivity",
    "Коммуникация",
    "Комунікація",
)

#: A small own library for three-by-four: it replaces the method's sponsor action and adds one
#: step-3 action about the level LEVEL (a level it lacks makes the library unusable).
OWN_LIBRARY = """\
format: 1
id: three-own
version: 0.1.0
questionnaire: service-three
languages: [en, uk]
title: {en: Own advice, uk: Власні поради}
roles:
  sponsor: {title: {en: Service director, uk: Директор із сервісу}}
  lead: {title: {en: Case lead, uk: Лідер випадків}}
metrics:
  wait: {name: {en: Waiting time, uk: Час очікування}}
actions:
  - id: team.win-a-sponsor
    step: 2
    trigger: {bands: [low, developing, established]}
    authority: management
    effort: S
    impact: high
    owner: sponsor
    metric: wait
    horizon_days: 7
    title: {en: Ask the service director to back the work, uk: Попросіть директора із сервісу підтримати роботу}
    description: {en: Book an hour with the director., uk: Заплануйте годину з директором.}
    rationale: {en: The director decides on exceptions., uk: Директор вирішує щодо винятків.}
  - id: solve.one-owner-per-case
    step: 3
    trigger: {levels: [LEVEL], bands: [low]}
    authority: own
    effort: S
    impact: high
    owner: lead
    metric: wait
    horizon_days: 30
    title: {en: "Give every case one owner in {level}", uk: "Дайте кожному випадку одного власника на рівні «{level}»"}
    description: {en: One person follows each case to its end., uk: Одна людина веде кожен випадок до кінця.}
    rationale: {en: Cases without an owner wait., uk: Випадки без власника чекають.}
"""


def questionnaire_with_library(tmp_path: Path, level: str = "solve") -> Path:
    """three-by-four with OWN_LIBRARY beside it (its step-3 action about ``level``), in ``tmp_path/three-own``."""
    folder = tmp_path / "three-own"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(THREE_BY_FOUR.path, folder / "questionnaire.yaml")
    (folder / "recommendations.yaml").write_text(OWN_LIBRARY.replace("LEVEL", level), encoding="utf-8")
    return folder / "questionnaire.yaml"
