"""The callback list as a CSV/XLSX table (through the workspace's writers: formulas neutralised)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from cxmaturity.core.model import format_value
from cxmaturity.i18n import translate
from cxmaturity.voice.callbacks import STATUSES, Callback
from cxmaturity.workspace.results_export import Cell, ExportTable

_COLUMNS = (
    "respondent", "contact", "why", "nps", "ces", "reason", "comment",
    "answered_at", "due_at", "owner", "status", "called_at", "on_time", "lesson",
)  # fmt: skip


def _time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    # As strftime("%Y-%m-%d %H:%M UTC"), in a third of its time: 10,000 callbacks list 20,000 times.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d} UTC"


def callback_table(callbacks: Sequence[Callback], reasons: Mapping[str, str], lang: str) -> ExportTable:
    """One row per customer to call back; ``reasons`` maps a choice id to its label in ``lang``."""
    rows: list[tuple[Cell, ...]] = []
    # Translated once, not per row: a list of thousands of customers is built at every rerun.
    words = {
        key: translate(f"voice_ui.callbacks.{key}", lang) for key in ("why_detractor", "why_high_effort", "yes", "no")
    }
    statuses = {status: translate(f"voice_ui.callbacks.status.{status}", lang) for status in STATUSES}
    for callback in callbacks:
        why = [words[f"why_{kind}"] for kind in ("detractor", "high_effort") if getattr(callback, kind)]
        decision = callback.decision
        on_time = "" if decision.called_at is None else words["yes" if callback.on_time else "no"]
        rows.append(
            (
                callback.respondent,
                callback.contact or "",
                ", ".join(why),
                None if callback.nps is None else format_value(callback.nps),
                None if callback.ces is None else format_value(callback.ces),
                reasons.get(callback.reason or "", callback.reason or ""),
                callback.comment,
                _time(callback.answered_at),
                _time(callback.due_at),
                decision.owner or "",
                statuses[decision.status],
                _time(decision.called_at),
                on_time,
                decision.lesson or "",
            )
        )
    header = tuple(translate(f"voice_ui.callbacks.col.{column}", lang) for column in _COLUMNS)
    return ExportTable("callbacks", translate("voice_ui.callbacks.heading", lang), header, tuple(rows))
