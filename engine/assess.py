"""Assess cases: the one entry point from a validated case to an :class:`Assessment`.

An :class:`Assessor` builds the expensive parts once (the experta engine, the
muscle ranker and plan builder over the knowledge graphs' tables) and reuses
them for every case, which is what makes thousands of cases per second
possible.
"""

from __future__ import annotations

from regain.knowledge import KnowledgeBase, load_knowledge

from .assessment import Assessment, CauseFinding, MuscleFinding, RedFlagFinding
from .case import Case
from .case_reader import RawCase
from .case_validation import validate_case
from .inference import RegainEngine, Weighed
from .missing import missing_effects, missing_questions
from .muscles import MuscleRanker
from .plan import PlanBuilder


def _finding(w: Weighed) -> CauseFinding:
    return CauseFinding(w.certainty, w.level, list(w.evidence))


class Assessor:
    """Validates and assesses cases against one knowledge base."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_knowledge()
        self.engine = RegainEngine(self.kb)
        self.ranker = MuscleRanker(self.kb)
        self.planner = PlanBuilder(self.kb)

    def validate(self, raw: RawCase) -> Case:
        return validate_case(raw, self.kb)

    def assess(self, case: Case) -> Assessment:
        kb = self.kb
        result = self.engine.infer(case)
        ranked = self.ranker.rank(case)
        top = ranked[: kb.inference.muscle_ranking.max_candidates]
        plan = self.planner.build(result.needs, result.triage, case, top)
        flags = [
            RedFlagFinding(f, kb.red_flags[f].urgency, kb.red_flags[f].advice)
            for f in case.get("red_flags", [])
        ]
        effects = missing_effects(kb, case, result.conclusions)
        return Assessment(
            case_id=case.id,
            knowledge_version=kb.version,
            triage=result.triage,
            red_flags=flags,
            screening_complete=case.screened,
            causes={
                "pain_protective": _finding(result.conclusions["pain_protective"]),
                "shortening_adhesion": _finding(result.conclusions["shortening_adhesion"]),
            },
            active_trigger_points=_finding(result.conclusions["active_trigger_points"]),
            muscles=[MuscleFinding(m.id, m.name, m.score, list(m.reasons)) for m in top],
            plan=plan,
            missing=missing_questions(effects),
            trace=result.trace,
            disclaimer=kb.inference.disclaimer,
            name=case.name,
            notes=case.notes,
            source=case.source,
            pain_regions=list(case.get("pain_regions", [])),
            side=case.get("side"),
        )

    def assess_raw(self, raw: RawCase) -> Assessment:
        return self.assess(self.validate(raw))
