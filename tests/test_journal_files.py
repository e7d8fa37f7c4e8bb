"""Where the journal lives, and files that are not a journal: one clear line, and not a byte changed."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from journal_helpers import checkin, decision, digest, new_journal

from regain.journal import JournalError, default_url, open_store


def _ours(path: Path, big: bool = False) -> Path:
    with open_store(str(path)) as store:
        journal_id = new_journal(store, case={"notes": "x" * 20_000} if big else {"a": 1})
        store.add_entry(journal_id, lambda r: (checkin(7), decision()))
    return path


def _foreign(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('my shopping list')")
    db.commit()
    db.close()
    return path


def _foreign_wal(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = wal")
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    return path


def _foreign_alembic(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    db.execute("INSERT INTO alembic_version VALUES ('0002')")
    db.execute("CREATE TABLE journals (id TEXT)")
    db.commit()
    db.close()
    return path


def _not_a_database(path: Path) -> Path:
    path.write_text("journal: my week\n" * 200, encoding="utf-8")
    return path


def _damaged_header(path: Path) -> Path:
    _ours(path)
    with path.open("r+b") as f:
        f.write(b"\0" * 16)
    return path


def _damaged_pages(path: Path) -> Path:
    _ours(path, big=True)
    with path.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(bytes(range(256)) * 16)
    return path


def _only_a_header(path: Path) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")
    return path


def _truncated(path: Path) -> Path:
    _ours(path, big=True)
    os.truncate(path, path.stat().st_size // 2)
    return path


def _newer(path: Path) -> Path:
    _ours(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE regain_alembic_version SET version_num = '9999'")
    db.commit()
    db.close()
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "foreign": (_foreign, "not a regain journal database (it holds other tables: notes)"),
    "foreign_wal": (_foreign_wal, "a SQLite database in WAL mode"),
    "foreign_alembic": (_foreign_alembic, "not a regain journal database"),
    "not_a_database": (_not_a_database, "not a SQLite database"),
    "damaged_header": (_damaged_header, "not a SQLite database"),
    "damaged_pages": (_damaged_pages, "damaged database"),
    "truncated": (_truncated, "damaged database"),
    "only_a_header": (_only_a_header, "damaged database (shorter than its header)"),
    "newer": (_newer, "made by a newer regain (schema revision 9999"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_file_that_is_not_our_journal_is_refused_and_left_unchanged(kind: str, tmp_path: Path) -> None:
    make, said = BAD_FILES[kind]
    path = make(tmp_path / "given.db")
    before, names = digest(path), sorted(os.listdir(tmp_path))
    with pytest.raises(JournalError) as raised:
        open_store(str(path))
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and said in message and "\n" not in message
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == names  # no journal file or other file beside it


def test_the_near_miss_our_own_journal_opens(tmp_path: Path) -> None:
    path = _ours(tmp_path / "given.db", big=True)
    with open_store(str(path)) as store:
        assert len(store.list()) == 1


def test_a_folder_or_a_fifo_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(JournalError, match=r"folder\.db: is a folder"):
        open_store(str(folder))
    assert list(folder.iterdir()) == []
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    with pytest.raises(JournalError, match=r"fifo\.db: not a regular file"):
        open_store(str(fifo))


def test_a_path_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "journal.db"
    with pytest.raises(JournalError, match=r"the folder .*/no/such does not exist"):
        open_store(str(path))
    assert not (tmp_path / "no").exists()
    with open_store(str(tmp_path / "journal.db")):  # the near miss: an existing folder
        assert (tmp_path / "journal.db").is_file()


def test_the_default_journal_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("REGAIN_DB", raising=False)
    expected = tmp_path / "data" / "regain" / "journal.db"
    assert default_url() == f"sqlite+pysqlite:///{expected}"
    with open_store() as store:  # the default folder is the one folder that is made
        new_journal(store)
    assert expected.is_file()


def test_a_new_journal_file_and_the_default_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("REGAIN_DB", raising=False)
    with open_store() as store:
        new_journal(store)
    folder = tmp_path / "data" / "regain"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "journal.db").stat().st_mode) == 0o600
    # the near miss: a file that exists keeps the permissions its owner gave it
    shared = tmp_path / "shared.db"
    shared.touch(mode=0o644)
    os.chmod(shared, 0o644)
    with open_store(str(shared)) as store:
        new_journal(store)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


@pytest.mark.parametrize("as_url", [False, True])
def test_regain_db_overrides_the_default_and_an_explicit_path_overrides_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_url: bool
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from_env = tmp_path / "env.db"
    monkeypatch.setenv("REGAIN_DB", f"sqlite:///{from_env}" if as_url else str(from_env))
    assert default_url().endswith(str(from_env))
    with open_store() as store:
        new_journal(store)
    assert from_env.is_file() and not (tmp_path / "data").exists()
    explicit = tmp_path / "explicit.db"
    with open_store(explicit) as store:  # a Path will do
        assert store.list() == []
    assert explicit.is_file()


def test_regain_db_in_a_missing_folder_is_not_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGAIN_DB", str(tmp_path / "missing" / "j.db"))
    with pytest.raises(JournalError, match="does not exist"):
        open_store()
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("sqlite://", "one in memory would be lost"),
        ("sqlite:///:memory:", "one in memory would be lost"),
        ("mysql://u@localhost/regain", "unsupported database"),
        ("postgresql://u:hunter2@/regain?host=/nonexistent-regain-socket", "No such file or directory"),
    ],
)
def test_unusable_urls_are_one_line(given: str, said: str) -> None:
    with pytest.raises(JournalError) as raised:
        open_store(given)
    message = str(raised.value)
    assert said in message and "\n" not in message
    assert "hunter2" not in message  # a password is never shown


KILL_MID_COMMIT = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before the commit
db.execute("BEGIN IMMEDIATE")
for n in range(2, 400):
    db.execute("INSERT INTO entries (journal_id, seq, date, checkin_json, decision_json, recorded_at)"
               " SELECT journal_id, ?, date, checkin_json || ?, decision_json, recorded_at FROM entries"
               " WHERE seq = 1", (n, "x" * 4000))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_write_killed_midway_through_the_file_is_rolled_back(tmp_path: Path) -> None:
    path = _ours(tmp_path / "journal.db")
    with open_store(str(path)) as store:
        [before] = store.list()
        record = store.get(before.id)
    done = subprocess.run([sys.executable, "-c", KILL_MID_COMMIT, str(path)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert path.with_name("journal.db-journal").stat().st_size > 0  # the interrupted write's rollback journal
    with open_store(str(path)) as store:
        assert store.get(before.id) == record
        assert store.add_entry(before.id, lambda r: (checkin(8), decision())).seq == 2
