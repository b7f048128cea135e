"""The callback list as a CSV/XLSX table (through the workspace's writers: formulas neutralised)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from cxmaturity.core.model import format_value
from cxmaturity.i18n import translate
from cxmaturity.voice.callbacks import Callback
from cxmaturity.workspace.results_export import Cell, ExportTable

_COLUMNS = (
    "respondent", "contact", "why", "nps", "ces", "reason", "comment",
    "answered_at", "due_at", "owner", "status", "called_at", "on_time", "lesson",
)  # fmt: skip


def _time(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def callback_table(callbacks: Sequence[Callback], reasons: Mapping[str, str], lang: str) -> ExportTable:
    """One row per customer to call back; ``reasons`` maps a choice id to its label in ``lang``."""
    rows: list[tuple[Cell, ...]] = []
    for callback in callbacks:
        why = [translate(f"voice_ui.callbacks.why_{kind}", lang) for kind in ("detractor", "high_effort")
               if getattr(callback, kind)]  # fmt: skip
        decision = callback.decision
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
                translate(f"voice_ui.callbacks.status.{decision.status}", lang),
                _time(decision.called_at),
                translate("voice_ui.callbacks.yes" if callback.on_time else "voice_ui.callbacks.no", lang)
                if decision.called_at is not None
                else "",
                decision.lesson or "",
            )
        )
    header = tuple(translate(f"voice_ui.callbacks.col.{column}", lang) for column in _COLUMNS)
    return ExportTable("callbacks", translate("voice_ui.callbacks.heading", lang), header, tuple(rows))
