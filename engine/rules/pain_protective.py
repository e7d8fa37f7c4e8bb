"""Evidence for the pain-protective pattern.

Pain makes a person avoid the full range and move differently; the overload
activates trigger points, which keep the pain going: a vicious circle. The
signs are that pain (not tightness) stops the movement, avoidance and
compensation, and a range that improves as soon as the pain eases.
"""

from __future__ import annotations

from ..experta_compat import MATCH, TEST, L, Rule
from ..facts import Answers, Thresholds
from .host import RuleHost


class PainProtectiveRules:
    @Rule(Answers(limit_felt_as=L("pain") | L("both")))
    def pain_limits_movement(self: RuleHost) -> None:
        """Pain stopping the movement is the defining sign of a protective pattern."""
        self.support()

    @Rule(Answers(avoids_movement=True))
    def avoids_movement_because_of_pain(self: RuleHost) -> None:
        """Avoiding the full range because it hurts is the protective behaviour itself."""
        self.support()

    @Rule(Answers(moves_differently=True))
    def moves_differently_since_pain(self: RuleHost) -> None:
        """Compensating movement since the pain began shows the motor pattern has changed."""
        self.support()

    @Rule(Answers(better_when_pain_relieved=True))
    def range_improves_when_pain_relieved(self: RuleHost) -> None:
        """If the range returns when the pain eases, pain (not tissue length) is the limit."""
        self.support()

    @Rule(Answers(better_when_pain_relieved=False))
    def range_unchanged_when_pain_relieved(self: RuleHost) -> None:
        """A range that stays short without pain is not held back by pain alone."""
        self.support()

    @Rule(
        Thresholds(high_pain=MATCH.high),
        Answers(pain_on_movement=MATCH.pain),
        TEST(lambda pain, high: pain >= high),
    )
    def painful_movement(self: RuleHost) -> None:
        """Marked pain on movement (at or above the threshold) drives protection."""
        self.support()

    @Rule(Answers(pain_on_movement=0))
    def painless_movement(self: RuleHost) -> None:
        """With no pain on movement there is nothing to protect against."""
        self.support()

    @Rule(Answers(restricted_without_pain=False))
    def full_range_when_moving_without_pain(self: RuleHost) -> None:
        """Full range when moving slowly and painlessly: the pain, not the tissue, stops it."""
        self.support()

    @Rule(Answers(tender_spots_reproduce_pain=True) | Answers(referred_pain=True))
    def trigger_point_signs_keep_pain_going(self: RuleHost) -> None:
        """Active trigger points keep the pain, and so the protection, going (the circle)."""
        self.support()

    @Rule(Answers(limit_felt_as="block"))
    def hard_block_against_protection(self: RuleHost) -> None:
        """A hard, bony stop is not how a pain-protective limit feels."""
        self.support()
