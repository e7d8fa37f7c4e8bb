"""The treatment journal's data and phases: a baseline, check-ins and the decisions taken on them.

A journal is a :class:`Baseline` (the case's answers and when it started)
and :class:`Entry` items, each a :class:`CheckIn` and the :class:`Decision`
taken on it. The plan's steps fall into :class:`Phase` layers of the plan
graph (:func:`phases`). Whenever an :class:`Assessment` is needed, the stored
case is assessed again with the current knowledge base, with every
check-in's new warning signs added (:func:`assessment_at`), so the ordinary
triage rules judge them. Nothing here stores anything: ``journal/`` keeps
the dicts these types turn into.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from regain.knowledge import KnowledgeBase

from .assess import Assessor
from .assessment import Assessment
from .case_reader import RawCase
from .inference import TraceEntry
from .plan import PlanStep

CHECKIN_FORMAT = "regain-checkin/1"
Felt = Literal["worse", "no_change", "better"]
DecisionKind = Literal["stop", "see_doctor", "step_back", "see_professional", "advance", "finish", "stay"]


@dataclass(frozen=True)
class WorkFelt:
    felt: Felt
    raised_next_day: bool  # the pain stayed raised until the next day


@dataclass(frozen=True)
class CheckIn:
    date: datetime.date
    sessions: dict[str, int]  # step kind -> sessions done since the previous check-in
    pain_at_rest: int | None  # 0-10
    pain_on_movement: int | None  # 0-10
    range_measured: dict[str, float]  # movement id -> degrees (only movements the case measured)
    felt: dict[str, WorkFelt]  # step kind -> how that work felt
    tender_spots_reproduce_pain: str  # "yes" | "no" | "unknown"
    new_red_flags: list[str]  # red-flag ids newly present; [] = checked, nothing new
    cleared_by_doctor: bool = False  # a doctor has since cleared self-help (lifts see_doctor)
    notes: str | None = None


@dataclass(frozen=True)
class Phase:
    number: int  # 1-based
    steps: tuple[str, ...]  # plan step kinds, plan order


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    phase: int  # the phase to work in until the next check-in; 0 = none
    steps: tuple[str, ...]  # that phase's step kinds (so a later knowledge change is visible)
    reasons: tuple[str, ...]  # person-facing sentences from knowledge/data/followup.yaml
    advice: str  # what to do until the next check-in (from the knowledge base)
    trace: tuple[TraceEntry, ...]  # HOW: rule name, facts it used, what it concluded

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "phase": self.phase,
            "steps": list(self.steps),
            "reasons": list(self.reasons),
            "advice": self.advice,
            "trace": [
                {"rule": t.rule, "because": list(t.because), "concluded": t.concluded} for t in self.trace
            ],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        return cls(
            kind=d["kind"],
            phase=int(d["phase"]),
            steps=tuple(d.get("steps", ())),
            reasons=tuple(d.get("reasons", ())),
            advice=str(d.get("advice", "")),
            trace=tuple(
                TraceEntry(str(t["rule"]), list(t.get("because", [])), str(t.get("concluded", "")))
                for t in d.get("trace", ())
            ),
        )


@dataclass(frozen=True)
class Entry:
    seq: int  # 1-based order in the journal
    checkin: CheckIn
    decision: Decision


@dataclass(frozen=True)
class Baseline:
    case: dict[str, Any]  # the validated case answers as the case file holds them
    started: datetime.date
    knowledge_version: str


# -- phases -------------------------------------------------------------------------------------


#: Step kinds a professional does or that stand for care elsewhere: never in a phase
#: (plan_steps.yaml's steps with ``self_treatment: false``; a test holds the two together).
MEDICAL_KINDS = frozenset(
    {"emergency_care", "urgent_care", "medical_consultation", "professional_assessment"}
)


def phases(plan: Sequence[PlanStep]) -> tuple[Phase, ...]:
    """The plan's self-treatment steps in layers of the plan graph, by ``after``.

    A step with no ``after`` in the plan is phase 1; otherwise it is one more than
    the largest phase of the steps it comes after; an ``alongside`` step joins its
    partner's phase. Held steps and the steps of a doctor or physiotherapist
    (:data:`MEDICAL_KINDS`) are in no phase.
    """
    number: dict[str, int] = {}
    order: list[str] = []
    for step in plan:
        if step.held_until is not None or step.kind in MEDICAL_KINDS:
            continue
        partners = [number[k] for k in step.alongside if k in number]
        before = [number[k] for k in step.after if k in number]
        number[step.kind] = max(partners) if partners else 1 + max(before, default=0)
        order.append(step.kind)
    used = sorted(set(number.values()))
    # Layers are numbered 1, 2, 3 with no gaps (a gap cannot arise from `after`, but stay safe).
    renumber = {n: i + 1 for i, n in enumerate(used)}
    return tuple(Phase(renumber[n], tuple(k for k in order if number[k] == n)) for n in used)


def phase_steps(all_phases: Sequence[Phase], number: int) -> tuple[str, ...]:
    """The step kinds of phase ``number`` (``()`` for 0 or a phase the plan no longer has)."""
    for phase in all_phases:
        if phase.number == number:
            return phase.steps
    return ()


def current_phase(entries: Sequence[Entry]) -> int:
    """The phase the person works in: the last decision's phase, or the one a hold paused.

    A decision with phase 0 (a stop, a doctor first, a finish) keeps the phase
    before it, so a cleared hold resumes where it paused; no entries mean phase 1.
    """
    for entry in reversed(entries):
        if entry.decision.phase > 0:
            return entry.decision.phase
    return 1


def phase_since(baseline: Baseline, entries: Sequence[Entry]) -> datetime.date:
    """The date the current phase began: the check-in that moved into it, or the start."""
    since, phase = baseline.started, 1
    for entry in entries:
        if entry.decision.phase > 0 and entry.decision.phase != phase:
            phase, since = entry.decision.phase, entry.checkin.date
    return since


# -- the case at a check-in ---------------------------------------------------------------------

#: Per thread: an experta engine runs one inference at a time, and a web server's threads
#: (regain serve) decide check-ins at once.
_LOCAL = threading.local()


T = TypeVar("T")


def per_thread(kb: KnowledgeBase, make: Callable[[KnowledgeBase], T]) -> T:
    """``make(kb)`` built once per knowledge base and thread (an engine is costly to build)."""
    held: dict[tuple[int, Any], tuple[KnowledgeBase, Any]] = _LOCAL.__dict__.setdefault("held", {})
    key = (id(kb), make)
    found = held.get(key)
    if found is None or found[0] is not kb:
        found = (kb, make(kb))
        held[key] = found
    result: T = found[1]
    return result


def assessor_for(kb: KnowledgeBase) -> Assessor:
    """One :class:`Assessor` per knowledge base and thread."""
    return per_thread(kb, Assessor)


def case_at(baseline: Baseline, checkins: Sequence[CheckIn]) -> dict[str, Any]:
    """The stored case with every check-in's new warning signs added, and a clearance applied.

    A check-in's ``new_red_flags`` list also counts as the warning-sign checklist
    answered, so a case that was not screened is screened by it. A doctor's
    clearance at a check-in lifts only the signs reported *before* that check-in
    (the safer reading: a sign and a clearance in the same check-in leave the sign
    held); a new sign after a clearance needs a new one.
    """
    case = dict(baseline.case)
    flags: list[str] | None = list(case["red_flags"]) if isinstance(case.get("red_flags"), list) else None
    new_at = -1  # the last check-in that added a sign the case did not have
    cleared: tuple[int, datetime.date] | None = None
    for i, checkin in enumerate(checkins):
        if flags is None:
            flags = []
        added = [f for f in checkin.new_red_flags if f not in flags]
        if added:
            flags.extend(added)
            new_at = i
        if checkin.cleared_by_doctor:
            cleared = (i, checkin.date)
    if flags is not None:
        case["red_flags"] = flags
    if cleared is not None and cleared[0] > new_at:
        case["cleared_by_doctor"] = True
        case["cleared_on"] = cleared[1].isoformat()
    elif new_at >= 0:
        case.pop("cleared_by_doctor", None)
        case.pop("cleared_on", None)
    return case


def assessment_at(
    kb: KnowledgeBase, baseline: Baseline, entries: Sequence[Entry], checkin: CheckIn | None = None
) -> Assessment:
    """The stored case assessed with the current knowledge, its check-ins' new signs merged in."""
    checkins = [e.checkin for e in entries] + ([checkin] if checkin is not None else [])
    case = case_at(baseline, checkins)
    case_id = str(case.get("id") or "journal")
    return assessor_for(kb).assess_raw(RawCase(f"journal case {case_id}", case_id, case))


def start_decision(kb: KnowledgeBase, baseline: Baseline, assessment: Assessment) -> Decision:
    """The decision a journal starts with: phase 1, or a stop or hold as the triage says."""
    from .followup import start_decision as decide_start  # the rules' module words it

    return decide_start(kb, baseline, assessment)
