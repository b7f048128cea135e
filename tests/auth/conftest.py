"""Fixtures for team mode: a store with an admin, two consultants, a client viewer and their clients.

Consultant A owns client "Acme" (one assessment, respondents Ann and Bob with answers and notes);
consultant B owns client "Globex", whose executive is the client viewer V.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from cxmaturity.auth import Actor
from cxmaturity.auth import passwords as password_module
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, RespondentRecord, Store

MINI = Path(__file__).parent.parent / "fixtures" / "mini.yaml"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    # Still argon2id, with small cost parameters: the production ones take ~0.3 s a hash on this machine.
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(password_module, "_hasher", lambda: quick)
    password_module._decoy_hash.cache_clear()


@dataclass
class Team:
    store: Store  # personal mode: sees everything (for setting up and checking)
    admin: Actor
    a: Actor
    b: Actor
    viewer: Actor
    acme: AssessmentRecord
    globex: AssessmentRecord
    ann: RespondentRecord
    bob: RespondentRecord

    def as_(self, actor: Actor) -> Store:
        return self.store.acting_as(actor)


@pytest.fixture()
def snapshot() -> QuestionnaireSnapshot:
    return QuestionnaireSnapshot.from_file(MINI)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'team.sqlite3'}")
    yield opened
    opened.dispose()


def actor_of(store: Store, email: str) -> Actor:
    user = store.find_user(email)
    assert user is not None
    return Actor.user(user.id, user.email, user.role, "192.0.2.7")


@pytest.fixture()
def team(store: Store, snapshot: QuestionnaireSnapshot) -> Team:
    store.create_user("admin@example.com", "admin", password=PASSWORD)
    store.create_user("a@example.com", "consultant", password=PASSWORD)
    store.create_user("b@example.com", "consultant", password=PASSWORD)
    a, b = actor_of(store, "a@example.com"), actor_of(store, "b@example.com")
    acme = store.acting_as(a).create_assessment("Acme", snapshot, "Spring", "en")
    as_a = store.acting_as(a)
    ann = as_a.add_respondent(acme.id, "Ann", group="managers", email="ann@acme.example")
    bob = as_a.add_respondent(acme.id, "Bob", group="managers", email="bob@acme.example")
    as_a.save_answer(ann.id, "base.cx.a", "value", 4, note="secret note of Ann")
    as_a.save_answer(bob.id, "base.cx.a", "value", 2)
    globex = store.acting_as(b).create_assessment("Globex", snapshot, "Autumn", "en")
    store.create_user("ceo@globex.example", "viewer", client_id=globex.organisation_id)
    viewer = actor_of(store, "ceo@globex.example")
    return Team(store, actor_of(store, "admin@example.com"), a, b, viewer, acme, globex, ann, bob)
