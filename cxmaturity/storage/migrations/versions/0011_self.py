"""Self-assessments carry a flag: the executive's own assessment, started on Start (issue 15).

Revision ID: 0011_self
Revises: 0010
Create Date: 2026-11-30

One column on ``assessment``, added in place (``ALTER TABLE ... ADD COLUMN``: SQLite does not
rebuild the table, so no respondent is cascade-deleted). Old rows are backfilled by the rule the
app used before the flag: Start's default title ("Self-assessment of <date>" in en/ru/uk, the date
within a day of the creation day), nobody invited (no respondent but the built-in "self"; revoked
ones do not count), and not a wave of an earlier assessment. Written by hand, frozen: no ORM or
catalogue imports (the titles and month names are copied here as they were).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision: str = "0011_self"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

#: Start's default title in each language (catalogue key app.start.default_title on 2026-11-30).
_TITLES = {"en": "Self-assessment of {date}", "ru": "Самооценка от {date}", "uk": "Самооцінка від {date}"}
#: Month names as format_date wrote them (genitive in ru/uk).
_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"],
}  # fmt: skip
_SELF_LABEL = "self"


def default_titles(created: dt.date) -> set[str]:
    """Every title Start could have given an assessment created on ``created`` (a day either side, any language)."""
    days = (created - dt.timedelta(days=1), created, created + dt.timedelta(days=1))
    return {
        template.format(date=f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}")
        for lang, template in _TITLES.items()
        for day in days
    }


def _created_day(value: object) -> dt.date | None:
    # SQLite hands back text, PostgreSQL a datetime.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def upgrade() -> None:
    op.add_column(
        "assessment", sa.Column("self_assessment", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    connection = op.get_bind()
    assessment = sa.table(
        "assessment",
        sa.column("id", sa.Integer()),
        sa.column("title", sa.String()),
        sa.column("created_at", sa.DateTime()),
        sa.column("self_assessment", sa.Boolean()),
    )
    respondent = sa.table(
        "respondent",
        sa.column("assessment_id", sa.Integer()),
        sa.column("label", sa.String()),
        sa.column("revoked", sa.Boolean()),
    )
    setting = sa.table(
        "assessment_setting",
        sa.column("assessment_id", sa.Integer()),
        sa.column("previous_assessment_id", sa.Integer()),
    )
    invited = set(
        connection.scalars(
            sa.select(respondent.c.assessment_id)
            .where(respondent.c.label != _SELF_LABEL, respondent.c.revoked.is_(False))
            .distinct()
        )
    )
    waves = set(
        connection.scalars(
            sa.select(setting.c.assessment_id).where(setting.c.previous_assessment_id.is_not(None))
        )
    )
    own = []
    for assessment_id, title, created in connection.execute(
        sa.select(assessment.c.id, assessment.c.title, assessment.c.created_at)
    ):
        day = _created_day(created)
        if day is None or assessment_id in invited or assessment_id in waves:
            continue
        if title in default_titles(day):
            own.append(assessment_id)
    if own:
        connection.execute(
            sa.update(assessment).where(assessment.c.id.in_(own)).values(self_assessment=True)
        )


def downgrade() -> None:
    # In place (SQLite 3.35+ drops a column without rebuilding the table, so nothing cascades).
    op.drop_column("assessment", "self_assessment")
