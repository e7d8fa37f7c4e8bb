"""Questionnaires in progress in the browser (``regain serve``), and the web app's secrets.

``answer_sessions`` keeps one person's answers between pages; it is found by
the sha256 of the private token in their link (the token itself is never
stored). ``web_secrets`` holds the key that signs the CSRF cookie, so that
every worker and every machine on one database shares it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("unanswered", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("history", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column(
            "journal_id",
            sa.String(32),
            sa.ForeignKey("journals.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_answer_sessions_token_hash"),
    )
    op.create_table(
        "web_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_secrets")
    op.drop_table("answer_sessions")
