"""Answer files: long or wide CSV (UTF-8, with or without BOM, ``,`` or ``;``) and XLSX.

- long: columns ``respondent, question, value`` and optional ``group, note``;
- wide: a row per respondent: ``respondent``, optional ``group``, then one column per question id.

``value`` is a scale value, ``na`` (not applicable), ``dk`` (don't know) or empty
(unanswered). Every bad row or cell is reported with its row and column, all at
once; nothing is returned from a file with errors. The checks are vectorised
with pandas so that half a million answers read in well under a second.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from cxmaturity.core.model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    AnswerKind,
    AnswerSet,
    ItemKind,
    Questionnaire,
    format_value,
)
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.limits import MAX_TEXT_CHARS
from cxmaturity.files.tables import read_table_bytes
from cxmaturity.files.text import CONTROL_CHARACTERS, control_character, without_controls

#: Answer files larger than this are refused by the CLI (the app's upload limit is far lower).
MAX_ANSWER_FILE_BYTES = 1024 * 1024 * 1024
#: Text cells starting with one of these could run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

LONG_COLUMNS = ("respondent", "group", "question", "value", "note")
CONTROL_MESSAGE = "holds an invisible control character (such as NUL or a vertical tab); remove it and save again"
_KIND_VALUE = AnswerKind.VALUE.value


def read_answers(path: str | Path, questionnaire: Questionnaire) -> AnswerSet:
    """Read and validate an answer file (CSV long/wide or ``.xlsx``) against ``questionnaire``.

    Raises :class:`~cxmaturity.files.errors.InputError` listing every bad row or cell.
    """
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ANSWER_FILE_BYTES:
            limit = MAX_ANSWER_FILE_BYTES // (1024 * 1024)
            raise InputError([LocatedError(name, None, "", f"the file is larger than {limit} MB")])
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([LocatedError(name, None, "", f"cannot read the file: {exc.strerror}")]) from None
    return read_answers_bytes(data, name, questionnaire)


def read_answers_bytes(data: bytes, name: str, questionnaire: Questionnaire) -> AnswerSet:
    """Like :func:`read_answers` for bytes already in memory (an upload); ``name`` locates errors."""
    return answers_from_frame(read_table_bytes(data, name), name, questionnaire)


def answers_from_frame(frame: pd.DataFrame, name: str, questionnaire: Questionnaire) -> AnswerSet:
    """Validate a table of strings (one header row, ``row`` column = source row number) into an AnswerSet."""
    columns = [column for column in frame.columns if column != "row"]
    lowered = {column: column.strip().lower() for column in columns}
    frame = frame.rename(columns=lowered)
    if "respondent" not in frame.columns:
        raise InputError(
            [
                LocatedError(
                    name,
                    1,
                    "",
                    f"no 'respondent' column (found: {', '.join(map(str, columns)) or 'none'})",
                    "core_error.answers.no_respondent_column",
                    {"found": ", ".join(map(str, columns)) or "—"},
                )
            ]
        )
    if "question" in frame.columns or "value" in frame.columns:
        missing = [column for column in ("question", "value") if column not in frame.columns]
        if missing:
            raise InputError(
                [
                    LocatedError(
                        name,
                        1,
                        "",
                        f"a long answer file needs the column(s) {', '.join(missing)}",
                        "core_error.answers.missing_columns",
                        {"columns": ", ".join(missing)},
                    )
                ]
            )
        unknown = [c for c in frame.columns if c not in (*LONG_COLUMNS, "row")]
        errors = [
            LocatedError(
                name,
                1,
                column,
                "unknown column; allowed: " + ", ".join(LONG_COLUMNS),
                "core_error.answers.unknown_column",
                {"allowed": ", ".join(LONG_COLUMNS)},
            )
            for column in unknown
        ]
        long = frame
    else:
        long, errors = _wide_to_long(frame, name, questionnaire)
    return _validate_long(long, name, questionnaire, errors)


def _wide_to_long(
    frame: pd.DataFrame, name: str, questionnaire: Questionnaire
) -> tuple[pd.DataFrame, list[LocatedError]]:
    known = {question.id for question in questionnaire.questions} | {item.id for item in questionnaire.items}
    question_columns = [c for c in frame.columns if c not in ("respondent", "group", "row")]
    errors = [
        LocatedError(
            name, 1, column, "not a question id of this questionnaire", "core_error.answers.unknown_question_column"
        )
        for column in question_columns
        if column not in known
    ]
    question_columns = [c for c in question_columns if c in known]
    id_columns = ["row", "respondent"] + (["group"] if "group" in frame.columns else [])
    long = frame.melt(id_vars=id_columns, value_vars=question_columns, var_name="question", value_name="value")
    # Keep each respondent's answers together and in questionnaire order.
    long["_order"] = long["question"].map({q: i for i, q in enumerate(question_columns)})
    long = long.sort_values(["row", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    long["column"] = long["question"]
    return long, errors


def _clean_text(values: pd.Series, strip: bool = True) -> pd.Series:
    """Strip white space (optionally) and remove the ``'`` our exports put before formula-like text."""
    values = values.astype(str)
    if strip:
        values = values.str.strip()
    quoted = values.str.startswith("'") & values.str[1:2].isin(list(FORMULA_PREFIXES))
    return values.where(~quoted, values.str[1:]) if quoted.any() else values


def _label_column(frame: pd.DataFrame, column: str) -> pd.Categorical:
    """A repetitive text column (respondent, group, question) as a Categorical of cleaned labels.

    The cleaning runs on the distinct labels only, which keeps big files fast.
    """
    if column not in frame.columns:  # every row missing, without building len(frame) strings
        return pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=pd.Index([""], dtype=object))
    codes, labels = pd.factorize(frame[column], use_na_sentinel=False)
    cleaned_codes, cleaned = pd.factorize(_clean_text(pd.Series(labels)), use_na_sentinel=False)
    return pd.Categorical.from_codes(cleaned_codes[codes], categories=pd.Index(cleaned).astype(object))


def _validate_long(
    frame: pd.DataFrame, name: str, questionnaire: Questionnaire, errors: list[LocatedError]
) -> AnswerSet:
    # Factorise the repetitive columns once: later lookups touch the few distinct labels only.
    respondent = _label_column(frame, "respondent")
    group = _label_column(frame, "group")
    question = _label_column(frame, "question")
    # Answer values repeat (0..4, na, dk, blank): parse each distinct text once.
    raw_value = _label_column(frame, "value")
    note = (
        _clean_text(frame["note"], strip=False).replace("", None).to_numpy(dtype=object)
        if "note" in frame.columns
        else np.full(len(frame), None, dtype=object)
    )
    columns = frame["column"].to_numpy() if "column" in frame.columns else None
    rows = frame["row"].to_numpy()

    def report(
        mask: np.ndarray,
        field: str | None,
        message: Callable[..., str],
        key: str,
        values: Callable[[int], dict[str, object]] = lambda i: {},
    ) -> None:
        # Messages are built only for the rows that are wrong: half a million good rows cost nothing.
        # ``key`` names the message in the UI catalogue (the UI shows it in the reader's language).
        for index in np.flatnonzero(mask):
            where = field or (str(columns[index]) if columns is not None else "value")
            errors.append(LocatedError(name, int(rows[index]), where, message(index), key, values(int(index))))

    report(
        np.asarray(respondent == ""),
        "respondent",
        lambda i: "the respondent is empty; give every row a respondent name or code",
        "core_error.answers.respondent_empty",
    )
    _report_unclean_text(report, {"respondent": respondent, "group": group, "question": question}, note)
    # Rating questions first, then the items of format 2 (metric items, choices, open text).
    question_ids = [q.id for q in questionnaire.questions] + [item.id for item in questionnaire.items]
    question_code = pd.Index(question_ids).get_indexer(question.categories)[question.codes]
    known = question_code >= 0
    report(
        ~known,
        "question",
        lambda i: f"unknown question id {question[i]!r} (see `python -m cxmaturity show`)",
        "core_error.answers.unknown_question",
        lambda i: {"question": question[i]},
    )

    distinct = pd.Series(raw_value.categories.astype(str))
    distinct_numbers = pd.to_numeric(distinct.str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float)
    distinct_kind = np.full(len(distinct), _KIND_VALUE, dtype=object)
    lowered = distinct.str.lower()
    distinct_kind[(lowered == "").to_numpy()] = AnswerKind.UNANSWERED.value
    distinct_kind[(lowered == NOT_APPLICABLE).to_numpy()] = AnswerKind.NOT_APPLICABLE.value
    distinct_kind[(lowered == DONT_KNOW).to_numpy()] = AnswerKind.DONT_KNOW.value
    numbers = distinct_numbers[raw_value.codes]
    kind = distinct_kind[raw_value.codes]
    is_value = kind == _KIND_VALUE
    # Check each answer against its own question's scale, one vectorised test per scale.
    scale_ids = list(questionnaire.scales)
    item_scales = [scale_ids.index(item.scale) if item.scale else -1 for item in questionnaire.items]
    scale_code_of_question = np.array([scale_ids.index(q.scale) for q in questionnaire.questions] + item_scales + [-1])
    scale_code = scale_code_of_question[question_code]  # -1 (last item) for unknown questions
    free, free_valid, free_numbers, free_message = _free_answers(questionnaire, question_code, raw_value)
    if free.any():  # a choice or a text is an answer whenever the cell is not empty
        kind = np.where(free & (kind != AnswerKind.UNANSWERED.value), _KIND_VALUE, kind)
        is_value = kind == _KIND_VALUE
    valid = (~is_value | ~known | free_valid) & ~(free & ~free_valid)
    for code, (scale_id, scale) in enumerate(questionnaire.scales.items()):
        in_scale = scale_code == code
        valid |= in_scale & is_value & np.isin(numbers, np.array(scale.values))
        if not scale.allow_na:
            na_message = f"'na' is not allowed for scale {scale_id!r}"
            report(
                in_scale & (kind == AnswerKind.NOT_APPLICABLE.value),
                None,
                lambda i, m=na_message: m,
                "core_error.answers.na_not_allowed",
            )
        if not scale.allow_dont_know:
            dk_message = f"'dk' is not allowed for scale {scale_id!r}"
            report(
                in_scale & (kind == AnswerKind.DONT_KNOW.value),
                None,
                lambda i, m=dk_message: m,
                "core_error.answers.dk_not_allowed",
            )
    allowed = [
        ", ".join(format_value(v) for v in scale.values)
        + (", na" if scale.allow_na else "")
        + (", dk" if scale.allow_dont_know else "")
        + ", or empty"
        for scale in questionnaire.scales.values()
    ]
    # The same list without the English "or empty", for the translated message.
    allowed_values = [text.removesuffix(", or empty") for text in allowed]
    report(
        ~valid & ~free,
        None,
        lambda i: f"{raw_value[i]!r} is not an answer on this question's scale (allowed: {allowed[scale_code[i]]})",
        "core_error.answers.not_on_scale",
        lambda i: {"value": raw_value[i], "allowed": allowed_values[scale_code[i]]},
    )
    report(~valid & free, None, free_message, "core_error.answers.not_a_choice", lambda i: {"value": raw_value[i]})

    pair_key = pd.Series(respondent.codes.astype(np.int64) * (len(question_ids) + 1) + question_code)
    duplicated = pair_key.duplicated(keep="first").to_numpy() & known
    if duplicated.any():
        first_row = pd.Series(rows).groupby(pair_key).transform("first").to_numpy()
        report(
            duplicated,
            "question",
            lambda i: f"this respondent already answered this question (first at row {first_row[i]})",
            "core_error.answers.duplicate",
            lambda i: {"row": int(first_row[i])},
        )

    if "group" in frame.columns:
        pairs = pd.DataFrame({"r": respondent.codes, "g": group.codes})
        groups_per_respondent = pairs.groupby("r")["g"].transform("nunique").to_numpy()
        report(
            groups_per_respondent > 1,
            "group",
            lambda i: "this respondent appears in more than one group",
            "core_error.answers.two_groups",
        )

    if errors:
        errors.sort(key=lambda error: (error.line or 0, error.field))
        raise InputError(errors)
    if "" in group.categories:
        group = group.remove_categories([""])  # no group -> missing
    if free.any():  # the chosen option's id or the text itself is kept as the answer's note
        note = np.where(free & is_value, np.asarray(raw_value, dtype=object), note)
    table = pd.DataFrame(
        {
            "respondent": respondent,
            "group": group,
            "question": question,
            "kind": kind,
            "value": np.where(is_value, np.where(free, free_numbers, numbers), np.nan),
            "note": note,
        }
    )
    first_seen = np.sort(np.unique(respondent.codes, return_index=True)[1])
    return AnswerSet(table=table, respondents=tuple(str(respondent[i]) for i in first_seen))


def _report_unclean_text(
    report: Callable[..., None],
    labels: dict[str, pd.Categorical],
    note: np.ndarray,
) -> None:
    """Located errors for control characters (checked on distinct labels) and over-long notes."""
    for field, values in labels.items():
        bad = np.array([control_character(str(label)) is not None for label in values.categories], dtype=bool)
        if bad.any():
            codes = np.asarray(values.codes)
            report(
                (codes >= 0) & bad[np.maximum(codes, 0)],
                field,
                lambda i: CONTROL_MESSAGE,
                "core_error.answers.control_character",
            )
    texts = pd.Series(note, dtype=object).dropna().astype(str)
    if len(texts):
        dirty = texts.index[texts.str.contains(CONTROL_CHARACTERS)].to_numpy()
        report(
            np.isin(np.arange(len(note)), dirty),
            "note",
            lambda i: CONTROL_MESSAGE,
            "core_error.answers.control_character",
        )
        long = texts.index[texts.str.len() > MAX_TEXT_CHARS].to_numpy()
        message = f"the note is longer than {MAX_TEXT_CHARS:,} characters; shorten it"
        report(
            np.isin(np.arange(len(note)), long),
            "note",
            lambda i: message,
            "core_error.text_too_long",
            lambda i: {"limit": MAX_TEXT_CHARS},
        )


def _free_answers(
    questionnaire: Questionnaire, question_code: np.ndarray, raw_value: pd.Categorical
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Callable[[int], str]]:
    """Rows answering a choice or text item, which are valid, their numbers, and the message for a bad choice.

    A choice must be one of the item's choice ids; its number is its position in the list (1, 2...).
    A text is always valid; its number is 1 ("answered"). The id or the text itself is the note.
    """
    offset = len(questionnaire.questions)
    free = np.zeros(len(question_code), dtype=bool)
    free_valid = np.zeros(len(question_code), dtype=bool)
    free_numbers = np.full(len(question_code), np.nan)
    choices_of: dict[int, tuple[str, ...]] = {}
    texts = np.asarray(raw_value.categories.astype(str))
    for index, item in enumerate(questionnaire.items):
        if item.kind not in (ItemKind.CHOICE, ItemKind.TEXT):
            continue
        rows = question_code == offset + index
        free |= rows
        if item.kind is ItemKind.TEXT:
            free_valid |= rows
            free_numbers[rows] = 1.0
            continue
        choices_of[offset + index] = item.choice_ids()
        position = pd.Index(item.choice_ids()).get_indexer(pd.Index(texts))[raw_value.codes]
        free_valid |= rows & ((position >= 0) | (texts[raw_value.codes] == ""))
        free_numbers[rows] = position[rows] + 1.0

    def message(i: int) -> str:
        return choice_error(str(raw_value[i]), choices_of.get(int(question_code[i]), ()))

    return free, free_valid, free_numbers, message


def choice_error(given: str, choices: tuple[str, ...]) -> str:
    """Why ``given`` is not one of ``choices``, with the closest choice when it looks like a typo."""
    import difflib

    close = difflib.get_close_matches(given.casefold(), [c.casefold() for c in choices], n=1, cutoff=0.6)
    hint = f"; did you mean {choices[[c.casefold() for c in choices].index(close[0])]!r}?" if close else ""
    return f"{given!r} is not one of this item's choices ({', '.join(choices)}){hint}"


def answer_set_from_records(records: Iterable[Answer], respondents: Iterable[str] | None = None) -> AnswerSet:
    """Build an AnswerSet from Answer records (e.g. loaded from the database).

    ``respondents`` adds respondents who have not answered yet (they count for coverage).
    """
    rows = [
        (a.respondent, a.group, a.question, a.kind.value, np.nan if a.value is None else float(a.value), a.note)
        for a in records
    ]
    table = pd.DataFrame(rows, columns=["respondent", "group", "question", "kind", "value", "note"])
    table["value"] = table["value"].astype(float)
    order = list(dict.fromkeys([*(respondents or ()), *table["respondent"].tolist()]))
    return AnswerSet(table=table, respondents=tuple(order))


def records_from_answer_set(answers: AnswerSet) -> list[Answer]:
    """The answers of an AnswerSet as Answer records (file order)."""
    table = answers.table
    return [
        Answer(
            respondent=str(respondent),
            question=str(question),
            kind=AnswerKind(kind),
            value=None if value != value else float(value),  # NaN != NaN marks "no value"
            group=_optional_text(group),
            note=_optional_text(note),
        )
        for respondent, group, question, kind, value, note in zip(
            table["respondent"],
            table["group"],
            table["question"],
            table["kind"],
            table["value"],
            table["note"],
            strict=True,
        )
    ]


def _optional_text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def write_answers_csv(records: Iterable[Answer]) -> str:
    """Answers as a long CSV (``respondent,group,question,value,note``), readable by :func:`read_answers`.

    Text cells that a spreadsheet would run as a formula get a leading ``'``,
    which :func:`read_answers` removes again.
    """
    buffer = io.StringIO()
    # "\r\n" (csv's default) makes the writer quote cells holding a lone "\r" too.
    writer = csv.writer(buffer)
    writer.writerow(LONG_COLUMNS)
    for answer in records:
        writer.writerow(
            [
                neutralise_formula(answer.respondent),
                neutralise_formula(answer.group or ""),
                answer.question,
                answer.code(),
                neutralise_formula(answer.note or ""),
            ]
        )
    return buffer.getvalue()


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would evaluate as a formula (``=``, ``+``, ``-``, ``@``...).

    Control characters are removed first: text stored before storage refused them must still
    export (openpyxl refuses them in a workbook, and no spreadsheet shows them).
    """
    text = without_controls(text)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
