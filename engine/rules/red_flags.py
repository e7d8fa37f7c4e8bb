"""Red flags and triage.

Some restrictions are not a muscle problem. Each warning sign raises the
triage to its tier (emergency, urgent, see a doctor, professional
assessment), and so does a combination of signs that together mean more
than each alone (``red_flags.yaml``). A possible other cause (a stiff joint
capsule, a bony block, a nerve root) needs a professional look, and so does
a restriction neither cause explains. Caution signs keep self-help possible
but soften it. Once every sign and cause is weighed, the triage is decided,
and a doctor's clearance lifts the hold of the tiers it may lift.
"""

from __future__ import annotations

from ..experta_compat import MATCH, TEST, L, Rule
from ..facts import Combo, Conclusion, Flag, Phase, Screening, Triage
from .host import RuleHost
from .plan_needs import AT_LEAST_POSSIBLE, OTHER_CAUSES


class RedFlagRules:
    @Rule(Flag(tier=MATCH.tier), TEST(lambda tier: tier != "caution"), salience=100)
    def red_flag_sets_triage(self: RuleHost, tier: str) -> None:
        """A warning sign needs the care its tier names before any self-treatment."""
        self.raise_triage(tier)

    @Rule(Combo(tier=MATCH.tier), salience=100)
    def combination_sets_triage(self: RuleHost, tier: str) -> None:
        """Signs together (cancer history with weight loss, a hot joint with fever) raise it."""
        self.raise_triage(tier)

    @Rule(Flag(id=MATCH.flag, tier="caution"), salience=100)
    def caution_flag_softens_doses(self: RuleHost, flag: str) -> None:
        """A caution sign keeps self-help possible but softens the steps it concerns."""
        self.note(f"gentler plan for {flag}")

    @Rule(Screening(done=False), salience=100)
    def red_flags_not_screened(self: RuleHost) -> None:
        """Unscreened red flags must be checked before the plan is followed."""
        self.note("the red-flag checklist must be done before the plan")

    @Rule(
        Conclusion(name=MATCH.cause, level=AT_LEAST_POSSIBLE),
        TEST(lambda cause: cause in OTHER_CAUSES),
        salience=100,
    )
    def other_cause_needs_assessment(self: RuleHost, cause: str) -> None:
        """A cause outside the muscles needs a physiotherapist's or doctor's examination."""
        self.raise_triage("professional_assessment")

    @Rule(
        Conclusion(name="pain_protective", level="unlikely"),
        Conclusion(name="shortening_adhesion", level="unlikely"),
        salience=100,
    )
    def unexplained_restriction_needs_assessment(self: RuleHost) -> None:
        """A restriction neither cause explains needs an examination before confident self-help."""
        self.raise_triage("professional_assessment")

    @Rule(Phase(name="triage"), salience=50)
    def decide_triage(self: RuleHost) -> None:
        """The triage is the highest tier found; declared once everything is weighed."""
        self.decide_triage_now()

    @Rule(Triage(level=L("see_doctor") | L("professional_assessment"), cleared=True), salience=40)
    def cleared_by_doctor_lifts_hold(self: RuleHost) -> None:
        """A doctor who examined the problem and cleared self-help lifts the hold."""
        self.note("a doctor has cleared self-help: the hold is lifted")
