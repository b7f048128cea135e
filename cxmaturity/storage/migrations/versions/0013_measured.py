"""What customers measured at each touchpoint: NPS, CSAT and CES with their n and source (issue 17).

Revision ID: 0013_measured
Revises: 0012_voice
Create Date: 2026-11-30

A new table only. Written by hand, frozen: no ORM imports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013_measured"
down_revision: str | None = "0012_voice"
branch_labels: str | None = None
depends_on: str | None = None

#: Each metric's range: NPS in points, CSAT as a percentage, CES on its 1..7 scale (a 1..5 scale fits).
_RANGES = {"nps": (-100, 100), "csat": (0, 100), "ces": (1, 7)}


def upgrade() -> None:
    metrics = ", ".join(repr(metric) for metric in _RANGES)
    in_range = " OR ".join(
        f"(metric = '{metric}' AND value >= {low} AND value <= {high})" for metric, (low, high) in _RANGES.items()
    )
    op.create_table(
        "touchpoint_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(10), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"metric IN ({metrics})", name="ck_touchpoint_figure_metric"),
        sa.CheckConstraint(in_range, name="ck_touchpoint_figure_value"),
        sa.CheckConstraint("n IS NULL OR n >= 1", name="ck_touchpoint_figure_n"),
        sa.CheckConstraint("source IN ('imported', 'typed')", name="ck_touchpoint_figure_source"),
        sa.ForeignKeyConstraint(
            ["touchpoint_id"],
            ["journey_touchpoint.id"],
            name="fk_touchpoint_figure_touchpoint_id_journey_touchpoint",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_touchpoint_figure"),
        sa.UniqueConstraint("touchpoint_id", "metric", name="uq_touchpoint_figure_touchpoint_id_metric"),
    )


def downgrade() -> None:
    op.drop_table("touchpoint_figure")
