"""The atlas's rules page: how regain weighs evidence, and what its precautions can rule out.

Every evidence rule, grouped by the conclusion it speaks to, with its weight,
the questions it reads and the movements, regions or red flags it needs in a
case; the possible other causes with their precautions; the plan and control
rules; the numbers and muscle-ranking weights of ``inference.yaml``; and the
``involves`` tags, with the precautions that avoid each and the instructions
that involve it. Plain dataclasses; the words around them are in
``templates/atlas/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.knowledge import KnowledgeBase

from . import atlas_links as links
from .atlas_links import Link
from .atlas_safety_view import Softening, softening


@dataclass(frozen=True, slots=True)
class Read:
    question: str
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: str
    anchor: str
    cf: float
    text: str
    reads: tuple[Read, ...]
    needs: tuple[Link, ...]  # the movements, regions and red flags it needs in a case
    source: str


@dataclass(frozen=True, slots=True)
class ConclusionView:
    """One conclusion with its evidence rules; a possible other cause with its precautions."""

    id: str
    anchor: str
    name: str
    summary: str
    other_cause: bool
    think_of: str | None
    advice: str | None
    softens: tuple[Softening, ...]
    avoid: tuple[Link, ...]
    source: str | None
    rules: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class PlanRuleView:
    id: str
    anchor: str
    steps: tuple[Link, ...]
    together: tuple[Link, ...]
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class ControlRuleView:
    id: str
    anchor: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class InvolvesView:
    id: str
    anchor: str
    text: str
    warning: str | None
    avoided_by: tuple[Link, ...]
    used_by: tuple[Link, ...]  # the muscles and exercises with an instruction that involves it


@dataclass(frozen=True, slots=True)
class RulesPage:
    conclusions: tuple[ConclusionView, ...]
    plan_rules: tuple[PlanRuleView, ...]
    control_rules: tuple[ControlRuleView, ...]
    numbers: tuple[tuple[str, float], ...]
    ranking: tuple[tuple[str, float], ...]
    involves: tuple[InvolvesView, ...]
    source: str


def _evidence(kb: KnowledgeBase, rule_id: str) -> EvidenceView:
    from .atlas_reads import rule_reads

    rule = kb.inference.evidence[rule_id]
    needs = rule_reads().get(rule_id)
    needed: list[Link] = []
    if needs is not None:
        needed += [links.movement(kb, m) for m in needs.movements]
        needed += [links.region(kb, r) for r in needs.regions]
        needed += [links.red_flag(kb, f) for f in needs.red_flags]
    return EvidenceView(
        id=rule_id,
        anchor=links.anchor("evidence", rule_id),
        cf=rule.cf,
        text=rule.text,
        reads=tuple(Read(q, kb.questions[q].text) for q in rule.reads),
        needs=tuple(needed),
        source=rule.source,
    )


def _conclusions(kb: KnowledgeBase) -> tuple[ConclusionView, ...]:
    ids = list(kb.wording.causes) + [c for c in kb.other_causes if c not in kb.wording.causes]
    for rule in kb.inference.evidence.values():
        if rule.conclusion not in ids:
            ids.append(rule.conclusion)
    out = []
    for cid in ids:
        rules = tuple(_evidence(kb, r) for r, rule in kb.inference.evidence.items() if rule.conclusion == cid)
        anchor = links.anchor("conclusion", cid)
        other = kb.other_causes.get(cid)
        if other is not None:
            out.append(
                ConclusionView(
                    cid,
                    anchor,
                    other.name,
                    other.summary,
                    True,
                    other.think_of,
                    other.advice,
                    softening(kb, other.softens),
                    tuple(links.involves(kb, t) for t in other.avoid),
                    other.source,
                    rules,
                )
            )
        else:
            words = kb.wording.causes[cid]
            out.append(
                ConclusionView(cid, anchor, words.name, words.summary, False, None, None, (), (), None, rules)
            )
    return tuple(out)


def _involves_views(kb: KnowledgeBase) -> tuple[InvolvesView, ...]:
    out = []
    for tag, entry in kb.involves.items():
        avoided = [links.red_flag(kb, f) for f, flag in kb.red_flags.items() if tag in flag.avoid]
        avoided += [links.conclusion(kb, c) for c, cause in kb.other_causes.items() if tag in cause.avoid]
        used = [
            links.muscle(kb, m)
            for m, x in kb.muscles.items()
            if any(tag in method.involves for method in x.self_massage.methods)
            or any(tag in stretch.involves for stretch in x.stretches)
        ]
        used += [links.exercise(kb, e) for e, ex in kb.exercises.items() if tag in ex.involves]
        out.append(
            InvolvesView(
                tag, links.anchor("involves", tag), entry.text, entry.warning, tuple(avoided), tuple(used)
            )
        )
    return tuple(out)


def rules_page(kb: KnowledgeBase) -> RulesPage:
    inf = kb.inference
    numbers = (
        ("thresholds.likely", inf.thresholds.likely),
        ("thresholds.possible", inf.thresholds.possible),
        ("range_deficit_ratio", inf.range_deficit_ratio),
        ("long_duration_weeks", inf.long_duration_weeks),
        ("short_duration_weeks", inf.short_duration_weeks),
        ("immobilized_weeks", inf.immobilized_weeks),
        ("high_pain", inf.high_pain),
        ("frozen_shoulder_age", inf.frozen_shoulder_age),
        ("hip_osteoarthritis_age", inf.hip_osteoarthritis_age),
    )
    r = inf.muscle_ranking
    ranking = (
        ("primary_referral", r.primary_referral),
        ("spillover_referral", r.spillover_referral),
        ("restricts_movement", r.restricts_movement),
        ("painful_movement", r.painful_movement),
        ("compensating", r.compensating),
        ("max_candidates", r.max_candidates),
        ("max_targets_per_step", r.max_targets_per_step),
    )
    return RulesPage(
        conclusions=_conclusions(kb),
        plan_rules=tuple(
            PlanRuleView(
                rid,
                links.anchor("plan_rule", rid),
                tuple(links.step(kb, s) for s in rule.steps),
                tuple(links.step(kb, s) for s in rule.together),
                rule.text,
                rule.source,
            )
            for rid, rule in inf.plan_rules.items()
        ),
        control_rules=tuple(
            ControlRuleView(rid, links.anchor("control_rule", rid), rule.text, rule.source)
            for rid, rule in inf.control_rules.items()
        ),
        numbers=numbers,
        ranking=ranking,
        involves=_involves_views(kb),
        source=kb.sources["inference.yaml"],
    )
