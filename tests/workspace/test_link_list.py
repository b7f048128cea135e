"""Respondents' links: the public address setting, local addresses, and the mail-merge list."""

from __future__ import annotations

import csv
import io

import pytest

from cxmaturity.files.errors import KeyedValueError
from cxmaturity.storage import QuestionnaireSnapshot, Store
from cxmaturity.workspace.link_list import link_table
from cxmaturity.workspace.respondent_links import is_local_url, public_url
from cxmaturity.workspace.results_export import to_csv, to_xlsx


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"CXM_PUBLIC_URL": "  "}, None),
        ({"CXM_PUBLIC_URL": "https://cx.example.com/"}, "https://cx.example.com"),
        ({"CXM_PUBLIC_URL": "https://cx.example.com/survey/"}, "https://cx.example.com/survey"),
        ({"CXM_PUBLIC_URL": "http://10.0.0.5:8501"}, "http://10.0.0.5:8501"),
        # The sign-in links' setting serves when the public address is not set; the public one wins.
        ({"CXM_BASE_URL": "https://team.example.com"}, "https://team.example.com"),
        (
            {"CXM_BASE_URL": "https://team.example.com", "CXM_PUBLIC_URL": "https://cx.example.com"},
            "https://cx.example.com",
        ),
    ],
)
def test_the_public_address_comes_from_the_setting(env, expected):
    assert public_url(env) == expected


@pytest.mark.parametrize(
    "value", ["cx.example.com", "ftp://cx.example.com", "https://", "https://x.org/?a=1", "https://x.org/#top"]
)
def test_a_public_address_respondents_cannot_open_is_refused_by_name(value):
    with pytest.raises(KeyedValueError) as raised:
        public_url({"CXM_PUBLIC_URL": value})
    assert raised.value.key == "consultant_day.links.bad_setting"
    assert "CXM_PUBLIC_URL" in str(raised.value) and value in str(raised.value)


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501", True),
        ("http://127.0.0.1:8501/respondents", True),
        ("http://127.3.2.1", True),
        ("http://[::1]:8501", True),
        ("http://0.0.0.0:8501", True),
        ("http://app.localhost", True),
        ("", True),
        (None, True),
        ("http://192.168.1.20:8501", False),
        ("https://cx.example.com", False),
        ("https://localhost.example.com", False),
    ],
)
def test_only_this_computers_addresses_count_as_local(url, local):
    assert is_local_url(url) is local


def test_the_link_list_has_every_working_link_and_no_formula(store: Store, snapshot: QuestionnaireSnapshot) -> None:
    record = store.create_assessment("Acme", snapshot, "Spring", "en")
    olga = store.add_respondent(record.id, "Olga Petrova", group="executives", email="olga@example.com")
    sam = store.add_respondent(record.id, '=HYPERLINK("http://evil")', group="front line")
    gone = store.add_respondent(record.id, "Gone", group="managers")
    store.set_revoked(gone.id)
    table = link_table(store.list_respondents(record.id), "https://cx.example.com/", "ru")
    assert table.header == ("Респондент", "Группа", "Эл. почта", "Персональная ссылка")
    # "self" (the assessment's own answers) and the revoked link are left out; default groups in Russian.
    assert table.rows == (
        ("Olga Petrova", "руководители", "olga@example.com", f"https://cx.example.com/?r={olga.token}"),
        ('=HYPERLINK("http://evil")', "первая линия", "", f"https://cx.example.com/?r={sam.token}"),
    )
    rows = list(csv.reader(io.StringIO(to_csv(table))))
    assert rows[2][0] == '\'=HYPERLINK("http://evil")'  # shown as text by a spreadsheet, never run
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx([table]))).active
    assert sheet.title == "Ссылки респондентов"
    assert [cell.value for cell in sheet[3]] == [
        '\'=HYPERLINK("http://evil")',
        "первая линия",
        None,
        f"https://cx.example.com/?r={sam.token}",
    ]
