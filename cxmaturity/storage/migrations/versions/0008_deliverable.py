"""The roadmap as a plan and the consultancy's branding (issue 15).

Revision ID: 0008_deliverable
Revises: 0007
Create Date: 2026-11-30

Two nullable columns on roadmap_action (whether the action is in the plan, when it starts)
and the one-row branding table. Written by hand, frozen: no ORM imports. The lead re-chains
down_revision after the other branches' migrations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_deliverable"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("roadmap_action") as batch:
        batch.add_column(sa.Column("in_plan", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
    op.create_table(
        "branding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultancy", sa.String(200), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_branding"),
    )


def downgrade() -> None:
    op.drop_table("branding")
    with op.batch_alter_table("roadmap_action") as batch:
        batch.drop_column("start_date")
        batch.drop_column("in_plan")
