"""The treatment journal's storage: journals and their entries, kept whole in a SQL database.

Storage only: it keeps the dicts it is given (a case, an assessment, check-ins,
decisions) and knows nothing of their meaning, so it imports nothing else of
regain. SQLite by default (one file in the user's data folder), PostgreSQL by
URL; the schema is migrated with Alembic when a store is opened. See
docs/journal.md.
"""

from __future__ import annotations

from .errors import JournalError
from .location import default_url
from .records import AnswerSessionRecord, EntryRecord, JournalRecord, JournalSummary
from .store import Make, Store, open_store

__all__ = [
    "AnswerSessionRecord",
    "EntryRecord",
    "JournalError",
    "JournalRecord",
    "JournalSummary",
    "Make",
    "Store",
    "default_url",
    "open_store",
]
