"""A customer answers the customer questionnaire through a personal link: the items section (issue 16)."""

from __future__ import annotations

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.registry import builtin_dir
from cxmaturity.ui.answer_items import ITEMS_SECTION
from cxmaturity.ui.answering import SECTION_KEY, value_key
from tests.app.conftest import no_exception

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"


def _answers(store, respondent_id):
    return {q: (a.kind, a.value, a.note) for q, a in store.load_respondent_answers(respondent_id).items()}


def test_a_customer_answers_the_items_and_they_survive_a_new_session(open_app, store):
    record = store.create_assessment("Northwind", CUSTOMER, "Customers, spring", "en")
    customer = store.add_respondent(record.id, "Customer 17", group="customers")
    at = open_app(r=customer.token)
    no_exception(at)
    # 23 rated statements and 8 items count in the progress (the comment is optional).
    assert "0 of 31 questions answered · level 1: 0 of 4" in [p.proto.text for p in at.get("progress")]
    section = at.radio(key=SECTION_KEY)
    assert section.options[-1] == "6. Your last contact and overall view"
    section.set_value(ITEMS_SECTION).run()
    no_exception(at)
    assert "6. Your last contact and overall view" in [h.value for h in at.subheader]
    nps = at.radio(key=value_key("loyalty.recommend"))
    assert nps.options == [str(n) for n in range(11)]
    assert at.radio(key=value_key("interaction.effort")).options == [str(n) for n in range(1, 8)]
    # What the ends of the scale mean, under the numbers (the text is escaped: never markup).
    captions = [c.value for c in at.caption]
    assert "0\\: not at all likely · 10\\: extremely likely" in captions
    assert (
        "**1** Definitely not · **2** Very unlikely · **3** Rather unlikely · **4** Rather likely · "
        "**5** Very likely · **6** Definitely" in captions
    )
    nps.set_value("3")
    at.radio(key=value_key("reason.main")).set_value("speed")
    at.radio(key=value_key("interaction.effort")).set_value("2")
    at.text_area(key=value_key("reason.comment")).set_value("I waited  two weeks for a refund.")
    at.run()
    no_exception(at)
    saved = _answers(store, customer.id)
    assert saved["loyalty.recommend"] == (AnswerKind.VALUE, 3.0, None)
    assert saved["interaction.effort"] == (AnswerKind.VALUE, 2.0, None)
    # "speed" is the 4th choice of reason.main: stored as the import stores a choice (position, id as note).
    assert saved["reason.main"] == (AnswerKind.VALUE, 4.0, "speed")
    assert saved["reason.comment"] == (AnswerKind.VALUE, 1.0, "I waited  two weeks for a refund.")
    assert "3 of 31 questions answered · level 6: 3 of 8" in [p.proto.text for p in at.get("progress")]

    # A refresh (a new session on the same link) shows every answer where it was given.
    again = open_app(r=customer.token)
    again.radio(key=SECTION_KEY).set_value(ITEMS_SECTION).run()
    no_exception(again)
    assert again.radio(key=value_key("loyalty.recommend")).value == "3"
    assert again.radio(key=value_key("reason.main")).value == "speed"
    assert again.text_area(key=value_key("reason.comment")).value == "I waited  two weeks for a refund."

    # Emptying the comment clears it; an item left alone stays unanswered.
    again.text_area(key=value_key("reason.comment")).set_value("   ").run()
    no_exception(again)
    saved = _answers(store, customer.id)
    assert saved["reason.comment"] == (AnswerKind.UNANSWERED, None, None)
    assert "satisfaction.overall" not in saved


def test_the_items_are_asked_in_russian_and_ukrainian(open_app, store):
    record = store.create_assessment("Northwind", CUSTOMER, "Customers", "uk")
    customer = store.add_respondent(record.id, "Customer 3")
    for language, title, choice in (
        ("ru", "Ваш последний контакт и общее впечатление", "Скорость обслуживания"),
        ("uk", "Ваш останній контакт і загальне враження", "Швидкість обслуговування"),
    ):
        at = open_app(r=customer.token, lang=language)
        at.radio(key=SECTION_KEY).set_value(ITEMS_SECTION).run()
        no_exception(at)
        assert f"6. {title}" in [h.value for h in at.subheader]
        reasons = at.radio(key=value_key("reason.main"))
        assert choice in reasons.options
