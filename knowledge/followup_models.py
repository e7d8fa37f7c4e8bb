"""The knowledge-base entries of the follow-up (``followup.yaml``): thresholds, advance_when, words.

The treatment journal's rules (``engine/followup_rules/``) compare a
check-in with the baseline against these numbers, test each plan step's
structured ``advance_when`` (the data form of its ``move_on_when`` text in
``plan_steps.yaml``), and word every decision from here. Cross-references
(step kinds, rule ids, placeholders) are checked by :mod:`.followup_checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from .checks import Check
from .entries import Id, Source, Text, entry

DecisionKind = Literal["stop", "see_doctor", "step_back", "see_professional", "advance", "finish", "stay"]
#: Every kind of decision, in the order of the rules' priority.
DECISION_KINDS: tuple[str, ...] = (
    "stop",
    "see_doctor",
    "step_back",
    "see_professional",
    "advance",
    "finish",
    "stay",
)


@entry
class FollowUpThresholds:
    """The numbers the follow-up rules compare against."""

    #: The smallest change of pain (0-10 scale) that counts as a real change for a person.
    pain_change: Annotated[int, Check(ge=1, le=10)]
    #: The smallest change of a measured range (degrees) that is more than measurement error.
    range_change_deg: Annotated[float, Check(gt=0, le=90)]
    #: Weeks without a meaningful improvement, with good adherence, before a professional look.
    no_improvement_weeks: Annotated[float, Check(gt=0, le=52)]
    #: The share of the dose's sessions done that counts as good adherence.
    good_adherence_share: Annotated[float, Check(gt=0, le=1)]
    #: Below this share of the dose's sessions since the last check-in, adherence is poor.
    poor_adherence_share: Annotated[float, Check(gt=0, le=1)]
    #: Check-ins in a row with pain clearly worse than baseline that stop the plan.
    worse_checkins_in_row: Annotated[int, Check(ge=1, le=10)]


@entry
class AdvanceCondition:
    """One test of a check-in, or ``all`` / ``any`` of several; exactly one form per condition.

    ``pain_on_movement_at_most`` / ``pain_at_rest_at_most`` (0-10; an unanswered pain
    never meets it), ``tender_spots_reproduce_pain`` (``yes`` / ``no``), ``sessions_at_least``
    (sessions of this step reported at this check-in), ``not_flared`` (this step was not
    felt worse with the pain raised to the next day), ``range_back_to_normal`` (every range
    the case measured is within ``range_change_deg`` of its normal), ``range_unchanged_weeks``
    (no range gained more than ``range_change_deg`` over so many weeks of this phase),
    ``dose_weeks_done`` (the phase has lasted the step's dose ``weeks``), ``always``.
    """

    pain_on_movement_at_most: Annotated[int, Check(ge=0, le=10)] | None = None
    pain_at_rest_at_most: Annotated[int, Check(ge=0, le=10)] | None = None
    tender_spots_reproduce_pain: Literal["yes", "no"] | None = None
    sessions_at_least: Annotated[int, Check(ge=1, le=1000)] | None = None
    not_flared: Literal[True] | None = None
    range_back_to_normal: Literal[True] | None = None
    range_unchanged_weeks: Annotated[float, Check(gt=0, le=52)] | None = None
    dose_weeks_done: Literal[True] | None = None
    always: Literal[True] | None = None
    all_: tuple[AdvanceCondition, ...] | None = None
    any_: tuple[AdvanceCondition, ...] | None = None

    def __post_init__(self) -> None:
        forms = [name for name in FORMS if getattr(self, name) is not None]
        if len(forms) != 1:
            raise ValueError("a condition is exactly one of: " + ", ".join(f.rstrip("_") for f in FORMS))
        for name in ("all_", "any_"):
            value = getattr(self, name)
            if value is not None and not value:
                raise ValueError(f"'{name.rstrip('_')}' lists at least one condition")

    def form(self) -> str:
        """The one form this condition takes (``all_`` and ``any_`` with their underscore)."""
        return next(name for name in FORMS if getattr(self, name) is not None)

    def children(self) -> tuple[AdvanceCondition, ...]:
        return self.all_ or self.any_ or ()


#: The forms of :class:`AdvanceCondition`, in the order its fields are declared.
FORMS: tuple[str, ...] = (
    "pain_on_movement_at_most",
    "pain_at_rest_at_most",
    "tender_spots_reproduce_pain",
    "sessions_at_least",
    "not_flared",
    "range_back_to_normal",
    "range_unchanged_weeks",
    "dose_weeks_done",
    "always",
    "all_",
    "any_",
)


@entry
class AdvanceWhen:
    """When a plan step is done enough to move on: the test, the words and the source."""

    when: AdvanceCondition
    #: The criterion in plain words, as a person checks it (matches ``move_on_when``).
    text: Text
    source: Source


@entry
class DecisionWords:
    """A decision's name in plain words and what to do until the next check-in."""

    name: Text
    advice: Text


@entry
class FollowUpRule:
    """One follow-up rule: the decision it takes, the sentence it gives, and its source.

    ``reason`` may name the placeholders its rule fills (``{weeks}``, ``{flags}``, ...);
    ``advice``, if given, replaces the decision's own advice.
    """

    decision: DecisionKind
    reason: Text
    source: Source
    advice: Text | None = None


@entry
class FollowUp:
    """Everything ``followup.yaml`` holds."""

    thresholds: FollowUpThresholds
    #: Where each threshold comes from (one entry per threshold).
    threshold_sources: dict[Id, Source]
    advance_when: dict[Id, AdvanceWhen]
    decisions: dict[DecisionKind, DecisionWords]
    rules: dict[Id, FollowUpRule]
    #: The decision a journal starts with (from the assessment's triage), worded the same way.
    start: dict[Id, FollowUpRule]


#: The placeholders each rule's (and start decision's) ``reason`` may name; the engine fills them.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "new_urgent_sign_stops": frozenset({"flags"}),
    "new_doctor_sign_holds": frozenset({"flags"}),
    "stopped_stays_stopped": frozenset(),
    "pain_worse_twice_stops": frozenset({"pain_change", "checkins"}),
    "flare_steps_back": frozenset({"steps", "signs", "criterion"}),
    "flare_sees_professional": frozenset({"steps"}),
    "no_improvement_sees_professional": frozenset({"weeks", "pain_change", "range_change"}),
    "phase_done_advances": frozenset({"phase", "criteria"}),
    "last_phase_done_finishes": frozenset({"phase", "criteria"}),
    "done_but_held_sees_professional": frozenset({"steps"}),
    "few_sessions_stay": frozenset({"done_percent"}),
    "carry_on": frozenset({"criteria"}),
    "emergency_first": frozenset({"flags"}),
    "doctor_first": frozenset({"flags"}),
    "screen_first": frozenset(),
    "assessment_first": frozenset(),
    "plan_starts": frozenset({"steps"}),
}
