"""The file itself: same inputs give the same bytes, pages render, nothing imports the UI stack."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cxmaturity.report.fonts import FONT_DIR, LICENCE_FILE

from .factory import make_answers
from .helpers import report

ROOT = Path(__file__).resolve().parents[2]


def test_same_inputs_give_the_same_bytes(questionnaire) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(questionnaire, 5, groups=("a", "b"))
    first, _ = report(questionnaire, answers, "ru", notes="note")
    second, _ = report(questionnaire, answers, "ru", notes="note")
    assert first == second
    later, _ = report(questionnaire, answers, "ru", notes="note", created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert later != first


def test_fonts_ship_with_their_licence_and_are_embedded(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert (FONT_DIR / "DejaVuSans.ttf").stat().st_size > 500_000
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").stat().st_size > 500_000
    assert "Bitstream" in LICENCE_FILE.read_text(encoding="utf-8")
    pdf, _ = report(questionnaire, make_answers(questionnaire, 1))
    assert pdf.count(b"/FontFile2") == 2  # regular and bold, both embedded
    assert b"DejaVuSans" in pdf


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pages_render_and_are_not_blank(questionnaire, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image, ImageStat

    pdf, _ = report(questionnaire, make_answers(questionnaire, 3, groups=("a", "b")), "uk")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr  # e.g. an unbalanced graphics state
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) >= 10
    for image_path in images:
        with Image.open(image_path) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:200])  # pixels that are clearly not paper
            assert dark > 0.004 * grey.width * grey.height, f"{image_path.name} looks blank"
            assert ImageStat.Stat(grey).stddev[0] > 5


def test_importing_the_report_leaves_out_streamlit_and_plotly() -> None:
    code = (
        "import sys, cxmaturity.report, cxmaturity.core.methodology;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly', 'kaleido'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bytes_do_not_depend_on_the_process_hash_seed() -> None:
    """Set and dict orders vary between processes; the file must not (the app caches by content)."""
    code = (
        "import hashlib;"
        "from tests.report.factory import make_questionnaire, make_answers;"
        "from tests.report.helpers import report;"
        "q = make_questionnaire(); a = make_answers(q, 4, groups=('a', 'b'));"
        "print(hashlib.sha256(report(q, a, 'uk')[0]).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1
