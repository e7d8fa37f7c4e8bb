"""Build the ordered plan: needed step kinds, ordered on the plan DAG, with doses and instructions.

The rules decide which kinds of step a case needs; this module orders them by
a deterministic topological sort of the knowledge base's plan graph
(``plan_steps.yaml``, ``before``), ties broken by each kind's ``priority``.
networkx sorts every set of kinds once, when the knowledge base is loaded
(:func:`regain.knowledge.graphs.graph_tables`); a plan looks its set up.
No ordering is special-cased here: "trigger points before stretching" and
"strengthening last" are edges of that graph, and a plan rule's
``together`` lifts one edge so two steps run side by side.

Precautions (caution signs, possible other causes) cap doses, add notes and
rule out instructions (:mod:`.instructions`); a see-a-doctor triage holds
every self-help step until a doctor clears it, a professional assessment the
steps that may not start meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.knowledge import KnowledgeBase

from .case import Case
from .inference import Inference
from .instructions import (
    Choice,
    Precautions,
    full_range_choice,
    massage_choice,
    strengthening_choices,
    stretch_choice,
)
from .muscles import MuscleScore

#: What holds a self-help step: a doctor's clearance, or the professional assessment.
HELD_FOR_DOCTOR = "doctor_clearance"
HELD_FOR_ASSESSMENT = "professional_assessment"


@dataclass(frozen=True)
class Caution:
    precaution: str  # a caution sign's or a possible other cause's id
    note: str


@dataclass
class PlanStep:
    kind: str
    title: str
    why: str
    targets: list[str]
    dose: dict[str, int | float]
    after: list[str]
    alongside: list[str] = field(default_factory=list)
    held_until: str | None = None
    cautions: list[Caution] = field(default_factory=list)
    because: list[str] = field(default_factory=list)
    expect: str = ""
    move_on_when: str = ""
    #: per target: the instruction used (or none) and what a precaution left out
    instructions: list[Choice] = field(default_factory=list)
    #: targets left out whole: every instruction for them is ruled out by a precaution
    left_out: list[Choice] = field(default_factory=list)


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _pool(source: str, muscles: list[MuscleScore]) -> list[str]:
    if source == "trigger_point_muscles":
        pool = sorted(
            (m for m in muscles if m.trigger_point_score > 0),
            key=lambda m: (-m.trigger_point_score, -m.score, m.id),
        )
    elif source == "shortened_muscles":
        pool = sorted(
            (m for m in muscles if m.shortening_score > 0),
            key=lambda m: (-m.shortening_score, -m.score, m.id),
        )
    else:
        pool = list(muscles)
    return [m.id for m in (pool or muscles)]


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

    def _muscle_choices(
        self, kind: str, case_muscles: list[MuscleScore], avoided: dict[str, str], pressure: float | None
    ) -> tuple[list[Choice], list[Choice]]:
        """Up to ``max_targets_per_step`` muscles with an allowed instruction, and those ruled out."""
        limit = self.kb.inference.muscle_ranking.max_targets_per_step
        source = self.kb.steps[kind].targets
        used: list[Choice] = []
        ruled_out: list[Choice] = []
        for mid in _pool(source, case_muscles):
            if len(used) >= limit:
                break
            if kind == "long_hold_stretching":
                choice = stretch_choice(self.kb, mid, avoided)
            else:
                choice = massage_choice(self.kb, mid, avoided, pressure)
            (used if choice.instruction is not None else ruled_out).append(choice)
        return used, ruled_out

    def capped_dose(self, kind: str, precautions: Precautions) -> dict[str, int | float]:
        """A step's dose with the caps of the case's precautions (even if not in the plan)."""
        return self._softened(kind, precautions)[0]

    def _softened(self, kind: str, precautions: Precautions) -> tuple[dict[str, int | float], list[Caution]]:
        dose = {k: _number(v) for k, v in self.kb.steps[kind].dose.items()}
        cautions: list[Caution] = []
        for pid in precautions.ids:
            source = self.kb.red_flags.get(pid) or self.kb.other_causes[pid]
            change = source.softens.get(kind)  # type: ignore[call-overload]  # kind: a StepKind
            if change is None:
                continue
            for key, cap in change.caps.items():
                dose[key] = _number(min(dose[key], cap))
            cautions.append(Caution(pid, change.note))
        return dose, cautions

    def _hold(self, kind: str, triage: str, cleared: bool, kinds: list[str]) -> str | None:
        tmpl = self.kb.steps[kind]
        if not tmpl.self_treatment or cleared:
            return None
        if triage == "see_doctor" or "medical_consultation" in kinds:
            return HELD_FOR_DOCTOR
        if (
            triage == "professional_assessment" or "professional_assessment" in kinds
        ) and not tmpl.awaits_assessment:
            return HELD_FOR_ASSESSMENT
        return None

    def build(
        self, result: Inference, case: Case, muscles: list[MuscleScore], precautions: Precautions
    ) -> list[PlanStep]:
        """The plan steps the rules asked for, ordered, with targets, doses and instructions."""
        kb = self.kb
        order = self.order(list(result.needs))
        avoided = precautions.avoided
        together = {frozenset(pair) for pair in result.together}
        steps: list[PlanStep] = []
        worked: set[str] = set()
        # Every pressing (the massage, and the check for tender spots) keeps the ceiling.
        pressure = self.capped_dose("trigger_point_self_treatment", precautions).get("pressure_max")
        for i, kind in enumerate(order):
            tmpl = kb.steps[kind]
            dose, cautions = self._softened(kind, precautions)
            before = [k for k in order[:i] if kind in self.tables.before[k]]
            alongside = [k for k in before if frozenset((k, kind)) in together]
            step = PlanStep(
                kind=kind,
                title=tmpl.title,
                why=tmpl.why,
                targets=[],
                dose=dose,
                after=[k for k in before if k not in alongside],
                alongside=alongside,
                held_until=self._hold(kind, result.triage, result.cleared, order),
                cautions=cautions,
                because=list(result.needs[kind]),
                expect=tmpl.expect,
                move_on_when=tmpl.move_on_when,
            )
            self._fill(step, tmpl.targets, case, muscles, avoided, worked, pressure)
            steps.append(step)
        return steps

    def _fill(
        self,
        step: PlanStep,
        source: str,
        case: Case,
        muscles: list[MuscleScore],
        avoided: dict[str, str],
        worked: set[str],
        pressure: float | None,
    ) -> None:
        """The step's targets and instructions; ``worked`` collects massaged and stretched muscles."""
        kb = self.kb
        movements = list(case.get("restricted_movements", []))
        if source in ("trigger_point_muscles", "shortened_muscles", "candidate_muscles"):
            used, ruled_out = self._muscle_choices(step.kind, muscles, avoided, pressure)
            step.instructions, step.left_out = used, ruled_out
            step.targets = [c.target for c in used]
            if step.kind in ("trigger_point_self_treatment", "long_hold_stretching"):
                worked.update(step.targets)
        elif source == "movements":
            step.targets = movements
            if step.kind == "full_range_movement":
                choices = [full_range_choice(kb, mv, avoided) for mv in movements]
                step.instructions = [c for c in choices if c.instruction is not None]
                step.left_out = [c for c in choices if c.instruction is None]
        elif source == "strengthening_exercises":
            limit = kb.inference.muscle_ranking.max_targets_per_step
            # Never strengthen what the plan massages or stretches, nor a muscle that
            # limits any of the restricted movements (it may be the short one).
            limiters = {mid for mid, m in kb.muscles.items() if set(m.restricts) & set(movements)}
            step.instructions, step.left_out = strengthening_choices(
                kb, movements, avoided, worked | limiters, limit
            )
            step.targets = [c.target for c in step.instructions]
