"""The shape of every knowledge-base entry, as strict, immutable models.

Each YAML file under ``knowledge/data/`` is parsed into these models. They
forbid unknown keys (a typo in a data file must not be silently ignored) and
are frozen (the knowledge base is loaded once and shared). Cross-references
between files (a muscle naming a region, a plan step naming another) are
checked afterwards by :mod:`regain.knowledge.consistency`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

Urgency = Literal["emergency", "see_doctor", "caution"]
Conclusion = Literal["pain_protective", "shortening_adhesion", "active_trigger_points"]
StepKind = Literal[
    "emergency_care",
    "medical_consultation",
    "professional_assessment",
    "trigger_point_self_treatment",
    "long_hold_stretching",
    "full_range_movement",
    "strengthening",
]
QuestionType = Literal[
    "tri_state", "choice", "integer", "number", "movements", "regions", "red_flags", "range_map"
]
TargetSource = Literal[
    "trigger_point_muscles", "shortened_muscles", "candidate_muscles", "movements", "none"
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Movement(Model):
    """A joint movement whose range can be restricted."""

    name: Text
    joint: Text
    plane: Literal["sagittal", "frontal", "transverse"]
    area: Id
    normal_range_deg: int = Field(ge=1, le=360)
    how_to_test: Text


class MapPoint(Model):
    """Where a region is drawn on the body map (front or back view)."""

    view: Literal["front", "back"]
    x: float = Field(ge=0, le=200)
    y: float = Field(ge=0, le=440)


class Region(Model):
    """A place where pain is felt."""

    name: Text
    area: Id
    map: tuple[MapPoint, ...] = Field(min_length=1)


class Referral(Model):
    """Where a muscle's trigger points refer pain (Travell & Simons)."""

    primary: tuple[Id, ...] = Field(min_length=1)
    spillover: tuple[Id, ...] = ()


class SelfMassage(Model):
    where: Text
    tool: Text
    how: Text


class Stretch(Model):
    position: Text
    how: Text


class Muscle(Model):
    """A muscle: where its trigger points refer pain and what it restricts."""

    name: Text
    area: Id
    refers_to: Referral
    restricts: tuple[Id, ...] = Field(min_length=1)
    painful_movements: tuple[Id, ...] = Field(min_length=1)
    self_massage: SelfMassage
    stretch: Stretch
    source: Text | None = None


class DoseChange(Model):
    """How a caution flag softens one plan step: lower caps and a note."""

    caps: dict[Id, float] = {}
    note: Text


class RedFlag(Model):
    """A warning sign that needs a doctor, or care, instead of self-treatment."""

    urgency: Urgency
    sign: Text
    advice: Text
    softens: dict[StepKind, DoseChange] = {}


class ChoiceOption(Model):
    value: Id
    label: Text


class Question(Model):
    """One questionnaire question; its id is the case-file field it fills."""

    text: Text
    type: QuestionType
    help: Text
    section: Literal["screening", "movement", "pain", "history", "response"]
    required: bool = False
    options: tuple[ChoiceOption, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: Text | None = None


class StepTemplate(Model):
    """A kind of plan step: its texts, default dose and ordering constraints."""

    title: Text
    why: Text
    expect: Text
    move_on_when: Text
    targets: TargetSource
    priority: int = Field(ge=0, le=100)
    exclusive: bool = False
    self_treatment: bool = True
    dose: dict[Id, float] = {}
    dose_units: dict[Id, Text] = {}
    before: tuple[StepKind, ...] = ()


class EvidenceRule(Model):
    """The weight and wording of one evidence rule of the engine."""

    conclusion: Conclusion
    cf: float = Field(ge=-1, le=1)
    text: Text
    reads: tuple[Id, ...] = Field(min_length=1)


class PlanRule(Model):
    """The plan steps one plan rule of the engine adds, and why."""

    steps: tuple[StepKind, ...] = Field(min_length=1)
    text: Text


class Thresholds(Model):
    likely: float = Field(gt=0, le=1)
    possible: float = Field(gt=0, le=1)


class MuscleRanking(Model):
    primary_referral: float = Field(ge=0, le=1)
    spillover_referral: float = Field(ge=0, le=1)
    restricts_movement: float = Field(ge=0, le=1)
    painful_movement: float = Field(ge=0, le=1)
    max_candidates: int = Field(ge=1, le=48)
    max_targets_per_step: int = Field(ge=1, le=20)


class Inference(Model):
    """Certainty thresholds, evidence weights and muscle-ranking weights."""

    thresholds: Thresholds
    range_deficit_ratio: float = Field(gt=0, lt=1)
    long_duration_weeks: float = Field(gt=0)
    short_duration_weeks: float = Field(gt=0)
    immobilized_weeks: float = Field(gt=0)
    high_pain: int = Field(ge=1, le=10)
    muscle_ranking: MuscleRanking
    evidence: dict[Id, EvidenceRule]
    plan_rules: dict[Id, PlanRule]
    disclaimer: Text
