"""In a real browser: the files that used to crash or stall the server get a clear message, and work goes on."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.registry import builtin_dir
from cxmaturity.storage import Store
from cxmaturity.workspace.backup import backup_data
from tests.hostile.test_hostile_files import _with, cut_xlsx

from .server import running_app

BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
IMPORT_REFUSED = "The file was not imported"
RESTORE_REFUSED = "The backup was not restored"


def healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        return response.status == 200


def idle(page) -> None:
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stMain'] [data-stale='true']\")")
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']\")"
    )


def test_hostile_uploads_are_refused_clearly_and_the_server_keeps_serving(tmp_path: Path, new_page, shots) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = Store.open(f"sqlite:///{folder / 'cxmaturity.sqlite3'}")
    record = store.create_assessment("Acme", BUILTIN, "Wave 1", "en")
    person = store.add_respondent(record.id, "Ann")
    first = store.load_questionnaire(record.id).questions[0].id
    store.save_answer(person.id, first, AnswerKind.VALUE, 2)
    base = backup_data(store, record.id)
    files = {
        "crash.json": _with(
            base, lambda d: d["assessment"].update(questionnaire_snapshot="x: " + "[" * 50_000 + "]" * 50_000)
        ),
        "deep.json": b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "truncated_sheet.xlsx": cut_xlsx(),
        "wide.csv": (",".join(f"c{n}" for n in range(400_000)) + "\n").encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    with running_app(folder) as (url, _):
        page = new_page()
        page.goto(f"{url}/data?a={record.key}")
        page.get_by_text("Restore a backup").first.wait_for()
        uploaders = page.locator("[data-testid='stFileUploaderDropzoneInput']")

        # The crafted backup used to kill the whole server at "Restore" (SIGSEGV in libyaml).
        uploaders.nth(1).set_input_files(str(tmp_path / "crash.json"))
        page.get_by_role("button", name="Restore as a new assessment").click()
        page.get_by_text(RESTORE_REFUSED).first.wait_for()
        idle(page)
        assert "nested more than 64 levels" in page.inner_text("[data-testid='stMain']")
        shots.take(page, "crash-json-refused")
        assert healthy(url)

        # The JSON nested 100,000 deep used to show a RecursionError traceback.
        uploaders.nth(1).set_input_files(str(tmp_path / "deep.json"))
        page.get_by_text("nested 100,001 levels deep").first.wait_for()
        idle(page)
        shots.take(page, "deep-json-refused")

        # A cut workbook used to show a ParseError traceback; a 400,000-column CSV took 11 minutes.
        uploaders.nth(0).set_input_files(str(tmp_path / "truncated_sheet.xlsx"))
        page.get_by_text("not a readable .xlsx workbook").first.wait_for()
        idle(page)
        shots.take(page, "cut-xlsx-refused")
        uploaders.nth(0).set_input_files(str(tmp_path / "wide.csv"))
        page.get_by_text("400,000 columns").first.wait_for()
        idle(page)
        shots.take(page, "wide-csv-refused")
        text = page.inner_text("body")
        assert "Traceback" not in text and 'File "' not in text and ".py" not in text

        # Work goes on: the same server answers another page, and the assessment is unchanged.
        assert healthy(url)
        page.goto(f"{url}/results?a={record.key}")
        page.get_by_role("heading", name="Results").first.wait_for()
        idle(page)
        shots.take(page, "results-after")
    assert len(store.list_assessments()) == 1
    assert [a.question for a in store.load_answers(record.id)] == [first]
    store.dispose()
