"""The knowledge-base entries about the body and the questionnaire.

Movements (with the exercises that use them), pain regions with their
body-map points, muscles with their referral zones, self-massage methods and
stretches, and the questions with their ``ask_if`` conditions. The safety
and plan entries live in :mod:`.safety_models` and :mod:`.plan_models`;
what all entries share in :mod:`.entries`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from .checks import Check
from .entries import INPUT_WORDS, Id, Name, QuestionType, Source, Text, Triage, entry


@entry
class Compensation:
    """How people get round a painful movement, and the muscles that pay for it."""

    muscles: Annotated[tuple[Id, ...], Check(min_length=1)]
    how: Text


@entry
class Movement:
    """A joint movement whose range can be restricted."""

    name: Name
    joint: Text
    plane: Literal["sagittal", "frontal", "transverse"]
    area: Id
    normal_range_deg: Annotated[int, Check(ge=1, le=360)]
    how_to_test: Text
    #: A measured range this many degrees below normal counts as clearly restricted
    #: (default: below ``range_deficit_ratio`` of normal, inference.yaml).
    min_deficit_deg: Annotated[int, Check(ge=1, le=90)] | None = None
    #: Exercises (exercises.yaml) that use the regained range, the first allowed one is used.
    full_range: Annotated[tuple[Id, ...], Check(min_length=1)]
    #: Exercises for the muscles that need strength for this movement: its prime movers
    #: and stabilisers, which are the antagonists of the muscles that limit it.
    strengthen: Annotated[tuple[Id, ...], Check(min_length=1)]
    #: The muscles that take over when this movement is avoided or done differently.
    compensation: Compensation | None = None


@entry
class MapPoint:
    """A point on the body map (front or back view): a region's patch or a trigger point."""

    view: Literal["front", "back"]
    x: Annotated[float, Check(ge=0, le=200)]
    y: Annotated[float, Check(ge=0, le=440)]
    #: For a region: the radius of its shaded zone around this point, in map units, so a
    #: large region (the thigh) is a large patch and a small one (the thumb) a small one.
    r: Annotated[float, Check(gt=0, le=60)] | None = None


@entry
class Region:
    """A place where pain is felt."""

    name: Name
    area: Id
    map: Annotated[tuple[MapPoint, ...], Check(min_length=1)]


@entry
class Referral:
    """Where a muscle's trigger points refer pain (Travell & Simons)."""

    primary: Annotated[tuple[Id, ...], Check(min_length=1)]
    spillover: tuple[Id, ...] = ()


@entry
class MassageMethod:
    """One way to massage a muscle; ``involves`` names what it asks of the body."""

    tool: Text
    how: Text
    involves: tuple[Id, ...]


@entry
class SelfMassage:
    """Where to find the muscle and the ways to treat it, the usual one first."""

    where: Text
    methods: Annotated[tuple[MassageMethod, ...], Check(min_length=1)]
    #: A lower ceiling than the plan step's for this muscle (a sensitive area), 1-10.
    pressure_max: Annotated[int, Check(ge=1, le=10)] | None = None


@entry
class Stretch:
    """One long-hold stretch; the hold time and sessions come from the plan's dose."""

    position: Text
    how: Text
    feel: Text
    stop_if: Text
    involves: tuple[Id, ...]
    #: How far to take it, where this stretch needs its own words; otherwise the plan
    #: step's default (``plan_steps.yaml``: long_hold_stretching.how_far) is shown.
    how_far: Text | None = None


@entry
class Muscle:
    """A muscle: where its trigger points refer pain and what it restricts."""

    name: Text
    area: Id
    refers_to: Referral
    restricts: tuple[Id, ...]
    painful_movements: Annotated[tuple[Id, ...], Check(min_length=1)]
    #: Where its main trigger points lie (Travell & Simons), on the person's right side
    #: (front view x < 100, back view x > 100; x = 100 only on the midline); mirrored for
    #: the left side.
    trigger_points: Annotated[tuple[MapPoint, ...], Check(min_length=1)]
    self_massage: SelfMassage
    #: Long-hold stretches, the usual one first; a caution may rule some out.
    stretches: Annotated[tuple[Stretch, ...], Check(min_length=1)]
    source: Source


@entry
class ChoiceOption:
    """One answer of a choice question; ``also``: other whole answers that pick it ("nothing")."""

    value: Id
    label: Text
    #: Whole answers as a person types them: each language has its own, any number.
    also: Annotated[tuple[Text, ...], INPUT_WORDS] = ()


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
    #: ``{triage: [see_doctor, professional_assessment]}``: the triage so far is one of these.
    triage: tuple[Triage, ...] | None = None

    def __post_init__(self) -> None:
        """Exactly one form (a test, or one combination); pydantic reports a ``ValueError``."""
        tests = [t for t in ("is_", "one_of", "above", "below", "answered") if getattr(self, t) is not None]
        combos = [c for c in ("all_", "any_", "not_", "triage") if getattr(self, c) is not None]
        if self.question is not None:
            if combos or len(tests) != 1:
                raise ValueError(
                    "a test names one question and exactly one of: is, one_of, above, below, answered"
                )
        elif tests or len(combos) != 1:
            raise ValueError(
                "a condition is either {question: ..., <test>: ...} or exactly one of: all, any, not, triage"
            )
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
    evidence rule reads. ``example`` is shown with what a prompt accepts;
    ``none_is`` is the number that "none", "no" or "never" mean, where an
    amount can be none (the pain scales, the weeks kept still).
    """

    text: Text
    type: QuestionType
    help: Text
    section: Literal["screening", "movement", "pain", "history", "response", "checkin"]
    required: bool = False
    options: tuple[ChoiceOption, ...] = ()
    min: float | None = None
    max: float | None = None
    #: The unit of answers.yaml (its id: ``weeks``) the amount is given in.
    unit: Id | None = None
    ask: Literal["always", "when_informative"] = "when_informative"
    ask_if: Condition | None = None
    why: Text | None = None
    example: Text | None = None
    none_is: float | None = None
