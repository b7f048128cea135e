"""The PDF's customer-voice section (issue 16), in en, ru and uk, from a stored customer survey.

Seven customers: web 10, 10, 0; shop 9, 6, 6; vip 10 (a group of one: held back). All seven:
4 promoters, 3 detractors: NPS (4 - 3) / 7 = +14.3. Adjusted Wald by hand: p' = 4.75 / 10,
d' = 3.75 / 10, centre 0.1, variance (0.85 - 0.01) / 10 = 0.084, half-width 1.96 x 0.2898 =
0.568: -47..+67. Reasons: speed 3, price 2, staff 1 (six named one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.report import build_report
from cxmaturity.report.workspace import load_workspace_context
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.workspace.evidence import score_assessment

from .helpers import full_text, outline_titles

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
CREATED = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
REASONS = ("price", "quality", "staff", "speed")
CUSTOMERS = (
    ("w1", "web", 10, "speed"), ("w2", "web", 10, "speed"), ("w3", "web", 0, "price"),
    ("s1", "shop", 9, "price"), ("s2", "shop", 6, "staff"), ("s3", "shop", 6, "speed"),
    ("v1", "vip", 10, None),
)  # fmt: skip


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('voice') / 'voice.sqlite3'}")
    record = store.create_assessment("Northwind", QuestionnaireSnapshot.from_file(CUSTOMER), "Customers", "en")
    for label, group, nps, reason in CUSTOMERS:
        respondent = store.add_respondent(record.id, label, group=group, email=f"{label}@example.com")
        store.save_answer(respondent.id, "loyalty.recommend", "value", nps)
        if reason:
            store.save_answer(respondent.id, "reason.main", "value", REASONS.index(reason) + 1, note=reason)
        store.set_submitted(respondent.id)
    yield store, record.id
    store.dispose()


def _pdf(store: Store, assessment_id: int, lang: str) -> bytes:
    stored = score_assessment(store, assessment_id)
    workspace = load_workspace_context(store, assessment_id)
    questionnaire = store.load_questionnaire(assessment_id)
    return build_report(
        stored.card, questionnaire, lang, organisation="Northwind", answers=stored.answers, created=CREATED,
        workspace=workspace,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "title", "nps", "pain"),
    [
        ("en", "The customer's voice", "+14 (95% CI \u221247..+67), n = 7", "How fast I was served 3 50% (95% CI"),
        ("ru", "Голос клиента", "+14 (95% ДИ от \u221247 до +67), n = 7", "Скорость обслуживания 3 50 % (95% ДИ"),
        ("uk", "Голос клієнта", "+14 (95% ДІ від \u221247 до +67), n = 7", "Швидкість обслуговування 3 50 % (95% ДІ"),
    ],
)
def test_the_section_shows_metrics_groups_and_the_pain_map_in_each_language(stored, lang, title, nps, pain):
    store, assessment_id = stored
    pdf = _pdf(store, assessment_id, lang)
    assert title in outline_titles(pdf)
    text = full_text(pdf).replace("\u00a0", " ")
    assert nps in text and pain in text
    # The group of one is held back and counted; no customer is named and no e-mail printed.
    assert "vip" not in text and "example.com" not in text and "w1" not in text


def test_a_questionnaire_without_customer_metrics_has_no_such_section(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    try:
        record = store.create_assessment(
            "Northwind",
            QuestionnaireSnapshot.from_file(builtin_dir() / "cx-pyramid" / "questionnaire.yaml"),
            "Managers",
            "en",
        )
        assert load_workspace_context(store, record.id).voice is None
        assert "The customer's voice" not in outline_titles(_pdf(store, record.id, "en"))
    finally:
        store.dispose()


def test_the_roadmap_cites_the_measured_metrics(stored):
    from cxmaturity.roadmap.engine import build_roadmap
    from cxmaturity.roadmap.method import roadmap_library

    store, assessment_id = stored
    results = score_assessment(store, assessment_id)
    questionnaire = store.load_questionnaire(assessment_id)
    library = roadmap_library(questionnaire.id, questionnaire).library
    roadmap = build_roadmap(results.card, questionnaire, library, "en", CREATED.date())
    workspace = load_workspace_context(store, assessment_id)
    pdf = build_report(
        results.card, questionnaire, "en", organisation="Northwind", answers=results.answers, created=CREATED,
        workspace=workspace, roadmap=roadmap,
    )  # fmt: skip
    text = full_text(pdf)
    assert (
        "Measured customer metrics, the baseline for these steps: NPS +14 (95% CI \u221247..+67), n = 7; "
        "indicative: fewer than 30 answers." in text
    )
