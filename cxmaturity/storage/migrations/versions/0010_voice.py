"""The callback list of the customer's voice: owner, due time and status per customer (issue 16).

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-30

A new table only. Written by hand, frozen: no ORM imports. The lead re-chains down_revision
after the other branches' migrations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008_deliverable"
branch_labels: str | None = None
depends_on: str | None = None

_STATUSES = ("open", "called", "solved", "lesson_recorded")


def upgrade() -> None:
    statuses = ", ".join(repr(status) for status in _STATUSES)
    op.create_table(
        "voice_callback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lesson", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"status IN ({statuses})", name="ck_voice_callback_status"),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name="fk_voice_callback_assessment_id_assessment", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"], ["respondent.id"], name="fk_voice_callback_respondent_id_respondent", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voice_callback"),
        sa.UniqueConstraint("respondent_id", name="uq_voice_callback_respondent_id"),
    )


def downgrade() -> None:
    op.drop_table("voice_callback")
