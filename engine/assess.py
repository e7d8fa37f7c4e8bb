"""Assess cases: the one entry point from a validated case to an :class:`Assessment`.

An :class:`Assessor` builds the expensive parts once (the experta engine, the
muscle ranker and plan builder over the knowledge graphs' tables) and reuses
them for every case, which is what makes thousands of cases per second
possible.
"""

from __future__ import annotations

from regain.knowledge import KnowledgeBase, load_knowledge

from .assessment import (
    Assessment,
    CauseFinding,
    CombinationFinding,
    MuscleFinding,
    RedFlagFinding,
)
from .case import Case
from .case_reader import RawCase
from .case_validation import validate_case
from .inference import CONCLUSIONS, RegainEngine, Weighed
from .instructions import massage_choice, precautions, stretch_choice
from .missing import missing_effects, missing_informs, missing_questions
from .muscles import MuscleRanker
from .plan import PlanBuilder
from .triage import self_help


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
        levels = {c: w.level for c, w in result.conclusions.items()}
        cautious = precautions(kb, case, levels)
        plan = self.planner.build(result, case, top, cautious)
        pressure = self.planner.capped_dose("trigger_point_self_treatment", cautious).get("pressure_max")
        avoided = cautious.avoided
        flags = [
            RedFlagFinding(f, kb.red_flags[f].tier, kb.red_flags[f].advice) for f in case.get("red_flags", [])
        ]
        combos = [
            CombinationFinding(c.id, c.tier, kb.combinations[c.id].advice, list(c.flags), c.age_assumed)
            for c in result.combinations
        ]
        effects = missing_effects(kb, case, result.conclusions, result.triage)
        screened = not result.unscreened
        return Assessment(
            case_id=case.id,
            knowledge_version=kb.version,
            triage=result.triage,
            self_help=self_help(result.triage, result.cleared, screened),
            cleared_by_doctor=result.cleared,
            cleared_on=case.get("cleared_on") if result.cleared else None,
            red_flags=flags,
            combinations=combos,
            screening_complete=screened,
            not_screened=list(result.unscreened) if case.screened else [],
            causes={
                "pain_protective": _finding(result.conclusions["pain_protective"]),
                "shortening_adhesion": _finding(result.conclusions["shortening_adhesion"]),
            },
            active_trigger_points=_finding(result.conclusions["active_trigger_points"]),
            other_causes={c: _finding(result.conclusions[c]) for c in CONCLUSIONS[3:]},
            muscles=[
                MuscleFinding(
                    m.id,
                    m.name,
                    m.score,
                    list(m.reasons),
                    massage_choice(kb, m.id, avoided, pressure),
                    stretch_choice(kb, m.id, avoided),
                )
                for m in top
            ],
            plan=plan,
            missing=missing_questions(effects),
            trace=result.trace,
            disclaimer=kb.inference.disclaimer,
            name=case.name,
            notes=case.notes,
            source=case.source,
            pain_regions=list(case.get("pain_regions", [])),
            side=case.get("side"),
            missing_informs=missing_informs(effects),
            answers=dict(case.answers),
            origin=case.origin,
        )

    def assess_raw(self, raw: RawCase) -> Assessment:
        return self.assess(self.validate(raw))
