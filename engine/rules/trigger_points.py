"""Evidence for active trigger points.

An active trigger point is a tender spot in a muscle that, when pressed,
reproduces the person's familiar pain, often felt elsewhere (referred pain).
Muscles holding them defend against stretching and loading with pain and
feel weak without any nerve damage; relaxation alone does not settle them.
"""

from __future__ import annotations

from ..experta_compat import NOT, Rule
from ..facts import Answers, Flag
from .host import RuleHost


class TriggerPointRules:
    @Rule(Answers(tender_spots_reproduce_pain=True))
    def pressure_reproduces_familiar_pain(self: RuleHost) -> None:
        """Spot tenderness that reproduces the familiar pain is the key criterion."""
        self.support()

    @Rule(Answers(tender_spots_reproduce_pain=False))
    def pressure_does_not_reproduce_pain(self: RuleHost) -> None:
        """No spot reproducing the pain speaks against active trigger points."""
        self.support()

    @Rule(Answers(referred_pain=True))
    def referred_pain(self: RuleHost) -> None:
        """Pain felt away from its source is typical of trigger point referral."""
        self.support()

    @Rule(Answers(stretching_effect="worse"))
    def stretching_makes_pain_worse(self: RuleHost) -> None:
        """Stretching a muscle with active trigger points provokes a defensive pain response."""
        self.support()

    @Rule(Answers(strengthening_effect="worse"))
    def strengthening_makes_pain_worse(self: RuleHost) -> None:
        """Loading a muscle with active trigger points provokes them."""
        self.support()

    @Rule(Answers(relaxation_effect="no_help"))
    def relaxation_does_not_help(self: RuleHost) -> None:
        """Pain that relaxation does not touch fits a local, mechanical source."""
        self.support()

    @Rule(
        Answers(feels_weak=True),
        NOT(Flag(id="progressive_weakness_or_numbness")),
        NOT(Flag(id="nerve_root_signs")),
    )
    def weakness_without_neurological_cause(self: RuleHost) -> None:
        """Weakness without signs of a nerve problem fits trigger point inhibition."""
        self.support()

    @Rule(Answers(pain_on_movement=0, pain_at_rest=0))
    def no_pain_at_all(self: RuleHost) -> None:
        """Active trigger points hurt; with no pain at all they are not active."""
        self.support()
