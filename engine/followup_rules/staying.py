"""Stay: too few sessions to judge the phase by, or simply not yet.

Poor adherence (fewer than a set share of the sessions the dose asks for
since the last check-in) keeps the phase, and says so kindly; otherwise the
phase goes on until its steps meet their advance_when.
"""

from __future__ import annotations

from ..experta_compat import MATCH, NOT, TEST, Rule
from ..followup_facts import Adherence, Decided, Limits
from .host import FollowUpHost


class StayingRules:
    @Rule(
        Adherence(share=MATCH.share),
        Limits(poor_adherence_share=MATCH.poor),
        TEST(lambda share, poor: share < poor),
        NOT(Decided()),
        salience=40,
    )
    def few_sessions_stay(self: FollowUpHost, share: float, poor: float) -> None:
        """Too few sessions to judge the phase by: carry on, kindly."""
        self.conclude()

    @Rule(NOT(Decided()), salience=0)
    def carry_on(self: FollowUpHost) -> None:
        """Not yet: the phase goes on until its steps meet their advance_when."""
        self.conclude()
