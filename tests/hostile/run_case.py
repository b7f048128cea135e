"""One hostile file against the real entry point, in its own process: ``python -m tests.hostile.run_case ACTION FILE``.

ACTION is ``restore`` (a backup on the Data page), ``import`` (an answer file on the Data page),
``questionnaire`` (the CLI's ``validate``) or ``answers`` (the CLI's ``score``). The database is
the SQLite file in ``CXM_DATA_DIR``. Prints ``REFUSED`` and each located error, or
``ACCEPTED``; then ``STORED NOTHING`` when no row was added or changed. Any other exception
escapes with its traceback and a non-zero exit: that is what the corpus must never see.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from sqlalchemy import func, select

from cxmaturity.cli.main import main as cli
from cxmaturity.core.registry import builtin_dir
from cxmaturity.files.errors import InputError
from cxmaturity.storage import Store
from cxmaturity.storage.tables import AnswerRow, Assessment, Evidence, Organisation, Respondent, RoadmapAction
from cxmaturity.workspace.backup import restore_backup
from cxmaturity.workspace.column_mapping import import_answers

BUILTIN = builtin_dir() / "cx-pyramid" / "questionnaire.yaml"
TABLES = (Organisation, Assessment, Respondent, AnswerRow, Evidence, RoadmapAction)


def counts(store: Store) -> list[int]:
    with store.engine.connect() as connection:
        return [connection.scalar(select(func.count()).select_from(table)) or 0 for table in TABLES]


def run(action: str, path: Path) -> None:
    store = Store.open()
    records = store.list_assessments()
    record = records[0] if records else store.create_assessment("Target Ltd", BUILTIN, "Wave", "en")
    before = counts(store)
    data = path.read_bytes()
    try:
        if action == "restore":
            restore_backup(store, data, path.name)
        elif action == "import":
            import_answers(store, record.id, data, path.name)
        elif action in ("questionnaire", "answers"):
            score = ["score", "--questionnaire", "cx-pyramid", "--answers", str(path)]
            argv = ["validate", str(path)] if action == "questionnaire" else score
            out, err = io.StringIO(), io.StringIO()
            code = cli(argv, stdout=out, stderr=err)
            if code == 0:
                print("ACCEPTED")
                return
            raise _Printed(err.getvalue())
        else:
            raise SystemExit(f"unknown action {action}")
        print("ACCEPTED")
    except _Printed as printed:
        print("REFUSED")
        print(printed.text.strip())
    except InputError as error:
        print("REFUSED")
        for located in error.errors:
            print(located)
    finally:
        if counts(store) == before:
            print("STORED NOTHING")
        store.dispose()


class _Printed(Exception):
    """The CLI's own located errors (it prints them on stderr and exits 1)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]))
