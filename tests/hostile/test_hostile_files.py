"""The hostile-file corpus: every file the security review used to crash, stall or fool the app.

Each file is made here (nothing is checked in) and handed to the real entry point in a child
process with a memory cap and a time budget (:mod:`tests.hostile.run_case`). Every case must
end in a located refusal (``FILE[:LINE]: ...``) within the budget, with no traceback, and with
nothing stored. Before the hardening, these files killed the server (SIGSEGV), took minutes
and gigabytes, showed tracebacks, or were stored.
"""

from __future__ import annotations

import copy
import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from cxmaturity.core.model import AnswerKind
from cxmaturity.core.registry import builtin_dir
from cxmaturity.storage import Store
from cxmaturity.workspace.backup import backup_data

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
#: Address space of the child (bytes): the 400,000-column CSV used to take 4.5 GB.
MEMORY_BYTES = 2 * 1024 * 1024 * 1024
#: Seconds per case, on a loaded 2-core machine (each case needs ~2 s of imports; the refusals are instant).
BUDGET_SECONDS = 90


@pytest.fixture(scope="module")
def base_backup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real backup: one assessment of the shipped questionnaire with two answers and a note."""
    folder = tmp_path_factory.mktemp("base")
    store = Store.open(f"sqlite:///{folder / 'base.sqlite3'}")
    record = store.create_assessment("Acme", BUILTIN, "Wave 1", "en")
    person = store.add_respondent(record.id, "Ann", group="sales")
    first, second = (q.id for q in store.load_questionnaire(record.id).questions[:2])
    store.save_answer(person.id, first, AnswerKind.VALUE, 2, note="fine")
    store.save_answer(person.id, second, AnswerKind.NOT_APPLICABLE)
    data = backup_data(store, record.id)
    store.dispose()
    return data


def _json(data: object) -> bytes:
    return json.dumps(data).encode("utf-8")


def _with(base: dict, change: Callable[[dict], None]) -> bytes:
    data = copy.deepcopy(base)
    change(data)
    return _json(data)


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_part(xlsx: bytes, part: str, transform: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, transform(body) if item.filename == part else body)
    return out.getvalue()


def cell_bomb() -> bytes:
    """~240 KB of zip that unpacks to ~90 MB of sheet XML: 6,000,000 cells (took 143 s and 706 MB)."""
    row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"

    def fill(sheet: bytes) -> bytes:
        head = sheet.split(b"<sheetData")[0]
        return head + b"<sheetData>" + row * 6000 + b"</sheetData></worksheet>"

    return _replace_part(_workbook([["respondent", "question", "value"]]), "xl/worksheets/sheet1.xml", fill)


def cut_xlsx() -> bytes:
    """A real answers workbook whose sheet XML is cut in half (raised an uncaught ParseError)."""
    rows = [["respondent", "question", "value"], *([f"p{n}", "communication.cx.channel-choice", 3] for n in range(50))]
    return _replace_part(_workbook(rows), "xl/worksheets/sheet1.xml", lambda body: body[: len(body) // 2])


def duplicate_key(base: dict) -> bytes:
    text = json.dumps(base)
    organisation = json.dumps(base["organisation"] | {"name": "DUPLICATE-WINS"})
    return (text[:-1] + ', "organisation": ' + organisation + "}").encode("utf-8")


# (id, file name, action, maker, a piece of the expected refusal)
CASES: list[tuple[str, str, str, Callable[[dict], bytes], str]] = [
    ("deep YAML snapshot in a backup (SIGSEGV)", "crash.json", "restore",
     lambda b: _with(b, lambda d: d["assessment"].update(questionnaire_snapshot="x: " + "[" * 50_000 + "]" * 50_000)),
     "nested more than 64 levels"),
    ("deep JSON backup (RecursionError traceback)", "deep.json", "restore",
     lambda b: b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested 100,001 levels deep"),
    ("deep YAML questionnaire (SIGSEGV)", "deep.yaml", "questionnaire",
     lambda b: ("x: " + "{a: " * 50_000 + "}" * 50_000).encode(), "nested more than 64 levels"),
    ("200,000 YAML keys (74 s)", "keys.yaml", "questionnaire",
     lambda b: "".join(f"k{n}: v\n" for n in range(200_000)).encode(), "more than 100,000 values"),
    ("CSV of 400,000 columns (663 s, 4.5 GB)", "wide.csv", "import",
     lambda b: (",".join(f"c{n}" for n in range(400_000)) + "\n" + "1," * 399_999 + "1\n").encode(),
     "400,000 columns"),
    ("CSV of 400,000 columns on the command line", "wide-cli.csv", "answers",
     lambda b: (",".join(f"c{n}" for n in range(400_000)) + "\n").encode(), "400,000 columns"),
    ("XLSX cell bomb (143 s, 706 MB)", "bomb.xlsx", "import", lambda b: cell_bomb(), "6,000,000 cells"),
    ("cut XLSX (ParseError traceback)", "truncated_sheet.xlsx", "import", lambda b: cut_xlsx(),
     "not a readable .xlsx workbook"),
    ("XLSX with a broken workbook.xml", "broken.xlsx", "import",
     lambda b: _replace_part(_workbook([["respondent"]]), "xl/workbook.xml", lambda body: b"<workbook"),
     "not a readable .xlsx workbook"),
    ("control characters in an answer file (stored, broke the XLSX export)", "control.csv", "import",
     lambda b: b"respondent,question,value,note\nann,communication.cx.channel-choice,3,bell\x07 vt\x0b nul\x00\n",
     "control.csv:2: note: holds an invisible control character"),
    ("a boolean as an answer value (stored as 1.0)", "bool.json", "restore",
     lambda b: _with(b, lambda d: d["respondents"][1]["answers"][0].update(value=True)),
     "respondents[1].answers[0].value: Input should be a valid number"),
    ("a duplicate key (the second silently won)", "dup.json", "restore", duplicate_key,
     "the key 'organisation' appears twice"),
    ("an answer to a question the questionnaire lacks (stored)", "unknown.json", "restore",
     lambda b: _with(b, lambda d: d["respondents"][1]["answers"][0].update(question="../../../../etc/passwd")),
     "respondents[1].answers[0].question: '../../../../etc/passwd' is not a question"),
    ("evidence on a question the questionnaire lacks", "evidence.json", "restore",
     lambda b: _with(b, lambda d: d["evidence"].append(
         {"question": "no.such.question", "text": "x", "updated_at": "2026-01-01T00:00:00Z"})),
     "evidence[0].question: 'no.such.question' is not a question"),
    ("a library action that does not exist", "action.json", "restore",
     lambda b: _with(b, lambda d: d["actions"].append({"action_id": "../../etc/passwd", "status": "planned"})),
     "actions[0].action_id: '../../etc/passwd' is not an action"),
    ("a language path instead of a language (stored)", "language.json", "restore",
     lambda b: _with(b, lambda d: d["assessment"].update(language="../../etc")),
     "assessment.language: '../../etc' is not a language of the app"),
    ("a note of 1,000,000 characters (stored in 19 ms)", "long.json", "restore",
     lambda b: _with(b, lambda d: d["respondents"][1]["answers"][0].update(note="x" * 1_000_000)),
     "respondents[1].answers[0].note: String should have at most 10000 characters"),
    ("a questionnaire snapshot of 2.5 MB", "snapshot.json", "restore",
     lambda b: _with(b, lambda d: d["assessment"].update(questionnaire_snapshot="#" * 2_500_000)),
     "assessment.questionnaire_snapshot: String should have at most 2000000 characters"),
    ("NUL in the organisation name (PostgreSQL traceback)", "nul.json", "restore",
     lambda b: _with(b, lambda d: d["organisation"].update(name="Acme\x00")),
     "organisation.name: holds an invisible control character (U+0000"),
]  # fmt: skip


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


@pytest.mark.parametrize(("title", "name", "action", "make", "expected"), CASES, ids=[case[0] for case in CASES])
def test_a_hostile_file_ends_in_a_located_refusal(
    tmp_path: Path, base_backup: dict, title: str, name: str, action: str, make: Callable[[dict], bytes], expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make(base_backup))
    environment = {**os.environ, "CXM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    environment.pop("CXM_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.run_case", action, str(path)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=BUDGET_SECONDS, preexec_fn=_limit_memory,
    )  # fmt: skip
    assert done.returncode == 0, (title, done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "REFUSED", done.stdout
    located = lines[1:-1]
    assert located and all(
        line.startswith(str(path) if action in ("questionnaire", "answers") else name) for line in located
    ), located
    assert any(expected in line for line in located), located
    assert lines[-1] == "STORED NOTHING", done.stdout
