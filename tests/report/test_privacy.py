"""A report names no one by default, never prints a small group's size, and says who is counted.

Respondents with telling names answer the mini questionnaire (2 levels x 2 aspects, scale
0/2/4); notes carry no names either. Listing participants is an opt-in, honoured only when
every group has at least the threshold (and never fewer than 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.report import build_report
from cxmaturity.report.workspace import load_workspace_context
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.workspace.evidence import score_assessment

from .helpers import full_text

MINI = Path(__file__).parent.parent / "fixtures" / "mini.yaml"
CREATED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
QUESTIONS = ("base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d")
EXECUTIVES = ("Olga Petrova", "Maria Lopez", "Sam Green")
FRONT_LINE = ("Li Wei",)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'privacy.sqlite3'}")
    yield opened
    opened.dispose()


def _answering(store: Store, record_id: int, label: str, group: str, value: int, submit: bool = True) -> None:
    respondent = store.add_respondent(record_id, label, group=group)
    for question in QUESTIONS:
        store.save_answer(respondent.id, question, "value", value, note=f"seen by the team of {group}")
    if submit:
        store.set_submitted(respondent.id)


def _pdf(store: Store, record_id: int, *, list_participants: bool = False) -> str:
    results = score_assessment(store, record_id)
    workspace = load_workspace_context(store, record_id, list_participants=list_participants)
    data = build_report(
        results.card,
        results.questionnaire,
        "en",
        organisation="Contoso",
        answers=results.answers,
        created=CREATED,
        workspace=workspace,
    )
    return full_text(data)


@pytest.fixture()
def small_group(store: Store) -> int:
    """Three executives (submitted), one front-line respondent (submitted), threshold lowered to 1."""
    record = store.create_assessment("Contoso", QuestionnaireSnapshot.from_file(MINI), "Wave 1", "en")
    for name in EXECUTIVES:
        _answering(store, record.id, name, "executives", 4)
    _answering(store, record.id, "Li Wei", "front line", 0)
    _answering(store, record.id, "Pat Late", "front line", 2, submit=False)
    store.update_settings(record.id, anonymity_threshold=1)
    return record.id


def test_a_default_report_names_no_respondent(store: Store, small_group: int) -> None:
    text = _pdf(store, small_group)
    for name in (*EXECUTIVES, *FRONT_LINE, "Pat Late"):
        assert name not in text
    assert "Respondents are not named in this report." in text
    assert "seen by the team of executives" in text  # notes stay, without their authors
    # Sizes: executives (3) may be printed; the front line (1) never, although the threshold is 1.
    assert "executives (3)" in text.lower() or "Executives (3)" in text
    assert "front line (1)" not in text.lower()
    assert "submitted: 4 (counted) · in progress: 1 (not counted until they submit) · not opened: 0" in text


def test_listing_participants_is_refused_while_a_group_is_small(store: Store, small_group: int) -> None:
    text = _pdf(store, small_group, list_participants=True)
    assert "Participants" not in text and "Olga Petrova" not in text


def test_listing_participants_is_an_opt_in_when_every_group_is_large_enough(store: Store) -> None:
    record = store.create_assessment("Contoso", QuestionnaireSnapshot.from_file(MINI), "Wave 1", "en")
    for name in EXECUTIVES:
        _answering(store, record.id, name, "executives", 4)
    for name in ("Ann", "Ben", "Cy"):
        _answering(store, record.id, name, "front line", 1)
    assert "Olga Petrova" not in _pdf(store, record.id)
    listed = _pdf(store, record.id, list_participants=True)
    assert "Participants Olga Petrova, Maria Lopez, Sam Green, Ann, Ben, Cy" in listed


def test_evidence_alone_at_low_coverage_is_not_yet_meaningful_in_the_pdf(store: Store) -> None:
    record = store.create_assessment("Contoso", QuestionnaireSnapshot.from_file(MINI), "Wave 1", "en")
    store.save_evidence(record.id, "base.cx.a", text="audit", value=4)
    store.update_settings(record.id, results_source="evidence")
    text = _pdf(store, record.id)
    assert "Not yet meaningful: 25% of the questions are answered, at least 50% are needed" in text
    assert "Evidence coverage 25%" in text
    assert "1 respondent" not in text  # the evidence is not a person
