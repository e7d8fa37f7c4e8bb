"""The knowledge-base entries about safety: warning signs, their combinations, precautions.

Red flags and their combinations decide the triage; caution signs and the
possible other causes (a stiff joint capsule, a bony block, a nerve root)
soften the plan and rule out instructions by what those involve
(``involves.yaml``). Cross-references are checked by :mod:`.consistency`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated

from .checks import Check
from .entries import (
    Id,
    Name,
    Source,
    StepKind,
    Text,
    Tier,
    entry,
)


@entry
class DoseChange:
    """How a precaution softens one plan step: lower caps and a note."""

    caps: dict[Id, float] = field(default_factory=dict)
    note: Text


@entry
class RedFlag:
    """A warning sign that needs a doctor, or a caution that makes self-help gentler.

    ``since`` is the case-format version whose checklist first asked it: a
    ``regain-case/1`` file's ``red_flags`` list was screened without the later ones.
    Caution signs ``soften`` steps (caps and notes) and ``avoid`` instructions
    that involve what they name (``involves.yaml``).
    """

    tier: Tier
    sign: Name
    advice: Text
    source: Source
    group: Id = "general"
    since: Annotated[int, Check(ge=1, le=2)] = 1
    softens: dict[StepKind, DoseChange] = field(default_factory=dict)
    avoid: tuple[Id, ...] = ()


@entry
class FlagCondition:
    """When a combination of signs applies; written like ``ask_if``.

    ``{flag: id}`` (the sign is present), ``{age_at_least: 50}`` and
    ``{age_below: 45}`` (an unknown age counts as matching: the safer reading,
    and the age is then asked), or ``{all: [...]}``, ``{any: [...]}``,
    ``{at_least: 2, of: [...]}``.
    """

    flag: Id | None = None
    age_at_least: Annotated[int, Check(ge=0, le=120)] | None = None
    age_below: Annotated[int, Check(ge=1, le=120)] | None = None
    all_: tuple[FlagCondition, ...] | None = None
    any_: tuple[FlagCondition, ...] | None = None
    at_least: Annotated[int, Check(ge=1)] | None = None
    of: tuple[FlagCondition, ...] | None = None

    def __post_init__(self) -> None:
        forms = [
            f
            for f in ("flag", "age_at_least", "age_below", "all_", "any_", "at_least")
            if getattr(self, f) is not None
        ]
        if len(forms) != 1:
            raise ValueError(
                "a condition is exactly one of: flag, age_at_least, age_below, all, any, at_least (with of)"
            )
        if (self.at_least is None) != (self.of is None):
            raise ValueError("'at_least' and 'of' go together")
        if self.at_least is not None and self.of is not None and self.at_least > len(self.of):
            raise ValueError("'at_least' is more than the conditions listed in 'of'")

    def flags(self) -> list[str]:
        """Every sign the condition reads."""
        if self.flag is not None:
            return [self.flag]
        out: list[str] = []
        for child in (*(self.all_ or ()), *(self.any_ or ()), *(self.of or ())):
            out.extend(f for f in child.flags() if f not in out)
        return out

    def reads_age(self) -> bool:
        if self.age_at_least is not None or self.age_below is not None:
            return True
        return any(c.reads_age() for c in (*(self.all_ or ()), *(self.any_ or ()), *(self.of or ())))


@entry
class Combination:
    """Signs that together mean more than each alone: they raise the triage to ``tier``."""

    name: Text
    tier: Tier
    when: FlagCondition
    advice: Text
    source: Source


@entry
class InvolvesTag:
    """Something an instruction asks of the body, which a precaution may rule out."""

    text: Text
    #: Said with every instruction that involves it, whoever follows the plan.
    warning: Text | None = None


@entry
class OtherCause:
    """A possible cause that is not muscular and needs a professional look.

    When its conclusion is at least possible the triage is at least
    ``professional_assessment``; its precautions soften and rule out what could
    aggravate it, as a caution sign's do.
    """

    name: Name
    summary: Text
    think_of: Text
    advice: Text
    source: Source
    softens: dict[StepKind, DoseChange] = field(default_factory=dict)
    avoid: tuple[Id, ...] = ()
