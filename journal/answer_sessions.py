"""Questionnaires in progress (``regain serve``): stored whole, found only by a private token.

A mixin of :class:`regain.journal.store.Store`. Storage only, dicts in and out.
The token is ``secrets.token_urlsafe(32)`` and is handed out once; the table
keeps its sha256, so a copy of the database does not open anyone's link. A
token that is not of that shape is never looked up. Deleting a session also
deletes the journal started from it, with its entries, in one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update

from .connect import transaction
from .errors import N_, JournalError
from .location import Location
from .records import AnswerSessionRecord
from .schema import answer_sessions, entries, journals, web_secrets

TOKEN_BYTES = 32
#: ``secrets.token_urlsafe(32)``: 43 URL-safe characters.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_FIELDS = ("answers", "unanswered", "meta", "history")
NO_SESSION = N_("{where}: no such answer session")
_DEFAULTS: dict[str, Any] = {"answers": {}, "unanswered": [], "meta": {}, "history": []}

Change = Callable[[AnswerSessionRecord], Mapping[str, Any]]


def token_hash(token: str) -> str:
    """The sha256 (hex) of a token: what the table keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_token(token: object) -> bool:
    """Whether ``token`` has the shape of a session token (only such a string is looked up)."""
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


class AnswerSessions:
    """The store's methods for questionnaires in progress and the web app's secrets."""

    _engine: Engine
    _location: Location

    @property
    def where(self) -> str:  # pragma: no cover - the Store's own property is used
        raise NotImplementedError

    def create_session(self) -> tuple[str, AnswerSessionRecord]:
        """A new, empty session; its token (to hand out once) and its record."""
        now = _now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        values = {f: _dump(_DEFAULTS[f], f) for f in _FIELDS}
        with transaction(self._engine, self._location, writes=True) as connection:
            connection.execute(
                insert(answer_sessions).values(
                    token_hash=token_hash(token), created_at=now, updated_at=now, **values
                )
            )
            record = self._read_session(connection, token, lock=False)
        assert record is not None
        return token, record

    def get_session(self, token: str) -> AnswerSessionRecord | None:
        """The session with this token; ``None`` for any token that is not one (wrong, deleted, malformed)."""
        if not is_token(token):
            return None
        with transaction(self._engine, self._location, writes=False) as connection:
            return self._read_session(connection, token, lock=False)

    def save_session(self, token: str, **changes: Any) -> AnswerSessionRecord:
        """Replace the given fields (answers, unanswered, meta, history, journal_id); the record after."""
        return self.update_session(token, lambda record: changes)

    def update_session(self, token: str, change: Change) -> AnswerSessionRecord:
        """Read the session under its lock, apply ``change(record) -> fields``, store it, in one transaction.

        Two requests of one session at once are applied in turn, each to what
        the other left. ``JournalError`` if there is no session with this token.
        """
        if not is_token(token):
            raise JournalError(NO_SESSION, where=self.where)
        with transaction(self._engine, self._location, writes=True) as connection:
            record = self._read_session(connection, token, lock=True)
            if record is None:
                raise JournalError(NO_SESSION, where=self.where)
            values = _values(change(record))
            values["updated_at"] = _now()
            values["version"] = record.version + 1
            connection.execute(
                update(answer_sessions).where(answer_sessions.c.id == record.id).values(**values)
            )
            after = self._read_session(connection, token, lock=False)
        assert after is not None
        return after

    def replace_session(self, token: str, version: int, **changes: Any) -> AnswerSessionRecord | None:
        """Store ``changes`` only if the session is still at ``version``; the record after, else ``None``.

        For a change worked out from a record read before: the write holds the
        database's lock only for the update itself. ``None`` when another
        request saved the session meanwhile (read it again and redo the change)
        or it is gone.
        """
        values = _values(changes)
        values["updated_at"] = _now()
        values["version"] = version + 1
        if not is_token(token):
            return None
        query = (
            update(answer_sessions)
            .where(answer_sessions.c.token_hash == token_hash(token), answer_sessions.c.version == version)
            .values(**values)
        )
        with transaction(self._engine, self._location, writes=True) as connection:
            if connection.execute(query).rowcount != 1:
                return None
            return self._read_session(connection, token, lock=False)

    def delete_session(self, token: str) -> bool:
        """Delete the session and the journal started from it (with its entries); False if none."""
        if not is_token(token):
            return False
        with transaction(self._engine, self._location, writes=True) as connection:
            record = self._read_session(connection, token, lock=True)
            if record is None:
                return False
            if record.journal_id is not None:
                connection.execute(delete(entries).where(entries.c.journal_id == record.journal_id))
                connection.execute(delete(journals).where(journals.c.id == record.journal_id))
            connection.execute(delete(answer_sessions).where(answer_sessions.c.id == record.id))
        return True

    def web_secret(self, name: str) -> str:
        """A random secret kept in the database under ``name``, made on first use (shared by all workers)."""
        query = select(web_secrets.c.value).where(web_secrets.c.name == name)
        with transaction(self._engine, self._location, writes=True) as connection:
            value = connection.execute(query.with_for_update()).scalar()
            if value is None:
                value = secrets.token_urlsafe(48)
                connection.execute(insert(web_secrets).values(name=name, value=value))
        return str(value)

    def _read_session(self, connection: Connection, token: str, *, lock: bool) -> AnswerSessionRecord | None:
        query = select(answer_sessions).where(answer_sessions.c.token_hash == token_hash(token))
        row = connection.execute(query.with_for_update() if lock else query).first()
        return None if row is None else self._session_record(row)

    def _session_record(self, row: Row[Any]) -> AnswerSessionRecord:
        loaded = {f: _load(getattr(row, f), f, self.where) for f in _FIELDS}
        return AnswerSessionRecord(
            id=row.id,
            answers=loaded["answers"],
            unanswered=loaded["unanswered"],
            meta=loaded["meta"],
            history=loaded["history"],
            journal_id=row.journal_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
        )


def _values(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The columns to write for ``changes`` (the JSON fields as text, the journal id as it is)."""
    unknown = set(changes) - {*_FIELDS, "journal_id"}
    if unknown:
        raise TypeError(f"an answer session has no field {sorted(unknown)[0]!r}")
    values: dict[str, Any] = {f: _dump(changes[f], f) for f in _FIELDS if f in changes}
    if "journal_id" in changes:
        values["journal_id"] = changes["journal_id"]
    return values


def _dump(value: Any, field: str) -> str:
    expected = dict if field in ("answers", "meta") else list
    if not isinstance(value, expected):
        raise TypeError(f"an answer session's {field} must be a {expected.__name__}")
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"an answer session's {field} cannot be stored as JSON: {error}") from None


def _load(stored: str, field: str, where: str) -> Any:
    expected = dict if field in ("answers", "meta") else list
    try:
        value = json.loads(stored)
    except ValueError:
        value = None
    if not isinstance(value, expected):
        raise JournalError(
            N_("{where}: damaged answer session (its {field} is not a JSON {kind})"),
            where=where,
            field=field,
            kind=expected.__name__,
        )
    return value


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
