"""The assessment: the ``regain-assessment/1`` object as plain dataclasses.

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
from .plan import PlanStep

FORMAT = "regain-assessment/1"


@dataclass(frozen=True)
class RedFlagFinding:
    id: str
    urgency: str
    advice: str


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


@dataclass
class Assessment:
    case_id: str
    knowledge_version: str
    triage: str
    red_flags: list[RedFlagFinding]
    screening_complete: bool
    causes: dict[str, CauseFinding]
    active_trigger_points: CauseFinding
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

    def to_dict(self) -> dict[str, Any]:
        """The ``regain-assessment/1`` object, fields in the contract's order."""
        return {
            "format": FORMAT,
            "case_id": self.case_id,
            "knowledge_version": self.knowledge_version,
            "triage": self.triage,
            "red_flags": [
                {"id": f.id, "urgency": f.urgency, "advice": f.advice} for f in self.red_flags
            ],
            "screening_complete": self.screening_complete,
            "causes": {name: c.to_dict() for name, c in self.causes.items()},
            "active_trigger_points": self.active_trigger_points.to_dict(),
            "muscles": [
                {"id": m.id, "name": m.name, "score": m.score, "reasons": m.reasons}
                for m in self.muscles
            ],
            "plan": [
                {
                    "kind": s.kind,
                    "title": s.title,
                    "why": s.why,
                    "targets": s.targets,
                    "dose": s.dose,
                    "after": s.after,
                    "requires_clearance": s.requires_clearance,
                    "cautions": [{"flag": c.flag, "note": c.note} for c in s.cautions],
                    "because": s.because,
                    "expect": s.expect,
                    "move_on_when": s.move_on_when,
                }
                for s in self.plan
            ],
            "missing": self.missing,
            "trace": [
                {"rule": t.rule, "because": t.because, "concluded": t.concluded}
                for t in self.trace
            ],
            "disclaimer": self.disclaimer,
        }


def to_json(assessment: Assessment) -> str:
    """The assessment as JSON text: stable field order, 2-space indent, a trailing newline.

    orjson writes exactly what ``json.dumps(..., indent=2, ensure_ascii=False)``
    would, about twenty times faster (Python's own encoder falls back to pure
    Python when indenting), which counts in a batch of thousands.
    """
    return orjson.dumps(assessment.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
