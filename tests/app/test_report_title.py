"""The PDF's cover names Start's default title in the report's language, not in the language it was stored in."""

from __future__ import annotations

from cxmaturity.i18n import format_date
from cxmaturity.storage import Store
from cxmaturity.ui.shell import assessment_title
from tests.app.conftest import BUILTIN


def test_a_default_title_reads_in_the_reports_language(store: Store) -> None:
    import datetime as dt

    created = dt.datetime.now(dt.UTC).date()  # the store stamps the creation in UTC
    record = store.create_assessment(
        "Acme", BUILTIN, f"Self-assessment of {format_date(created, 'en')}", "en", self_assessment=True
    )
    assert record.created_at.date() == created
    assert assessment_title(record, "ru") == f"Самооценка от {format_date(created, 'ru')}"
    assert assessment_title(record, "uk") == f"Самооцінка від {format_date(created, 'uk')}"
    # A title the user wrote stays as written, in any report language.
    own = store.create_assessment("Acme", BUILTIN, "CX re-assessment, Q3 2026", "en")
    assert assessment_title(own, "uk") == "CX re-assessment, Q3 2026"
