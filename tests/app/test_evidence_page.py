"""Evidence page: evidence saved per question lands in the database, bad links are refused, the results source."""

from __future__ import annotations

from cxmaturity.core.readings import format_stage
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.workspace.evidence import score_assessment
from tests.app.conftest import BUILTIN, no_exception, texts

EVIDENCE = "pages/evidence.py"
RESULTS = "pages/results.py"


def prepared(store: Store) -> tuple[AssessmentRecord, str]:
    """An assessment whose two respondents answered 1 everywhere and submitted (and 'self' 3 on the first question)."""
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    questions = store.load_questionnaire(record.id).questions
    for label in ("ann", "bob"):
        respondent = store.add_respondent(record.id, label, group="staff")
        for question in questions:
            store.save_answer(respondent.id, question.id, "value", 1)
        store.set_submitted(respondent.id)  # the results count submitted respondents
    store.save_answer(store.self_respondent(record.id).id, questions[0].id, "value", 3)
    return record, questions[0].id


def shown(at) -> str:  # type: ignore[no-untyped-def]
    return texts(at).replace("\\", "")


def test_evidence_saved_through_the_page_is_in_the_database(store: Store, open_app):
    record, first = prepared(store)
    at = open_app(EVIDENCE, a=record.key)
    no_exception(at)
    # The respondents' answers to the first question: 1, 1 and 3.
    assert (
        "Respondents: 3 answered with a value, mean 1.7, median 1. Answers given: 0: 0 · 1: 2 · 2: 0 · 3: 1"
        in shown(at)
    )
    at.text_area(key=f"evidence.{first}.text").input("Complaint log reviewed: 40% reopened")
    at.text_input(key=f"evidence.{first}.link").input("https://intranet.example.com/log")
    at.selectbox(key=f"evidence.{first}.value").set_value(2.0)
    at.text_area(key=f"evidence.{first}.rationale").input("Half the requests are answered late")
    at.button(key=f"evidence.{first}.save").click().run()
    no_exception(at)
    saved = store.load_evidence(record.id)[first]
    assert (saved.text, saved.link, saved.value, saved.rationale) == (
        "Complaint log reviewed: 40% reopened",
        "https://intranet.example.com/log",
        2.0,
        "Half the requests are answered late",
    )
    assert "Evidence saved." in shown(at)
    assert "Evidence recorded for 1 of" in shown(at)
    # Deleting removes it.
    at.button(key=f"evidence.{first}.delete").click().run()
    no_exception(at)
    assert store.load_evidence(record.id) == {}


def test_a_javascript_link_is_refused_with_a_message(store: Store, open_app):
    record, first = prepared(store)
    at = open_app(EVIDENCE, a=record.key)
    at.text_area(key=f"evidence.{first}.text").input("See the dashboard")
    at.text_input(key=f"evidence.{first}.link").input("javascript:alert(1)")
    at.button(key=f"evidence.{first}.save").click().run()
    no_exception(at)
    assert store.load_evidence(record.id) == {}
    [error] = [e.value for e in at.error]
    assert "the link must be a web address starting with http:// or https://" in error
    # What was typed is still there to be corrected.
    assert at.text_area(key=f"evidence.{first}.text").value == "See the dashboard"
    at.text_input(key=f"evidence.{first}.link").input("https://dashboard.example.com")
    at.button(key=f"evidence.{first}.save").click().run()
    assert store.load_evidence(record.id)[first].link == "https://dashboard.example.com"


def test_results_source_evidence_changes_the_results_headline(store: Store, open_app):
    record, _first = prepared(store)
    for question in store.load_questionnaire(record.id).questions:
        store.save_evidence(record.id, question.id, text="seen", value=4.0 if question.level != "evolution" else 1.0)
    by_respondents = score_assessment(store, record.id, "respondents").card.stage
    by_evidence = score_assessment(store, record.id, "evidence").card.stage
    assert format_stage(by_respondents, "en") != format_stage(by_evidence, "en")

    at = open_app(RESULTS, a=record.key)
    assert f"Stage {format_stage(by_respondents, 'en')} of 5" in at.subheader[0].value.replace("\\", "")
    assert "These results use: Respondents' answers." in shown(at)

    at.switch_page(EVIDENCE).run()
    at.radio(key="evidence.source").set_value("evidence").run()
    no_exception(at)
    assert store.get_settings(record.id).results_source == "evidence"
    # Self vs evidence: respondents 25-ish everywhere, evidence 100 on four levels.
    compare = next(e.value for e in at.dataframe if "Difference (evidence − respondents)" in e.value.columns)
    assert compare.iloc[0]["Difference (evidence − respondents)"].startswith("+")

    at.switch_page(RESULTS).run()
    no_exception(at)
    assert f"Stage {format_stage(by_evidence, 'en')} of 5" in at.subheader[0].value.replace("\\", "")
    assert "These results use: Consultant's assessed values." in shown(at)
