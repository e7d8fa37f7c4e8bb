"""The journal store: journals and their entries, kept whole in a SQL database.

``open_store`` finds the database (``location.py``), refuses one that is not
regain's without changing it (``checks.py``), brings the schema up to date
(``migrate.py``) and returns a ``Store``. Every change is one transaction; a
new entry is added under a lock on its journal, so two processes adding at
once both land, in order, each seeing the other's, and a process stopped
midway leaves the journal as it was.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, inspect, select, text

from .answer_sessions import AnswerSessions
from .checks import check_sqlite_file, judge_tables
from .connect import make_engine, transaction
from .errors import N_, JournalError, shown
from .location import Location, resolve
from .migrate import current_revision, head, upgrade
from .records import EntryRecord, JournalRecord, JournalSummary
from .schema import VERSION_TABLE, entries, journals

Make = Callable[[JournalRecord], tuple[dict[str, Any], dict[str, Any]]]

_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_ID_BYTES = 9  # 72 random bits: 12 URL-safe characters
#: Serialises schema upgrades of one PostgreSQL database (pg_advisory_xact_lock's key).
_PG_UPGRADE_LOCK = 0x7265_6761_696E  # "regain"


def new_journal_id() -> str:
    """12 random URL-safe characters that never start with '-' (a command line would read an
    option) or '_': people type a journal's id after ``regain track checkin``."""
    while True:
        journal_id = secrets.token_urlsafe(_ID_BYTES)
        if journal_id[0].isalnum():
            return journal_id


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating or upgrading it) the journal database at ``url_or_path``.

    ``None``: ``REGAIN_DB`` (a path or a URL), else one SQLite file in the
    user's data folder. A file or database that is not regain's journal, is
    damaged, or has a newer schema raises ``JournalError`` and is left unchanged.
    """
    location = resolve(url_or_path)
    if location.is_sqlite:
        check_sqlite_file(location)
    engine = make_engine(location)
    try:
        _bring_up_to_date(engine, location)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, location)


def _bring_up_to_date(engine: Engine, location: Location) -> None:
    with transaction(engine, location, writes=False) as connection:
        if _judge(connection, location) == head():
            return
    with transaction(engine, location, writes=True) as connection:
        if not location.is_sqlite:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_UPGRADE_LOCK})
        if _judge(connection, location) != head():
            upgrade(connection)


def _judge(connection: Connection, location: Location) -> str | None:
    tables = set(inspect(connection).get_table_names())
    version = current_revision(connection) if VERSION_TABLE in tables else None
    judge_tables(location.shown, tables, version, whole_database=location.is_sqlite)
    return version


class Store(AnswerSessions):
    """An open journal database. Use ``open_store`` to get one; ``close`` it when done."""

    def __init__(self, engine: Engine, location: Location) -> None:
        self._engine = engine
        self._location = location

    @property
    def where(self) -> str:
        """The database, as it is named to a person (a path, or a URL without password)."""
        return self._location.shown

    @property
    def url(self) -> str:
        """The database's SQLAlchemy URL, to open it again (it may hold a password: never show it)."""
        return self._location.url.render_as_string(hide_password=False)

    def create(
        self,
        *,
        case_id: str,
        name: str | None,
        case: dict[str, Any],
        assessment: dict[str, Any],
        start: dict[str, Any],
        started: datetime.date,
        knowledge_version: str,
    ) -> str:
        """Store a new journal (its baseline) and return its id: short, URL-safe, unguessable."""
        values = {
            "case_id": case_id,
            "name": name,
            "case_json": _dump(case, "case"),
            "assessment_json": _dump(assessment, "assessment"),
            "start_json": _dump(start, "start"),
            "started": started,
            "knowledge_version": knowledge_version,
            "created_at": _now(),
        }
        for _ in range(5):
            journal_id = new_journal_id()
            try:
                with transaction(self._engine, self._location, writes=True) as connection:
                    connection.execute(insert(journals).values(id=journal_id, **values))
                return journal_id
            except JournalError:
                if not self._exists(journal_id):
                    raise
        raise JournalError(
            N_("{where}: could not find a free journal id"), where=self.where
        )  # pragma: no cover

    def _exists(self, journal_id: str) -> bool:
        with transaction(self._engine, self._location, writes=False) as connection:
            return (
                connection.execute(select(journals.c.id).where(journals.c.id == journal_id)).first()
                is not None
            )

    def get(self, journal_id: str) -> JournalRecord:
        """The journal with every entry, in order; ``JournalError`` if there is none with that id."""
        with transaction(self._engine, self._location, writes=False) as connection:
            return self._read(connection, journal_id, lock=False)

    def list(self) -> list[JournalSummary]:
        """Every journal, oldest first, with its number of check-ins and latest decision."""
        count = select(func.count()).where(entries.c.journal_id == journals.c.id).scalar_subquery()
        last = (
            select(entries.c.decision_json)
            .where(entries.c.journal_id == journals.c.id)
            .order_by(entries.c.seq.desc())
            .limit(1)
            .scalar_subquery()
        )
        last_date = (
            select(func.max(entries.c.date)).where(entries.c.journal_id == journals.c.id).scalar_subquery()
        )
        query = select(
            journals.c.id,
            journals.c.case_id,
            journals.c.name,
            journals.c.started,
            journals.c.created_at,
            journals.c.start_json,
            count.label("checkins"),
            last.label("last_json"),
            last_date.label("last_date"),
        ).order_by(journals.c.created_at, journals.c.id)
        with transaction(self._engine, self._location, writes=False) as connection:
            rows = connection.execute(query).all()
        return [
            JournalSummary(
                id=row.id,
                case_id=row.case_id,
                name=row.name,
                started=row.started,
                created_at=row.created_at,
                checkins=row.checkins,
                last_decision=_kind(self._load(row.last_json or row.start_json, f"journal {row.id}")),
                last_date=row.last_date,
            )
            for row in rows
        ]

    def add_entry(self, journal_id: str, make: Make) -> EntryRecord:
        """Add the next entry, made by ``make`` from the journal as it is now, under the journal's lock.

        One transaction: lock the journal (SQLite: the file's write lock;
        PostgreSQL: its row), read it again with every entry, call
        ``make(record) -> (checkin, decision)`` and store them with the next
        number. If ``make`` raises, nothing is stored and its exception passes
        through. The check-in's ``"date"`` (an ISO date) is the entry's date.
        """
        with transaction(self._engine, self._location, writes=True) as connection:
            record = self._read(connection, journal_id, lock=True)
            made = make(record)
            if not (isinstance(made, tuple) and len(made) == 2 and all(isinstance(d, Mapping) for d in made)):
                raise TypeError("make must return a (checkin dict, decision dict) pair")
            checkin_json, decision_json = _dump(made[0], "checkin"), _dump(made[1], "decision")
            entry = EntryRecord(
                seq=len(record.entries) + 1,
                date=_checkin_date(made[0]),
                checkin=json.loads(checkin_json),  # a copy, as get() will read it back
                decision=json.loads(decision_json),
                recorded_at=_now(),
            )
            connection.execute(
                insert(entries).values(
                    journal_id=record.id,
                    seq=entry.seq,
                    date=entry.date,
                    checkin_json=checkin_json,
                    decision_json=decision_json,
                    recorded_at=entry.recorded_at,
                )
            )
        return entry

    def delete(self, journal_id: str) -> None:
        """Remove a journal and all its entries; ``JournalError`` if there is none with that id."""
        with transaction(self._engine, self._location, writes=True) as connection:
            self._read(connection, journal_id, lock=True)
            connection.execute(delete(entries).where(entries.c.journal_id == journal_id))
            connection.execute(delete(journals).where(journals.c.id == journal_id))

    def close(self) -> None:
        """Close every connection to the database."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _read(self, connection: Connection, journal_id: str, *, lock: bool) -> JournalRecord:
        row = None
        if isinstance(journal_id, str) and _ID.fullmatch(journal_id):
            query = select(journals).where(journals.c.id == journal_id)
            row = connection.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise JournalError(
                N_("{where}: no journal with id '{id}'"), where=self.where, id=shown(str(journal_id))
            )
        entry_rows = connection.execute(
            select(entries).where(entries.c.journal_id == journal_id).order_by(entries.c.seq)
        ).all()
        return self._record(row, entry_rows)

    def _record(self, row: Row[Any], entry_rows: Sequence[Row[Any]]) -> JournalRecord:
        where = f"journal {row.id}"
        return JournalRecord(
            id=row.id,
            case_id=row.case_id,
            name=row.name,
            case=self._load(row.case_json, where),
            assessment=self._load(row.assessment_json, where),
            start=self._load(row.start_json, where),
            started=row.started,
            created_at=row.created_at,
            knowledge_version=row.knowledge_version,
            entries=tuple(
                EntryRecord(
                    seq=e.seq,
                    date=e.date,
                    checkin=self._load(e.checkin_json, f"{where} entry {e.seq}"),
                    decision=self._load(e.decision_json, f"{where} entry {e.seq}"),
                    recorded_at=e.recorded_at,
                )
                for e in entry_rows
            ),
        )

    def _load(self, stored: str, where: str) -> dict[str, Any]:
        try:
            value = json.loads(stored)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise JournalError(
                N_("{where}: damaged {what} (its stored document is not a JSON object)"),
                where=self.where,
                what=where,
            )
        return value


def _dump(document: Mapping[str, Any], what: str) -> str:
    """``document`` as JSON text; a value JSON cannot hold is the caller's mistake (``TypeError``)."""
    if not isinstance(document, Mapping):
        raise TypeError(f"{what} must be a dict, not {type(document).__name__}")
    _string_keys(document, what)
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:  # a date, a set, NaN or infinity...
        raise TypeError(f"{what} cannot be stored as JSON: {error}") from None


def _string_keys(value: object, what: str) -> None:
    """Refuse keys JSON would quietly turn into strings (``{1: x}`` would read back as ``{"1": x}``)."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{what} cannot be stored as JSON: the key {key!r} is not a string")
            _string_keys(inner, what)
    elif isinstance(value, list | tuple):
        for inner in value:
            _string_keys(inner, what)


def _checkin_date(checkin: Mapping[str, Any]) -> datetime.date:
    value = checkin.get("date")
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: object) -> datetime.date:
    raise ValueError(f"the check-in's 'date' must be an ISO date such as '2026-12-14', not {value!r}")


def _kind(decision: Mapping[str, Any]) -> str | None:
    kind = decision.get("kind")
    return kind if isinstance(kind, str) else None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
