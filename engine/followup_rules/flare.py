"""Step back: stretching or strengthening that flared the pain while trigger points remain.

The source's central point: stretching or loading a muscle that still holds
active trigger points provokes a defensive pain response. When a later step
raised the pain and kept it raised to the next day, and the trigger-point
signs are still there (the spots still bring on the pain, or the movement
still hurts more than the massage step's advance threshold), the massage
phase comes first again; the advance rule moves on once its advance_when holds.
A flare that cannot be met that way (the trigger points seem calm, the plan has
no massage phase, or the massage is already under way) is never carried on or
advanced past: the safer course is a professional's look at that work.
"""

from __future__ import annotations

from ..experta_compat import MATCH, NOT, TEST, Rule
from ..followup_facts import Decided, Flare, TriggerSigns, Where
from .host import FollowUpHost


class FlareRules:
    @Rule(
        Flare(step=MATCH.step),
        TriggerSigns(remain=True),
        Where(phase=MATCH.phase, tp_phase=MATCH.tp),
        TEST(lambda phase, tp: 0 < tp < phase),
        NOT(Decided()),
        salience=70,
    )
    def flare_steps_back(self: FollowUpHost, step: str, phase: int, tp: int) -> None:
        """A flare of a later step while trigger points remain: back to the self-massage first."""
        self.conclude()

    @Rule(Flare(step=MATCH.step), NOT(Decided()), salience=65)
    def flare_sees_professional(self: FollowUpHost, step: str) -> None:
        """Any other flare (no trigger-point signs, or no massage phase to go back to): never
        carry on or move on with work that keeps the pain raised; a professional should look."""
        self.conclude()
