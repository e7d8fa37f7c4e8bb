"""Two processes at once, and a process killed midway: every entry lands, whole, or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from journal_helpers import BACKENDS, checkin, database_url, decision, digest, new_journal, worker

from regain.journal import open_store
from regain.journal.migrate import current_revision, head


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request, tmp_path)


def _finish(process: subprocess.Popen[str], timeout: float = 60) -> None:
    _out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err


def _wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def test_two_processes_adding_at_once_both_land_in_order(url: str) -> None:
    with open_store(url) as store:
        journal_id = new_journal(store)
    writers = [worker("add", url, journal_id, name, "12") for name in ("a", "b")]
    for process in writers:
        _finish(process)
    with open_store(url) as store:
        entries = store.get(journal_id).entries
    assert [e.seq for e in entries] == list(range(1, 25))
    labels = [e.checkin["writer"] + str(e.checkin["n"]) for e in entries]
    for writer in "ab":
        assert [label for label in labels if label[0] == writer] == [f"{writer}{n}" for n in range(12)]
    # each make() saw every entry stored before its own, the other writer's included
    assert [e.checkin["seen"] for e in entries] == [labels[: e.seq - 1] for e in entries]


def test_a_process_killed_inside_make_leaves_the_journal_as_it_was(url: str, tmp_path: Path) -> None:
    with open_store(url) as store:
        journal_id = new_journal(store)
        store.add_entry(journal_id, lambda r: (checkin(7), decision()))
        before = store.get(journal_id)
    file_before = digest(Path(url)) if not url.startswith("postgresql") else None
    marker = tmp_path / "inside-make"
    hung = worker("hang", url, journal_id, str(marker))
    try:
        _wait_for(marker, hung)
        assert marker.read_text(encoding="utf-8") == "1"  # it had read the journal, under the lock
        # another writer waits for the lock while the first is inside make()
        ready = tmp_path / "about-to-add"
        waiting = worker("add", url, journal_id, "w", "1", str(ready))
        _wait_for(ready, waiting)
        time.sleep(1.0)
        assert waiting.poll() is None, waiting.communicate()[1]
        os.kill(hung.pid, signal.SIGKILL)
    finally:
        hung.kill()
        hung.communicate()
    assert hung.returncode == -signal.SIGKILL
    _finish(waiting)
    with open_store(url) as store:
        after = store.get(journal_id)
    assert after.entries[:1] == before.entries
    assert [e.seq for e in after.entries] == [1, 2] and after.entries[1].checkin["writer"] == "w"
    assert after.entries[1].checkin["seen"] == ["-"]  # the first entry only: no trace of the killed one
    if file_before is not None:
        # the near miss of the hash check below: the waiting writer did change the file
        assert digest(Path(url)) != file_before


def test_a_process_killed_inside_make_changes_no_byte_of_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with open_store(str(path)) as store:
        journal_id = new_journal(store)
    before = digest(path)
    marker = tmp_path / "inside-make"
    hung = worker("hang", str(path), journal_id, str(marker))
    try:
        _wait_for(marker, hung)
        os.kill(hung.pid, signal.SIGKILL)
    finally:
        hung.kill()
        hung.communicate()
    assert digest(path) == before
    assert not path.with_name("journal.db-journal").exists()


def test_processes_opening_a_new_database_at_once_make_one_schema(url: str) -> None:
    openers = [worker("open", url) for _ in range(3)]
    for process in openers:
        _finish(process)
    with open_store(url) as store:
        assert store.list() == []
    from sqlalchemy import create_engine

    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as connection:
        assert current_revision(connection) == head()
    engine.dispose()
