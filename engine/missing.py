"""Which unanswered questions would have changed a conclusion.

For each question the case left unanswered (or answered "unknown"), the
evidence rules that read it (``inference.yaml``, ``reads``) say what its
answer could add, provided the other answers each rule needs do not already
rule it out (:mod:`.rule_conditions`). If adding any one of those certainty factors to the
conclusion's combined factor would move the conclusion to another level,
the question is "missing": answering it could change the assessment.
Unscreened red flags are always missing: they can change the triage; so is
an unknown age where a combination of signs depends on it, and a doctor's
clearance where the triage holds self-help back until one.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.knowledge.plan_models import EvidenceRule

from .case import Case
from .certainty import certainty, combine, level
from .inference import RegainEngine, Weighed
from .rule_conditions import all_rule_branches, could_fire_with
from .triage import CLEARABLE, age_could_change_triage, unscreened_flags


@dataclass(frozen=True)
class MissingEffect:
    question: str
    conclusion: str  # a conclusion id, or "triage"
    could_become: tuple[str, ...]


def _triage_effect(kb: KnowledgeBase, case: Case, qid: str, triage: str | None) -> bool:
    """Whether an answer to ``qid`` could change the triage or lift its hold."""
    if qid == "red_flags":
        return bool(unscreened_flags(kb, case))
    if qid == "age":
        return not case.is_known("age") and age_could_change_triage(kb, case.get("red_flags", []), None)
    if qid == "cleared_by_doctor":
        return triage in CLEARABLE and not case.is_known(qid)
    return False


def missing_effects(
    kb: KnowledgeBase, case: Case, conclusions: dict[str, Weighed], triage: str | None = None
) -> list[MissingEffect]:
    """Every (unanswered question, conclusion) pair where an answer could change the level.

    ``conclusion`` is ``"triage"`` where the answer could change the triage (or
    lift the hold a doctor's clearance lifts).
    """
    thresholds = kb.inference.thresholds
    branches = all_rule_branches(RegainEngine)
    fired = {e.rule for w in conclusions.values() for e in w.evidence}
    readers: dict[str, list[tuple[str, EvidenceRule]]] = {}  # question -> rules not fired that read it
    for rule_id, rule in kb.inference.evidence.items():
        if rule_id not in fired:
            for qid in rule.reads:
                readers.setdefault(qid, []).append((rule_id, rule))
    effects: list[MissingEffect] = []
    for qid in kb.questions:
        if _triage_effect(kb, case, qid, triage):
            effects.append(MissingEffect(qid, "triage", ()))
        if qid == "red_flags":
            continue
        if qid not in readers or case.is_known(qid):
            continue
        for conclusion, weighed in conclusions.items():
            could: list[str] = []
            for rule_id, rule in readers[qid]:
                if rule.conclusion != conclusion:
                    continue
                if not could_fire_with(branches[rule_id], case.answers, qid):
                    continue  # other answers the rule needs already rule it out
                new_level = level(
                    certainty(combine(weighed.cf, rule.cf)), thresholds.likely, thresholds.possible
                )
                if new_level != weighed.level and new_level not in could:
                    could.append(new_level)
            if could:
                effects.append(MissingEffect(qid, conclusion, tuple(could)))
    return effects


def missing_questions(effects: list[MissingEffect]) -> list[str]:
    """The question ids of ``effects``, once each, in questionnaire order."""
    out: list[str] = []
    for e in effects:
        if e.question not in out:
            out.append(e.question)
    return out


def missing_informs(effects: list[MissingEffect]) -> dict[str, list[str]]:
    """For each question of ``effects``, the conclusions (or ``triage``) it could move."""
    out: dict[str, list[str]] = {}
    for e in effects:
        moved = out.setdefault(e.question, [])
        if e.conclusion not in moved:
            moved.append(e.conclusion)
    return out
