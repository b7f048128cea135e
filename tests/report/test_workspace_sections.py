"""The report's workspace sections: visible groups and the perception gap, evidence, trend, results source.

A stored assessment on the mini questionnaire (2 levels x 2 aspects, scale 0/2/4) with
two visible groups of three and one group of one (below the default anonymity
threshold of 3), evidence on two questions and a previous wave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.core.model import Answer, AnswerKind, ScoreCard
from cxmaturity.core.scoring import score_answers
from cxmaturity.i18n import translate
from cxmaturity.report import build_report
from cxmaturity.report.workspace import WorkspaceContext, load_workspace_context
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.workspace.evidence import results_card

from .helpers import full_text, outline_titles

MINI = Path(__file__).parent.parent / "fixtures" / "mini.yaml"
CREATED = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
HOSTILE = "<script>alert('x')</script> CRM audit"


def v(respondent: str, question: str, value: float, group: str) -> Answer:
    return Answer(respondent, question, AnswerKind.VALUE, value, group)


def wave_answers(front_line: float) -> list[Answer]:
    """Executives answer 4 everywhere; the front line ``front_line`` everywhere; one board member 0."""
    questions = ("base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d")
    answers = [v(f"exec{i}", q, 4, "Executives") for i in range(3) for q in questions]
    answers += [v(f"front{i}", q, front_line, "Front line") for i in range(3) for q in questions]
    answers += [v("chair", q, 0, "Supervisory board") for q in questions]
    return answers


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path_factory.mktemp('report') / 'report.sqlite3'}")
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def assessment(store: Store) -> int:
    """Second wave (front line 2, was 0 in the first wave) with evidence on two questions."""
    first = store.create_assessment("Acme", QuestionnaireSnapshot.from_file(MINI), "Spring", "en")
    store.replace_answers(first.id, wave_answers(0))
    second = store.start_wave(first.id, "Autumn")
    store.replace_answers(second.id, wave_answers(2))
    store.save_evidence(
        second.id, "base.cx.a", text=HOSTILE, link="https://example.org/audit", value=2, rationale="Half the stores"
    )
    store.save_evidence(second.id, "top.ex.d", text="Interviews with the service team", value=0)
    return second.id


@pytest.fixture(scope="module")
def pdf(store: Store, assessment: int) -> bytes:
    """The English report (built once for the tests that only read it)."""
    return build_report_for(store, assessment)


@pytest.fixture(scope="module")
def english(pdf: bytes) -> str:
    return full_text(pdf)


def respondents_card(store: Store, assessment_id: int) -> ScoreCard:
    """The card the results page has: every group, the small one included."""
    return score_answers(store.load_questionnaire(assessment_id), store.load_answer_set(assessment_id))


def render(store: Store, assessment_id: int, lang: str = "en", workspace: WorkspaceContext | None = None) -> str:
    questionnaire = store.load_questionnaire(assessment_id)
    answers = store.load_answer_set(assessment_id)
    workspace = workspace or load_workspace_context(store, assessment_id, answers)
    pdf = build_report(
        respondents_card(store, assessment_id),
        questionnaire,
        lang,
        organisation="Acme",
        answers=answers,
        created=CREATED,
        workspace=workspace,
    )
    return full_text(pdf)


def test_groups_below_the_threshold_never_appear_and_the_gap_is_between_visible_groups(
    store: Store, assessment: int, english: str
) -> None:
    card = respondents_card(store, assessment)
    assert "Supervisory board" in card.groups  # the card has it; the report must hide it
    text = english
    assert "Supervisory board" not in text
    assert "Executives (3)" in text and "Front line (3)" in text
    # executives 100 everywhere, front line 50 everywhere: a 50-point gap on Base, the first level
    assert "Base: 50 points between Executives (100) and Front line (50)." in text  # executive summary
    assert (
        "The groups disagree most on Base (level): Executives give 100, Front line give 50, a gap of 50 points." in text
    )
    assert "Groups with fewer than 3 respondents are not shown separately" in text
    # the drivers of the largest gap: base's two questions, 100 vs 50 each
    assert "A 100 50 50" in text and "B 100 50 50" in text and "base.cx.a" not in text


def test_agreement_reads_the_spread_of_all_respondents(english: str) -> None:
    text = english
    # 7 respondents on Base: 100 x3, 50 x3, 0 -> stdev 37.8 points, range 0-100, low agreement
    assert "Base (level) 7 37.8 0–100 low" in text


def test_evidence_section_compares_self_and_evidence_and_lists_the_evidence(english: str, pdf: bytes) -> None:
    text = english
    titles = outline_titles(pdf)
    assert "Self-assessment and evidence" in titles and "Evidence by question" in titles
    assert HOSTILE in text  # markup stays literal text
    assert "Half the stores" in text and "https://example.org/audit" in text
    assert "2 = Defined" in text and "0 = Not in place" in text
    # Base: self (3x100 + 3x50 + 0) / 7 = 64.3; evidence base.cx.a = 2 -> 50, base.ex.b not assessed
    assert "Base (level) 64.3 50 −14.3" in text
    assert "Top (level) 64.3 0 −64.3" in text


def test_trend_section_shows_the_changes_between_waves(english: str) -> None:
    text = english
    # front line 0 -> 2 (0 -> 50 points): overall (3x100 + 3x0 + 0)/7 = 42.9 -> (3x100 + 3x50)/7 = 64.3
    assert "Progress across waves" in text
    assert "Waves, oldest first: Spring → Autumn." in text
    # two waves: the first is the previous one, so one column each (first, latest, change)
    assert "Overall score 42.9 64.3 +21.4" in text
    assert "Base (level) 42.9 64.3 +21.4" in text


def test_the_report_names_its_results_source(store: Store, assessment: int, english: str) -> None:
    assert "Results use The respondents' answers" in english
    assert "These results use: the respondents' answers." in english  # methodology appendix
    store.update_settings(assessment, results_source="evidence")
    try:
        workspace = load_workspace_context(store, assessment)
    finally:
        store.update_settings(assessment, results_source="respondents")
    assert workspace.card is not None and workspace.card.respondents == ("evidence",)
    text = render(store, assessment, workspace=workspace)
    assert "Results use The consultant's assessed values" in text
    assert "These results use: the consultant's assessed values." in text


def test_all_sections_render_in_ukrainian_and_russian(store: Store, assessment: int) -> None:
    uk = render(store, assessment, "uk")
    assert "Самооцінка та підтвердження" in uk and "Динаміка за хвилями" in uk and "Групи респондентів" in uk
    assert "Supervisory board" not in uk and HOSTILE in uk
    ru = render(store, assessment, "ru")
    assert "Динамика по волнам" in ru and "Подтверждения по вопросам" in ru


def test_the_same_content_gives_the_same_bytes_and_fingerprint(store: Store, assessment: int, pdf: bytes) -> None:
    first, second = load_workspace_context(store, assessment), load_workspace_context(store, assessment)
    assert first.fingerprint() == second.fingerprint()
    assert build_report_for(store, assessment) == pdf
    store.save_evidence(assessment, "top.ex.d", text="Interviews with the service team", value=2)
    try:
        assert load_workspace_context(store, assessment).fingerprint() != first.fingerprint()
    finally:
        store.save_evidence(assessment, "top.ex.d", text="Interviews with the service team", value=0)


def test_without_a_workspace_every_group_of_the_card_shows(store: Store, assessment: int) -> None:
    """The command line has no store: groups from the answer file's column still get their section."""
    questionnaire = store.load_questionnaire(assessment)
    answers = store.load_answer_set(assessment)
    card = score_answers(questionnaire, answers)
    text = full_text(build_report(card, questionnaire, "en", organisation="Acme", answers=answers, created=CREATED))
    assert "Respondent groups" in text and "Supervisory board" in text
    # Shown, but its size (1) is never printed: below the default anonymity threshold it would single out the chair.
    assert "Supervisory board (1)" not in text and "Executives (3)" in text
    assert "Self-assessment and evidence" not in text and "Progress across waves" not in text
    assert "Results use The respondents' answers" in text


def build_report_for(store: Store, assessment_id: int) -> bytes:
    answers = store.load_answer_set(assessment_id)
    return build_report(
        respondents_card(store, assessment_id),
        store.load_questionnaire(assessment_id),
        "en",
        organisation="Acme",
        answers=answers,
        created=CREATED,
        workspace=load_workspace_context(store, assessment_id, answers),
    )


def test_default_group_names_are_written_in_the_reports_language(store: Store) -> None:
    record = store.create_assessment("Default groups", QuestionnaireSnapshot.from_file(MINI), "Spring", "uk")
    answers = [
        v(f"{group[0]}{i}", q, value, group)
        for group, value in (("executives", 4), ("front line", 1))
        for i in range(3)
        for q in ("base.cx.a", "base.ex.b", "top.cx.c", "top.ex.d")
    ]
    store.replace_answers(record.id, answers)
    text = render(store, record.id, "uk")
    executives, front_line = (
        translate("workspace.group.executives", "uk"),
        translate("workspace.group.front_line", "uk"),
    )
    assert executives in text and front_line in text
    assert "executives" not in text and "front line" not in text


def test_the_apps_results_of_another_source_are_reused_but_never_taken_for_self(store: Store, assessment: int) -> None:
    """The app hands over what its results use. With "both", those answers hold the assessed values too:
    self vs evidence must still compare the respondents alone, and the card given is the one reported."""
    questionnaire = store.load_questionnaire(assessment)
    respondents = store.load_answer_set(assessment)
    alone = load_workspace_context(store, assessment, respondents)
    both_card, _ = results_card(questionnaire, respondents, store.load_evidence(assessment), "both", min_group_size=3)
    store.update_settings(assessment, results_source="both")
    try:
        given = load_workspace_context(store, assessment, respondents, source="both", card=both_card)
    finally:
        store.update_settings(assessment, results_source="respondents")
    assert given.comparison is not None and alone.comparison is not None
    assert given.comparison.overall == alone.comparison.overall
    assert given.comparison.levels == alone.comparison.levels
    assert given.card is both_card  # not scored a second time
