"""Translation gaps (issue 13, finding 14): group legends, default titles, date formats, the uploader's help."""

from __future__ import annotations

from cxmaturity.i18n import format_date, translate
from cxmaturity.storage import Store
from tests.app import chart_svg
from tests.app.conftest import BUILTIN, no_exception, texts

RESULTS = "pages/results.py"


def test_the_russian_results_radar_names_the_default_groups_in_russian(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = store.create_assessment("Contoso", BUILTIN, "Baseline", "ru")
    questions = store.load_questionnaire(record.id).questions
    for name, group, value in (("a", "executives", 4), ("b", "front line", 1)):
        respondent = store.add_respondent(record.id, name, group=group)
        for question in questions:
            store.save_answer(respondent.id, question.id, "value", value)
        store.set_submitted(respondent.id)
    store.update_settings(record.id, anonymity_threshold=1)
    at = open_app(RESULTS, a=record.key, lang="ru")
    no_exception(at)
    at.toggle(key="results.groups").set_value(True).run()
    names = chart_svg.trace_names(chart_svg.chart(at, "results.chart.level_radar"))
    assert "руководители" in names and "первая линия" in names
    assert "executives" not in names and "front line" not in names


def test_a_default_title_follows_the_readers_language(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = store.create_assessment("Northwind", BUILTIN, "placeholder", "ru")
    day = record.created_at.date()
    russian = translate("app.start.default_title", "ru", date=format_date(day, "ru"))
    store.update_assessment(record.id, title=russian)
    at = open_app("pages/answer.py", a=record.key, lang="uk")
    no_exception(at)
    shown = texts(at)
    assert f"Самооцінка від {format_date(day, 'uk')}" in shown and russian not in shown
    # A title someone typed stays as they wrote it.
    store.update_assessment(record.id, title="Самооценка от руки")
    at = open_app("pages/answer.py", a=record.key, lang="uk")
    assert "Самооценка от руки" in texts(at)


def test_the_reminders_deadline_is_written_the_readers_way(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = store.create_assessment("Northwind", BUILTIN, "Spring", "uk")
    store.add_respondent(record.id, "Olena", group="executives")
    at = open_app("pages/respondents.py", a=record.key, lang="uk")
    no_exception(at)
    formats = {element.key: element.proto.format for element in at.date_input}
    assert formats and all(value == "DD.MM.YYYY" for value in formats.values()), formats


def test_the_uploader_says_its_own_words_stay_in_english(store: Store, open_app) -> None:  # type: ignore[no-untyped-def]
    record = store.create_assessment("Northwind", BUILTIN, "Spring", "uk")
    at = open_app("pages/data.py", a=record.key, lang="uk")
    no_exception(at)
    helps = [str(element.proto.help) for element in at.get("file_uploader")]
    assert translate("honest.upload.streamlit_words", "uk") in helps
