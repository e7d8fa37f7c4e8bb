"""The tables the store reads and writes (SQLAlchemy Core), as of the newest migration.

The migrations in ``migrations/versions`` create and change these tables; this
module only describes the newest shape for the queries. Documents (the case,
the assessment, check-ins and decisions) are kept as JSON text, which SQLite
and PostgreSQL store byte for byte; times are kept in UTC.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

#: Alembic's version table for regain: a name of its own, so that a PostgreSQL
#: database shared with another application keeps both histories apart.
VERSION_TABLE = "regain_alembic_version"
OUR_TABLES = frozenset({"journals", "entries", "answer_sessions", "web_secrets", VERSION_TABLE})


class UTCDateTime(TypeDecorator[datetime.datetime]):
    """A point in time, stored in UTC and read back as an aware UTC ``datetime``.

    PostgreSQL keeps the time zone (timestamptz); SQLite keeps text without
    one, so the value is made UTC before it is written and marked UTC when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give it a time zone")
        value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime.datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)


metadata = MetaData()

journals = Table(
    "journals",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("name", Text, nullable=True),
    Column("case_json", Text, nullable=False),
    Column("assessment_json", Text, nullable=False),
    Column("start_json", Text, nullable=False),
    Column("started", Date, nullable=False),
    Column("knowledge_version", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("journal_id", String(32), ForeignKey("journals.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("date", Date, nullable=False),
    Column("checkin_json", Text, nullable=False),
    Column("decision_json", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("journal_id", "seq", name="uq_entries_journal_seq"),
)

#: A questionnaire in progress in the browser, found by the sha256 of its private token.
answer_sessions = Table(
    "answer_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False),
    Column("answers", Text, nullable=False),
    Column("unanswered", Text, nullable=False),
    Column("meta", Text, nullable=False),
    Column("history", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("journal_id", String(32), ForeignKey("journals.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("token_hash", name="uq_answer_sessions_token_hash"),
)

#: The web app's secrets (the key that signs its CSRF cookie), shared by every worker.
web_secrets = Table(
    "web_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
