"""The list of respondents' personal links for a mail merge: label, group, e-mail and link.

One row per invited respondent whose link works (the built-in "self" and revoked links are left
out). The list is an :class:`~cxmaturity.workspace.results_export.ExportTable`, so the CSV and
XLSX writers neutralise formulas in labels a consultant or an import typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxmaturity.i18n import translate
from cxmaturity.workspace.group_readings import group_name
from cxmaturity.workspace.participation import SELF_LABEL
from cxmaturity.workspace.respondent_links import respondent_link
from cxmaturity.workspace.results_export import ExportTable

if TYPE_CHECKING:
    from cxmaturity.storage import RespondentRecord

#: Stable name of the table (the CSV file stem; the sheet's title is translated).
TABLE_NAME = "respondent_links"
COLUMNS = ("label", "group", "email", "link")


def link_table(respondents: Sequence[RespondentRecord], root_url: str, language: str) -> ExportTable:
    """Label, group (in ``language`` for the default groups), e-mail and personal link of each invited respondent."""
    rows = tuple(
        (
            person.label,
            group_name(person.group, language),
            person.email or "",
            respondent_link(root_url, person.token),
        )
        for person in respondents
        if person.label != SELF_LABEL and not person.revoked
    )
    return ExportTable(
        TABLE_NAME,
        translate("consultant_day.links.sheet", language),
        tuple(translate(f"consultant_day.links.col.{column}", language) for column in COLUMNS),
        rows,
    )
