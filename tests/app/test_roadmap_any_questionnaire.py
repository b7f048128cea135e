"""The Roadmap page for questionnaires unlike the built-in one, including one that lives only in the database."""

from __future__ import annotations

import datetime as dt

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.scoring import score_answers
from cxmaturity.roadmap.engine import build_roadmap
from cxmaturity.roadmap.method import merged
from cxmaturity.storage import Store, to_targets
from cxmaturity.workspace.backup import backup_json, restore_backup
from tests.any_questionnaire import RU_ONLY, SIX_BY_TWO, THREE_BY_FOUR, Case
from tests.app.conftest import no_exception, texts

ROADMAP = "pages/roadmap.py"
STEP_HEADING = {"en": "### Step {n}. {title}", "ru": "### Шаг {n}. {title}", "uk": "### Крок {n}. {title}"}


def start(store: Store, case: Case, lang: str):
    record = store.create_assessment("Acme", case.path, "Spring", lang)
    me = store.self_respondent(record.id)
    for question, value in case.answers.items():
        store.save_answer(me.id, question, "value", float(value))
    return record


def expected(store: Store, record_id: int, lang: str):
    """The roadmap the page should show, built here from the stored answers and the method library."""
    questionnaire = store.load_questionnaire(record_id)
    record = store.get_assessment(record_id)
    card = score_answers(
        questionnaire, answer_set_from_records(store.load_answers(record_id)), to_targets(record.targets, 80.0)
    )
    return build_roadmap(card, questionnaire, merged(None), lang, dt.date.today())


@pytest.mark.parametrize(
    ("case", "lang"), [(THREE_BY_FOUR, "en"), (THREE_BY_FOUR, "uk"), (SIX_BY_TWO, "ru"), (RU_ONLY, "ru")]
)
def test_the_page_gives_five_steps_and_says_in_one_sentence_where_they_come_from(
    store: Store, open_app, case: Case, lang: str
):
    record = start(store, case, lang)
    at = open_app(ROADMAP, a=record.key, lang=lang)
    no_exception(at)
    assert [element.value for element in at.error] == []
    roadmap = expected(store, record.id, lang)
    assert (roadmap.focus.level, roadmap.focus.aspect) == (case.focus_level, case.focus_aspect)
    assert at.info[0].value.replace("\\", "") == roadmap.notice
    shown = texts(at).replace("\\", "")
    assert roadmap.focus.why in shown
    for step in roadmap.steps:
        assert STEP_HEADING[lang].format(n=step.number, title=step.title) in shown
        assert step.actions
        for action in step.actions:
            # an action in the plan has its own expander; the others are listed under "more options"
            labels = [expander.label.replace("\\", "") for expander in at.expander]
            assert any(action.title in label for label in labels) or action.title in shown


def test_a_restored_backup_whose_questionnaire_is_only_in_the_database_gets_its_roadmap(store: Store, open_app):
    original = start(store, RU_ONLY, "ru")
    restored = restore_backup(store, backup_json(store, original.id))
    assert restored.id != original.id and restored.questionnaire_id == "ru-service"
    at = open_app(ROADMAP, a=restored.key, lang="ru")
    no_exception(at)
    assert [element.value for element in at.error] == []
    shown = texts(at).replace("\\", "")
    assert "У этой анкеты нет собственных рекомендаций" in shown
    assert "### Шаг 4. Провести пилот" in shown
    assert "Приоритетнее всего разрыв по уровню «Скорость»: 41,7 из 100" in shown


def test_the_pdf_from_the_app_has_the_roadmap_of_a_questionnaire_only_in_the_database(store: Store, open_app):
    """The Results page's PDF takes its roadmap from ``roadmap_for``, as the page's button does."""
    from cxmaturity.report import build_report
    from cxmaturity.ui.context import Results
    from cxmaturity.ui.roadmap_view import roadmap_for
    from tests.report.helpers import full_text

    record = start(store, RU_ONLY, "ru")
    at = open_app("pages/results.py", a=record.key, lang="ru")
    no_exception(at)
    assert [element.value for element in at.error] == []
    questionnaire = store.load_questionnaire(record.id)
    answers = answer_set_from_records(store.load_answers(record.id))
    card = score_answers(questionnaire, answers)
    roadmap = roadmap_for(record, Results(questionnaire, answers, "test", card), "ru", dt.date(2026, 11, 30))
    text = full_text(build_report(card, questionnaire, "ru", organisation="Acme", answers=answers, roadmap=roadmap))
    assert "Дорожная карта У этой анкеты нет собственных рекомендаций" in text
    assert "Фокус: Скорость × Процессы" in text
