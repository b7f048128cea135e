"""Team mode: users, client grants (owner/editor/viewer), sessions, reset links, sign-in failures and locks, audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

New tables only (see 0002 on why no column is added to an existing table). Existing clients
get no grant here: the users table is empty at upgrade time. The first admin created later
(``python -m cxmaturity users add EMAIL --role admin``) becomes the owner of every client
that has no owner yet (see docs/storage.md). Written by hand, frozen: no ORM imports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["user_account.id"], name=f"fk_{table}_user_id_user_account", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint("role IN ('admin', 'consultant', 'viewer')", name="ck_user_account_role"),
        sa.PrimaryKeyConstraint("id", name="pk_user_account"),
        sa.UniqueConstraint("email", name="uq_user_account_email"),
    )
    op.create_table(
        "client_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("grant", sa.String(20), nullable=False),
        sa.CheckConstraint("\"grant\" IN ('owner', 'editor', 'viewer')", name="ck_client_grant_grant"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_client_grant_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        _user_fk("client_grant"),
        sa.PrimaryKeyConstraint("id", name="pk_client_grant"),
        sa.UniqueConstraint("organisation_id", "user_id", name="uq_client_grant_organisation_id_user_id"),
    )
    op.create_index("ix_client_grant_user_id", "client_grant", ["user_id"])
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("ended_at", nullable=True),
        _user_fk("user_session"),
        sa.PrimaryKeyConstraint("id", name="pk_user_session"),
        sa.UniqueConstraint("secret_hash", name="uq_user_session_secret_hash"),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        _user_fk("password_reset"),
        sa.PrimaryKeyConstraint("id", name="pk_password_reset"),
        sa.UniqueConstraint("token_hash", name="uq_password_reset_token_hash"),
    )
    op.create_index("ix_password_reset_user_id", "password_reset", ["user_id"])
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failure"),
    )
    op.create_index("ix_sign_in_failure_subject", "sign_in_failure", ["subject"])
    op.create_table(
        "sign_in_lock",
        sa.Column("subject", sa.String(400), nullable=False),
        _timestamp("until"),
        sa.PrimaryKeyConstraint("subject", name="pk_sign_in_lock"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("actor", sa.String(400), nullable=False),
        sa.Column("address", sa.String(100), nullable=True),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("target", sa.String(400), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_event"),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_table("sign_in_lock")
    op.drop_index("ix_sign_in_failure_subject", table_name="sign_in_failure")
    op.drop_table("sign_in_failure")
    op.drop_index("ix_password_reset_user_id", table_name="password_reset")
    op.drop_table("password_reset")
    op.drop_index("ix_user_session_user_id", table_name="user_session")
    op.drop_table("user_session")
    op.drop_index("ix_client_grant_user_id", table_name="client_grant")
    op.drop_table("client_grant")
    op.drop_table("user_account")
