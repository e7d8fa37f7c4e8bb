"""Which plan steps the conclusions call for.

These rules only say *which* kinds of step a plan needs and why; the order
of the steps follows from the plan graph in the knowledge base
(``plan_steps.yaml``, key ``before``), never from these rules.
"""

from __future__ import annotations

from ..experta_compat import L, Rule
from ..facts import Answers, Conclusion, Triage

AT_LEAST_POSSIBLE = L("likely") | L("possible")


class PlanNeedRules:
    @Rule(Triage(level="emergency"))
    def emergency_care_only(self) -> None:
        """An emergency sign replaces the whole plan with emergency care."""
        self.need()

    @Rule(Triage(level="see_doctor"))
    def doctor_first(self) -> None:
        """A see-a-doctor sign puts a medical consultation first; self-help waits for clearance."""
        self.need()

    @Rule(Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE))
    def treat_active_trigger_points(self) -> None:
        """Active trigger points (at least possible) are treated first, by self-massage."""
        self.need()

    @Rule(Conclusion(name="pain_protective", level="likely"))
    def relieve_protective_pain(self) -> None:
        """A likely protective pattern needs its pain relieved: trigger point work, then full range."""
        self.need()

    @Rule(Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE))
    def restore_full_range(self) -> None:
        """Using the full range again is what breaks the protective motor pattern."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE),
        Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE),
    )
    def vicious_circle(self) -> None:
        """Pain -> protective moving -> overload -> trigger points -> pain: break it at both ends."""
        self.need()

    @Rule(Conclusion(name="shortening_adhesion", level=AT_LEAST_POSSIBLE))
    def lengthen_shortened_muscles(self) -> None:
        """Shortening and adhesions need stretches held for minutes, practised for weeks."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE)
        | Conclusion(name="shortening_adhesion", level=AT_LEAST_POSSIBLE)
    )
    def strengthen_regained_range(self) -> None:
        """Strength through the regained range keeps it; it comes last among self-help."""
        self.need()

    @Rule(Answers(limit_felt_as="block"))
    def assess_hard_block(self) -> None:
        """A hard block points to the joint or bone, which no self-treatment addresses."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level="unlikely"),
        Conclusion(name="shortening_adhesion", level="unlikely"),
    )
    def assess_unexplained_restriction(self) -> None:
        """When neither cause is at least possible, no confident self-help claim is made."""
        self.need()


