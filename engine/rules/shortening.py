"""Evidence for shortening / adhesion.

Muscles shorten and fascia adheres when a range goes unused: after
immobilisation, with long hours in one posture, over months. The range then
stops short with a pulling tightness even when moving slowly without pain,
and brief stretches do not change it.
"""

from __future__ import annotations

from ..experta_compat import MATCH, NOT, TEST, L, Rule
from ..facts import Answers, MeasuredRange, Thresholds
from .host import RuleHost


class ShorteningRules:
    @Rule(Answers(restricted_without_pain=True), NOT(Answers(limit_felt_as="block")))
    def restricted_without_pain(self: RuleHost) -> None:
        """A range that stops short without any pain points to shortened tissue.

        Not when a hard block stops it: a block is painless by nature and says
        nothing about tissue length.
        """
        self.support()

    @Rule(Answers(restricted_without_pain=False))
    def full_range_without_pain_rules_out_shortening(self: RuleHost) -> None:
        """Reaching the full range when pain is avoided means the tissue is long enough."""
        self.support()

    @Rule(Answers(limit_felt_as=L("tightness") | L("both")))
    def tightness_at_end_of_range(self: RuleHost) -> None:
        """A pulling tightness at the end of range is how a short muscle feels."""
        self.support()

    @Rule(
        Thresholds(long_duration_weeks=MATCH.long),
        Answers(duration_weeks=MATCH.weeks),
        TEST(lambda weeks, long: weeks >= long),
    )
    def long_standing_restriction(self: RuleHost) -> None:
        """Months of restricted use give tissue time to shorten and adhere."""
        self.support()

    @Rule(
        Thresholds(short_duration_weeks=MATCH.short),
        Answers(duration_weeks=MATCH.weeks),
        TEST(lambda weeks, short: weeks < short),
    )
    def recent_restriction(self: RuleHost) -> None:
        """A restriction of a few days or weeks is too young for structural shortening."""
        self.support()

    @Rule(
        Thresholds(immobilized_weeks=MATCH.limit),
        Answers(immobilized_weeks=MATCH.weeks),
        TEST(lambda weeks, limit: weeks >= limit),
    )
    def immobilisation(self: RuleHost) -> None:
        """Weeks in a cast, sling or bed shorten muscles and let adhesions form."""
        self.support()

    @Rule(Answers(sustained_postures=True))
    def sustained_postures(self: RuleHost) -> None:
        """Long hours in one position keep some muscles in a shortened position."""
        self.support()

    @Rule(
        MeasuredRange(below_normal=True),
        NOT(Answers(limit_felt_as=L("pain") | L("block"))),
    )
    def measured_range_below_normal(self: RuleHost) -> None:
        """A measured range clearly below normal, not stopped by pain or a block, fits shortening.

        A measurement shows how much range is lost, not why: when pain or a
        hard block is what stops the movement, the deficit is theirs. How far
        below normal counts is the movement's own threshold (movements.yaml).
        """
        self.support()

    @Rule(Answers(stretching_effect="no_change"))
    def stretching_brings_no_change(self: RuleHost) -> None:
        """Short stretches do not lengthen adhered tissue; only long holds over weeks do."""
        self.support()

    @Rule(Answers(stretching_effect="better"))
    def stretching_helps(self: RuleHost) -> None:
        """Responding to stretching shows tissue length is part of the limit."""
        self.support()

    @Rule(Answers(limit_felt_as="block"))
    def hard_block_against_shortening(self: RuleHost) -> None:
        """A hard stop is not the elastic pull of a short muscle."""
        self.support()
