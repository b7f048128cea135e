"""The callback list (the inner loop): who is on it, due times, the share called back on time, the export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.registry import find_questionnaire
from cxmaturity.voice.callbacks import Decision, callback_list, high_effort_below, on_time_share
from cxmaturity.voice.stored import responses_from_answers
from cxmaturity.workspace.results_export import to_csv_files, to_xlsx
from cxmaturity.workspace.voice_export import callback_table

CUSTOMER = find_questionnaire("cx-pyramid-customer")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _responses(rows):
    records = []
    for label, nps, ces, reason, comment in rows:
        if nps is not None:
            records.append(Answer(label, "loyalty.recommend", AnswerKind.VALUE, float(nps)))
        if ces is not None:
            records.append(Answer(label, "interaction.effort", AnswerKind.VALUE, float(ces)))
        if reason is not None:
            position = CUSTOMER.item("reason.main").choice_ids().index(reason) + 1
            records.append(Answer(label, "reason.main", AnswerKind.VALUE, float(position), note=reason))
        if comment is not None:
            records.append(Answer(label, "reason.comment", AnswerKind.VALUE, 1.0, note=comment))
    return responses_from_answers(CUSTOMER, answer_set_from_records(records))


ROWS = [
    ("ann", 3, 6, "speed", '=HYPERLINK("http://evil")'),  # detractor (3 is 0-6)
    ("bob", 9, 2, "price", None),  # high effort: 2 is below the middle (4) of 1..7
    ("cid", 8, 4, None, None),  # 4 is the middle: not high effort; 8 is a passive
    ("dan", 10, None, None, None),  # a promoter who skipped the effort question
    ("eve", 6, None, None, None),  # detractor without a time: no due time
]
TIMES = {"ann": T0, "bob": T0 + timedelta(hours=1), "cid": T0, "dan": T0}


def test_detractors_and_high_effort_answers_are_listed_with_a_48_hour_due_time():
    assert high_effort_below(CUSTOMER, "interaction.effort") == 4.0  # (1 + 7) / 2
    found = callback_list(
        CUSTOMER, _responses(ROWS), TIMES, {"ann": "ann@example.com"}, {}, "reason.main", "reason.comment"
    )
    assert [(c.respondent, c.detractor, c.high_effort) for c in found] == [
        ("ann", True, False),
        ("bob", False, True),
        ("eve", True, False),
    ]
    ann, bob, eve = found
    assert ann.due_at == datetime(2026, 11, 4, 9, 0, tzinfo=UTC) and bob.due_at == datetime(
        2026, 11, 4, 10, 0, tzinfo=UTC
    )
    assert eve.due_at is None and eve.contact is None
    assert (ann.contact, ann.reason, ann.nps, ann.ces) == ("ann@example.com", "speed", 3.0, 6.0)
    assert bob.reason == "price" and bob.comment == ""


def test_the_share_called_back_on_time_counts_callbacks_due_or_made():
    # ann called after 10 hours (on time); bob never called and 72 hours have passed (overdue); eve has no due time.
    decisions = {"ann": Decision(owner="Olga", status="called", called_at=T0 + timedelta(hours=10))}
    found = callback_list(CUSTOMER, _responses(ROWS), TIMES, {}, decisions)
    now = T0 + timedelta(hours=72)
    share = on_time_share(found, now)
    assert (share.k, share.n, share.share) == (1, 2, 0.5)
    assert [c.overdue(now) for c in found] == [False, True, False]
    # A day earlier nothing was overdue yet: 1 of 1.
    assert on_time_share(found, T0 + timedelta(hours=24)).share == 1.0
    # A callback moved to a later due date and made before it is on time.
    late = {"bob": Decision(due_at=T0 + timedelta(days=5), status="solved", called_at=T0 + timedelta(days=4))}
    assert callback_list(CUSTOMER, _responses(ROWS), TIMES, {}, late)[1].on_time
    assert on_time_share([], now).share is None  # nobody to call: no division by zero


def test_the_export_neutralises_formulas_in_csv_and_xlsx():
    found = callback_list(
        CUSTOMER, _responses(ROWS), TIMES, {"ann": "ann@example.com"}, {}, "reason.main", "reason.comment"
    )
    reasons = {c.id: c.label.get("en") for c in CUSTOMER.item("reason.main").choices}
    table = callback_table(found, reasons, "en")
    text = to_csv_files([table])["callbacks.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Customer", "Contact", "Why"]
    assert rows[1][:7] == [
        "ann",
        "ann@example.com",
        "detractor",
        "3",
        "6",
        "How fast I was served",
        '\'=HYPERLINK("http://evil")',
    ]
    assert rows[1][8] == "2026-11-04 09:00 UTC" and rows[1][10] == "open"
    sheet = load_workbook(io.BytesIO(to_xlsx([table]))).active
    assert sheet["G2"].value == '\'=HYPERLINK("http://evil")' and sheet["G2"].data_type == "s"
    ru = callback_table(found, reasons, "ru")
    assert ru.header[0] == "Клиент" and ru.rows[1][2] == "клиенту было трудно"
