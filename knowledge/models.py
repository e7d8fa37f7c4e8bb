"""The shape of every knowledge-base entry, as strict, immutable dataclasses.

Each YAML file under ``knowledge/data/`` is validated into these classes by
:mod:`regain.knowledge.validation` (pydantic). They forbid unknown keys (a
typo in a data file must not be silently ignored) and are frozen (the
knowledge base is loaded once and shared). Limits on values are written
next to each field with :class:`~regain.knowledge.checks.Check`.
Cross-references between files (a muscle naming a region, a plan step naming
another) are checked afterwards by :mod:`regain.knowledge.consistency`.

They are plain dataclasses rather than pydantic models so that a knowledge
base kept in the user cache can be used without importing pydantic at all
(:mod:`regain.knowledge.snapshot`); the annotations are only read when
validating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

from .checks import Check

Id = Annotated[str, Check(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, Check(min_length=1, strip_whitespace=True)]

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


def _yaml_key(name: str) -> str:
    """The key a field has in the data files: ``is_`` is written ``is`` (a Python keyword)."""
    return name.rstrip("_")


#: What pydantic is told about every entry: no unknown keys, keys as in the files.
STRICT: dict[str, Any] = {"extra": "forbid", "alias_generator": _yaml_key}

E = TypeVar("E")


def entry(cls: type[E]) -> type[E]:
    """A knowledge-base entry: a frozen dataclass that pydantic validates with :data:`STRICT`.

    Its fields are keyword-only, so they can keep the order of the data files
    whether they have a default or not.
    """
    cls.__pydantic_config__ = STRICT  # type: ignore[attr-defined]
    return dataclass(frozen=True, kw_only=True)(cls)


@entry
class Movement:
    """A joint movement whose range can be restricted."""

    name: Text
    joint: Text
    plane: Literal["sagittal", "frontal", "transverse"]
    area: Id
    normal_range_deg: Annotated[int, Check(ge=1, le=360)]
    how_to_test: Text


@entry
class MapPoint:
    """Where a region is drawn on the body map (front or back view)."""

    view: Literal["front", "back"]
    x: Annotated[float, Check(ge=0, le=200)]
    y: Annotated[float, Check(ge=0, le=440)]


@entry
class Region:
    """A place where pain is felt."""

    name: Text
    area: Id
    map: Annotated[tuple[MapPoint, ...], Check(min_length=1)]


@entry
class Referral:
    """Where a muscle's trigger points refer pain (Travell & Simons)."""

    primary: Annotated[tuple[Id, ...], Check(min_length=1)]
    spillover: tuple[Id, ...] = ()


@entry
class SelfMassage:
    where: Text
    tool: Text
    how: Text


@entry
class Stretch:
    position: Text
    how: Text


@entry
class Muscle:
    """A muscle: where its trigger points refer pain and what it restricts."""

    name: Text
    area: Id
    refers_to: Referral
    restricts: Annotated[tuple[Id, ...], Check(min_length=1)]
    painful_movements: Annotated[tuple[Id, ...], Check(min_length=1)]
    self_massage: SelfMassage
    stretch: Stretch
    source: Text | None = None


@entry
class DoseChange:
    """How a caution flag softens one plan step: lower caps and a note."""

    caps: dict[Id, float] = field(default_factory=dict)
    note: Text


@entry
class RedFlag:
    """A warning sign that needs a doctor, or care, instead of self-treatment."""

    urgency: Urgency
    sign: Text
    advice: Text
    softens: dict[StepKind, DoseChange] = field(default_factory=dict)


@entry
class ChoiceOption:
    value: Id
    label: Text


Scalar = bool | int | float | str


@entry
class Condition:
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

    question: Id | None = None
    is_: Scalar | None = None
    one_of: tuple[Scalar, ...] | None = None
    above: float | None = None
    below: float | None = None
    answered: bool | None = None
    all_: tuple[Condition, ...] | None = None
    any_: tuple[Condition, ...] | None = None
    not_: Condition | None = None

    def __post_init__(self) -> None:
        """Exactly one form (a test, or one combination); pydantic reports a ``ValueError``."""
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

    def questions(self) -> list[str]:
        """Every question id the condition reads."""
        if self.question is not None:
            return [self.question]
        out: list[str] = []
        for child in (*(self.all_ or ()), *(self.any_ or ()), *((self.not_,) if self.not_ else ())):
            out.extend(q for q in child.questions() if q not in out)
        return out


@entry
class Question:
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


@entry
class StepTemplate:
    """A kind of plan step: its texts, default dose and ordering constraints."""

    title: Text
    why: Text
    expect: Text
    move_on_when: Text
    targets: TargetSource
    priority: Annotated[int, Check(ge=0, le=100)]
    exclusive: bool = False
    self_treatment: bool = True
    dose: dict[Id, float] = field(default_factory=dict)
    dose_units: dict[Id, Text] = field(default_factory=dict)
    before: tuple[StepKind, ...] = ()


@entry
class EvidenceRule:
    """The weight and wording of one evidence rule of the engine."""

    conclusion: Conclusion
    cf: Annotated[float, Check(ge=-1, le=1)]
    text: Text
    reads: Annotated[tuple[Id, ...], Check(min_length=1)]


@entry
class PlanRule:
    """The plan steps one plan rule of the engine adds, and why."""

    steps: Annotated[tuple[StepKind, ...], Check(min_length=1)]
    text: Text


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
    max_candidates: Annotated[int, Check(ge=1, le=48)]
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
    muscle_ranking: MuscleRanking
    evidence: dict[Id, EvidenceRule]
    plan_rules: dict[Id, PlanRule]
    disclaimer: Text
