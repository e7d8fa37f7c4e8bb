"""Journals for the progress page's tests, read from hand-written YAML in tests/data/progress/.

Each file holds a journal id, the case it starts from (a file of examples/,
with changes), the start date, the start decision and the entries (a check-in
and the decision taken on it). The current assessment is regain's
engine's (:func:`regain.engine.journey.assessment_at`: the case with every
check-in's new warning signs), as a journal has it when it is shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.inference import TraceEntry
from regain.engine.journey import Baseline, CheckIn, Decision, Entry, WorkFelt, assessment_at

TESTS = Path(__file__).parent
ROOT = TESTS.parent
JOURNALS = TESTS / "data" / "progress"


@dataclass(frozen=True)
class Journal:
    journal_id: str
    baseline: Baseline
    start: Decision
    entries: tuple[Entry, ...]
    assessment: Assessment  # the current one


def decision(raw: dict[str, Any]) -> Decision:
    return Decision(
        kind=raw["kind"],
        phase=raw["phase"],
        steps=tuple(raw["steps"]),
        reasons=tuple(raw["reasons"]),
        advice=raw["advice"],
        trace=tuple(TraceEntry(t["rule"], list(t["because"]), t["concluded"]) for t in raw.get("trace", [])),
    )


def checkin(raw: dict[str, Any]) -> CheckIn:
    return CheckIn(
        date=raw["date"],
        sessions=dict(raw["sessions"]),
        pain_at_rest=raw["pain_at_rest"],
        pain_on_movement=raw["pain_on_movement"],
        range_measured={k: float(v) for k, v in raw["range_measured"].items()},
        felt={k: WorkFelt(v["felt"], v["raised_next_day"]) for k, v in raw["felt"].items()},
        tender_spots_reproduce_pain=raw["tender_spots_reproduce_pain"],
        new_red_flags=list(raw.get("new_red_flags", [])),
        notes=raw.get("notes"),
    )


def load_journal(name: str, assessor: Assessor, entries: int | None = None) -> Journal:
    """The journal of ``tests/data/progress/<name>.yaml``, with its first ``entries`` only if given."""
    raw = yaml.safe_load((JOURNALS / f"{name}.yaml").read_text(encoding="utf-8"))
    case = {**yaml.safe_load((ROOT / raw["case"]).read_text(encoding="utf-8")), **raw["case_changes"]}
    kept = [Entry(i, checkin(e), decision(e["decision"])) for i, e in enumerate(raw["entries"][:entries], 1)]
    started: datetime.date = raw["started"]
    baseline = Baseline(case, started, assessor.kb.version)
    assessment = assessment_at(assessor.kb, baseline, kept)
    return Journal(raw["journal_id"], baseline, decision(raw["start"]), tuple(kept), assessment)
