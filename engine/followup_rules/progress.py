"""No meaningful change after weeks of regular work: have it looked at.

When neither pain nor any measured range has changed by the minimal
important change since the start, after the set number of weeks, although
the sessions were done (good adherence), something self-help does not reach
may hold the movement back: a physiotherapist or doctor should look.
"""

from __future__ import annotations

from ..experta_compat import MATCH, NOT, TEST, Rule
from ..followup_facts import Decided, Limits, Progress
from .host import FollowUpHost


class ProgressRules:
    @Rule(
        Progress(weeks=MATCH.weeks, improved=False, adherence=MATCH.share),
        Limits(no_improvement_weeks=MATCH.limit, good_adherence_share=MATCH.good),
        TEST(lambda weeks, limit, share, good: weeks >= limit and share >= good),
        NOT(Decided()),
        salience=60,
    )
    def no_improvement_sees_professional(
        self: FollowUpHost, weeks: float, limit: float, share: float, good: float
    ) -> None:
        """Weeks of faithful work without a real change: a professional should look."""
        self.conclude()
