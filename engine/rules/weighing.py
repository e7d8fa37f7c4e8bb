"""Weighing: combine the evidence into conclusions and decide the triage.

Runs once, after every evidence and red-flag rule has fired (lowest
salience), and declares :class:`Conclusion` and :class:`Triage` facts that
the plan rules then reason about.
"""

from __future__ import annotations

from ..experta_compat import Rule
from ..facts import Phase


class WeighingRules:
    @Rule(Phase(name="weigh"), salience=-100)
    def weigh_evidence(self) -> None:
        """Certainty factors combine MYCIN-style; thresholds turn certainty into a level."""
        self.weigh()
