"""What the store hands back: plain, frozen records of dicts, dates and times.

The store keeps documents (the case, the assessment, check-ins, decisions) as
the dicts it was given; it knows nothing of their meaning. Times are UTC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EntryRecord:
    """One check-in and the decision taken on it."""

    seq: int  # 1-based order in the journal
    date: datetime.date  # the check-in's date (its "date" field)
    checkin: dict[str, Any]
    decision: dict[str, Any]
    recorded_at: datetime.datetime  # when it was stored (UTC)


@dataclass(frozen=True)
class JournalRecord:
    """A journal: its baseline and every entry, in order."""

    id: str
    case_id: str
    name: str | None
    case: dict[str, Any]  # the validated case answers
    assessment: dict[str, Any]  # the assessment made at the start
    start: dict[str, Any]  # the decision taken at the start
    started: datetime.date
    created_at: datetime.datetime  # UTC
    knowledge_version: str
    entries: tuple[EntryRecord, ...]


@dataclass(frozen=True)
class JournalSummary:
    """One line of a list of journals."""

    id: str
    case_id: str
    name: str | None
    started: datetime.date
    created_at: datetime.datetime  # UTC
    checkins: int  # how many entries
    last_decision: str | None  # the kind of the latest decision (the start's if no check-in yet)
    last_date: datetime.date | None  # the latest check-in's date; None before the first


@dataclass(frozen=True)
class AnswerSessionRecord:
    """A questionnaire in progress in the browser: the answers so far and the order they were asked.

    The private token that finds it is not part of it (only its hash is stored).
    """

    id: int
    answers: dict[str, Any]
    unanswered: list[str]  # questions asked and deliberately left unanswered
    meta: dict[str, Any]  # name, notes, and the face's own bookkeeping
    history: list[str]  # question ids in the order asked
    journal_id: str | None  # the journal started from it, if any
    created_at: datetime.datetime  # UTC
    updated_at: datetime.datetime  # UTC
    version: int = 0  # how many times it was saved (for saving only what was read)
