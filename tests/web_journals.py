"""Journals for the check-in form's and the web pages' tests: the bundled shoulder case, started."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

from regain.engine.case_reader import RawCase
from regain.engine.case_validation import validate_case
from regain.journal import Store
from regain.knowledge import KnowledgeBase
from regain.tracking import Journey, journey_of, start_journal

ROOT = Path(__file__).resolve().parent.parent
SHOULDER = ROOT / "examples" / "shoulder.yaml"
STARTED = datetime.date(2026, 1, 5)
TP = "trigger_point_self_treatment"


def shoulder_case(**changes: Any) -> dict[str, Any]:
    """The bundled example case as a mapping; ``changes`` replace or add answers."""
    data: dict[str, Any] = yaml.safe_load(SHOULDER.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def start(store: Store, kb: KnowledgeBase, started: datetime.date = STARTED, **changes: Any) -> str:
    """A journal of the shoulder case (with ``changes``), started on ``started``; its id."""
    case = validate_case(RawCase("shoulder.yaml", "shoulder", shoulder_case(**changes)), kb)
    journal_id, _, _ = start_journal(store, kb, case, started)
    return journal_id


def journey(store: Store, kb: KnowledgeBase, journal_id: str) -> Journey:
    return journey_of(kb, store.get(journal_id))
