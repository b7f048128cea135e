"""A consultant's whole journey through the pages: client, assessment, three respondents in two groups,
each answering through their own link, and the results equal to the CLI's `score` on the same answers."""

from __future__ import annotations

import io
import json
from pathlib import Path

from cxmaturity.cli.main import main as cli_main
from cxmaturity.core.answers import answer_set_from_records, write_answers_csv
from cxmaturity.core.readings import format_score, stage_headline
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.ui.answering import value_key
from tests.app.conftest import no_exception, texts
from tests.app.tables import markdown_tables

QUESTIONNAIRE = find_questionnaire("cx-pyramid")
LEVELS = [level.id for level in QUESTIONNAIRE.levels]
# Who answers what: executives see the company kindly, the front line does not (responsiveness worst).
PEOPLE = {
    "Olena": ("executives", lambda level: "3" if level == "responsiveness" else "4"),
    "Petro": ("executives", lambda level: "3"),
    "Maria": ("front line", lambda level: "0" if level == "responsiveness" else "1"),
}


def answer_everything_through_the_link(open_app, token: str, plan, others: list[str]) -> None:
    at = open_app(r=token)
    no_exception(at)
    # The respondent-only view: their questionnaire, no menu, no results, nobody else.
    assert not at.sidebar.children and not at.get("page_link")
    shown = texts(at)
    assert all(name not in shown for name in others)
    assert "Stage" not in shown and "Roadmap" not in shown
    for level in LEVELS:
        at.radio(key="answer.section").set_value(level).run()
        for question in QUESTIONNAIRE.questions_of(level=level):
            at.radio(key=value_key(question.id)).set_value(plan(level))
        at.run()
        no_exception(at)
    assert any(p.proto.text.startswith("68 of 68 questions answered") for p in at.get("progress"))
    submit = next(b for b in at.button if b.label == "Submit my answers")
    submit.click().run()
    no_exception(at)


def cli_score(store, assessment_id: int, folder: Path) -> dict:
    """`python -m cxmaturity score` on the assessment's answers, exported as the CLI reads them."""
    answers_file = folder / "answers.csv"
    answers_file.write_text(write_answers_csv(store.load_answers(assessment_id)), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["score", "--questionnaire", "cx-pyramid", "--answers", str(answers_file)], out, err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def test_consultant_client_assessment_three_respondents_links_and_scores_equal_the_cli(open_app, store, tmp_path):
    # 1. A client and an assessment, through the Clients page's forms.
    at = open_app("pages/clients.py")
    at.text_input(key="clients.new.name").set_value("Northwind Traders")
    at.button(key="clients.new.submit").click().run()
    [client] = store.list_organisations()
    assert at.text_input(key="clients.new.name").value == ""  # the form is ready for the next client
    at.selectbox(key="clients.new_assessment.client").set_value(client.id)
    at.text_input(key="clients.new_assessment.title").set_value("Baseline 2026")
    at.selectbox(key="clients.new_assessment.language").set_value("en")
    at.button(key="clients.new_assessment.submit").click().run()
    no_exception(at)
    [record] = store.list_assessments()
    assert at.query_params["a"] == record.key
    assert at.selectbox(key="clients.open.pick").value == record.id  # the list shows what is open

    # 2. Three respondents in two groups, pasted on the Respondents page; groups of 2 and 1 are shown.
    at = open_app("pages/respondents.py", a=record.key)
    at.text_area(key="respondents.bulk.text").set_value(
        "\n".join(f"{name}; {group}" for name, (group, _) in PEOPLE.items())
    )
    at.button(key="respondents.bulk.submit").click().run()
    at.number_input(key="respondents.threshold").set_value(1).run()
    no_exception(at)
    invited = {r.label: r for r in store.list_respondents(record.id) if r.label != "self"}
    assert {name: r.group for name, r in invited.items()} == {name: group for name, (group, _) in PEOPLE.items()}
    assert len({r.token for r in invited.values()}) == 3

    # 3. Each answers through their own link, in a session of their own.
    for name, (_, plan) in PEOPLE.items():
        answer_everything_through_the_link(open_app, invited[name].token, plan, [n for n in PEOPLE if n != name])
    progress = {p.respondent.label: p.state for p in store.respondent_progress(record.id)}
    assert {name: progress[name] for name in PEOPLE} == dict.fromkeys(PEOPLE, "completed")

    # 4. What the pages show equals the CLI's score of the same answers.
    scored = cli_score(store, record.id, tmp_path)
    assert scored["respondents"] == 3
    assert scored["levels"]["responsiveness"]["score"] == (75 + 75 + 0) / 3
    assert scored["groups"]["executives"]["levels"]["responsiveness"]["score"] == 75
    assert scored["groups"]["front line"]["levels"]["communication"]["score"] == 25

    at = open_app("pages/results.py", a=record.key)
    no_exception(at)
    card = score_answers(QUESTIONNAIRE, answer_set_from_records(store.load_answers(record.id)))
    assert card.stage == scored["stage"]
    assert stage_headline(card, QUESTIONNAIRE, "en") in texts(at).replace("\\", "")

    at = open_app("pages/groups.py", a=record.key)
    no_exception(at)
    levels = next(frame for frame in markdown_tables(at) if "Level" in frame.columns)
    assert list(levels.columns) == ["Level", "All respondents", "executives", "front line"]
    for column, source in (
        ("All respondents", scored),
        ("executives", scored["groups"]["executives"]),
        ("front line", scored["groups"]["front line"]),
    ):
        assert list(levels[column]) == [format_score(source["levels"][lv]["score"], "en") for lv in LEVELS], column
    # The perception gap: executives 75 points above the front line on responsiveness.
    assert scored["perception_gap"]["levels"]["responsiveness"]["gap"] == 75
    assert "Executives rate Responsiveness 75 points higher than front line." in texts(at).replace("\\", "")
