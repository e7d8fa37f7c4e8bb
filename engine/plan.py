"""Build the ordered plan: needed step kinds, ordered on the plan DAG, with doses.

The rules decide which kinds of step a case needs; this module orders them by
a deterministic topological sort of the knowledge base's plan graph
(``plan_steps.yaml``, ``before``), ties broken by each kind's ``priority``.
networkx sorts every set of kinds once, when the knowledge base is loaded
(:func:`regain.knowledge.graphs.graph_tables`); a plan looks its set up.
No ordering is special-cased here: "trigger points before stretching" and
"strengthening last" are edges of that graph. Caution red flags cap doses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.knowledge import KnowledgeBase

from .case import Case
from .muscles import MuscleScore


@dataclass(frozen=True)
class Caution:
    flag: str
    note: str


@dataclass
class PlanStep:
    kind: str
    title: str
    why: str
    targets: list[str]
    dose: dict[str, int | float]
    after: list[str]
    requires_clearance: bool = False
    cautions: list[Caution] = field(default_factory=list)
    because: list[str] = field(default_factory=list)
    expect: str = ""
    move_on_when: str = ""


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


class PlanBuilder:
    """Orders plan steps on the plan DAG; build once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tables = kb.tables

    def order(self, kinds: list[str]) -> list[str]:
        """The kinds in plan order (exclusive kinds, such as emergency care, stand alone)."""
        exclusive = [k for k in kinds if self.kb.steps[k].exclusive]
        if exclusive:
            kinds = [min(exclusive, key=lambda k: (self.kb.steps[k].priority, k))]
        return list(self.tables.orders[frozenset(kinds)])

    def _targets(self, source: str, case: Case, muscles: list[MuscleScore]) -> list[str]:
        limit = self.kb.inference.muscle_ranking.max_targets_per_step
        if source == "movements":
            return list(case.get("restricted_movements", []))
        if source == "none":
            return []
        if source == "trigger_point_muscles":
            pool = sorted((m for m in muscles if m.trigger_point_score > 0),
                          key=lambda m: (-m.trigger_point_score, -m.score, m.id))
        elif source == "shortened_muscles":
            pool = sorted((m for m in muscles if m.shortening_score > 0),
                          key=lambda m: (-m.shortening_score, -m.score, m.id))
        else:
            pool = list(muscles)
        return [m.id for m in (pool or muscles)[:limit]]

    def build(self, needs: dict[str, list[str]], triage: str, case: Case,
              muscles: list[MuscleScore]) -> list[PlanStep]:
        """The plan steps for ``needs`` (kind -> reasons), ordered, with targets and doses."""
        order = self.order(list(needs))
        flags = [f for f in case.get("red_flags", []) if self.kb.red_flags[f].urgency == "caution"]
        steps: list[PlanStep] = []
        for i, kind in enumerate(order):
            tmpl = self.kb.steps[kind]
            dose = {k: _number(v) for k, v in tmpl.dose.items()}
            cautions: list[Caution] = []
            for flag in flags:
                change = self.kb.red_flags[flag].softens.get(kind)
                if change is None:
                    continue
                for key, cap in change.caps.items():
                    dose[key] = _number(min(dose[key], cap))
                cautions.append(Caution(flag, change.note))
            steps.append(PlanStep(
                kind=kind,
                title=tmpl.title,
                why=tmpl.why,
                targets=self._targets(tmpl.targets, case, muscles),
                dose=dose,
                after=[k for k in order[:i] if kind in self.tables.before[k]],
                requires_clearance=triage == "see_doctor" and tmpl.self_treatment,
                cautions=cautions,
                because=list(needs[kind]),
                expect=tmpl.expect,
                move_on_when=tmpl.move_on_when,
            ))
        return steps
