"""Journey map, expert ratings of touchpoints and the service-model KPI table (issue 17).

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-30

New tables only. Written by hand, frozen: no ORM imports. The lead re-chains down_revision
after the other branches' migrations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_RANGES = {
    "level_now": (1, 5),
    "level_target": (1, 5),
    "effort": (1, 5),
    "completeness": (1, 5),
    "emotion": (-2, 2),
    "critical_customer": (1, 5),
    "critical_company": (1, 5),
}


def _assessment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["assessment_id"], ["assessment.id"], name=f"fk_{table}_assessment_id_assessment", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "journey_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _assessment_fk("journey_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_journey_stage"),
        sa.UniqueConstraint("assessment_id", "name", name="uq_journey_stage_assessment_id_name"),
    )
    op.create_table(
        "journey_touchpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(50), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(200), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("moment_of_truth", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _assessment_fk("journey_touchpoint"),
        sa.ForeignKeyConstraint(["stage_id"], ["journey_stage.id"], name="fk_journey_touchpoint_stage_id_journey_stage"),
        sa.PrimaryKeyConstraint("id", name="pk_journey_touchpoint"),
        sa.UniqueConstraint("assessment_id", "key", name="uq_journey_touchpoint_assessment_id_key"),
        sa.UniqueConstraint("stage_id", "name", name="uq_journey_touchpoint_stage_id_name"),
    )
    op.create_index("ix_journey_touchpoint_stage_id", "journey_touchpoint", ["stage_id"])
    op.create_table(
        "journey_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('driver', 'barrier')", name="ck_journey_link_kind"),
        _assessment_fk("journey_link"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["journey_touchpoint.id"], name="fk_journey_link_source_id_journey_touchpoint",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["journey_touchpoint.id"], name="fk_journey_link_target_id_journey_touchpoint",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_journey_link"),
    )
    op.create_table(
        "touchpoint_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("rater", sa.String(200), nullable=False),
        sa.Column("level_now", sa.Integer(), nullable=True),
        sa.Column("level_target", sa.Integer(), nullable=True),
        sa.Column("trigger", sa.String(20), nullable=True),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("completeness", sa.Integer(), nullable=True),
        sa.Column("emotion", sa.Integer(), nullable=True),
        sa.Column("critical_customer", sa.Integer(), nullable=True),
        sa.Column("critical_company", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "trigger IS NULL OR trigger IN ('customer', 'company')", name="ck_touchpoint_rating_trigger"
        ),
        *(
            sa.CheckConstraint(
                f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})",
                name=f"ck_touchpoint_rating_{column}",
            )
            for column, (low, high) in _RANGES.items()
        ),
        sa.ForeignKeyConstraint(
            ["touchpoint_id"], ["journey_touchpoint.id"], name="fk_touchpoint_rating_touchpoint_id_journey_touchpoint",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_touchpoint_rating"),
        sa.UniqueConstraint("touchpoint_id", "rater", name="uq_touchpoint_rating_touchpoint_id_rater"),
    )
    op.create_table(
        "service_kpi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("aspect", sa.String(2), nullable=False),
        sa.Column("current", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(200), nullable=True),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("frequency", sa.String(200), nullable=True),
        sa.Column("linked_to", sa.String(200), nullable=True),
        sa.CheckConstraint("aspect IN ('CX', 'OX', 'EX', 'IT', 'TX')", name="ck_service_kpi_aspect"),
        _assessment_fk("service_kpi"),
        sa.PrimaryKeyConstraint("id", name="pk_service_kpi"),
        sa.UniqueConstraint("assessment_id", "name", name="uq_service_kpi_assessment_id_name"),
    )


def downgrade() -> None:
    op.drop_table("service_kpi")
    op.drop_table("touchpoint_rating")
    op.drop_table("journey_link")
    op.drop_index("ix_journey_touchpoint_stage_id", table_name="journey_touchpoint")
    op.drop_table("journey_touchpoint")
    op.drop_table("journey_stage")
