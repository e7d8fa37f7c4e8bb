"""Red flags and triage.

Some restrictions are not a muscle problem. Emergency signs stop
self-treatment altogether; see-a-doctor signs put a medical check-up first;
caution signs keep self-help possible but soften it.
"""

from __future__ import annotations

from ..experta_compat import MATCH, Rule
from ..facts import Flag, Screening


class RedFlagRules:
    @Rule(Flag(urgency="emergency"), salience=100)
    def emergency_red_flag(self) -> None:
        """An emergency sign needs emergency care now; nothing else may be suggested."""
        self.raise_triage("emergency")

    @Rule(Flag(urgency="see_doctor"), salience=100)
    def see_doctor_red_flag(self) -> None:
        """A see-a-doctor sign puts a medical check-up before any self-treatment."""
        self.raise_triage("see_doctor")

    @Rule(Flag(id=MATCH.flag, urgency="caution"), salience=100)
    def caution_flag_softens_doses(self, flag: str) -> None:
        """A caution sign keeps self-help possible but softens the doses it concerns."""
        self.note(f"softer doses for {flag}")

    @Rule(Screening(done=False), salience=100)
    def red_flags_not_screened(self) -> None:
        """Unscreened red flags must be checked before the plan is followed."""
        self.note("the red-flag checklist must be done before the plan")
