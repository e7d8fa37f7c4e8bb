"""Rank candidate muscles for a case by walking the knowledge graph.

From each reported pain region and each restricted movement, the graph's
edges (kept as lookup tables, :class:`~regain.knowledge.tables.GraphTables`)
lead to the muscles that refer pain there or restrict (or hurt on)
that movement. Where the person moves differently, the muscles that take
over a restricted movement (``movements.yaml``, ``compensation``) are
overloaded too, and are candidates for trigger points. A muscle's score is
the sum of its edge weights over the case's regions and movements, divided
by how many there are, so 1.0 means "explains everything reported". Every
candidate carries the reasons that earned its score, worded by
``wording.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.knowledge import KnowledgeBase

from .case import Case


@dataclass
class MuscleScore:
    id: str
    name: str
    score: float = 0.0
    referral: float = 0.0  # from pain regions (trigger point referral)
    painful: float = 0.0  # restricted movements that hurt with active trigger points
    restricts: float = 0.0  # restricted movements the muscle limits when shortened
    compensating: float = 0.0  # restricted movements it takes over when you move differently
    explained: float = 0.0  # summed edge weights, one per region or movement
    reasons: list[str] = field(default_factory=list)

    @property
    def trigger_point_score(self) -> float:
        return self.referral + self.painful + self.compensating

    @property
    def shortening_score(self) -> float:
        return self.restricts


class MuscleRanker:
    """Ranks muscles on the knowledge graph; build once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tables = kb.tables

    def rank(self, case: Case) -> list[MuscleScore]:
        """All muscles with a positive score, best first (ties by id, for determinism)."""
        kb = self.kb
        regions = case.get("pain_regions", [])
        movements = case.get("restricted_movements", [])
        scores: dict[str, MuscleScore] = {}
        weights = kb.inference.muscle_ranking
        words = kb.wording.muscle_reasons

        def entry(mid: str) -> MuscleScore:
            if mid not in scores:
                scores[mid] = MuscleScore(mid, kb.muscles[mid].name)
            return scores[mid]

        for rid in regions:
            region = kb.wording.grammar.in_sentence(kb.regions[rid].name)
            for link in self.tables.from_region.get(rid, ()):
                m = entry(link.muscle)
                m.referral += link.weight
                m.explained += link.weight
                m.reasons.append(words[link.relation].format(region=region))
        for mv in movements:
            movement = kb.wording.grammar.in_sentence(kb.movements[mv].name)
            for link in self.tables.from_movement.get(mv, ()):
                m = entry(link.muscle)
                m.explained += link.weight
                if link.relation == "restricts":
                    m.restricts += link.weight
                    m.reasons.append(words["restricts"].format(movement=movement))
                if link.painful:
                    m.painful += weights.painful_movement
                    m.reasons.append(words["painful"].format(movement=movement))
        if case.get("moves_differently") is True:
            for mv in movements:
                comp = kb.movements[mv].compensation
                if comp is None:
                    continue
                for mid in comp.muscles:
                    m = entry(mid)
                    m.compensating += weights.compensating
                    m.explained += weights.compensating
                    m.reasons.append(
                        words["compensating"].format(
                            movement=kb.wording.grammar.in_sentence(kb.movements[mv].name), how=comp.how
                        )
                    )

        total = max(1, len(regions) + len(movements))
        for m in scores.values():
            m.score = round(min(1.0, m.explained / total), 2)
        ranked = [m for m in scores.values() if m.score > 0]
        ranked.sort(key=lambda m: (-m.score, -m.trigger_point_score, m.id))
        return ranked
