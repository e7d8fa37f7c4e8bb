"""Weighing: combine the evidence into conclusions.

Runs once, after every evidence and red-flag rule has fired (lowest
salience), and declares a :class:`Conclusion` fact per conclusion; the plan
rules, and the triage rules that read the possible other causes, then reason
about them.
"""

from __future__ import annotations

from ..experta_compat import Rule
from ..facts import Phase
from .host import RuleHost


class WeighingRules:
    @Rule(Phase(name="weigh"), salience=-100)
    def weigh_evidence(self: RuleHost) -> None:
        """Certainty factors combine MYCIN-style; thresholds turn certainty into a level."""
        self.weigh()
