"""Fixtures for the workspace tests: SQLite stores, the mini questionnaire, and a filled assessment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, Store

MINI = Path(__file__).parent.parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="session")
def snapshot() -> QuestionnaireSnapshot:
    """The mini questionnaire: base.cx.a, base.ex.b (weight 3), top.cx.c, top.ex.d; scale 0/2/4."""
    return QuestionnaireSnapshot.from_file(MINI)


def open_store(folder: Path) -> Store:
    return Store.open(f"sqlite:///{folder / 'cxmaturity.sqlite3'}")


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "one")
    yield opened
    opened.dispose()


@pytest.fixture()
def other_store(tmp_path: Path) -> Iterator[Store]:
    """A second, independent installation."""
    opened = open_store(tmp_path / "two")
    yield opened
    opened.dispose()


def v(respondent: str, question: str, value: float | None, group: str | None = None, note: str | None = None) -> Answer:
    """A value answer (None: don't know)."""
    if value is None:
        return Answer(respondent, question, AnswerKind.DONT_KNOW, None, group, note)
    return Answer(respondent, question, AnswerKind.VALUE, float(value), group, note)


# Three executives rate everything high, three front-line staff low; one customer.
GROUP_ANSWERS = [
    *(v(f"exec{i}", q, 4, "executives") for i in range(1, 4) for q in ("base.cx.a", "base.ex.b", "top.cx.c")),
    *(v(f"front{i}", q, x, "front line") for i in range(1, 4) for q, x in (("base.cx.a", 0), ("base.ex.b", 2), ("top.cx.c", 2))),
    v("cust1", "base.cx.a", 0, "customers"),
]  # fmt: skip


@pytest.fixture()
def filled(store: Store, snapshot: QuestionnaireSnapshot) -> AssessmentRecord:
    """An assessment with the group answers above, evidence on two questions and one action state."""
    from cxmaturity.storage import ActionState

    record = store.create_assessment(
        "Acme", snapshot, "Spring", "en", industry="retail", targets={"levels": {"base": 70}}
    )
    store.replace_answers(record.id, GROUP_ANSWERS)
    store.save_evidence(
        record.id, "base.cx.a", text="CRM audit", link="https://example.org/audit", value=2, rationale="half"
    )
    store.save_evidence(record.id, "base.ex.b", text='=HYPERLINK("http://x")', value=0)
    store.save_action_state(record.id, ActionState("gemba-walk", "planned", owner="CEO"))
    return record
