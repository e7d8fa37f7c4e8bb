"""A name for each journal (the person's name for it, as the plan shows it).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("journals", sa.Column("name", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journals") as batch:
        batch.drop_column("name")
