"""Backups carry the self-assessment flag and the consultant's plan (in the plan, start date); older
backups without them restore as a client's assessment with the roadmap's default plan."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.storage import ActionState, QuestionnaireSnapshot, Store
from cxmaturity.workspace.backup import backup_data, parse_backup, restore_backup


def test_the_flag_and_the_plan_survive_a_round_trip(store: Store, other_store: Store, snapshot: QuestionnaireSnapshot):
    own = store.create_assessment("Acme", snapshot, "Self-assessment of 30 November 2026", "en", self_assessment=True)
    start = dt.date(2027, 1, 4)
    store.save_action_state(own.id, ActionState("understand.walk-the-path", in_plan=False, start_date=start))
    data = backup_data(store, own.id)
    assert data["assessment"]["self_assessment"] is True
    [action] = data["actions"]
    assert (action["in_plan"], action["start_date"]) == (False, "2027-01-04")
    restored = restore_backup(other_store, json.dumps(data))
    assert restored.self_assessment is True
    state = other_store.load_action_states(restored.id)["understand.walk-the-path"]
    assert (state.in_plan, state.start_date) == (False, start)
    assert backup_data(other_store, restored.id) == data


def test_a_backup_from_before_the_flag_restores_as_a_clients_assessment(
    store: Store, other_store: Store, snapshot: QuestionnaireSnapshot
):
    record = store.create_assessment("Acme", snapshot, "Spring", "en", self_assessment=True)
    store.save_action_state(record.id, ActionState("understand.walk-the-path", status="planned"))
    data = backup_data(store, record.id)
    del data["assessment"]["self_assessment"]
    for action in data["actions"]:
        del action["in_plan"], action["start_date"]
    restored = restore_backup(other_store, json.dumps(data))
    assert restored.self_assessment is False
    state = other_store.load_action_states(restored.id)["understand.walk-the-path"]
    assert (state.status, state.in_plan, state.start_date) == ("planned", None, None)


def test_the_flag_must_be_a_boolean(store: Store, snapshot: QuestionnaireSnapshot):
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    data = backup_data(store, record.id)
    data["assessment"]["self_assessment"] = "yes"
    with pytest.raises(InputError) as caught:
        parse_backup(json.dumps(data), "b.json")
    assert [e.field for e in caught.value.errors] == ["assessment.self_assessment"]
