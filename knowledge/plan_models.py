"""The knowledge-base entries about reasoning and the plan: rules, weights, steps, exercises.

Evidence and plan rules carry their weight, wording and published source;
plan step templates their texts, doses and ordering; exercises what a person
does for the full-range and strengthening steps. Cross-references are
checked by :mod:`.consistency`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from .checks import Check
from .entries import (
    Conclusion,
    Id,
    Name,
    Source,
    StepKind,
    TargetSource,
    Text,
    entry,
)
from .numbers import written

#: The kind of each instruction, and the plan step whose dose and defaults it takes.
INSTRUCTION_STEPS: dict[str, str] = {
    "massage": "trigger_point_self_treatment",
    "stretch": "long_hold_stretching",
    "full_range": "full_range_movement",
    "strengthening": "strengthening",
}


@entry
class Exercise:
    """A named exercise: strengthening (``trains`` muscles) or full-range movement."""

    name: Text
    kind: Literal["strengthening", "full_range"]
    position: Text
    how: Text
    feel: Text
    stop_if: Text
    involves: tuple[Id, ...]
    source: Source
    #: Strengthening: the muscles it trains (muscles.yaml or trained_muscles ids).
    trains: tuple[Id, ...] = ()
    #: Strengthening: how to make it harder once it is easy.
    progression: Text | None = None
    #: How far to take it, where this exercise needs its own words (a hold that does not
    #: move, a limit of its own); otherwise its plan step's default ``how_far``.
    how_far: Text | None = None


@entry
class DoseUnit:
    """How a dose value reads: ``before`` it, the unit for one and for many, and a scale.

    ``{scale: 60, one: minute per hold, many: minutes per hold}`` shows 180 seconds as
    "3 minutes per hold"; ``{before: for, one: week, many: weeks}`` shows "for 2 weeks".
    """

    many: Text
    one: Text | None = None
    before: Text | None = None
    scale: Annotated[float, Check(gt=0)] = 1
    #: What the value says: how much in one session (``amount``), how often (``often``),
    #: or for how long the step lasts (``period``). "Start today" lists them apart.
    role: Literal["amount", "often", "period"] = "amount"

    def said(self, value: float, language: str) -> str:
        """``value`` in words, the same in every rendering: "3 minutes per hold", "for 2 weeks"."""
        shown = value / self.scale
        word = self.one if shown == 1 and self.one else self.many
        return " ".join(part for part in (self.before, written(language, shown), word) if part)


@entry
class StepTemplate:
    """A kind of plan step: its texts, default dose and ordering constraints."""

    title: Name
    why: Text
    expect: Text
    move_on_when: Text
    targets: TargetSource
    #: The step as one short line of "Start today"'s checklist (default: the title).
    today: Text | None = None
    priority: Annotated[int, Check(ge=0, le=100)]
    exclusive: bool = False
    self_treatment: bool = True
    #: While a professional assessment is awaited (and not yet cleared), may this step
    #: start meanwhile (gentle work) or is it held until the assessment?
    awaits_assessment: bool = False
    #: The step runs alongside the whole plan as a support, rather than for weeks of its own.
    throughout: bool = False
    dose: dict[Id, float] = field(default_factory=dict)
    dose_units: dict[Id, DoseUnit] = field(default_factory=dict)
    before: tuple[StepKind, ...] = ()
    #: Why this step comes before a later one (a step kind, or ``any``), said with the later.
    why_before: dict[Id, Text] = field(default_factory=dict)
    #: How far to take each stretch or exercise of this step, unless the item says its own.
    how_far: Text | None = None
    #: When to stop, for the instructions of this step that carry no ``stop_if`` of their
    #: own (the self-massage methods).
    stop_if: Text | None = None


@entry
class EvidenceRule:
    """The weight and wording of one evidence rule of the engine."""

    conclusion: Conclusion
    cf: Annotated[float, Check(ge=-1, le=1)]
    text: Text
    reads: tuple[Id, ...]
    source: Source


@entry
class PlanRule:
    """The plan steps one plan rule of the engine adds, and why."""

    steps: tuple[StepKind, ...]
    text: Text
    source: Source
    #: Two step kinds that, when this rule fires, run side by side instead of one after
    #: the other (the plan graph's ``before`` edge between them is lifted).
    together: tuple[StepKind, ...] = ()


@entry
class ControlRule:
    """A rule that decides triage or runs the weighing: what it does, and its source."""

    text: Text
    source: Source


@entry
class Thresholds:
    likely: Annotated[float, Check(gt=0, le=1)]
    possible: Annotated[float, Check(gt=0, le=1)]


@entry
class MuscleRanking:
    primary_referral: Annotated[float, Check(ge=0, le=1)]
    spillover_referral: Annotated[float, Check(ge=0, le=1)]
    restricts_movement: Annotated[float, Check(ge=0, le=1)]
    painful_movement: Annotated[float, Check(ge=0, le=1)]
    compensating: Annotated[float, Check(ge=0, le=1)]
    max_candidates: Annotated[int, Check(ge=1, le=60)]
    max_targets_per_step: Annotated[int, Check(ge=1, le=20)]


@entry
class Inference:
    """Certainty thresholds, evidence weights and muscle-ranking weights."""

    thresholds: Thresholds
    range_deficit_ratio: Annotated[float, Check(gt=0, lt=1)]
    long_duration_weeks: Annotated[float, Check(gt=0)]
    short_duration_weeks: Annotated[float, Check(gt=0)]
    immobilized_weeks: Annotated[float, Check(gt=0)]
    high_pain: Annotated[int, Check(ge=1, le=10)]
    #: Ages from which a stiff shoulder suggests a frozen shoulder, and a stiff hip osteoarthritis.
    frozen_shoulder_age: Annotated[int, Check(ge=1, le=120)]
    hip_osteoarthritis_age: Annotated[int, Check(ge=1, le=120)]
    muscle_ranking: MuscleRanking
    evidence: dict[Id, EvidenceRule]
    plan_rules: dict[Id, PlanRule]
    control_rules: dict[Id, ControlRule]
    disclaimer: Text


@entry
class TrainedMuscle:
    """A muscle an exercise trains that has no trigger-point entry of its own."""

    name: Text
