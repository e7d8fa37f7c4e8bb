"""What the rules call on the engine: the protocol every rule mixin's methods are typed with.

The mixins of :mod:`regain.engine.rules` are combined into
:class:`regain.engine.inference.RegainEngine`, which implements these; typing
``self`` with the protocol lets each mixin be checked on its own.
"""

from __future__ import annotations

from typing import Protocol


class RuleHost(Protocol):
    def support(self) -> None:
        """Record the firing evidence rule's certainty factor and wording."""

    def need(self) -> None:
        """Add the plan steps the firing plan rule names."""

    def note(self, concluded: str) -> None:
        """Record a control rule's conclusion in the trace."""

    def raise_triage(self, triage: str) -> None:
        """Raise the triage to at least ``triage``."""

    def weigh(self) -> None:
        """Combine the evidence into conclusions."""

    def decide_triage_now(self) -> None:
        """Declare the triage found so far."""
