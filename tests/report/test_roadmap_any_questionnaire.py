"""The PDF of a questionnaire unlike the built-in one has a roadmap section (issue 19).

Built through the command line as a user would (`python -m cxmaturity report`), then read back.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cxmaturity.cli.main import main
from tests.any_questionnaire import CASES, RU_ONLY, Case

from .helpers import outline_titles, page_texts, squash

STEP_TITLES = {
    "en": [
        "Step 1. Understand the current situation",
        "Step 2. Form a team",
        "Step 3. Choose where to act and state the problem",
        "Step 4. Run a pilot",
        "Step 5. Analyse the pilot and tell about the result",
    ],
    "ru": [
        "Шаг 1. Понять текущую ситуацию",
        "Шаг 2. Собрать команду",
        "Шаг 3. Выбрать, где действовать, и сформулировать проблему",
        "Шаг 4. Провести пилот",
        "Шаг 5. Проанализировать пилот и рассказать о результате",
    ],
}
NOTICE = {
    "en": "This questionnaire has no advice of its own, so the steps below come from the product's method library",
    "ru": "У этой анкеты нет собственных рекомендаций, поэтому шаги ниже взяты из библиотеки метода",
}


def pdf_of(case: Case, tmp_path: Path, lang: str) -> bytes:
    answers = tmp_path / f"{case.name}.csv"
    answers.write_text(case.csv(), encoding="utf-8")
    output = tmp_path / f"{case.name}.pdf"
    out, err = io.StringIO(), io.StringIO()
    argv = ["report", "--questionnaire", str(case.path), "--answers", str(answers), "--lang", lang]
    code = main([*argv, "--output", str(output)], out, err)
    assert (code, err.getvalue()) == (0, "")
    return output.read_bytes()


@pytest.mark.parametrize(
    ("case", "lang"),
    [(case, "en") for case in CASES if case is not RU_ONLY] + [(RU_ONLY, "ru")],
    ids=lambda value: value.name if isinstance(value, Case) else value,
)
def test_the_pdf_has_the_five_steps_the_notice_and_the_focus(case: Case, lang: str, tmp_path: Path):
    pdf = pdf_of(case, tmp_path, lang)
    text = squash(" ".join(page_texts(pdf)))
    heading = "Roadmap" if lang == "en" else "Дорожная карта"
    # The section opens with the one sentence saying where the steps come from.
    start = text.find(f"{heading} {NOTICE[lang]}")
    assert start > 0
    roadmap = text[start:]
    focus = "Focus: " if lang == "en" else "Фокус: "
    assert f"{focus}{case.focus_title}" in roadmap
    positions = [roadmap.find(title) for title in STEP_TITLES[lang]]
    assert -1 not in positions and positions == sorted(positions)
    assert [title for title in STEP_TITLES[lang] if title in outline_titles(pdf)] == STEP_TITLES[lang]
    if case is RU_ONLY:
        # The pilot for the middle level, named with the questionnaire's own titles.
        assert "Опробуйте новый порядок работы в зоне «Скорость × Процессы» на одном типе случаев" in roadmap
