"""The SQLAlchemy engine for a journal database, with its locking set up.

SQLite: the driver's own transaction handling is switched off and SQLAlchemy
emits BEGIN itself (SQLAlchemy's documented pysqlite recipe), ``BEGIN
IMMEDIATE`` for a transaction that will write, so it takes the file's write
lock before it reads and two writers wait for each other (the busy timeout)
instead of one failing. PostgreSQL: psycopg 3; writers lock the journal's row
(``SELECT ... FOR UPDATE``, in the store).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, SQLAlchemyError

from .checks import BUSY_SECONDS
from .errors import N_, JournalError
from .location import Location

#: The execution option that marks a connection's next transaction as a writer.
WRITES = "regain_journal_writes"


def make_engine(location: Location) -> Engine:
    """An engine for ``location``; no connection is made yet."""
    if location.is_sqlite:
        engine = create_engine(location.url, connect_args={"timeout": BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(location.url)
    except (ImportError, NoSuchModuleError):
        raise JournalError(
            N_("{where}: PostgreSQL needs the psycopg driver: {command}"),
            where=location.shown,
            command="pip install 'regain[postgresql]'",
        ) from None


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver emits no BEGIN of its own
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@contextlib.contextmanager
def transaction(engine: Engine, location: Location, *, writes: bool) -> Iterator[Connection]:
    """A connection in one transaction, committed at the end, rolled back on any exception.

    Database errors become one-line ``JournalError``s naming the database;
    any other exception (such as one from the caller's own code inside the
    block) passes through unchanged, after the rollback.
    """
    with database_errors(location), engine.connect() as connection:
        if writes:
            connection.execution_options(**{WRITES: True})
        with connection.begin():
            yield connection


@contextlib.contextmanager
def database_errors(location: Location) -> Iterator[None]:
    """Turn SQLAlchemy's errors into a ``JournalError`` of one line naming the database."""
    try:
        yield
    except DBAPIError as error:
        raise JournalError(_said(error, location), where=location.shown, error=_error_text(error)) from None
    except SQLAlchemyError as error:
        raise JournalError("{where}: {error}", where=location.shown, error=_first_line(str(error))) from None


def _error_text(error: DBAPIError) -> str:
    return _first_line(str(error.orig) if error.orig is not None else str(error))


def _said(error: DBAPIError, location: Location) -> str:
    """The message for a database's error (a template of ``{where}`` and the driver's ``{error}``)."""
    text = _error_text(error)
    if "locked" in text or "busy" in text:
        return N_("{where}: busy: another regain is writing to it; try again in a moment")
    if "malformed" in text or "not a database" in text:
        return N_("{where}: damaged database ({error}); restore it from a backup")
    if not location.is_sqlite and text.startswith("connection"):
        return N_("{where}: cannot connect to the PostgreSQL server ({error})")
    return "{where}: {error}"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "database error"
