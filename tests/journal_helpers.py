"""Helpers for the journal store's tests: a database per test on either backend, a sample journal."""

from __future__ import annotations

import datetime
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from regain.journal import Store

TESTS = Path(__file__).parent
WORKER = TESTS / "journal_worker.py"
BACKENDS = ["sqlite", "postgresql"]

CASE = {"format": "regain-case/1", "id": "ann", "restricted_movements": ["shoulder_abduction"], "age": 52}
ASSESSMENT = {"format": "regain-assessment/1", "triage": {"tier": "self_help"}, "notes": "Zoë – ünïcode ✓"}
START = {"kind": "advance", "phase": 1, "steps": ["trigger_point_self_treatment"], "reasons": []}


def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database for one test: a SQLite file, or a database on the session's server."""
    if request.param == "sqlite":
        return str(tmp_path / "journal.db")
    return str(request.getfixturevalue("postgres").new_database())


def new_journal(store: Store, **changes: Any) -> str:
    """A journal with a sample baseline; ``changes`` replace any of ``create``'s arguments."""
    arguments: dict[str, Any] = {
        "case_id": "ann",
        "name": "Ann",
        "case": CASE,
        "assessment": ASSESSMENT,
        "start": START,
        "started": datetime.date(2026, 11, 30),
        "knowledge_version": "kb-1",
    }
    arguments.update(changes)
    return store.create(**arguments)


def checkin(day: int, **extra: Any) -> dict[str, Any]:
    return {"format": "regain-checkin/1", "date": f"2026-12-{day:02d}", "pain_at_rest": 3, **extra}


def decision(kind: str = "stay") -> dict[str, Any]:
    return {"kind": kind, "phase": 1, "steps": ["trigger_point_self_treatment"], "reasons": ["r"]}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worker(*args: str) -> subprocess.Popen[str]:
    """Start ``journal_worker.py`` with ``args`` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
