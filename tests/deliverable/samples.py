"""Two reports as the consultancy delivers them, in any language: an executive alone, and a consultant's
second wave with groups and evidence. Used by the label test and to look at the pages (pdftoppm).

    python -m tests.deliverable.samples OUTDIR   # writes exec-LANG.pdf and cons-wave2-LANG.pdf
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind, Questionnaire
from cxmaturity.core.registry import find_questionnaire, find_questionnaire_path
from cxmaturity.core.scoring import score_answers
from cxmaturity.i18n import format_date, translate
from cxmaturity.report import build_report
from cxmaturity.report.workspace import load_workspace_context
from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.plan import plan_rows
from cxmaturity.roadmap.recommendations import library_for, load_library
from cxmaturity.roadmap.schedule import build_plan
from cxmaturity.storage import Store

CREATED = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
TODAY = CREATED.date()
LANGS = ("en", "ru", "uk")
GROUPS = {"executives": 3, "managers": 3, "front line": 3}
# Levels from the base up: answers (0..4) an executive gives; the base is weaker than the middle.
EXEC_VALUES = {"communication": 2, "responsiveness": 3, "commitment": 3, "proactivity": 1, "relationship": 0}


def logo_png() -> bytes:
    """A small wide logo: a blue square and a bar."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 80), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 80, 80), fill=(31, 78, 121))
    draw.rectangle((95, 30, 235, 50), fill=(230, 159, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def questionnaire() -> Questionnaire:
    return find_questionnaire("cx-pyramid")


def _value(level: str, index: int, shift: int = 0) -> float:
    base = next((v for key, v in EXEC_VALUES.items() if level.startswith(key)), 2)
    return float(max(0, min(4, base + shift + (1 if index % 3 == 0 else 0) - (1 if index % 5 == 0 else 0))))


def executive(lang: str) -> bytes:
    """One executive's self-assessment with its default plan, branded."""
    q = questionnaire()
    records = [
        Answer("self", question.id, AnswerKind.VALUE, _value(question.level, i))
        for i, question in enumerate(q.questions)
    ]
    answers = answer_set_from_records(records)
    card = score_answers(q, answers)
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    roadmap = build_roadmap(card, q, library, lang, TODAY)
    return build_report(
        card, q, lang, organisation="Northwind Retail", answers=answers, roadmap=roadmap, created=CREATED,
        title=translate("app.start.default_title", lang, date=format_date(TODAY, lang)),  # as the app gives it
        logo=logo_png(), consultancy="Harbour CX Advisory",
        prepared_for="Board of Northwind Retail",
    )  # fmt: skip


def _wave_answers(q: Questionnaire, shift: int) -> list[Answer]:
    answers = []
    for group, size in GROUPS.items():
        lift = {"executives": 1, "managers": 0, "front line": -1}[group] + shift
        for n in range(size):
            for i, question in enumerate(q.questions):
                answers.append(
                    Answer(
                        f"{group} {n + 1}", question.id, AnswerKind.VALUE, _value(question.level, i + n, lift), group
                    )
                )
    return answers


def consultant(lang: str, store: Store) -> bytes:
    """The second wave of a consultant's assessment: nine respondents in three groups, evidence, a plan with names."""
    first = store.create_assessment(
        "Contoso Insurance", find_questionnaire_path("cx-pyramid"), "CX assessment, Q1 2026", lang
    )
    store.replace_answers(first.id, _wave_answers(questionnaire(), 0))
    second = store.start_wave(first.id, "CX re-assessment, Q3 2026")
    store.replace_answers(second.id, _wave_answers(questionnaire(), 1))
    store.save_evidence(
        second.id, "communication.cx.channel-choice", text="Channel audit", value=2, rationale="Two of five channels"
    )
    q = store.load_questionnaire(second.id)
    answers = store.load_answer_set(second.id)
    card = score_answers(q, answers)
    library = load_library(library_for(find_questionnaire_path("cx-pyramid")))
    roadmap = build_roadmap(card, q, library, lang, TODAY)
    rows = plan_rows(roadmap, {}, library)
    rows = [row if row.step != 1 else row.__class__(**{**row.__dict__, "owner": "Olga Petrova"}) for row in rows]
    workspace = load_workspace_context(store, second.id, answers)
    return build_report(
        card, q, lang, organisation="Contoso Insurance", answers=answers, roadmap=roadmap, created=CREATED,
        title="CX re-assessment, Q3 2026", workspace=workspace, plan=build_plan(rows, TODAY),
        consultancy="Harbour CX Advisory", logo=logo_png(), prepared_for="Executive committee of Contoso Insurance",
        prepared_by="Sam Green, Harbour CX Advisory",
    )  # fmt: skip


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (out / f"exec-{lang}.pdf").write_bytes(executive(lang))
        store = Store.open(f"sqlite:///{out / f'cons-{lang}.sqlite3'}")
        (out / f"cons-wave2-{lang}.pdf").write_bytes(consultant(lang, store))
        store.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
