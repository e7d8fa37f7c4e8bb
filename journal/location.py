"""Where the journal lives: a path or a database URL, turned into a SQLAlchemy URL.

The default is one SQLite file in the user's data folder (platformdirs); the
environment variable ``REGAIN_DB`` (a path or a URL) overrides it, and a path
or URL given explicitly (``--db``) overrides both. Only the default folder is
ever created: a path in a folder that does not exist is a mistake to report,
not a folder to make.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import N_, JournalError, shown

ENV_VAR = "REGAIN_DB"
DEFAULT_FILE = "journal.db"
_SQLITE = {"sqlite", "sqlite+pysqlite"}
_POSTGRES = {"postgresql", "postgresql+psycopg", "postgres"}


@dataclass(frozen=True)
class Location:
    """A resolved database: the URL to connect to, and how to name it to a person."""

    url: URL
    shown: str  # the file path, or the URL without its password
    sqlite_path: Path | None  # the file, for SQLite
    is_default: bool  # the default location, whose folder may be created

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None


def default_path() -> Path:
    """The default SQLite file, in the platform's user data folder for regain."""
    return Path(platformdirs.user_data_dir("regain")) / DEFAULT_FILE


def default_url() -> str:
    """``REGAIN_DB`` (a path or a URL) if set and not empty, else the default SQLite file's URL."""
    given = os.environ.get(ENV_VAR, "").strip()
    if given:
        return given if "://" in given else _sqlite_url(Path(given).expanduser()).render_as_string()
    return _sqlite_url(default_path()).render_as_string()


def resolve(url_or_path: str | os.PathLike[str] | None) -> Location:
    """Turn an explicit path or URL (or ``None``: ``REGAIN_DB``, else the default) into a ``Location``."""
    if isinstance(url_or_path, os.PathLike):
        url_or_path = os.fspath(url_or_path)
    if url_or_path is None:
        given = os.environ.get(ENV_VAR, "").strip()
        if not given:
            path = default_path()
            return Location(_sqlite_url(path), str(path), path, is_default=True)
        url_or_path = given
    if "://" not in url_or_path:
        path = Path(url_or_path).expanduser().absolute()
        return Location(_sqlite_url(path), str(path), path, is_default=False)
    return _from_url(url_or_path)


def _sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path.absolute()))


def _from_url(text: str) -> Location:
    try:
        url = make_url(text)
    except ArgumentError:
        raise JournalError(
            N_("{where}: not a database URL (use a file path, sqlite:///PATH or postgresql://...)"),
            where=shown(text),
        ) from None
    hidden = shown(url.render_as_string(hide_password=True))
    if url.drivername in _SQLITE:
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise JournalError(
                N_("{where}: a journal needs a database file (sqlite:///PATH); one in memory would be lost"),
                where=hidden,
            )
        path = Path(url.database).expanduser().absolute()
        return Location(_sqlite_url(path), str(path), path, is_default=False)
    if url.drivername in _POSTGRES:
        return Location(url.set(drivername="postgresql+psycopg"), hidden, None, is_default=False)
    raise JournalError(
        N_("{where}: unsupported database (use a file path, sqlite:///PATH or postgresql://...)"),
        where=hidden,
    )
