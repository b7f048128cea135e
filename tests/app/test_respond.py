"""A respondent's personal link (``?r=<token>``): their questionnaire only, saved, resumed, submitted."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.i18n import translate
from cxmaturity.storage import AnswerRejectedError
from cxmaturity.ui.answering import note_key, value_key
from tests.app.conftest import BUILTIN, no_exception, page_titles, registered_pages, texts

QUESTIONNAIRE = load_questionnaire(BUILTIN)
FIRST, SECOND = (q.id for q in QUESTIONNAIRE.questions_of(level="communication")[:2])
LAST_LEVEL = QUESTIONNAIRE.levels[-1].id
MALFORMED = "This link is incomplete or mistyped."
INVALID = "This link is no longer valid."


@pytest.fixture
def two_assessments(store):
    """Acme/Spring with Olena and Petro (Petro has answered), Globex/Autumn with Ivan."""
    acme = store.create_assessment("Acme Bank", BUILTIN, "Spring survey", "en")
    olena = store.add_respondent(acme.id, "Olena", group="front line")
    petro = store.add_respondent(acme.id, "Petro Secret", group="executives")
    store.save_answer(petro.id, FIRST, "value", 4, note="Petro's private remark")
    globex = store.create_assessment("Globex Corp", BUILTIN, "Autumn wave", "en")
    ivan = store.add_respondent(globex.id, "Ivan", group="managers")
    return acme, olena, petro, globex, ivan


def saved(store, respondent_id):
    """{question id: (code, note)} of what the database holds for one respondent."""
    return {qid: (a.code(), a.note) for qid, a in store.load_respondent_answers(respondent_id).items()}


def assert_nothing_but_an_error(at, message, title="Your answers"):
    no_exception(at)
    assert len(at.error) == 1 and at.error[0].value.startswith(message)
    assert texts(at).strip() == at.error[0].value  # no title, caption, assessment or organisation name
    assert len(at.radio) == len(at.button) == len(at.text_input) == len(at.button_group) == 0
    assert not at.sidebar.children
    assert page_titles(at) == [title]  # nothing else reachable from a link
    assert "ui.assessment" not in at.session_state and "a" not in at.query_params


def test_a_respondent_sees_only_their_own_questionnaire_and_answers_are_saved(open_app, store, two_assessments):
    acme, olena, petro, _, ivan = two_assessments
    at = open_app(r=olena.token)
    no_exception(at)
    shown = texts(at)
    assert "Acme Bank" in shown and "Spring survey" in shown and "Personal link for: Olena" in shown
    # The one explanation of "not applicable" and "don't know" says they are not scored: no result is shown.
    for explanation in ("app.answer.na_help", "app.answer.dk_help"):
        shown = shown.replace(translate(explanation, "en"), "")
    for foreign in ("Petro", "private remark", "Globex", "Autumn", "Ivan", "Score", "score", "Stage", "Roadmap"):
        assert foreign not in shown, foreign
    assert at.radio(key=value_key(FIRST)).value is None  # Petro's answer is not Olena's
    assert page_titles(at) == ["Your answers"]
    assert not at.get("page_link")  # no way to results or any other page
    assert [b.label for b in at.button] == ["Next level", "Submit my answers"]

    at.radio(key=value_key(FIRST)).set_value("3")
    at.radio(key=value_key(SECOND)).set_value("na")
    at.text_input(key=note_key(SECOND)).set_value("We have no office")
    at.run()
    no_exception(at)
    assert saved(store, olena.id) == {FIRST: ("3", None), SECOND: ("na", "We have no office")}
    answer = store.load_respondent_answers(olena.id)[FIRST]
    assert answer.kind is AnswerKind.VALUE and answer.value == 3.0
    assert saved(store, petro.id) == {FIRST: ("4", "Petro's private remark")}  # untouched
    assert saved(store, ivan.id) == {}
    assert store.load_respondent_answers(store.self_respondent(acme.id).id) == {}
    assert "2 of 68 questions answered · level 1: 2 of 16" in [p.proto.text for p in at.get("progress")]
    # The view never opens the assessment for the session: no ``a=`` key, no ui.assessment.
    assert "ui.assessment" not in at.session_state and "a" not in at.query_params
    assert dict(at.query_params) == {"r": olena.token, "lang": "en"}

    # The same link in a fresh session (another day, a refresh): the answers and the note are there.
    again = open_app(r=olena.token)
    no_exception(again)
    assert again.radio(key=value_key(FIRST)).value == "3"
    assert again.radio(key=value_key(SECOND)).value == "na"
    assert again.text_input(key=note_key(SECOND)).value == "We have no office"


def test_no_results_link_even_when_everything_is_answered(open_app, store, two_assessments):
    _, olena, *_ = two_assessments
    for question in QUESTIONNAIRE.questions:
        store.save_answer(olena.id, question.id, "value", 2)
    at = open_app(r=olena.token)
    at.radio(key="answer.section").set_value(LAST_LEVEL).run()
    no_exception(at)
    assert "68 of 68 questions answered · level 5: 11 of 11" in [p.proto.text for p in at.get("progress")]
    assert not at.get("page_link") and "answer.finish" not in [b.key for b in at.button]
    assert "Every question is answered." in texts(at)
    assert [b.label for b in at.button] == ["Previous level", "Submit my answers"]


def test_the_consultant_answer_page_still_links_to_results(open_app, store):
    record = store.create_assessment("Acme", BUILTIN, "Spring", "en")
    me = store.self_respondent(record.id).id
    for question in QUESTIONNAIRE.questions:
        store.save_answer(me, question.id, "value", 1)
    at = open_app("pages/answer.py", a=record.key)
    at.radio(key="answer.section").set_value(LAST_LEVEL).run()
    no_exception(at)
    # The finish line: a summary and one primary button to the results.
    assert "Answered 68 of 68: 68 on the scale, 0 not applicable, 0 don't know." in [i.value for i in at.info]
    finish = at.button(key="answer.finish")
    assert finish.label == "See the results" and finish.proto.type == "primary"
    assert "Submit my answers" not in [b.label for b in at.button]
    finish.click().run()
    no_exception(at)
    assert at.title[0].value == "Results"


def test_the_language_follows_the_assessment_then_the_picker_and_survives_a_refresh(open_app, store):
    record = store.create_assessment("Приватбанк", BUILTIN, "Весна", "ru")
    olena = store.add_respondent(record.id, "Олена", group="front line")
    at = open_app(r=olena.token)
    no_exception(at)
    assert at.query_params["lang"] == ["ru"] or at.query_params["lang"] == "ru"
    assert at.button_group(key="respond.language").value == "ru"
    assert "Анкета о клиентском опыте" in texts(at)
    assert "Отправить мои ответы" in [b.label for b in at.button]

    at.button_group(key="respond.language").set_value("uk").run()
    no_exception(at)
    shown = texts(at)
    assert "Анкета про клієнтський досвід" in shown
    assert "Вітаємо! **Приватбанк** просить вас узяти участь в оцінці «**Весна**» і поділитися думкою." in shown
    assert at.subheader[0].value == "1. Комунікація"
    assert "Надіслати мої відповіді" in [b.label for b in at.button]
    assert at.radio(key=value_key(FIRST)).options[-1] == "Не знаю"
    assert at.query_params["lang"] in ("uk", ["uk"])

    # A refresh keeps the URL, so the language too (the assessment's language no longer wins).
    refreshed = open_app(r=olena.token, lang="uk")
    no_exception(refreshed)
    assert "Анкета про клієнтський досвід" in texts(refreshed)
    assert refreshed.button_group(key="respond.language").value == "uk"
    # An unknown language in the URL falls back to one we have, and the URL says which.
    odd = open_app(r=olena.token, lang="de")
    assert odd.button_group(key="respond.language").value == "en"
    assert "Customer experience questionnaire" in texts(odd)


def test_submit_with_unanswered_questions_asks_first_then_thanks_and_allows_changes(open_app, store, two_assessments):
    _, olena, *_ = two_assessments
    at = open_app(r=olena.token)
    at.radio(key=value_key(FIRST)).set_value("4").run()
    assert "Questions still unanswered: 67." in texts(at)

    at.button(key="respond.submit").click().run()
    no_exception(at)
    assert any(w.value.startswith("Questions still unanswered: 67. Submit anyway?") for w in at.warning)
    assert store.get_respondent(olena.id).submitted_at is None  # not yet: asked first
    at.button(key="respond.keep_answering").click().run()
    assert not at.warning and store.get_respondent(olena.id).submitted_at is None

    at.button(key="respond.submit").click().run()
    at.button(key="respond.confirm_yes").click().run()
    no_exception(at)
    submitted = store.get_respondent(olena.id).submitted_at
    assert submitted is not None
    assert [s.value for s in at.success] == [
        f"Thank you! Your answers were submitted on {submitted.day} " + submitted.strftime("%B %Y") + "."
    ]
    assert not at.radio  # the questionnaire is folded away after submitting
    assert [b.label for b in at.button] == ["Change my answers"]

    # The link still works: the thank-you again, then changes are saved and submitted anew.
    again = open_app(r=olena.token)
    assert at.success[0].value == again.success[0].value
    again.button(key="respond.change").click().run()
    no_exception(again)
    assert "You are changing answers you have already submitted." in texts(again)
    again.radio(key=value_key(FIRST)).set_value("1").run()
    assert saved(store, olena.id) == {FIRST: ("1", None)}
    assert store.get_respondent(olena.id).submitted_at == submitted  # the submission stays meanwhile
    assert "Submit my changes" in [b.label for b in again.button]


def test_submit_with_everything_answered_needs_no_confirmation(open_app, store, two_assessments):
    _, olena, *_ = two_assessments
    for question in QUESTIONNAIRE.questions:
        store.save_answer(olena.id, question.id, "dk")
    at = open_app(r=olena.token)
    at.button(key="respond.submit").click().run()
    no_exception(at)
    assert store.get_respondent(olena.id).submitted_at is not None
    assert at.success[0].value.startswith("Thank you! Your answers were submitted on ")


def test_a_closed_assessment_says_so_and_saves_nothing(open_app, store, two_assessments):
    acme, olena, *_ = two_assessments
    store.save_answer(olena.id, FIRST, "value", 2)
    store.set_status(acme.id, "closed")
    at = open_app(r=olena.token)
    no_exception(at)
    assert [i.value for i in at.info] == [
        "This questionnaire is closed and no longer accepts answers. Thank you for your interest! "
        "Any answers you gave are shown below, read-only."
    ]
    radio = at.radio(key=value_key(FIRST))
    assert radio.value == "2" and radio.disabled
    assert at.text_input(key=note_key(FIRST)).disabled
    assert "respond.submit" not in [b.key for b in at.button]

    assert store.get_respondent(olena.id).submitted_at is None


def test_an_answer_given_in_a_tab_opened_before_closing_is_refused(open_app, store, two_assessments):
    acme, olena, *_ = two_assessments
    at = open_app(r=olena.token)
    store.set_status(acme.id, "closed")  # meanwhile, the consultant closes the assessment
    at.radio(key=value_key(SECOND)).set_value("3").run()
    no_exception(at)
    assert saved(store, olena.id) == {}
    assert any("was not saved" in e.value for e in at.error)
    assert at.info[0].value.startswith("This questionnaire is closed")
    assert at.radio(key=value_key(SECOND)).disabled


def test_closing_while_the_respondent_submits_does_not_submit(open_app, store, two_assessments):
    acme, olena, *_ = two_assessments
    at = open_app(r=olena.token)
    at.button(key="respond.submit").click().run()
    store.set_status(acme.id, "closed")  # between the question and the confirmation
    at.button(key="respond.confirm_yes").click().run()
    no_exception(at)
    assert store.get_respondent(olena.id).submitted_at is None
    assert at.info[0].value.startswith("This questionnaire is closed")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("not-a-token", MALFORMED),
        ("<script>alert(1)</script>", MALFORMED),
        ("x" * 33, MALFORMED),
        ("token-shaped-but-nobodys-0123456", INVALID),  # token-shaped, but nobody's
    ],
)
def test_a_wrong_link_shows_only_an_error(open_app, two_assessments, token, message):
    at = open_app(r=token)
    assert_nothing_but_an_error(at, message)


def test_a_revoked_link_shows_only_the_same_error_as_an_unknown_one(open_app, store, two_assessments):
    _, olena, *_ = two_assessments
    store.set_revoked(olena.id)
    at = open_app(r=olena.token)
    assert_nothing_but_an_error(at, INVALID)
    # The error follows the browser's or the URL's language, still nothing else.
    ukrainian = open_app(r=olena.token, lang="uk")
    assert_nothing_but_an_error(ukrainian, "Це посилання більше не дійсне", title="Ваші відповіді")


def test_a_replaced_link_stops_working(open_app, store, two_assessments):
    _, olena, *_ = two_assessments
    renewed = store.new_respondent_token(olena.id)
    assert_nothing_but_an_error(open_app(r=olena.token), INVALID)
    assert "Olena" in texts(open_app(r=renewed.token))


def test_a_token_of_another_assessment_opens_only_that_assessment(open_app, store, two_assessments):
    acme, olena, petro, globex, ivan = two_assessments
    # Even with the other assessment's key in the URL, the token alone decides what is shown.
    at = open_app(r=ivan.token, a=acme.key)
    no_exception(at)
    shown = texts(at)
    assert "Globex Corp" in shown and "Autumn wave" in shown and "Personal link for: Ivan" in shown
    for foreign in ("Acme", "Spring", "Olena", "Petro"):
        assert foreign not in shown, foreign
    assert at.radio(key=value_key(FIRST)).value is None
    at.radio(key=value_key(FIRST)).set_value("1").run()
    no_exception(at)
    assert saved(store, ivan.id) == {FIRST: ("1", None)}
    assert store.get_respondent(ivan.id).assessment_id == globex.id
    assert saved(store, olena.id) == {}
    assert saved(store, petro.id) == {FIRST: ("4", "Petro's private remark")}
    assert "ui.assessment" not in at.session_state


def test_a_respondent_link_has_no_sidebar_and_no_navigation(open_app, two_assessments):
    acme, olena, *_ = two_assessments
    consultant = open_app(a=acme.key)
    assert [box.key for box in consultant.sidebar.radio] == ["ui.language.picker"]
    assert len(page_titles(consultant)) > 5
    at = open_app(r=olena.token)
    no_exception(at)
    assert page_titles(at) == ["Your answers"]
    assert [Path(page["script_path"]).name for page in registered_pages(at)] == ["respond.py"]
    assert not at.sidebar.children  # no menu, no language picker, nothing
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the page is simply not registered
        at.switch_page("pages/results.py").run()


@pytest.mark.parametrize("cut_off", ["replaced", "revoked"])
def test_a_tab_open_on_a_replaced_link_is_refused_like_a_revoked_one(open_app, store, two_assessments, cut_off):
    _, olena, *_ = two_assessments
    at = open_app(r=olena.token)
    at.radio(key=value_key(FIRST)).set_value("2").run()
    assert saved(store, olena.id) == {FIRST: ("2", None)}
    # Meanwhile the consultant gives Olena a new link (or revokes hers); this tab still holds the old one.
    if cut_off == "replaced":
        store.new_respondent_token(olena.id)
    else:
        store.set_revoked(olena.id)
    at.radio(key=value_key(SECOND)).set_value("3").run()
    no_exception(at)
    # The save in the widget's callback was refused; the page then shows the same refusal either way.
    assert [e.value[: len(INVALID)] for e in at.error] == [INVALID]
    assert texts(at).strip() == at.error[0].value
    assert len(at.radio) == len(at.text_input) == 0
    assert saved(store, olena.id) == {FIRST: ("2", None)}
    # A section's fragment rerun does not redraw the page: the store itself refuses the old link's writes.
    with pytest.raises(AnswerRejectedError, match="link has been revoked"):
        store.save_note(olena.id, FIRST, "written after my link was cut off", token=olena.token)
    with pytest.raises(AnswerRejectedError, match="link has been revoked"):
        store.save_answer(olena.id, SECOND, AnswerKind.VALUE, 3, token=olena.token)
    assert saved(store, olena.id) == {FIRST: ("2", None)}
