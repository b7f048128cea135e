"""The callback states: saved and read back, and refused in the store to anyone who may not see people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage import AccessDenied, NotFoundError
from cxmaturity.storage.callbacks import CallbackState
from tests.auth.conftest import Team


def test_a_callback_is_saved_its_call_time_kept_and_a_bad_status_refused(team: Team) -> None:
    store = team.as_(team.a)
    due = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    saved = store.save_callback(team.acme.id, CallbackState(team.ann.id, " Olga ", due, "called"))
    assert (saved.owner, saved.due_at, saved.status) == ("Olga", due, "called") and saved.called_at is not None
    first_call = saved.called_at
    later = store.save_callback(
        team.acme.id, CallbackState(team.ann.id, "Olga", due, "lesson_recorded", None, "Call sooner")
    )
    assert later.called_at == first_call and later.lesson == "Call sooner"  # the first call's time stays
    assert store.load_callbacks(team.acme.id) == {team.ann.id: later}
    reopened = store.save_callback(team.acme.id, CallbackState(team.ann.id, "Olga", due, "open"))
    assert reopened.called_at is None
    with pytest.raises(KeyedValueError, match="callback status"):
        store.save_callback(team.acme.id, CallbackState(team.ann.id, status="forgotten"))
    with pytest.raises(NotFoundError):  # a respondent of another assessment
        store.save_callback(team.acme.id, CallbackState(team.ann.id + 1000))


def test_a_client_viewer_and_another_consultant_are_refused_the_callbacks(team: Team) -> None:
    team.as_(team.a).save_callback(team.acme.id, CallbackState(team.ann.id, "Olga"))
    with pytest.raises(AccessDenied):
        team.as_(team.b).load_callbacks(team.acme.id)
    with pytest.raises(AccessDenied):
        team.as_(team.b).save_callback(team.acme.id, CallbackState(team.ann.id, "Mallory"))
    # The client viewer reaches Globex's results, never its people: the callbacks are refused.
    with pytest.raises(AccessDenied):
        team.as_(team.viewer).load_callbacks(team.globex.id)
