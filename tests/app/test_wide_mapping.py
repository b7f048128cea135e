"""The mapping step of a wide survey export: automatic matching, a short searchable list, no widget per column."""

from __future__ import annotations

import io

from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.ui.mapping_view import PAGE_SIZE, map_key
from tests.app.conftest import BUILTIN, no_exception, texts
from tests.app.test_data_workspace import upload

QUESTIONNAIRE = load_questionnaire(BUILTIN)


def wide_survey(extra_columns: int) -> bytes:
    """A survey-tool export: an id, a team, one column per question (by id), then many columns of its own."""
    ids = [q.id for q in QUESTIONNAIRE.questions]
    header = ["Response ID", "Team", *ids, *(f"Extra {n:04d}" for n in range(extra_columns))]
    lines = [",".join(header)]
    for person in range(3):
        lines.append(",".join([f"r{person}", "front line", *["3"] * len(ids), *["x"] * extra_columns]))
    buffer = io.StringIO("\n".join(lines) + "\n")
    return buffer.getvalue().encode("utf-8")


def test_a_wide_file_draws_a_page_of_unmatched_columns_and_keeps_choices(open_app, store) -> None:
    record = store.create_assessment("Wide Ltd", BUILTIN, "Spring", "en")
    at = open_app("pages/data.py", a=record.key)
    upload(at, "data.import.file", "wide.csv", wide_survey(600))
    # 68 question ids + "Response ID" (respondent) + "Team" (group) = 70 matched, of 670.
    assert len(QUESTIONNAIRE.questions) == 68
    assert "70 of 670 columns were matched automatically. 600 are left" in texts(at)
    # Only one page of the unmatched columns is drawn, not a selectbox per column.
    assert len(at.selectbox) == PAGE_SIZE
    first_extra = 2 + len(QUESTIONNAIRE.questions)
    assert at.selectbox(key=map_key(first_extra)).label.endswith("Extra 0000")
    # Searching narrows the list; a choice made there survives paging and a new search.
    at.text_input(key="datapage.map.search").set_value("Extra 0599").run()
    assert len(at.selectbox) == 1
    at.text_input(key="datapage.map.search").set_value("").run()
    at.number_input(key="datapage.map.page").set_value(2).run()
    no_exception(at)
    assert at.selectbox(key=map_key(first_extra + PAGE_SIZE)).label.endswith(f"Extra {PAGE_SIZE:04d}")
    # The extra columns are ignored by default, so the file is valid as matched: 3 people x every question.
    count = 3 * len(QUESTIONNAIRE.questions)
    assert f"The file is valid: {count} answers from 3 respondents." in texts(at)
