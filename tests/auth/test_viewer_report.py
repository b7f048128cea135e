"""A client viewer's PDF: built from their own store, with the scores and without any respondent's name or note."""

from __future__ import annotations

import io

from pypdf import PdfReader

from cxmaturity.core.scoring import score_answers
from cxmaturity.report import build_report
from cxmaturity.report.workspace import load_workspace_context
from cxmaturity.storage import Store
from tests.auth.conftest import Team


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_client_viewers_pdf_has_scores_but_no_names_or_notes(team: Team, store: Store) -> None:
    # Acme's client viewer, added next to consultant A's respondents Ann and Bob (Ann wrote a note).
    store.create_user("ceo@acme.example", "viewer", client_id=team.acme.organisation_id)
    viewer_user = store.find_user("ceo@acme.example")
    from cxmaturity.auth import Actor

    as_viewer = store.acting_as(Actor.user(viewer_user.id, viewer_user.email, viewer_user.role))  # type: ignore[union-attr]
    questionnaire = as_viewer.load_questionnaire(team.acme.id)
    answers = as_viewer.load_answer_set(team.acme.id)
    card = score_answers(questionnaire, answers)
    # Ann 4 and Bob 2 of 4 on base.cx.a: the mean 3 of 4 is 75 on the 0..100 scale.
    assert card.respondents == ("#1", "#2")
    assert card.cells[("base", "cx")].score == 75  # Ann 100, Bob 50 on the only answered question
    workspace = load_workspace_context(as_viewer, team.acme.id, answers, card=card)
    data = build_report(card, questionnaire, "en", organisation=team.acme.organisation_name, answers=answers,
                        workspace=workspace)  # fmt: skip
    text = _pdf_text(data)
    assert "Acme" in text
    for private in ("Ann", "Bob", "secret note of Ann", "ann@acme.example"):
        assert private not in text
