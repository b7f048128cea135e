"""Segment columns of an imported customer file (branch, product, channel...) per respondent (issue 16).

Revision ID: 0012_voice
Revises: 0011_self
Create Date: 2026-11-30

A new table only. Written by hand, frozen: no ORM imports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012_voice"
down_revision: str | None = "0011_self"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "respondent_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondent.id"],
            name="fk_respondent_segment_respondent_id_respondent",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_respondent_segment"),
        sa.UniqueConstraint("respondent_id", "name", name="uq_respondent_segment_respondent_id_name"),
    )


def downgrade() -> None:
    op.drop_table("respondent_segment")
