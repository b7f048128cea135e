"""Results and Groups say who is counted; a respondent in progress moves nothing unless the consultant says so."""

from __future__ import annotations

from cxmaturity.storage import Store
from tests.app.conftest import BUILTIN, no_exception, texts

RESULTS = "pages/results.py"
GROUPS = "pages/groups.py"


def _prepare(store: Store):  # type: ignore[no-untyped-def]
    """Three submitted respondents answer 3 everywhere (75); Li answered 0 on three questions, unsubmitted."""
    record = store.create_assessment("Contoso", BUILTIN, "Baseline", "en")
    questions = store.load_questionnaire(record.id).questions
    for name in ("Olga", "Maria", "Sam"):
        respondent = store.add_respondent(record.id, name, group="executives")
        for question in questions:
            store.save_answer(respondent.id, question.id, "value", 3)
        store.set_submitted(respondent.id)
    li = store.add_respondent(record.id, "Li", group="front line")
    for question in questions[:3]:  # three communication questions
        store.save_answer(li.id, question.id, "value", 0)
    store.add_respondent(record.id, "Bo", group="front line")
    return record


def test_the_headline_does_not_move_for_a_respondent_in_progress(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = _prepare(store)
    at = open_app(RESULTS, a=record.key)
    no_exception(at)
    # Everyone counted scores 75 everywhere: every level reached, stage 5 of 5.
    assert at.subheader[0].value.startswith("Stage 5 of 5")
    shown = texts(at)
    assert "submitted: 3 (counted) · in progress: 1 (not counted until they submit) · not opened: 1" in shown
    at.toggle(key="results.in_progress").set_value(True).run()
    no_exception(at)
    # Li's communication score is 0 (three 0s): (75 x 3 + 0) / 4 = 56.25 < 60, stage 56.25 / 60 = 0.94 -> 0.9.
    headline = at.subheader[0].value.replace("\\", "")
    assert headline.startswith("Stage 0.9 of 5")
    assert headline.endswith("(including unfinished answers of respondents in progress: 1)")
    assert "in progress: 1 (counted, although unfinished)" in texts(at)
    groups = at.switch_page(GROUPS).run()
    no_exception(groups)
    assert "in progress: 1 (counted, although unfinished)" in texts(groups)


def test_the_pdf_names_nobody_unless_asked_and_every_group_is_large_enough(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = _prepare(store)
    li = store.find_respondent(record.id, "Li")
    assert li is not None
    store.set_submitted(li.id)  # now counted: the front line has one respondent
    at = open_app(RESULTS, a=record.key)
    names = at.checkbox(key="results.pdf.names")
    assert names.value is False and names.disabled  # the front line has fewer than 3
    assert "Names cannot be listed: a group has fewer than 3 respondents" in texts(at)
    # Without Li's group the three executives alone are counted: naming them is allowed, still off.
    store.set_submitted(li.id, False)
    at = open_app(RESULTS, a=record.key)
    names = at.checkbox(key="results.pdf.names")
    assert names.value is False and not names.disabled
