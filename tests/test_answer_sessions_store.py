"""Questionnaires in progress in the journal database: kept whole, found only by their token.

On SQLite and on PostgreSQL, like the journal store's tests; and a database
made at revision 0002 (journals, no answer sessions) opens upgraded with its
journals whole and takes answer sessions.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from journal_helpers import BACKENDS, checkin, database_url, decision, new_journal
from sqlalchemy import inspect, text

from regain.journal import JournalError, Store, open_store
from regain.journal.connect import make_engine, transaction
from regain.journal.location import resolve
from regain.journal.migrate import current_revision, upgrade


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request, tmp_path)


@pytest.fixture
def store(url: str) -> Any:
    with open_store(url) as opened:
        yield opened


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    location = resolve(url)
    engine = make_engine(location)
    try:
        with transaction(engine, location, writes=False) as connection:
            return [tuple(r) for r in connection.execute(text(sql))]
    finally:
        engine.dispose()


def test_a_new_session_is_empty_and_found_by_its_token(store: Store) -> None:
    token, record = store.create_session()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert (record.answers, record.unanswered, record.meta, record.history) == ({}, [], {}, [])
    assert record.journal_id is None and record.created_at.tzinfo == datetime.UTC
    assert store.get_session(token) == record


def test_the_token_is_not_stored_only_its_hash(store: Store, url: str) -> None:
    token, _ = store.create_session()
    stored = _rows(url, "SELECT token_hash FROM answer_sessions")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]
    assert token not in repr(_rows(url, "SELECT * FROM answer_sessions"))


def test_other_tokens_find_nothing(store: Store) -> None:
    token, _ = store.create_session()
    other, _ = store.create_session()
    assert store.get_session(other) != store.get_session(token)
    near = token[:-1] + ("A" if token[-1] != "A" else "B")  # one character off
    for wrong in (near, token[:-1], token + "x", "", "../etc", "' OR 1=1 --", "x" * 43):
        assert store.get_session(wrong) is None, wrong
    assert store.get_session(token) is not None


def test_saved_answers_read_back_as_given(store: Store) -> None:
    token, _ = store.create_session()
    answers = {"red_flags": [], "restricted_movements": ["shoulder_abduction"], "age": 52, "note": "Zoë ✓"}
    saved = store.save_session(
        token, answers=answers, unanswered=["side"], history=["red_flags", "age"], meta={"name": "Ann"}
    )
    again = store.get_session(token)
    assert again == saved
    assert again is not None and again.answers == answers and list(again.answers) == list(answers)
    assert (again.unanswered, again.history, again.meta) == (["side"], ["red_flags", "age"], {"name": "Ann"})
    assert again.updated_at >= again.created_at


def test_update_applies_a_change_to_the_record_as_it_is(store: Store) -> None:
    token, _ = store.create_session()
    for qid in ("red_flags", "age", "side"):
        store.update_session(token, lambda r, q=qid: {"history": [*r.history, q]})
    record = store.get_session(token)
    assert record is not None and record.history == ["red_flags", "age", "side"]


def test_what_cannot_be_stored_is_refused_and_nothing_changes(store: Store) -> None:
    token, before = store.create_session()
    with pytest.raises(TypeError, match="answers must be a dict"):
        store.save_session(token, answers=["not", "a", "dict"])
    with pytest.raises(TypeError, match="cannot be stored as JSON"):
        store.save_session(token, answers={"age": float("nan")})
    with pytest.raises(TypeError, match="no field 'id'"):
        store.save_session(token, id=7)
    assert store.get_session(token) == before


def test_saving_to_an_unknown_token_is_an_error(store: Store) -> None:
    with pytest.raises(JournalError, match="no such answer session"):
        store.save_session("A" * 43, answers={})
    with pytest.raises(JournalError, match="no such answer session"):
        store.save_session("short", answers={})


def test_delete_removes_the_session_and_its_journal_only(store: Store) -> None:
    token, _ = store.create_session()
    other, _ = store.create_session()
    journal_id = new_journal(store)
    kept_journal = new_journal(store)
    store.add_entry(journal_id, lambda r: (checkin(7), decision()))
    store.save_session(token, journal_id=journal_id)
    store.save_session(other, journal_id=kept_journal)
    assert store.delete_session(token) is True
    assert store.get_session(token) is None
    with pytest.raises(JournalError):
        store.get(journal_id)
    assert store.delete_session(token) is False  # already gone
    record = store.get_session(other)
    assert record is not None and record.journal_id == kept_journal
    assert store.get(kept_journal).id == kept_journal


def test_deleting_a_journal_leaves_its_session_without_one(store: Store) -> None:
    token, _ = store.create_session()
    journal_id = new_journal(store)
    store.save_session(token, journal_id=journal_id, answers={"age": 40})
    store.delete(journal_id)
    record = store.get_session(token)
    assert record is not None and record.journal_id is None and record.answers == {"age": 40}


def test_the_web_secret_is_made_once_and_shared(url: str) -> None:
    with open_store(url) as first:
        secret = first.web_secret("flask")
    with open_store(url) as second:
        assert second.web_secret("flask") == secret
        assert second.web_secret("other") != secret
    assert len(secret) >= 64


def test_a_database_at_0002_opens_upgraded_and_takes_sessions(url: str) -> None:
    location = resolve(url)
    engine = make_engine(location)
    try:
        with transaction(engine, location, writes=True) as connection:
            upgrade(connection, "0002")
            connection.execute(
                text(
                    "INSERT INTO journals (id, case_id, name, case_json, assessment_json, start_json,"
                    " started, knowledge_version, created_at) VALUES ('old-journal-2', 'ann', 'Ann',"
                    " '{\"a\": 1}', '{\"b\": 2}', '{\"kind\": \"advance\"}', '2026-11-01', 'kb-0',"
                    " '2026-11-01 09:30:00')"
                )
            )
        with transaction(engine, location, writes=False) as connection:
            assert current_revision(connection) == "0002"
            assert "answer_sessions" not in inspect(connection).get_table_names()  # the near miss
        with open_store(url) as store:
            assert store.get("old-journal-2").name == "Ann"
            token, _ = store.create_session()
            store.save_session(token, journal_id="old-journal-2")
            record = store.get_session(token)
            assert record is not None and record.journal_id == "old-journal-2"
        with transaction(engine, location, writes=False) as connection:
            assert current_revision(connection) == "0003"
            assert {"answer_sessions", "web_secrets"} <= set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_replace_stores_only_over_the_version_it_was_worked_out_from(store: Store) -> None:
    token, first = store.create_session()
    assert first.version == 0
    saved = store.replace_session(token, 0, history=["red_flags"])
    assert saved is not None and saved.version == 1 and saved.history == ["red_flags"]
    assert store.replace_session(token, 0, history=["stale"]) is None  # someone saved meanwhile
    assert store.get_session(token) == saved
    again = store.update_session(token, lambda r: {"history": [*r.history, "age"]})
    assert again.version == 2 and again.history == ["red_flags", "age"]
    assert store.replace_session("A" * 43, 0, history=[]) is None  # no such session
