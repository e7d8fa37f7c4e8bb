"""What the follow-up rules call on their engine (the protocol the mixins are typed with)."""

from __future__ import annotations

from typing import Protocol


class FollowUpHost(Protocol):
    def conclude(self) -> None:
        """Take the firing rule's decision (followup.yaml ``rules``) and stop the lower rules."""
