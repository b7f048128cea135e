"""Regenerate the golden scoring results for every shipped version of the built-in questionnaire.

Run `python tests/make_golden.py` (or `make golden`) after a deliberate change to the scoring
contract or the built-in questionnaire, then review the diff of tests/golden/ like code.
Each profile is a fixed answer file (CSV) and the `score` JSON it must produce, written to
tests/golden/scoring/<version>/ for every version the registry can load (1.0.0 under
assessments/cx-pyramid/versions/, the current one beside it): an old version's results must
not change when a new version ships.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cxmaturity.core.answers import read_answers  # noqa: E402
from cxmaturity.core.model import Questionnaire  # noqa: E402
from cxmaturity.core.questionnaire import load_questionnaire  # noqa: E402
from cxmaturity.core.registry import questionnaire_versions  # noqa: E402
from cxmaturity.core.scoring import score_answers  # noqa: E402
from cxmaturity.core.serialise import scorecard_to_json  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "scoring"
QUESTIONNAIRE_ID = "cx-pyramid"
LEVEL_ORDER = ["communication", "responsiveness", "commitment", "proactivity", "evolution"]


ValueOf = Callable[[int, str, str, int], str]


def _rows(questionnaire: Questionnaire, value_of: ValueOf, respondents: list[tuple[str, str]]) -> str:
    lines = ["respondent,group,question,value,note"]
    for r, (name, group) in enumerate(respondents):
        for n, question in enumerate(questionnaire.questions):
            lines.append(f"{name},{group},{question.id},{value_of(r, question.level, question.aspect, n)},")
    return "\n".join(lines) + "\n"


# Each profile: how respondent r answers the n-th question (in screen order) of a level and aspect.
PROFILES: dict[str, tuple[ValueOf, list[tuple[str, str]]]] = {
    # Strong at the base, weaker at every level above: stage between 2 and 3.
    "staircase": (lambda r, level, aspect, n: str(4 - LEVEL_ORDER.index(level)), [("ceo", "")]),
    # Weak base, strong top: proactivity and evolution are unsupported.
    "unsupported": (lambda r, level, aspect, n: "1" if LEVEL_ORDER.index(level) < 3 else "4", [("ceo", "")]),
    # One aspect (EX) weak everywhere, with na, dk and unanswered sprinkled in.
    "weak-ex": (
        lambda r, level, aspect, n: "0" if aspect == "ex" else ["3", "4", "na", "dk", "", "3", "4"][n % 7],
        [("ceo", "")],
    ),
    # Three groups that disagree: executives rate high, the front line and customers low.
    "groups": (
        lambda r, level, aspect, n: str([4, 3, 1, 2, 0, 1][r] if (n + r) % 5 else [3, 4, 2, 1, 1, 0][r]),
        [
            ("exec-1", "executives"),
            ("exec-2", "executives"),
            ("front-1", "front line"),
            ("front-2", "front line"),
            ("cust-1", "customers"),
            ("cust-2", "customers"),
        ],
    ),
}


def write_version(questionnaire: Questionnaire, folder: Path) -> None:
    """Write every profile's CSV and its expected `score` JSON for one questionnaire version."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (value_of, respondents) in PROFILES.items():
        csv_path = folder / f"{name}.csv"
        csv_path.write_text(_rows(questionnaire, value_of, respondents), encoding="utf-8")
        card = score_answers(questionnaire, read_answers(csv_path, questionnaire))
        (folder / f"{name}.json").write_text(
            json.dumps(scorecard_to_json(card), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"{questionnaire.version} {name}: stage {card.stage:.4f}, overall {card.overall.score}")


def main() -> None:
    """Write the golden files of every shipped version of the built-in questionnaire."""
    for version, path in questionnaire_versions(QUESTIONNAIRE_ID).items():
        write_version(load_questionnaire(path), GOLDEN / version)


if __name__ == "__main__":
    main()
