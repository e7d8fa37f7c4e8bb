"""The assessment: the ``regain-assessment/2`` object as plain dataclasses.

Everything regain says about a case is here, built before any rendering:
the JSON output, the terminal summary, the HTML plan and the batch index are
all renderings of an :class:`Assessment`. :meth:`Assessment.to_dict` gives
the contract's field order; :func:`to_json` its exact bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from .inference import Evidence, TraceEntry
from .instructions import Choice
from .plan import PlanStep

FORMAT = "regain-assessment/2"


@dataclass(frozen=True)
class RedFlagFinding:
    id: str
    tier: str
    advice: str


@dataclass(frozen=True)
class CombinationFinding:
    id: str
    tier: str
    advice: str
    flags: list[str]
    age_assumed: bool


@dataclass(frozen=True)
class CauseFinding:
    certainty: float
    level: str
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {
            "certainty": self.certainty,
            "level": self.level,
            "evidence": [{"rule": e.rule, "text": e.text, "cf": e.cf} for e in self.evidence],
        }


@dataclass(frozen=True)
class MuscleFinding:
    id: str
    name: str
    score: float
    reasons: list[str]
    self_massage: Choice | None = None
    stretch: Choice | None = None


def choice_dict(c: Choice) -> dict[str, Any]:
    """One target's instruction and what a precaution left out, as JSON."""
    out: dict[str, Any] = {"target": c.target, "instruction": c.instruction}
    if c.pressure_max is not None:
        out["pressure_max"] = c.pressure_max
    out["left_out"] = [
        {"instruction": x.instruction, "precaution": x.precaution, "involves": x.involves} for x in c.left_out
    ]
    return out


def step_dict(s: PlanStep) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "title": s.title,
        "why": s.why,
        "targets": s.targets,
        "instructions": [choice_dict(c) for c in s.instructions],
        "left_out": [choice_dict(c) for c in s.left_out],
        "dose": s.dose,
        "after": s.after,
        "alongside": s.alongside,
        "held_until": s.held_until,
        "cautions": [{"precaution": c.precaution, "note": c.note} for c in s.cautions],
        "because": s.because,
        "expect": s.expect,
        "move_on_when": s.move_on_when,
    }


@dataclass
class Assessment:
    case_id: str
    knowledge_version: str
    triage: str
    self_help: str
    cleared_by_doctor: bool
    cleared_on: str | None
    red_flags: list[RedFlagFinding]
    combinations: list[CombinationFinding]
    screening_complete: bool
    not_screened: list[str]
    causes: dict[str, CauseFinding]
    active_trigger_points: CauseFinding
    other_causes: dict[str, CauseFinding]
    muscles: list[MuscleFinding]
    plan: list[PlanStep]
    missing: list[str]
    trace: list[TraceEntry]
    disclaimer: str
    # Not part of the JSON object: for renderings that show the person's own words.
    name: str | None = field(default=None, compare=False)
    notes: str | None = field(default=None, compare=False)
    source: str = field(default="", compare=False)
    # The case's answers the body map draws (the HTML plan): not in the JSON object either.
    pain_regions: list[str] = field(default_factory=list, compare=False)
    side: str | None = field(default=None, compare=False)
    #: For each missing question, the conclusions (or ``triage``) its answer could move.
    missing_informs: dict[str, list[str]] = field(default_factory=dict, compare=False)
    #: The validated answers, for the clinician summary's findings (not in the JSON object).
    answers: dict[str, Any] = field(default_factory=dict, compare=False)
    #: The document the answers came from, if not a case file (``Case.origin``): a FHIR Bundle links it.
    origin: Any = field(default=None, compare=False)

    def other_causes_found(self) -> dict[str, CauseFinding]:
        """The possible other causes at least possible (the ones a plan names)."""
        return {k: c for k, c in self.other_causes.items() if c.level != "unlikely"}

    def to_dict(self) -> dict[str, Any]:
        """The ``regain-assessment/2`` object, fields in the contract's order."""
        return {
            "format": FORMAT,
            "case_id": self.case_id,
            "knowledge_version": self.knowledge_version,
            "triage": self.triage,
            "self_help": self.self_help,
            "cleared_by_doctor": self.cleared_by_doctor,
            "cleared_on": self.cleared_on,
            "red_flags": [{"id": f.id, "tier": f.tier, "advice": f.advice} for f in self.red_flags],
            "combinations": [
                {
                    "id": c.id,
                    "tier": c.tier,
                    "advice": c.advice,
                    "flags": c.flags,
                    "age_assumed": c.age_assumed,
                }
                for c in self.combinations
            ],
            "screening_complete": self.screening_complete,
            "not_screened": self.not_screened,
            "causes": {name: c.to_dict() for name, c in self.causes.items()},
            "active_trigger_points": self.active_trigger_points.to_dict(),
            "other_causes": {name: c.to_dict() for name, c in self.other_causes.items()},
            "muscles": [
                {
                    "id": m.id,
                    "name": m.name,
                    "score": m.score,
                    "reasons": m.reasons,
                    "self_massage": choice_dict(m.self_massage) if m.self_massage else None,
                    "stretch": choice_dict(m.stretch) if m.stretch else None,
                }
                for m in self.muscles
            ],
            "plan": [step_dict(s) for s in self.plan],
            "missing": self.missing,
            "trace": [{"rule": t.rule, "because": t.because, "concluded": t.concluded} for t in self.trace],
            "disclaimer": self.disclaimer,
        }


def to_json(assessment: Assessment) -> str:
    """The assessment as JSON text: stable field order, 2-space indent, a trailing newline.

    orjson writes exactly what ``json.dumps(..., indent=2, ensure_ascii=False)``
    would, about twenty times faster (Python's own encoder falls back to pure
    Python when indenting), which counts in a batch of thousands.
    """
    return orjson.dumps(assessment.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"


def headline_key(a: Assessment) -> str:
    """Which ``wording.yaml`` headline an assessment leads with: what the person may do now.

    Every rendering (the plan, the summary, the FHIR CarePlan's title) leads
    with the same one.
    """
    if a.self_help == "none":
        return "emergency" if a.triage == "emergency" else "urgent"
    if a.self_help == "start":
        if a.cleared_by_doctor:
            return "start_cleared"
        if any(f.tier == "caution" for f in a.red_flags):
            return "start_with_cautions"
    return a.self_help
