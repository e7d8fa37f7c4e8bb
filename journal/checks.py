"""Is this our database? Checked before anything is written, and never by writing.

A SQLite file is looked at first through a read-only connection (and its
first bytes), so a damaged file, another program's database or a file that is
no database at all is reported and left byte for byte as it was. The same
judgement of the tables is made again on the open connection, under the write
lock, for SQLite and PostgreSQL alike. A new SQLite file is made readable by
its owner only.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from .errors import N_, JournalError
from .location import Location
from .migrate import head, known_revisions
from .schema import OUR_TABLES, VERSION_TABLE

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long to wait for another process's write lock on a SQLite file.
BUSY_SECONDS = 30.0
CANNOT_READ = N_("{where}: cannot be read ({error})")
DAMAGED = N_("{where}: damaged database ({error}); restore it from a backup")


def judge_tables(where: str, tables: set[str], version: str | None, *, whole_database: bool) -> None:
    """Raise ``JournalError`` unless ``tables`` (and the recorded ``version``) are regain's journal.

    ``whole_database``: the database is ours alone (a SQLite file), so any other
    table makes it foreign; a PostgreSQL database may hold other applications'
    tables beside ours, and is foreign only where our table names are taken.
    """
    tables = {t for t in tables if not t.startswith("sqlite_")}
    if VERSION_TABLE not in tables:
        others = sorted(tables if whole_database else tables & OUR_TABLES)
        if others:
            listed = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            raise JournalError(
                N_("{where}: not a regain journal database (it holds other tables: {tables})"),
                where=where,
                tables=listed,
            )
        return
    if version is None:
        return  # an upgrade that was stopped before it wrote a revision: it runs again
    if version != head() and version not in known_revisions():  # at head: no Alembic to load
        raise JournalError(
            N_(
                "{where}: made by a newer regain (schema revision {version}; this regain knows up to "
                "{head}); upgrade regain to open it"
            ),
            where=where,
            version=version,
            head=head(),
        )
    missing = {"journals", "entries"} - tables
    if missing:
        raise JournalError(
            N_("{where}: damaged regain journal (missing tables: {tables})"),
            where=where,
            tables=", ".join(sorted(missing)),
        )


def check_sqlite_file(location: Location) -> None:
    """Look at a SQLite journal file before it is opened for writing; make the default folder."""
    path = location.sqlite_path
    assert path is not None
    where = location.shown
    try:
        info = path.stat()
    except FileNotFoundError:
        _check_folder(path, where, create=location.is_default)
        _make_private_file(path, where)
        return
    except OSError as error:
        raise JournalError(CANNOT_READ, where=where, error=error.strerror or error) from None
    if stat.S_ISDIR(info.st_mode):
        raise JournalError(N_("{where}: is a folder, not a journal database file"), where=where)
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(N_("{where}: not a regular file, so not a journal database"), where=where)
    if info.st_size == 0:
        return  # an empty file is an empty database: the journal's tables are made in it
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as error:
        raise JournalError(CANNOT_READ, where=where, error=error.strerror or error) from None
    if not header.startswith(SQLITE_HEADER):
        raise JournalError(N_("{where}: not a SQLite database, so not a regain journal"), where=where)
    if len(header) < 100:
        raise JournalError(
            N_("{where}: damaged database (shorter than its header); restore it from a backup"), where=where
        )
    if 2 in header[18:20]:
        # Write-ahead-log mode, which regain never sets: even a read-only look
        # would leave -wal and -shm files beside it, and the log may hold tables
        # the file itself does not show yet.
        raise JournalError(N_("{where}: a SQLite database in WAL mode, so not a regain journal"), where=where)
    try:
        tables, version = _read_only_look(path, where)
    except _HotJournal:
        _roll_back_interrupted_write(path, where)
        tables, version = _read_only_look(path, where)
    judge_tables(where, tables, version, whole_database=True)


def _check_folder(path: Path, where: str, *, create: bool) -> None:
    folder = path.parent
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise JournalError(
                N_("{folder}: cannot make the journal's folder ({error})"),
                folder=folder,
                error=error.strerror or error,
            ) from None
        return
    if not folder.is_dir():
        raise JournalError(
            N_("{where}: the folder {folder} does not exist (make it first, or choose another place)"),
            where=where,
            folder=folder,
        )


def _make_private_file(path: Path, where: str) -> None:
    """Make the new journal file readable by its owner only: it holds health information.

    An empty file is an empty SQLite database; SQLite gives the files it makes
    beside it (the rollback journal) the same permissions.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process made it first
    except OSError as error:
        raise JournalError(
            N_("{where}: cannot be made ({error})"), where=where, error=error.strerror or error
        ) from None


def _read_only_look(path: Path, where: str) -> tuple[set[str], str | None]:
    """The file's tables and our recorded revision, read through a read-only connection."""
    try:
        db = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=BUSY_SECONDS)
    except sqlite3.Error as error:
        raise JournalError(N_("{where}: cannot be opened ({error})"), where=where, error=error) from None
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = [row[0] for row in db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise JournalError(DAMAGED, where=where, error=problems[0])
        version = None
        if VERSION_TABLE in tables:
            row = db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            version = None if row is None else str(row[0])
        return tables, version
    except sqlite3.OperationalError as error:  # locked, busy, unreadable: not the file's fault
        if _hot_journal(path).exists() and "readonly" in str(error):
            raise _HotJournal from None
        raise JournalError(CANNOT_READ, where=where, error=error) from None
    except sqlite3.DatabaseError as error:
        raise JournalError(DAMAGED, where=where, error=error) from None
    finally:
        db.close()


class _HotJournal(Exception):
    """A write was interrupted (its rollback journal is beside the file): a read-only look cannot go on."""


def _hot_journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _roll_back_interrupted_write(path: Path, where: str) -> None:
    """Let SQLite roll back a write that was interrupted (a process killed, a machine stopped).

    This is what SQLite does whenever such a file is next opened for writing:
    it puts back the pages the interrupted transaction had changed, so the file
    is again as it was before that write began.
    """
    try:
        db = sqlite3.connect(path, timeout=BUSY_SECONDS)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.Error as error:
        raise JournalError(
            N_("{where}: an interrupted write could not be rolled back ({error})"), where=where, error=error
        ) from None
