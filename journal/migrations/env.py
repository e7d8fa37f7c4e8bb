"""Alembic's environment for the journal: run by ``regain.journal.migrate``, never by hand.

The store opens the connection itself (inside a transaction holding the
database's write lock) and hands it over in ``config.attributes["connection"]``,
so every migration runs on that connection and in that transaction.
"""

from __future__ import annotations

from alembic import context

VERSION_TABLE = "regain_alembic_version"  # the same name as regain.journal.schema.VERSION_TABLE

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the journal's migrations run through regain.journal.open_store, with a connection")

context.configure(connection=connection, version_table=VERSION_TABLE, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
