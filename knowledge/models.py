"""The shape of every knowledge-base entry, as strict, immutable models.

Each YAML file under ``knowledge/data/`` is parsed into these models. They
forbid unknown keys (a typo in a data file must not be silently ignored) and
are frozen (the knowledge base is loaded once and shared). Cross-references
between files (a muscle naming a region, a plan step naming another) are
checked afterwards by :mod:`regain.knowledge.consistency`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


Scalar = bool | int | float | str


class Condition(Model):
    """When a question is worth asking, written so a physiotherapist can read it.

    Either a test of one earlier answer::

        {question: pain_on_movement, above: 0}       # answered, and more than 0
        {question: limit_felt_as, is: block}         # answered exactly this
        {question: limit_felt_as, one_of: [pain, both]}
        {question: pain_at_rest, answered: false}    # not answered (or "unknown")

    or a combination of conditions: ``{any: [...]}``, ``{all: [...]}``,
    ``{not: {...}}``. A test of an unanswered question is false (except
    ``answered: false``), so "ask unless we know there is no pain" is written
    with ``any`` and ``answered: false``. Question ids are checked against
    questions.yaml by the consistency checks.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: Id | None = None
    is_: Scalar | None = Field(default=None, alias="is")
    one_of: tuple[Scalar, ...] | None = None
    above: float | None = None
    below: float | None = None
    answered: bool | None = None
    all_: tuple[Condition, ...] | None = Field(default=None, alias="all")
    any_: tuple[Condition, ...] | None = Field(default=None, alias="any")
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        tests = [t for t in ("is_", "one_of", "above", "below", "answered")
                 if getattr(self, t) is not None]
        combos = [c for c in ("all_", "any_", "not_") if getattr(self, c) is not None]
        if self.question is not None:
            if combos or len(tests) != 1:
                raise ValueError("a test names one question and exactly one of: is, one_of, "
                                 "above, below, answered")
        elif tests or len(combos) != 1:
            raise ValueError("a condition is either {question: ..., <test>: ...} or exactly one "
                             "of: all, any, not")
        for combo in ("all_", "any_"):
            items = getattr(self, combo)
            if items is not None and not items:
                raise ValueError(f"'{combo.rstrip('_')}' needs at least one condition")
        return self

    def questions(self) -> list[str]:
        """Every question id the condition reads."""
        if self.question is not None:
            return [self.question]
        out: list[str] = []
        for child in (*(self.all_ or ()), *(self.any_ or ()), *((self.not_,) if self.not_ else ())):
            out.extend(q for q in child.questions() if q not in out)
        return out


class Question(Model):
    """One questionnaire question; its id is the case-file field it fills.

    ``ask`` says when ``regain ask`` asks it: ``when_informative`` (the default)
    only while its answer could still change a conclusion (from the evidence
    rules that read it), ``always`` whenever ``ask_if`` holds (questions that feed
    the triage or the muscle ranking rather than a conclusion). ``ask_if`` is a
    :class:`Condition` on earlier answers; ``why`` explains a question no
    evidence rule reads.
    """

    text: Text
    type: QuestionType
    help: Text
    section: Literal["screening", "movement", "pain", "history", "response"]
    required: bool = False
    options: tuple[ChoiceOption, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    ask: Literal["always", "when_informative"] = "when_informative"
    ask_if: Condition | None = None
    why: Text | None = None


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
