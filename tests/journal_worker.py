"""A second process for the journal's concurrency tests (run by tests/journal_helpers.worker).

journal_worker.py add URL ID WRITER COUNT [READY]
                                            add COUNT entries, each noting what it saw
                                            (READY: a file made just before the first)
journal_worker.py hang URL ID MARKER        add an entry whose make() writes MARKER, then waits forever
journal_worker.py open URL                  open (creating or upgrading) the store, then close it
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from regain.journal import JournalRecord, open_store


def add(url: str, journal_id: str, writer: str, count: int, ready: str | None = None) -> None:
    with open_store(url) as store:
        if ready:
            Path(ready).touch()
        for n in range(count):

            def make(record: JournalRecord, n: int = n) -> tuple[dict[str, Any], dict[str, Any]]:
                seen = [f"{e.checkin.get('writer', '-')}{e.checkin.get('n', '')}" for e in record.entries]
                time.sleep(0.005)  # widen the window another writer could slip into
                return {"date": "2026-12-01", "writer": writer, "n": n, "seen": seen}, {"kind": "stay"}

            store.add_entry(journal_id, make)


def hang(url: str, journal_id: str, marker: str) -> None:
    with open_store(url) as store:

        def make(record: JournalRecord) -> tuple[dict[str, Any], dict[str, Any]]:
            Path(marker + ".part").write_text(str(len(record.entries)), encoding="utf-8")
            os.replace(marker + ".part", marker)  # whole when it appears
            time.sleep(600)  # killed here, inside the transaction
            raise AssertionError("not killed")

        store.add_entry(journal_id, make)


def main(argv: list[str]) -> None:
    match argv:
        case ["add", url, journal_id, writer, count]:
            add(url, journal_id, writer, int(count))
        case ["add", url, journal_id, writer, count, ready]:
            add(url, journal_id, writer, int(count), ready)
        case ["hang", url, journal_id, marker]:
            hang(url, journal_id, marker)
        case ["open", url]:
            open_store(url).close()
        case _:
            raise SystemExit(f"usage: {__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
