"""Every store method that reads or changes a client's data refuses a user who may not touch that client.

The walk is over the Store class itself: a new method is either guarded (and walked here) or
listed in UNGUARDED with the reason it needs no guard, else this test fails.
"""

from __future__ import annotations

import inspect

import pytest
from sqlalchemy import func, select

from cxmaturity.auth import Access, Actor
from cxmaturity.storage import AccessDenied, Store
from cxmaturity.storage.guard import access_of
from cxmaturity.storage.tables import AuditEvent
from tests.auth.conftest import Team, actor_of

# Public methods without a per-client guard, and why none is needed.
UNGUARDED = {
    "open": "class method: opens the database",
    "acting_as": "binds the store to an actor",
    "actor": "the bound actor",
    "engine": "maintenance",
    "dispose": "maintenance",
    "audit": "writes an audit line in the actor's name",
    "reach": "asks how far the actor reaches",
    "require": "the guard itself",
    "refuse": "the guard itself",
    "find_assessment_by_key": "checks the actor after the lookup (tested below)",
    "find_respondent_by_token": "the token is the respondent's key",
    "list_assessments": "filtered to the actor's clients (tested below)",
    "list_assessment_summaries": "filtered to the actor's clients (tested below)",
    "list_organisations": "filtered to the actor's clients (tested below)",
    "progress_counts": "filtered to the actor's clients (tested below)",
    "create_assessment": "a new client owned by the actor, or EDIT on the named one (tested below)",
    "create_organisation": "a new client owned by the actor; refused to client viewers (tested below)",
    "import_assessment_data": "a new client owned by the actor; refused to client viewers (tested below)",
    "create_user": "admins only",
    "find_user": "admins only",
    "list_users": "admins only",
    "set_role": "admins only",
    "disable_user": "admins only",
    "end_user_sessions": "admins only",
    "set_password": "admins only",
    "create_reset_link": "admins only",
    "list_audit": "admins only",
    "redeem_reset_link": "the token is the key",
    "sign_in": "the password is the key",
    "resume_session": "the session secret is the key",
    "sign_out": "ends the caller's own session",
    "change_password": "the signed-in user's own password",
    "actor_for_identity": "the identity provider's verified e-mail is the key",
    "load_branding": "the installation's name and logo, shown to everyone on every page and report",
    "branding_stamp": "when the branding changed, for caching it",
    "save_branding": "personal mode and admins only (may_change_branding, tested in tests/deliverable)",
}


def _public_methods() -> dict[str, object]:
    return {name: member for name, member in inspect.getmembers(Store) if not name.startswith("_")}


def _guarded() -> dict[str, tuple[Access, str, bool]]:
    return {name: access_of(m) for name, m in _public_methods().items() if access_of(m) is not None}  # type: ignore[misc]


def test_every_public_method_is_guarded_or_listed_with_a_reason() -> None:
    methods = set(_public_methods())
    guarded = set(_guarded())
    assert guarded, "no guarded method found"
    assert methods - guarded == set(UNGUARDED), "a new store method must be guarded or listed in UNGUARDED"
    # The data methods the issue names are among the guarded ones.
    assert {"list_respondents", "load_answers", "save_answer", "export_assessment_data", "delete_assessment",
            "replace_answers", "load_answer_set", "save_evidence", "update_settings"} <= guarded  # fmt: skip


def _call_with_target(store: Store, name: str, target: int) -> None:
    method = getattr(store, name)
    parameters = list(inspect.signature(method).parameters.values())[1:]
    # Any other argument is a placeholder: the guard must refuse before the method looks at it.
    others = [None for p in parameters if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    method(target, *others)


def _targets(team: Team) -> dict[str, int]:
    return {"assessment": team.acme.id, "respondent": team.ann.id, "organisation": team.acme.organisation_id}


def _audit_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@pytest.mark.parametrize("who", ["b", "viewer"])
def test_another_consultant_and_a_client_viewer_are_refused_by_every_guarded_method(team: Team, who: str) -> None:
    actor: Actor = getattr(team, who)
    before = team.store.export_assessment_data(team.acme.id)
    store = team.as_(actor)
    for name, (_level, by, _respondent_may) in sorted(_guarded().items()):
        audit_lines = _audit_count(team.store)
        with pytest.raises(AccessDenied):
            _call_with_target(store, name, _targets(team)[by])
        assert _audit_count(team.store) == audit_lines + 1, f"{name} wrote no audit line"
    after = team.store.export_assessment_data(team.acme.id)
    assert after == before  # nothing changed
    refused = [line for line in team.as_(team.admin).list_audit(500) if line.outcome == "refused"]
    assert {line.actor for line in refused} == {actor.email}
    assert all(line.address == "192.0.2.7" for line in refused)


def test_the_client_viewer_reaches_only_results_of_their_own_client(team: Team) -> None:
    store = team.as_(team.viewer)
    assert store.reach("assessment", team.globex.id) == Access.RESULTS
    for name, (level, by, _respondent_may) in sorted(_guarded().items()):
        if level > Access.RESULTS and by == "assessment":
            with pytest.raises(AccessDenied):
                _call_with_target(store, name, team.globex.id)
    # What they may read carries no names and no notes.
    team.as_(team.b).save_answer(team.as_(team.b).self_respondent(team.globex.id).id, "base.cx.a", "value", 4, note="n")
    answers = store.load_answer_set(team.globex.id)
    # The assessment's own answers keep the built-in label "self" (nobody's name; the results need it).
    assert set(answers.respondents) == {"self"}
    assert answers.table["note"].isna().all()
    fingerprint_people = store.answers_fingerprint(team.globex.id)[1]
    assert all(person[1] is None for person in fingerprint_people)
    # ...nor may they create a client (only their own self-assessment).
    with pytest.raises(AccessDenied):
        store.create_organisation("Their own consultancy")


def test_lists_and_searches_show_only_the_actors_clients(team: Team) -> None:
    as_b = team.as_(team.b)
    assert [r.organisation_name for r in as_b.list_assessments()] == ["Globex"]
    assert as_b.list_assessments(search="acme") == []
    assert as_b.list_assessments(team.acme.organisation_id) == []
    assert [o.name for o in as_b.list_organisations()] == ["Globex"]
    assert [s.assessment.organisation_name for s in as_b.list_assessment_summaries()] == ["Globex"]
    assert set(as_b.progress_counts()) == {team.globex.id}
    assert set(as_b.progress_counts([team.acme.id, team.globex.id])) == {team.globex.id}
    assert [r.organisation_name for r in team.as_(team.viewer).list_assessments()] == ["Globex"]
    # The admin sees every client; a respondent none.
    assert {r.organisation_name for r in team.as_(team.admin).list_assessments()} == {"Acme", "Globex"}
    assert team.as_(Actor.respondent(team.ann.id, team.ann.token)).list_assessments() == []


def test_another_users_assessment_key_opens_nothing(team: Team) -> None:
    with pytest.raises(AccessDenied):
        team.as_(team.b).find_assessment_by_key(team.acme.key)
    lines = team.as_(team.admin).list_audit(5)
    assert lines[0].action == "access.refused:find_assessment_by_key"
    assert lines[0].actor == "b@example.com" and lines[0].outcome == "refused"
    assert team.as_(team.a).find_assessment_by_key(team.acme.key).id == team.acme.id  # type: ignore[union-attr]


def test_a_viewer_share_reads_but_does_not_change(team: Team) -> None:
    team.as_(team.a).share_client(team.acme.organisation_id, " B@Example.com ", "viewer")
    as_b = team.as_(team.b)
    assert [r.label for r in as_b.list_respondents(team.acme.id)] == ["self", "Ann", "Bob"]
    with pytest.raises(AccessDenied):
        as_b.save_answer(team.ann.id, "base.cx.a", "value", 0)
    with pytest.raises(AccessDenied):
        as_b.share_client(team.acme.organisation_id, "b@example.com", "editor")
    assert team.store.load_respondent_answers(team.ann.id)["base.cx.a"].value == 4
    # As editor B may change it, still not delete or share it.
    team.as_(team.a).share_client(team.acme.organisation_id, "b@example.com", "editor")
    as_b.save_answer(team.ann.id, "base.cx.a", "value", 2)
    with pytest.raises(AccessDenied):
        as_b.delete_assessment(team.acme.id)
    assert [(g.email, g.grant) for g in team.as_(team.a).list_grants(team.acme.organisation_id)] == [
        ("a@example.com", "owner"),
        ("b@example.com", "editor"),
    ]
    assert team.as_(team.a).unshare_client(team.acme.organisation_id, "b@example.com")
    with pytest.raises(AccessDenied):
        as_b.list_respondents(team.acme.id)


def test_a_respondent_reaches_only_their_own_answers(team: Team) -> None:
    store = team.as_(Actor.respondent(team.ann.id, team.ann.token))
    store.save_answer(team.ann.id, "base.ex.b", "value", 2, note="mine")
    assert store.load_respondent_answers(team.ann.id)["base.ex.b"].note == "mine"
    assert store.get_assessment(team.acme.id).id == team.acme.id  # type: ignore[union-attr]
    for call in (
        lambda: store.save_answer(team.bob.id, "base.ex.b", "value", 0),
        lambda: store.load_respondent_answers(team.bob.id),
        lambda: store.list_respondents(team.acme.id),  # a respondent's token on a consultant page
        lambda: store.load_answer_set(team.acme.id),
        lambda: store.set_revoked(team.ann.id, False),
        lambda: store.get_assessment(team.globex.id),
    ):
        with pytest.raises(AccessDenied):
            call()
    assert team.as_(team.admin).list_audit(1)[0].actor == f"respondent {team.ann.id}"


def test_a_replaced_link_stops_saving_in_a_tab_opened_before(team: Team) -> None:
    # Security review F5: the tab holds the old token; every write checks it again.
    old_tab = team.as_(Actor.respondent(team.ann.id, team.ann.token))
    team.as_(team.a).new_respondent_token(team.ann.id)
    with pytest.raises(AccessDenied):
        old_tab.save_answer(team.ann.id, "base.ex.b", "value", 0)
    with pytest.raises(AccessDenied):
        old_tab.save_note(team.ann.id, "base.ex.b", "written after my link was replaced")
    assert "base.ex.b" not in team.store.load_respondent_answers(team.ann.id)


def test_personal_mode_reaches_everything_without_users(store: Store, snapshot) -> None:
    record = store.create_assessment("Solo", snapshot, "Me", "en")
    assert store.actor.is_personal
    assert store.find_assessment_by_key(record.key) == record
    assert store.reach("assessment", record.id) == Access.OWN


def test_a_client_viewer_sees_who_counts_under_the_same_pseudonyms_as_the_answers(team: Team) -> None:
    from cxmaturity.workspace.evidence import score_assessment

    team.store.set_submitted(team.ann.id)  # Ann submitted (4 on base.cx.a); Bob is still in progress
    team.store.create_user("ceo@acme.example", "viewer", client_id=team.acme.organisation_id)
    viewer = actor_of(team.store, "ceo@acme.example")
    as_viewer = team.as_(viewer)
    states = {entry.respondent.label: entry.state for entry in as_viewer.respondent_states(team.acme.id)}
    assert states == {"self": "not_opened", "#1": "completed", "#2": "started"}  # Ann and Bob, in the order added
    assert all(
        entry.respondent.email is None and not entry.respondent.token
        for entry in as_viewer.respondent_states(team.acme.id)
    )
    stored = score_assessment(as_viewer, team.acme.id, "respondents")
    assert stored.answers.respondents == ("#1",)  # only Ann's submitted answers count, without her name
    assert stored.participation.submitted == 1 and stored.participation.in_progress == 1
    question = stored.card.questions["base.cx.a"]
    assert question.n == 1
