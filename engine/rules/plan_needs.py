"""Which plan steps the conclusions call for.

These rules only say *which* kinds of step a plan needs and why; the order
of the steps follows from the plan graph in the knowledge base
(``plan_steps.yaml``, key ``before``), never from these rules. A rule may
say that two steps run side by side (``together`` in ``inference.yaml``):
trigger points first, *or at the same time*, as the source idea allows.
"""

from __future__ import annotations

from typing import get_args

from regain.knowledge.entries import Conclusion as ConclusionId

from ..experta_compat import MATCH, NOT, OR, TEST, L, Rule
from ..facts import Answers, Conclusion, Triage
from .host import RuleHost

AT_LEAST_POSSIBLE = L("likely") | L("possible")
#: The conclusions that are not the seed's two causes or active trigger points.
OTHER_CAUSES = get_args(ConclusionId)[3:]


class PlanNeedRules:
    @Rule(Triage(level="emergency"))
    def emergency_care_only(self: RuleHost) -> None:
        """An emergency sign replaces the whole plan with emergency care."""
        self.need()

    @Rule(Triage(level="urgent"))
    def urgent_care_only(self: RuleHost) -> None:
        """An urgent sign replaces the plan with seeing a doctor today: no exercise at all."""
        self.need()

    @Rule(Triage(level="see_doctor", cleared=False))
    def doctor_first(self: RuleHost) -> None:
        """A see-a-doctor sign puts a medical consultation first; self-help waits for clearance."""
        self.need()

    @Rule(Triage(level="professional_assessment", cleared=False))
    def assessment_first(self: RuleHost) -> None:
        """An examination comes first; gentle self-help may start meanwhile."""
        self.need()

    @Rule(
        Conclusion(name=MATCH.cause, level=AT_LEAST_POSSIBLE),
        TEST(lambda cause: cause in OTHER_CAUSES),
        Triage(cleared=False),
    )
    def assess_other_cause(self: RuleHost, cause: str) -> None:
        """A cause outside the muscles needs a professional look, whatever else the triage says."""
        self.need()

    @Rule(Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE))
    def treat_active_trigger_points(self: RuleHost) -> None:
        """Active trigger points (at least possible) are treated first, by self-massage."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level="likely"),
        Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE),
    )
    def relieve_protective_pain(self: RuleHost) -> None:
        """A likely protective pattern fed by trigger points: relieve the pain, then full range."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE),
        Conclusion(name="active_trigger_points", level="unlikely"),
    )
    def check_before_massage(self: RuleHost) -> None:
        """Without trigger-point signs massage is not step 1: move, and check for tender spots."""
        self.need()

    @Rule(Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE))
    def restore_full_range(self: RuleHost) -> None:
        """Using the full range again is what breaks the protective motor pattern."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE),
        Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE),
    )
    def vicious_circle(self: RuleHost) -> None:
        """Pain -> protective moving -> overload -> trigger points -> pain: break it at both ends."""
        self.need()

    @Rule(Conclusion(name="shortening_adhesion", level=AT_LEAST_POSSIBLE))
    def lengthen_shortened_muscles(self: RuleHost) -> None:
        """Shortening and adhesions need stretches held for minutes, practised for weeks."""
        self.need()

    @Rule(
        Conclusion(name="shortening_adhesion", level="likely"),
        Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE),
        NOT(Answers(stretching_effect="worse")),
        OR(
            Conclusion(name="active_trigger_points", level="possible"),
            Answers(stretching_effect=L("better") | L("no_change")),
        ),
    )
    def massage_and_stretch_together(self: RuleHost) -> None:
        """Likely shortening, stretching tolerated or trigger points only possible: side by side."""
        self.need()

    @Rule(Answers(relaxation_effect="helps"))
    def relaxation_supports(self: RuleHost) -> None:
        """Relaxation that helps is kept as a support of the plan."""
        self.need()

    @Rule(
        Answers(relaxation_effect="no_help"),
        Conclusion(name="active_trigger_points", level=AT_LEAST_POSSIBLE),
    )
    def relaxation_does_not_reach_trigger_points(self: RuleHost) -> None:
        """A local mechanical source does not yield to general relaxation: local work is needed."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level=AT_LEAST_POSSIBLE)
        | Conclusion(name="shortening_adhesion", level=AT_LEAST_POSSIBLE)
    )
    def strengthen_regained_range(self: RuleHost) -> None:
        """Strength through the regained range keeps it; it comes last among self-help."""
        self.need()

    @Rule(
        Conclusion(name="pain_protective", level="unlikely"),
        Conclusion(name="shortening_adhesion", level="unlikely"),
    )
    def assess_unexplained_restriction(self: RuleHost) -> None:
        """When neither cause is at least possible, no confident self-help claim is made."""
        self.need()
