"""JSON backup and restore: identical round trips (SQLite and PostgreSQL), collisions, validation, size."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cxmaturity.files.errors import InputError
from cxmaturity.storage import AssessmentRecord, Store, is_token_shaped
from cxmaturity.workspace.backup import MAX_BACKUP_BYTES, backup_data, backup_json, parse_backup, restore_backup
from cxmaturity.workspace.evidence import score_assessment
from cxmaturity.workspace.waves import start_wave
from tests.storage.test_storage_postgres import cluster, pg_store  # noqa: F401  (fixtures)


def prepare(store: Store, record: AssessmentRecord) -> None:
    """Give the assessment every kind of content: settings, a submitted and a revoked respondent, notes."""
    store.update_settings(record.id, group_names=["executives", "front line", "Клієнти"], anonymity_threshold=2,
                          results_source="both")  # fmt: skip
    people = {p.label: p for p in store.list_respondents(record.id)}
    store.set_submitted(people["exec1"].id)
    store.set_revoked(people["front3"].id)
    store.save_note(people["self"].id, "top.ex.d", "Ґанок; «лапки» and = sign")
    store.update_organisation(record.organisation_id, notes="key account")
    store.update_assessment(record.id, notes="first visit")


def test_round_trip_into_another_installation_is_identical(
    store: Store, other_store: Store, filled: AssessmentRecord
) -> None:
    prepare(store, filled)
    text = backup_json(store, filled.id)
    document = json.loads(text)
    assert (document["format"], document["format_version"]) == ("cxmaturity-assessment", 1)
    assert "id" not in document["assessment"] and len(document["respondents"]) == 8
    restored = restore_backup(other_store, text.encode())
    assert restored.key == filled.key
    assert backup_data(other_store, restored.id) == document
    assert other_store.find_respondent_by_token(document["respondents"][1]["token"]).label == "exec1"  # type: ignore[union-attr]
    assert score_assessment(other_store, restored.id).card == score_assessment(store, filled.id).card


def test_restoring_into_the_same_installation_makes_new_secrets(store: Store, filled: AssessmentRecord) -> None:
    first = backup_data(store, filled.id)
    copy = restore_backup(store, json.dumps(first))
    again = backup_data(store, copy.id)
    assert copy.id != filled.id and copy.organisation_id != filled.organisation_id
    assert again["assessment"]["key"] != first["assessment"]["key"] and is_token_shaped(again["assessment"]["key"])
    assert not {r["token"] for r in again["respondents"]} & {r["token"] for r in first["respondents"]}

    def without_secrets(data: dict[str, Any]) -> dict[str, Any]:
        data = json.loads(json.dumps(data))
        data["assessment"]["key"] = None
        for person in data["respondents"]:
            person["token"] = None
        return data

    assert without_secrets(again) == without_secrets(first)


def test_the_previous_wave_is_linked_when_present(store: Store, other_store: Store, filled: AssessmentRecord) -> None:
    wave = start_wave(store, filled.id, "Autumn")
    data = backup_data(store, wave.id)
    assert data["settings"]["previous_assessment_key"] == filled.key
    restore_backup(other_store, backup_json(store, filled.id))
    restored = restore_backup(other_store, json.dumps(data))
    previous = other_store.get_settings(restored.id).previous_assessment_id
    assert previous is not None and other_store.get_assessment(previous).key == filled.key  # type: ignore[union-attr]
    assert backup_data(other_store, restored.id) == data


def test_invalid_backups_are_refused_with_located_errors(store: Store, filled: AssessmentRecord) -> None:
    data = backup_data(store, filled.id)
    data["respondents"][2]["answers"][0]["kind"] = "maybe"
    data["settings"]["anonymity_threshold"] = 0
    data["evidence"][0]["colour"] = "red"
    with pytest.raises(InputError) as caught:
        parse_backup(json.dumps(data), "b.json")
    fields = [e.field for e in caught.value.errors]
    assert fields == ["settings.anonymity_threshold", "respondents[2].answers[0].kind", "evidence[0].colour"]
    with pytest.raises(InputError, match=r"b.json:3: not valid JSON"):
        parse_backup('{\n "format":\n ]', "b.json")
    with pytest.raises(InputError, match="format_version 2 is not supported"):
        parse_backup(json.dumps({**backup_data(store, filled.id), "format_version": 2}), "b.json")
    with pytest.raises(InputError, match="larger than 20 MB"):
        parse_backup(b" " * (MAX_BACKUP_BYTES + 1))


def test_content_the_store_refuses_changes_nothing(store: Store, other_store: Store, filled: AssessmentRecord) -> None:
    data = backup_data(store, filled.id)
    data["evidence"][0]["link"] = "javascript:alert(1)"
    with pytest.raises(InputError, match="link"):
        restore_backup(other_store, json.dumps(data))
    data = backup_data(store, filled.id)
    data["respondents"].append(data["respondents"][1])  # the same label twice
    with pytest.raises(InputError, match="nothing changed"):
        restore_backup(other_store, json.dumps(data))
    assert other_store.list_assessments() == [] and other_store.list_organisations() == []


@pytest.mark.postgres
def test_round_trip_through_postgresql(
    store: Store,
    other_store: Store,
    pg_store: Store,  # noqa: F811  (the imported fixture)
    filled: AssessmentRecord,
) -> None:
    prepare(store, filled)
    original = backup_data(store, filled.id)
    on_postgres = restore_backup(pg_store, json.dumps(original))
    from_postgres = backup_data(pg_store, on_postgres.id)
    assert from_postgres == original
    back = restore_backup(other_store, json.dumps(from_postgres))
    assert backup_data(other_store, back.id) == original
    assert score_assessment(pg_store, on_postgres.id).card == score_assessment(store, filled.id).card


@pytest.mark.postgres
def test_fast_import_and_load_on_postgresql(store: Store, pg_store: Store, filled: AssessmentRecord) -> None:  # noqa: F811
    from cxmaturity.core.answers import answer_set_from_records
    from tests.workspace.conftest import v

    target = pg_store.create_assessment(
        "Acme", "tests/fixtures/mini.yaml", "Spring", "en", targets={"levels": {"base": 70}}
    )
    answers = store.load_answers(filled.id)
    assert pg_store.replace_answers(target.id, answer_set_from_records(answers)) == 19
    assert pg_store.load_answers(target.id) == answers
    assert score_assessment(pg_store, target.id).card.levels == score_assessment(store, filled.id).card.levels
    with pytest.raises(ValueError, match="nothing changed"):
        pg_store.replace_answers(target.id, [v("x", "base.cx.a", 2), v("x", "base.cx.a", 4)])
    assert pg_store.load_answers(target.id) == answers
