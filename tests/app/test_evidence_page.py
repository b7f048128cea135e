"""Evidence page: evidence saved per question lands in the database, bad links are refused, the results source."""

from __future__ import annotations

from cxmaturity.core.readings import format_stage
from cxmaturity.storage import AssessmentRecord, Store
from cxmaturity.workspace.evidence import score_assessment
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.tables import markdown_tables

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


def editing(at):  # type: ignore[no-untyped-def]
    """The page with its evidence fields switched on (a page opened by its address shows them as text)."""
    at.toggle(key="evidence.edit").set_value(True).run()
    no_exception(at)
    return at


def test_evidence_saved_through_the_page_is_in_the_database(store: Store, open_app):
    record, first = prepared(store)
    store.update_settings(record.id, anonymity_threshold=2)  # the group of two is shown
    at = open_app(EVIDENCE, a=record.key)
    no_exception(at)
    # The respondents' answers to the first question: 1, 1 and 3.
    assert "Respondents: 3 answered with a value, mean 1.7, median 1." in shown(at)
    # Per group a small bar: "staff" (ann and bob) answered 1 and 1 on 0..4, so 25 of 100: 3 cells of 10 (2.5 up).
    assert "███░░░░░░░ staff: mean 1 (n 2)" in shown(at)
    # One save for the level, not one per question.
    editing(at)
    saves = [b for b in at.get("button") if b.proto.label.startswith("Save")]
    assert [b.proto.label for b in saves] == ["Save the evidence of Communication"]
    at.text_area(key=f"evidence.{first}.text").input("Complaint log reviewed: 40% reopened")
    at.text_input(key=f"evidence.{first}.link").input("https://intranet.example.com/log")
    at.selectbox(key=f"evidence.{first}.value").set_value(2.0)
    at.text_area(key=f"evidence.{first}.rationale").input("Half the requests are answered late")
    at.button(key="evidence.save.communication").click().run()
    no_exception(at)
    saved = store.load_evidence(record.id)[first]
    assert (saved.text, saved.link, saved.value, saved.rationale) == (
        "Complaint log reviewed: 40% reopened",
        "https://intranet.example.com/log",
        2.0,
        "Half the requests are answered late",
    )
    assert "Evidence saved or changed for 1 question;" in shown(at)
    assert "Evidence recorded for 1 of" in shown(at)
    # The comparison updated itself: the evidence side of Communication is 2 of 4 on one question, so 50.
    compare = next(table for table in markdown_tables(at) if "Difference (evidence − respondents)" in table.columns)
    row = compare[compare["Name"] == "Communication"].iloc[0]
    assert row["Evidence"] == "50"
    # Emptying every field and saving removes it.
    for field in ("text", "link", "rationale"):
        widget = (
            at.text_area(key=f"evidence.{first}.{field}")
            if field != "link"
            else at.text_input(key=f"evidence.{first}.link")
        )
        widget.input("")
    at.selectbox(key=f"evidence.{first}.value").set_value(None)
    at.button(key="evidence.save.communication").click().run()
    no_exception(at)
    assert store.load_evidence(record.id) == {}


def test_a_javascript_link_is_refused_with_a_message(store: Store, open_app):
    record, first = prepared(store)
    at = open_app(EVIDENCE, a=record.key)
    # The one group has 2 respondents, under the default threshold of 3: no bar, and the page says why.
    assert "Groups with fewer than 3 respondents are not shown per question (1 of them)" in shown(at)
    assert "staff: mean" not in shown(at)
    editing(at)
    at.text_area(key=f"evidence.{first}.text").input("See the dashboard")
    at.text_input(key=f"evidence.{first}.link").input("javascript:alert(1)")
    at.button(key="evidence.save.communication").click().run()
    no_exception(at)
    assert store.load_evidence(record.id) == {}
    [error] = [e.value for e in at.error]
    readable = error.replace("\\", "").replace("\u2060", "")
    assert readable.startswith(
        "Question 1: Not saved: the link must be a web address starting with http:// or https://"
    )
    # What was typed is still there to be corrected.
    assert at.text_area(key=f"evidence.{first}.text").value == "See the dashboard"
    at.text_input(key=f"evidence.{first}.link").input("https://dashboard.example.com")
    at.button(key="evidence.save.communication").click().run()
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
    assert "These results use: the respondents' answers." in shown(at)

    at.switch_page(EVIDENCE).run()
    at.radio(key="evidence.source").set_value("evidence").run()
    no_exception(at)
    assert store.get_settings(record.id).results_source == "evidence"
    # Self vs evidence: respondents 25-ish everywhere, evidence 100 on four levels.
    compare = next(table for table in markdown_tables(at) if "Difference (evidence − respondents)" in table.columns)
    assert compare.iloc[0]["Difference (evidence − respondents)"].startswith("+")

    at.switch_page(RESULTS).run()
    no_exception(at)
    assert f"Stage {format_stage(by_evidence, 'en')} of 5" in at.subheader[0].value.replace("\\", "")
    assert "These results use: the consultant's assessed values." in shown(at)


def test_the_consultant_sees_the_auditors_help_on_each_evidence_card(store: Store, open_app):
    record, first = prepared(store)
    at = open_app(EVIDENCE, a=record.key)
    no_exception(at)
    question = store.load_questionnaire(record.id).question(first)
    # "What to look at, then Evidence: ..." is the question's tooltip where evidence is entered.
    assert question.help is not None
    assert question.help.get("en") in [element.proto.help.replace("\\", "") for element in at.markdown]


def test_the_fields_are_drawn_once_switched_on_and_stay_on_for_the_session(store: Store, open_app):
    record, first = prepared(store)
    store.save_evidence(
        record.id, first, text="Complaint log: *40%* reopened", link="https://intranet.example.com/log", value=2.0,
        rationale="Half the requests are answered late",
    )  # fmt: skip
    at = open_app(EVIDENCE, a=record.key)
    no_exception(at)
    # Opened by its address: no field, but every question of the level with its answers, and what is recorded.
    assert not at.text_area and not at.text_input and not at.get("button")
    assert at.toggle(key="evidence.edit").value is False
    assert shown(at).count("Respondents: 2 answered with a value, mean 1, median 1.") == 15  # 16 questions, 1 has 3
    # The value 2 of the built-in scale ("Defined"), with its label, and the other fields as typed (not markup:
    # escaped, and a word joiner keeps the address from turning into a link).
    assert (
        "Evidence: Complaint log: *40%* reopened  \nLink: https://intranet.example.com/log  \n"
        "Assessed value: 2 · Defined  \nRationale for the assessed value: Half the requests are answered late"
    ) in shown(at).replace("\u2060", "")
    editing(at)
    assert at.text_area(key=f"evidence.{first}.text").value == "Complaint log: *40%* reopened"
    assert len(at.text_area) == 2 * 16
    # Another page and back: the fields are still shown.
    at.switch_page(RESULTS).run()
    at.switch_page(EVIDENCE).run()
    no_exception(at)
    assert at.toggle(key="evidence.edit").value is True
    assert at.text_input(key=f"evidence.{first}.link").value == "https://intranet.example.com/log"
