"""Build journals for the follow-up tests: a baseline from a case, check-ins by day, real decisions.

Every check-in goes through :func:`parse_checkin` (so a fixture is a valid
``regain-checkin/1`` mapping) and every earlier entry's decision is the one
:func:`decide` takes on it, as a journal would hold it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from regain.engine.checkin import parse_checkin
from regain.engine.followup import decide
from regain.engine.journey import Baseline, CheckIn, Decision, Entry
from regain.knowledge import KnowledgeBase

ROOT = Path(__file__).parent.parent
START = datetime.date(2026, 1, 5)


def load_case(name_or_case: str | Mapping[str, Any]) -> dict[str, Any]:
    """A case mapping: given inline, or a file under the repository (tests/cases files hold ``case``)."""
    if isinstance(name_or_case, Mapping):
        return dict(name_or_case)
    data = yaml.safe_load((ROOT / name_or_case).read_text(encoding="utf-8"))
    return dict(data["case"] if "case" in data and "restricted_movements" not in data else data)


def baseline(kb: KnowledgeBase, case: str | Mapping[str, Any]) -> Baseline:
    return Baseline(load_case(case), START, kb.version)


def checkin(kb: KnowledgeBase, base: Baseline, entries: Sequence[Entry], raw: Mapping[str, Any]) -> CheckIn:
    """A check-in from a fixture mapping: ``day`` (after the start) becomes its date."""
    data = {k: v for k, v in raw.items() if k != "day"}
    data.setdefault("new_red_flags", [])
    data["date"] = (START + datetime.timedelta(days=int(raw["day"]))).isoformat()
    return parse_checkin(kb, base, entries, data, f"day-{raw['day']}.yaml")


def run(kb: KnowledgeBase, base: Baseline, raws: Sequence[Mapping[str, Any]]) -> list[Entry]:
    """The journal after these check-ins, each decided in turn."""
    entries: list[Entry] = []
    for raw in raws:
        c = checkin(kb, base, entries, raw)
        entries.append(Entry(len(entries) + 1, c, decide(kb, base, entries, c)))
    return entries


def kinds(entries: Sequence[Entry]) -> list[tuple[str, int]]:
    return [(e.decision.kind, e.decision.phase) for e in entries]


def rule_of(decision: Decision) -> str:
    return decision.trace[0].rule
