"""Initial schema: organisation, assessment, respondent, answer, roadmap_action.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written by hand, frozen: it must not import the ORM models, which keep changing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("industry", sa.String(200), nullable=True),
        sa.Column("size", sa.String(100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_organisation"),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("questionnaire_id", sa.String(100), nullable=False),
        sa.Column("questionnaire_version", sa.String(50), nullable=False),
        sa.Column("questionnaire_hash", sa.String(64), nullable=False),
        sa.Column("questionnaire_snapshot", sa.Text(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('collecting', 'closed')", name="ck_assessment_status"),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name="fk_assessment_organisation_id_organisation"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
        sa.UniqueConstraint("key", name="uq_assessment_key"),
    )
    op.create_index("ix_assessment_organisation_id", "assessment", ["organisation_id"])
    op.create_table(
        "respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=True),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        _timestamp("created_at"),
        _timestamp("submitted_at", nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_respondent_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_respondent"),
        sa.UniqueConstraint("assessment_id", "label", name="uq_respondent_assessment_id_label"),
        sa.UniqueConstraint("token", name="uq_respondent_token"),
    )
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("updated_at"),
        sa.CheckConstraint("kind IN ('value', 'na', 'dk', 'unanswered')", name="ck_answer_kind"),
        sa.CheckConstraint(
            "(kind = 'value' AND value IS NOT NULL) OR (kind <> 'value' AND value IS NULL)",
            name="ck_answer_value_matches_kind",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondent.id"],
            name="fk_answer_respondent_id_respondent",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_answer"),
        sa.UniqueConstraint("respondent_id", "question_id", name="uq_answer_respondent_id_question_id"),
    )
    op.create_table(
        "roadmap_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("authority", sa.String(50), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'planned', 'in_progress', 'done', 'dropped')",
            name="ck_roadmap_action_status",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_roadmap_action_assessment_id_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_roadmap_action"),
        sa.UniqueConstraint("assessment_id", "action_id", name="uq_roadmap_action_assessment_id_action_id"),
    )


def downgrade() -> None:
    op.drop_table("roadmap_action")
    op.drop_table("answer")
    op.drop_table("respondent")
    op.drop_index("ix_assessment_organisation_id", table_name="assessment")
    op.drop_table("assessment")
    op.drop_table("organisation")
