"""Survey-tool exports: their extra header rows, metadata columns, question texts and answer labels.

The column-mapping import (:mod:`cxmaturity.workspace.column_mapping`) reads every upload
through :func:`normalise_export`, which recognises the shapes people actually have and turns
each into one header row, keeping every data row's own row number in the file:

- Qualtrics: three header rows (column names, question texts, ``{"ImportId": ...}``); the
  columns are named by their question text, ``ResponseId`` is the respondent;
- SurveyMonkey: two header rows (question texts, then "Response" or the option of a
  multi-column question) and its metadata columns; ``Respondent ID`` is the respondent;
- Google Forms: one header row of question texts, ``Timestamp`` first; it has no respondent
  column, so each response is named by its row ("row 2");
- LimeSurvey: question codes or full question texts, ``id`` / ``Response ID`` the respondent.

A plain CSV or XLSX passes unchanged. Columns are then matched to items by id or by question
text in any of the questionnaire's languages, and answers written as option labels ("Strongly
agree", "Полностью согласен") or choice labels become their values (:func:`labels_to_answers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

import pandas as pd

from cxmaturity.core.model import Choice, Questionnaire, Text, format_value


class ExportKind(StrEnum):
    """The tool a table was exported from, as far as its shape tells."""

    PLAIN = "plain"
    QUALTRICS = "qualtrics"
    SURVEYMONKEY = "surveymonkey"
    GOOGLE_FORMS = "google-forms"
    LIMESURVEY = "limesurvey"


#: Each tool's column holding the response's own id (compared ignoring case).
RESPONDENT_COLUMNS = {
    ExportKind.QUALTRICS: ("responseid",),
    ExportKind.SURVEYMONKEY: ("respondent id",),
    ExportKind.LIMESURVEY: ("id", "response id"),
}
#: Metadata columns the tools add, never answers (compared ignoring case).
METADATA_COLUMNS = frozenset(
    {
        # Qualtrics
        "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
        "recordeddate", "recipientlastname", "recipientfirstname", "recipientemail", "externalreference",
        "locationlatitude", "locationlongitude", "distributionchannel", "userlanguage",
        # SurveyMonkey
        "collector id", "start date", "end date", "ip address", "email address", "first name", "last name",
        "custom data 1",
        # Google Forms (en, ru, uk)
        "timestamp", "отметка времени", "позначка часу",
        # LimeSurvey
        "submitdate", "lastpage", "startlanguage", "seed", "datestamp", "ipaddr", "refurl",
        "date submitted", "last page", "start language", "date started", "date last action", "referrer url",
    }
)  # fmt: skip
_GOOGLE_TIMESTAMPS = ("timestamp", "отметка времени", "позначка часу")
_SURVEYMONKEY_SUBLABELS = ("response", "open-ended response", "")


def _folded(columns: pd.Index) -> list[str]:
    return [str(column).strip().casefold() for column in columns]


def detect_export(frame: pd.DataFrame) -> ExportKind:
    """Which tool's shape ``frame`` has (read with its first row as the header, ``row`` column included)."""
    names = _folded(frame.columns)
    if len(frame) >= 2 and any(str(cell).lstrip().startswith('{"ImportId"') for cell in frame.iloc[1]):
        return ExportKind.QUALTRICS
    if "respondent id" in names and "collector id" in names:
        return ExportKind.SURVEYMONKEY
    if names and names[0] in _GOOGLE_TIMESTAMPS:
        return ExportKind.GOOGLE_FORMS
    if ("id" in names and "submitdate" in names) or ("response id" in names and "date submitted" in names):
        return ExportKind.LIMESURVEY
    return ExportKind.PLAIN


def _unique(names: list[str]) -> list[str]:
    """Make repeated column names unique by numbering the repeats ("Q (2)")."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def normalise_export(frame: pd.DataFrame) -> tuple[pd.DataFrame, ExportKind]:
    """One header row for any tool's export; data rows keep their ``row`` number in the file."""
    kind = detect_export(frame)
    columns = [c for c in frame.columns if c != "row"]
    if kind is ExportKind.QUALTRICS:
        texts = [str(frame[c].iloc[0]).strip() or str(c) for c in columns]
        names = [str(c) if str(c).casefold() in RESPONDENT_COLUMNS[kind] or str(c).casefold() in METADATA_COLUMNS
                 else text for c, text in zip(columns, texts, strict=True)]  # fmt: skip
        frame = frame.iloc[2:].rename(columns=dict(zip(columns, _unique(names), strict=True)))
    elif kind is ExportKind.SURVEYMONKEY:
        names, question = [], ""
        for column in columns:
            header = "" if str(column).startswith("Unnamed:") else str(column).strip()
            question = header or question  # a multi-column question names only its first column
            sub = str(frame[column].iloc[0]).strip()
            names.append(question if sub.casefold() in _SURVEYMONKEY_SUBLABELS else f"{question} - {sub}")
        frame = frame.iloc[1:].rename(columns=dict(zip(columns, _unique(names), strict=True)))
    elif kind is ExportKind.GOOGLE_FORMS:
        frame = frame.copy()
        frame.insert(0, "respondent", [f"row {row}" for row in frame["row"]])
    return frame.reset_index(drop=True), kind


def _normal(text: str) -> str:
    """Text compared loosely: case, spaces, quotes and end punctuation do not matter."""
    text = text.casefold().replace("\u2019", "'").replace("\u00ab", '"').replace("\u00bb", '"')
    return re.sub(r"\s+", " ", text).strip(" .?!:;\"'")


def _texts(text: Text) -> list[str]:
    return [_normal(value) for value in text.by_language.values()]


def item_for_column(column: str, questionnaire: Questionnaire) -> str | None:
    """The id of the item or question whose id or text (in any language) is this column's name."""
    wanted = _normal(column)
    for entry in questionnaire.in_file_order():
        if wanted == entry.id.casefold() or wanted in _texts(entry.text):
            return entry.id
    return None


def export_column_role(column: str, kind: ExportKind) -> str | None:
    """``"respondent"`` for a tool's response-id column, ``""`` for its metadata, None for the others."""
    folded = str(column).strip().casefold()
    if folded in RESPONDENT_COLUMNS.get(kind, ()):
        return "respondent"
    return "" if folded in METADATA_COLUMNS else None


def _label_values(questionnaire: Questionnaire, item_id: str) -> dict[str, str]:
    """Every label of an item's options or choices, in every language -> what an answer file holds."""
    labels: dict[str, str] = {}
    scale_id: str | None
    choices: tuple[Choice, ...] = ()
    if item_id in {q.id for q in questionnaire.questions}:
        scale_id = questionnaire.question(item_id).scale
    else:
        item = questionnaire.item(item_id)
        scale_id, choices = item.scale, item.choices
    if scale_id:
        for option in questionnaire.scales[scale_id].options:
            for label in _texts(option.label):
                labels.setdefault(label, format_value(option.value))
    for choice in choices:
        for label in _texts(choice.label):
            labels.setdefault(label, choice.id)
    return labels


def labels_to_answers(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], questionnaire: Questionnaire
) -> pd.DataFrame:
    """Cells of mapped item columns written as option or choice labels become values or choice ids.

    Anything else is left as it is, for the answer checks to accept or report with its row.
    """
    known = {q.id for q in questionnaire.questions} | {item.id for item in questionnaire.items}
    frame = frame.copy()
    for theirs, ours in mapping.items():
        if not ours or ours not in known or theirs not in frame.columns:
            continue
        labels = _label_values(questionnaire, ours)
        cells = frame[theirs].astype(str)
        distinct = pd.Series(cells.unique())
        converted = {text: labels[_normal(text)] for text in distinct if _normal(text) in labels}
        if converted:
            frame[theirs] = cells.map(lambda text, c=converted: c.get(text, text))
    return frame
