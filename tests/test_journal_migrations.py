"""The schema moves forward with Alembic: a journal made at the first revision opens, upgraded, whole."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from journal_helpers import BACKENDS, checkin, database_url, decision, new_journal
from sqlalchemy import Connection, inspect, text

from regain.journal import JournalError, open_store
from regain.journal.connect import make_engine, transaction
from regain.journal.location import resolve
from regain.journal.migrate import current_revision, head, known_revisions, upgrade


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request, tmp_path)


def _on(url: str, sql: str | None = None, *, migrate_to: str | None = None) -> list[tuple[object, ...]]:
    """Run ``sql`` (and/or migrate) on the database at ``url`` in one transaction; its rows."""
    location = resolve(url)
    engine = make_engine(location)
    try:
        with transaction(engine, location, writes=True) as connection:
            if migrate_to:
                upgrade(connection, migrate_to)
            rows: list[tuple[object, ...]] = []
            for statement in (sql or "").split(";"):
                if statement.strip():
                    result = connection.execute(text(statement))
                    rows = [tuple(row) for row in result] if result.returns_rows else []
            return rows
    finally:
        engine.dispose()


def _columns(connection: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns(table)}


def test_the_revisions_are_a_line_ending_at_head() -> None:
    assert known_revisions() == ("0001", "0002", "0003")
    assert head() == "0003" == known_revisions()[-1]


def test_the_head_regain_names_is_alembics(tmp_path: Path) -> None:
    """HEAD saves the Alembic import on every open; it must be the scripts' own head."""
    from regain.journal import migrate

    assert migrate._scripts().get_current_head() == migrate.HEAD


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "journal.db"
    open_store(db).close()  # made and migrated here
    probe = (
        "import sys; from regain.journal import open_store; "
        "open_store(sys.argv[1]).close(); print('alembic' in sys.modules)"
    )
    seen = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, check=True)
    assert seen.stdout.strip() == "False"
    fresh = tmp_path / "new.db"  # the near miss: a new database is migrated, by Alembic
    made = subprocess.run(
        [sys.executable, "-c", probe, str(fresh)], capture_output=True, text=True, check=True
    )
    assert made.stdout.strip() == "True"


def test_a_journal_made_at_the_first_revision_opens_upgraded_with_its_data(url: str) -> None:
    _on(url, migrate_to="0001")
    _on(
        url,
        "INSERT INTO journals (id, case_id, case_json, assessment_json, start_json, started,"
        " knowledge_version, created_at) VALUES ('old-journal-1', 'ann', '{\"a\": 1}', '{\"b\": 2}',"
        " '{\"kind\": \"advance\"}', '2026-11-01', 'kb-0', '2026-11-01 09:30:00')",
    )
    _on(
        url,
        "INSERT INTO entries (journal_id, seq, date, checkin_json, decision_json, recorded_at)"
        " VALUES ('old-journal-1', 1, '2026-11-08', '{\"date\": \"2026-11-08\"}', '{\"kind\": \"stay\"}',"
        " '2026-11-08 10:00:00')",
    )
    location = resolve(url)
    engine = make_engine(location)
    with transaction(engine, location, writes=False) as connection:
        assert current_revision(connection) == "0001"
        assert "name" not in _columns(connection, "journals")  # the near miss: 0002 adds it
    with open_store(url) as store:
        record = store.get("old-journal-1")
        assert (record.case, record.assessment, record.start) == ({"a": 1}, {"b": 2}, {"kind": "advance"})
        assert (record.name, record.knowledge_version) == (None, "kb-0")
        assert record.started == datetime.date(2026, 11, 1)
        assert record.created_at == datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.UTC)
        [entry] = record.entries
        assert (entry.seq, entry.checkin, entry.decision) == (1, {"date": "2026-11-08"}, {"kind": "stay"})
        # and it goes on as a journal of this version
        assert store.add_entry("old-journal-1", lambda r: (checkin(15), decision())).seq == 2
        assert store.get(new_journal(store, name="Ann")).name == "Ann"
    with transaction(engine, location, writes=False) as connection:
        assert current_revision(connection) == head()
        assert "name" in _columns(connection, "journals")
    engine.dispose()


def test_a_newer_schema_is_refused_and_left_as_it_is(url: str) -> None:
    with open_store(url) as store:
        new_journal(store)
    _on(url, "UPDATE regain_alembic_version SET version_num = '0999'")
    with pytest.raises(JournalError, match=r"made by a newer regain \(schema revision 0999;"):
        open_store(url)
    assert _on(url, "SELECT version_num FROM regain_alembic_version") == [("0999",)]
    assert _on(url, "SELECT count(*) FROM journals") == [(1,)]


def test_postgresql_keeps_other_applications_tables(request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("postgres").new_database()
    _on(url, "CREATE TABLE other_app_users (id integer); INSERT INTO other_app_users VALUES (7)")
    with open_store(url) as store:
        new_journal(store)
    assert _on(url, "SELECT id FROM other_app_users") == [(7,)]


def test_postgresql_refuses_someone_elses_journals_table(request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("postgres").new_database()
    _on(url, "CREATE TABLE journals (title text); INSERT INTO journals VALUES ('a diary')")
    with pytest.raises(JournalError, match=r"not a regain journal database .*: journals"):
        open_store(url)
    assert _on(url, "SELECT title FROM journals") == [("a diary",)]
    tables = _on(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert tables == [("journals",)]
