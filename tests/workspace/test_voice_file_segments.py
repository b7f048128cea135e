"""An imported customer file's own columns as segments, stored with the answers and in backups, and the
callback states in backups (issue 16). Every expected value below is read off the small files written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.files.errors import InputError
from cxmaturity.storage import AssessmentRecord, QuestionnaireSnapshot, Store
from cxmaturity.storage.callbacks import CallbackState
from cxmaturity.voice.segments import segment_view
from cxmaturity.voice.stored import FILE_COLUMN
from cxmaturity.workspace.backup import backup_data, backup_json, parse_backup, restore_backup
from cxmaturity.workspace.column_mapping import answers_from_mapped_frame, read_table, suggest_mapping
from cxmaturity.workspace.file_segments import file_segments
from cxmaturity.workspace.voice_data import load_voice
from tests.workspace.conftest import open_store

CUSTOMER = builtin_dir() / "cx-pyramid-customer" / "questionnaire.yaml"
LONG = "x" * 201
#: Seven customers: NPS, a branch (north x4, south x2, one empty), a channel with a formula-like and an
#: HTML-like value, an e-mail each (unique), and a comment, one of them over 200 characters.
FILE = (
    "Customer ID,Likelihood,Branch,Channel,Email,Remark\n"
    'c1,10,north,=HYPERLINK("http://evil"),a@x.io,fine\n'
    'c2,9,north,=HYPERLINK("http://evil"),b@x.io,\n'
    "c3,3,north,<b>web</b>,c@x.io,slow\n"
    "c4,6,north,<b>web</b>,d@x.io,\n"
    f"c5,8,south,<b>web</b>,e@x.io,{LONG}\n"
    "c6,2,south,phone,f@x.io,\n"
    "c7,10,,phone,g@x.io,\n"
)


def _imported(store: Store) -> AssessmentRecord:
    record = store.create_assessment("Voice", QuestionnaireSnapshot.from_file(CUSTOMER), "Customers", "en")
    frame = read_table(FILE.encode(), "export.csv")
    mapping = suggest_mapping([c for c in frame.columns if c != "row"], store.load_questionnaire(record.id))
    mapping.update({"Customer ID": "respondent", "Likelihood": "loyalty.recommend"})
    mapping.update({"Branch": None, "Channel": None, "Email": None, "Remark": None})
    answers = answers_from_mapped_frame(frame, "export.csv", store.load_questionnaire(record.id), mapping)
    segments = file_segments(frame, mapping, answers)
    assert list(segments.columns) == ["Branch", "Channel"]
    assert segments.left_out == (("Email", "unique"), ("Remark", "too_long"))
    assert segments.columns["Branch"] == {"c1": "north", "c2": "north", "c3": "north", "c4": "north",
                                          "c5": "south", "c6": "south"}  # fmt: skip
    store.replace_answers(record.id, answers, segments.columns)
    return record


def test_the_file_columns_survive_a_restart_and_make_segments(tmp_path: Path) -> None:
    store = open_store(tmp_path / "one")
    record = _imported(store)
    store.dispose()
    again = open_store(tmp_path / "one")  # a restarted server: everything comes from the database
    voice = load_voice(again, record.id)
    branch = voice.responses.segments[FILE_COLUMN + "Branch"]
    assert list(branch) == ["north", "north", "north", "north", "south", "south", ""]
    # NPS per branch, threshold 3: north 10, 9, 3, 6 -> 2 promoters, 2 detractors -> 0; south (2 people)
    # and "not given" (1) are held back: 2 segments, 3 customers.
    view = segment_view(voice.questionnaire, voice.responses, FILE_COLUMN + "Branch", "nps", 3)
    assert [(row.label, row.respondents, row.estimate.value) for row in view.rows] == [("north", 4, 0.0)]
    assert (view.hidden_segments, view.hidden_respondents) == (2, 3)
    channel = voice.responses.segments[FILE_COLUMN + "Channel"]
    assert sorted(set(channel)) == ["<b>web</b>", '=HYPERLINK("http://evil")', "phone"]  # kept as written
    again.dispose()


def test_a_new_import_replaces_the_segment_columns(store: Store) -> None:
    record = _imported(store)
    frame = read_table(b"respondent,loyalty.recommend\nc1,7\n", "plain.csv")
    answers = answers_from_mapped_frame(frame, "plain.csv", store.load_questionnaire(record.id), None)
    store.replace_answers(record.id, answers)
    assert store.load_segments(record.id) == {}


def test_a_segment_value_the_store_refuses_leaves_everything_as_it_was(store: Store) -> None:
    record = _imported(store)
    before = store.load_segments(record.id)
    frame = read_table(b"respondent,loyalty.recommend\nc1,7\n", "plain.csv")
    answers = answers_from_mapped_frame(frame, "plain.csv", store.load_questionnaire(record.id), None)
    with pytest.raises(ValueError, match="Branch"):
        store.replace_answers(record.id, answers, {"Branch": {"c1": "tab\there\x0b"}})
    assert store.load_segments(record.id) == before
    assert len(load_voice(store, record.id).responses) == 7  # the answers are the first import's still


def test_backup_round_trip_keeps_segments_and_callbacks(store: Store, other_store: Store) -> None:
    record = _imported(store)
    ids = {p.label: p.id for p in store.list_respondents(record.id)}
    due = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    store.save_callback(record.id, CallbackState(ids["c3"], owner="Olena", due_at=due, status="open"))
    store.save_callback(record.id, CallbackState(ids["c6"], owner="Ivan", status="lesson_recorded", lesson="call <b>"))
    document = json.loads(backup_json(store, record.id))
    people = {person["label"]: person for person in document["respondents"]}
    assert people["c3"]["callback"]["owner"] == "Olena" and people["c3"]["callback"]["due_at"] == "2026-12-02T09:00:00Z"
    assert people["c6"]["callback"]["status"] == "lesson_recorded" and people["c6"]["callback"]["called_at"]
    assert people["c1"]["callback"] is None
    assert people["c5"]["segments"] == {"Branch": "south", "Channel": "<b>web</b>"}
    assert people["c7"]["segments"] == {"Channel": "phone"}  # an empty cell stores nothing
    restored = restore_backup(other_store, json.dumps(document))
    assert backup_data(other_store, restored.id) == document
    restored_ids = {p.label: p.id for p in other_store.list_respondents(restored.id)}
    states = other_store.load_callbacks(restored.id)
    assert states[restored_ids["c6"]].lesson == "call <b>" and states[restored_ids["c3"]].due_at == due
    branch = load_voice(other_store, restored.id).responses.segments[FILE_COLUMN + "Branch"]
    assert list(branch).count("north") == 4


def test_a_backup_with_a_bad_callback_or_segment_is_refused_with_located_errors(store: Store) -> None:
    record = _imported(store)
    ids = {p.label: p.id for p in store.list_respondents(record.id)}
    store.save_callback(record.id, CallbackState(ids["c3"], status="called"))
    data = backup_data(store, record.id)
    at = {person["label"]: index for index, person in enumerate(data["respondents"])}
    data["respondents"][at["c3"]]["callback"]["status"] = "forgotten"
    data["respondents"][at["c1"]]["segments"]["Branch"] = "y" * 201
    data["respondents"][at["c2"]]["segments"][""] = "north"
    with pytest.raises(InputError) as caught:
        parse_backup(json.dumps(data), "b.json")
    where = {error.field for error in caught.value.errors}
    assert f"respondents[{at['c3']}].callback.status" in where
    assert f"respondents[{at['c1']}].segments.Branch" in where
    assert any(field.startswith(f"respondents[{at['c2']}].segments") for field in where)
    assert all(error.file == "b.json" for error in caught.value.errors)
