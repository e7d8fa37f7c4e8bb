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
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from .schema import VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest revision in ``migrations/versions``. Opening a database at it (every command
#: but the first after an upgrade) needs no Alembic import; a test checks it is Alembic's head.
HEAD = "0003"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: no alembic.ini; the connection handed over."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def known_revisions() -> tuple[str, ...]:
    """Every schema revision this version of regain knows, oldest first."""
    return tuple(reversed([script.revision for script in _scripts().walk_revisions()]))


def head() -> str:
    """The newest schema revision."""
    return HEAD


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (``None``: no schema of regain's yet).

    Read from the version table Alembic keeps (one row, its ``version_num``).
    """
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None if not rows else "+".join(sorted(map(str, rows)))


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database on ``connection`` (inside its transaction) to ``target``."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)
