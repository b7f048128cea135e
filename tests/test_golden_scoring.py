"""Golden results: the `score` JSON of fixed answer files for the built-in questionnaire."""

from __future__ import annotations

import io
import json

import pytest

from cxmaturity.cli.main import main

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "scoring"
PROFILES = sorted(path.stem for path in GOLDEN.glob("*.csv"))


@pytest.mark.parametrize("profile", PROFILES)
def test_score_matches_golden(profile):
    out = io.StringIO()
    assert (
        main(
            ["score", "--questionnaire", "cx-pyramid", "--answers", str(GOLDEN / f"{profile}.csv")], out, io.StringIO()
        )
        == 0
    )
    expected = json.loads((GOLDEN / f"{profile}.json").read_text(encoding="utf-8"))
    assert json.loads(out.getvalue()) == expected


def test_golden_values_agree_with_hand_computation():
    staircase = json.loads((GOLDEN / "staircase.json").read_text(encoding="utf-8"))
    assert [
        staircase["levels"][k]["score"]
        for k in ("communication", "responsiveness", "commitment", "proactivity", "evolution")
    ] == [100.0, 75.0, 50.0, 25.0, 0.0]
    assert staircase["stage"] == pytest.approx(2 + 50 / 60)
    assert staircase["attained_levels"] == ["communication", "responsiveness"]
    # priority = gap * (L - k + 1) / L: commitment (k=3) gap 30 -> 18; proactivity (k=4) gap 55 -> 22
    assert staircase["levels"]["commitment"]["priority"] == pytest.approx(18.0)
    assert staircase["levels"]["proactivity"]["priority"] == pytest.approx(22.0)
    unsupported = json.loads((GOLDEN / "unsupported.json").read_text(encoding="utf-8"))
    assert unsupported["unsupported_levels"] == ["proactivity", "evolution"]
    assert unsupported["stage"] == pytest.approx(25 / 60)
    groups = json.loads((GOLDEN / "groups.json").read_text(encoding="utf-8"))
    assert set(groups["groups"]) == {"executives", "front line", "customers"}
    assert groups["perception_gap"]["levels"]["communication"]["high"] == "executives"
