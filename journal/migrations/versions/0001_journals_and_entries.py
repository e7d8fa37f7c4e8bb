"""The first schema: journals and their entries.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journals",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.Text, nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),
        sa.Column("assessment_json", sa.Text, nullable=False),
        sa.Column("start_json", sa.Text, nullable=False),
        sa.Column("started", sa.Date, nullable=False),
        sa.Column("knowledge_version", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "journal_id",
            sa.String(32),
            sa.ForeignKey("journals.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("checkin_json", sa.Text, nullable=False),
        sa.Column("decision_json", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("journal_id", "seq", name="uq_entries_journal_seq"),
    )


def downgrade() -> None:
    op.drop_table("entries")
    op.drop_table("journals")
