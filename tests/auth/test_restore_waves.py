"""A restored backup links itself to a previous wave only when the restorer may change that wave."""

from __future__ import annotations

import json

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.workspace.backup import backup_json, restore_backup
from tests.auth.conftest import Team


def _backup_following(team: Team, previous_key: str) -> str:
    """A of Acme's backup, edited to say it is the next wave of ``previous_key``."""
    data = json.loads(backup_json(team.store.acting_as(team.a), team.acme.id))
    data["settings"]["previous_assessment_key"] = previous_key
    return json.dumps(data)


def test_another_consultant_cannot_chain_a_restore_to_a_wave_of_a_client_they_may_not_change(team: Team):
    as_b = team.store.acting_as(team.b)
    before = len(as_b.list_assessments())
    with pytest.raises(InputError) as refused:
        restore_backup(as_b, _backup_following(team, team.acme.key))
    assert "previous_assessment_key" in str(refused.value)
    assert "may not change" in str(refused.value)
    assert len(as_b.list_assessments()) == before  # nothing restored, not even without the link


def test_the_owner_chains_a_restore_to_their_own_wave(team: Team):
    as_a = team.store.acting_as(team.a)
    restored = restore_backup(as_a, _backup_following(team, team.acme.key))
    assert as_a.get_settings(restored.id).previous_assessment_id == team.acme.id


def test_a_previous_wave_unknown_on_this_server_starts_a_new_chain(team: Team):
    as_b = team.store.acting_as(team.b)
    restored = restore_backup(as_b, _backup_following(team, "x" * 32))
    assert as_b.get_settings(restored.id).previous_assessment_id is None
