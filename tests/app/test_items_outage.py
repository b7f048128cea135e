"""The customer questionnaire's items (NPS, CES, the reason, the comment) while the database cannot be
written (issue 16): kept in the tab with "not saved yet, retrying", counted as given, and every one of
them in the database, in the shape the import stores, once it can be written again."""

from __future__ import annotations

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.registry import builtin_dir
from cxmaturity.i18n import translate
from cxmaturity.ui.answer_items import ITEMS_SECTION
from cxmaturity.ui.answering import SECTION_KEY, value_key
from cxmaturity.ui.context import database
from cxmaturity.ui.pending_saves import PENDING_STATE
from tests.app.conftest import no_exception, texts
from tests.app.test_answer_outage import break_writes, mend_writes

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"


def _answers(store, respondent_id):
    return {q: (a.kind, a.value, a.note) for q, a in store.load_respondent_answers(respondent_id).items()}


def test_items_given_during_an_outage_wait_and_are_saved_after(open_app, store):
    record = store.create_assessment("Northwind", CUSTOMER, "Customers, spring", "en")
    customer = store.add_respondent(record.id, "Customer 17", group="customers")
    at = open_app(r=customer.token)
    at.radio(key=SECTION_KEY).set_value(ITEMS_SECTION).run()
    at.radio(key=value_key("loyalty.recommend")).set_value("9").run()
    assert _answers(store, customer.id) == {"loyalty.recommend": (AnswerKind.VALUE, 9.0, None)}

    engine = database().engine
    break_writes(engine)  # every write now fails as on a read-only data folder
    try:
        at.radio(key=value_key("loyalty.recommend")).set_value("3")  # a changed answer
        at.radio(key=value_key("reason.main")).set_value("speed")
        at.text_area(key=value_key("reason.comment")).set_value("Two weeks for a refund")
        at.run()
        no_exception(at)
        assert not at.error  # no "not saved" error and no traceback: a warning that they wait
        assert [w.value for w in at.warning] == [translate("deploy.not_saved_retrying", "en", count=3)]
        assert len(at.session_state[PENDING_STATE]) == 3
        assert _answers(store, customer.id) == {"loyalty.recommend": (AnswerKind.VALUE, 9.0, None)}
        # Still shown as chosen, and counted as given: NPS and the reason of the 8 counted items.
        assert at.radio(key=value_key("loyalty.recommend")).value == "3"
        assert "2 of 31 questions answered · level 6: 2 of 8" in [p.proto.text for p in at.get("progress")]
        at.button(key="answer.pending.retry").click().run()  # still broken: still waiting
        no_exception(at)
        assert len(at.session_state[PENDING_STATE]) == 3
    finally:
        mend_writes(engine)

    at.button(key="answer.pending.retry").click().run()
    no_exception(at)
    # "speed" is the 4th choice of reason.main: its position with its id as the note, as the import stores it.
    assert _answers(store, customer.id) == {
        "loyalty.recommend": (AnswerKind.VALUE, 3.0, None),
        "reason.main": (AnswerKind.VALUE, 4.0, "speed"),
        "reason.comment": (AnswerKind.VALUE, 1.0, "Two weeks for a refund"),
    }
    assert not at.warning and translate("deploy.saved_after_retry", "en") in texts(at)
