"""Safety first: warning signs, a plan that was stopped, and pain that keeps getting worse.

A new emergency or urgent sign stops the plan at once with that sign's
advice; a new see-a-doctor sign (or a new cause needing an examination)
holds self-treatment until a check-in says a doctor has cleared it. A plan
stopped at the last check-in stays stopped until a doctor clears it. Pain
clearly worse than at the start (by the minimal important change) at
check-ins in a row is a trend, not a flare: stop and see a doctor.
"""

from __future__ import annotations

from ..experta_compat import MATCH, NOT, OR, TEST, L, Rule
from ..followup_facts import Decided, Limits, PainTrend, Stopped, Triage
from .host import FollowUpHost


class SafetyRules:
    @Rule(Triage(level=L("emergency") | L("urgent")), NOT(Decided()), salience=100)
    def new_urgent_sign_stops(self: FollowUpHost) -> None:
        """An emergency or urgent sign needs a doctor now: no self-treatment at all."""
        self.conclude()

    @Rule(
        OR(
            Triage(level="see_doctor", cleared=False),
            Triage(level="professional_assessment", cleared=False, raised=True),
        ),
        NOT(Decided()),
        salience=90,
    )
    def new_doctor_sign_holds(self: FollowUpHost) -> None:
        """A sign a doctor should check holds self-treatment until a doctor clears it."""
        self.conclude()

    @Rule(Stopped(), NOT(Decided()), salience=85)
    def stopped_stays_stopped(self: FollowUpHost) -> None:
        """A stopped plan starts again only once a doctor has cleared it."""
        self.conclude()

    @Rule(
        PainTrend(worse_in_row=MATCH.n),
        Limits(worse_checkins_in_row=MATCH.limit),
        TEST(lambda n, limit: n >= limit),
        NOT(Decided()),
        salience=80,
    )
    def pain_worse_twice_stops(self: FollowUpHost, n: int, limit: int) -> None:
        """Pain clearly above the start at check-ins in a row: stop and see a doctor."""
        self.conclude()
