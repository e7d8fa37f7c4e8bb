"""Schema migrations: Alembic, run in code when a store is opened.

The migration scripts ship inside the package (``migrations/``). A store that
is behind is upgraded to the newest revision through Alembic's public API
(``command.upgrade`` with a ``Config`` built here), on the store's own
connection and inside the transaction that holds the database's write lock, so
two processes opening an old or new database at once upgrade it once.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from .schema import VERSION_TABLE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: no alembic.ini; the connection handed over."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def known_revisions() -> tuple[str, ...]:
    """Every schema revision this version of regain knows, oldest first."""
    return tuple(reversed([script.revision for script in _scripts().walk_revisions()]))


def head() -> str:
    """The newest schema revision."""
    current = _scripts().get_current_head()
    assert current is not None
    return current


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (``None``: no schema of regain's yet)."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database on ``connection`` (inside its transaction) to ``target``."""
    command.upgrade(alembic_config(connection), target)
