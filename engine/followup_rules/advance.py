"""Move on: every step of the current phase meets its advance_when.

The "move on when" of each plan step, in its structured form
(``followup.yaml: advance_when``), is a :class:`StepReady` fact per step of
the current phase. When none is unmet, the person moves on to the next
phase; from the last phase the plan is done, unless steps of it still wait
for a professional examination, which then comes next.
"""

from __future__ import annotations

from ..experta_compat import NOT, OR, Rule
from ..followup_facts import Decided, Held, StepReady, Where
from .host import FollowUpHost


class AdvanceRules:
    @Rule(Where(last=False, empty=False), NOT(StepReady(met=False)), NOT(Decided()), salience=50)
    def phase_done_advances(self: FollowUpHost) -> None:
        """Every step of this phase is done: on to the next phase."""
        self.conclude()

    @Rule(Where(last=True, empty=False), NOT(StepReady(met=False)), NOT(Held()), NOT(Decided()), salience=50)
    def last_phase_done_finishes(self: FollowUpHost) -> None:
        """Every step of the last phase is done, and nothing waits: the plan is done."""
        self.conclude()

    @Rule(
        OR(Where(last=True, empty=False), Where(empty=True)),
        NOT(StepReady(met=False)),
        Held(),
        NOT(Decided()),
        salience=50,
    )
    def done_but_held_sees_professional(self: FollowUpHost) -> None:
        """All a person may do alone is done; the steps left wait for an examination."""
        self.conclude()
