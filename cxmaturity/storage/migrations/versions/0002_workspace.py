"""Consultant workspace: assessment settings (groups, anonymity, waves, results source) and evidence.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

New tables only, on purpose: adding a foreign key column to ``assessment`` makes
SQLite rebuild the table, and dropping the old copy with foreign keys on would
cascade-delete every respondent. Written by hand, frozen: no ORM imports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "assessment_setting",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("group_names", sa.JSON(), nullable=True),
        sa.Column("anonymity_threshold", sa.Integer(), nullable=False),
        sa.Column("previous_assessment_id", sa.Integer(), nullable=True),
        sa.Column("results_source", sa.String(20), nullable=False),
        sa.CheckConstraint(
            "results_source IN ('respondents', 'evidence', 'both')", name="ck_assessment_setting_results_source"
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_assessment_setting_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["previous_assessment_id"],
            ["assessment.id"],
            name="fk_assessment_setting_previous_assessment_id_assessment",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("assessment_id", name="pk_assessment_setting"),
    )
    op.create_index(
        "ix_assessment_setting_previous_assessment_id", "assessment_setting", ["previous_assessment_id"]
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("link", sa.String(2000), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_evidence_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.UniqueConstraint("assessment_id", "question_id", name="uq_evidence_assessment_id_question_id"),
    )


def downgrade() -> None:
    op.drop_table("evidence")
    op.drop_index("ix_assessment_setting_previous_assessment_id", table_name="assessment_setting")
    op.drop_table("assessment_setting")
