"""Golden results: the `score` JSON of fixed answer files, for every shipped version of the built-in questionnaire.

tests/make_golden.py writes them; 1.0.0's must stay as they were when 2.0.0 shipped.
"""

from __future__ import annotations

import io
import json

import pytest

from cxmaturity.cli.main import main

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "scoring"
CASES = sorted((path.parent.name, path.stem) for path in GOLDEN.glob("*/*.csv"))
LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")


def _golden(version: str, profile: str) -> dict:
    return json.loads((GOLDEN / version / f"{profile}.json").read_text(encoding="utf-8"))


def test_every_shipped_version_has_goldens():
    assert {version for version, _ in CASES} == {"1.0.0", "2.0.0"}
    assert len(CASES) == 8


@pytest.mark.parametrize(("version", "profile"), CASES)
def test_score_matches_golden(version, profile):
    out = io.StringIO()
    answers = str(GOLDEN / version / f"{profile}.csv")
    assert main(["score", "--questionnaire", f"cx-pyramid@{version}", "--answers", answers], out, io.StringIO()) == 0
    assert json.loads(out.getvalue()) == _golden(version, profile)


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_golden_values_agree_with_hand_computation(version):
    staircase = _golden(version, "staircase")
    assert [staircase["levels"][k]["score"] for k in LEVELS] == [100.0, 75.0, 50.0, 25.0, 0.0]
    assert staircase["stage"] == pytest.approx(2 + 50 / 60)
    assert staircase["attained_levels"] == ["communication", "responsiveness"]
    # priority = gap * (L - k + 1) / L: commitment (k=3) gap 30 -> 18; proactivity (k=4) gap 55 -> 22
    assert staircase["levels"]["commitment"]["priority"] == pytest.approx(18.0)
    assert staircase["levels"]["proactivity"]["priority"] == pytest.approx(22.0)
    unsupported = _golden(version, "unsupported")
    assert unsupported["unsupported_levels"] == ["proactivity", "evolution"]
    assert unsupported["stage"] == pytest.approx(25 / 60)
    groups = _golden(version, "groups")
    assert set(groups["groups"]) == {"executives", "front line", "customers"}
    assert groups["perception_gap"]["levels"]["communication"]["high"] == "executives"
    assert _golden(version, "weak-ex")["aspects"]["ex"]["score"] == 0.0


def test_golden_2_0_0_overall_worked_out_by_hand():
    # 2.0.0 has 68 questions; their weights per level (four weigh more: moments of truth 2,
    # detractor callback, perception gap and KPI link 1.5 each):
    # communication 16, responsiveness 14 + 1 + 0.5 = 15.5, commitment 15 + 0.5 + 0.5 = 16,
    # proactivity 12, evolution 11; 70.5 in all. The overall score is the weighted mean.
    staircase = _golden("2.0.0", "staircase")  # 100, 75, 50, 25, 0 by level
    assert staircase["overall"]["score"] == pytest.approx((16 * 100 + 15.5 * 75 + 16 * 50 + 12 * 25) / 70.5)
    unsupported = _golden("2.0.0", "unsupported")  # 25 on the three lower levels, 100 on the two upper
    assert unsupported["overall"]["score"] == pytest.approx(((16 + 15.5 + 16) * 25 + (12 + 11) * 100) / 70.5)
    # weak-ex answers the n-th question 3, 4, na, dk, blank, 3, 4 (n mod 7) outside EX: the five
    # Communication x CX questions are n = 0..4, so two are scored: (75 + 100) / 2.
    weak_ex = _golden("2.0.0", "weak-ex")
    assert weak_ex["cells"]["communication/cx"]["score"] == pytest.approx(87.5)
    assert weak_ex["cells"]["communication/cx"]["coverage"] == pytest.approx(4 / 5)
