"""The parts of triage that are data, not rules: combinations of signs, and what may start.

Which combinations of red flags apply is read from ``red_flags.yaml``
(``combinations``), so a physiotherapist adds one without code; the rules
(:mod:`.rules.red_flags`) then raise the triage on them. An unknown age
counts as matching an age condition, the safer reading: asking the age can
only lower the triage, so the questionnaire asks it where it could
(:func:`age_could_change_triage`).

:func:`self_help` words the decision every rendering leads with: whether a
person may start now, only in part, or not before something else is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.knowledge.entries import TRIAGE_ORDER
from regain.knowledge.safety_models import FlagCondition

from .case import Case

RANK = {tier: i for i, tier in enumerate(TRIAGE_ORDER)}
#: Tiers whose hold on self-help a doctor's clearance lifts.
CLEARABLE = ("see_doctor", "professional_assessment")
#: What a case may do about self-help, most restrictive first (assessment.md).
SELF_HELP = ("none", "after_doctor", "screen_first", "limited", "start")


def higher(a: str, b: str) -> str:
    """The more urgent of two triage levels."""
    return a if RANK[a] >= RANK[b] else b


@dataclass(frozen=True)
class ComboMatch:
    """A combination of signs that applies to a case."""

    id: str
    tier: str
    flags: tuple[str, ...]  # the signs of the case it reads
    age_assumed: bool  # it applies only because the age is unknown


def _matches(cond: FlagCondition, flags: set[str], age: int | None, assume: bool) -> bool:
    if cond.flag is not None:
        return cond.flag in flags
    if cond.age_at_least is not None:
        return assume if age is None else age >= cond.age_at_least
    if cond.age_below is not None:
        return assume if age is None else age < cond.age_below
    if cond.all_ is not None:
        return all(_matches(c, flags, age, assume) for c in cond.all_)
    if cond.any_ is not None:
        return any(_matches(c, flags, age, assume) for c in cond.any_)
    assert cond.at_least is not None and cond.of is not None
    return sum(_matches(c, flags, age, assume) for c in cond.of) >= cond.at_least


def combinations(kb: KnowledgeBase, flags: Iterable[str], age: int | None) -> list[ComboMatch]:
    """The combinations of ``red_flags.yaml`` that apply, in file order."""
    present = set(flags)
    out = []
    for cid, combo in kb.combinations.items():
        if _matches(combo.when, present, age, assume=True):
            assumed = not _matches(combo.when, present, age, assume=False)
            read = tuple(f for f in combo.when.flags() if f in present)
            out.append(ComboMatch(cid, combo.tier, read, assumed))
    return out


def age_could_change_triage(kb: KnowledgeBase, flags: Iterable[str], age: int | None) -> bool:
    """Whether knowing the (unknown) age could change which combinations apply."""
    if age is not None:
        return False
    present = set(flags)
    return any(
        _matches(c.when, present, None, True) != _matches(c.when, present, None, False)
        for c in kb.combinations.values()
        if c.when.reads_age()
    )


def unscreened_flags(kb: KnowledgeBase, case: Case) -> tuple[str, ...]:
    """The signs the case was not screened for: all without ``red_flags``, and for a
    ``regain-case/1`` file the signs its checklist did not have yet."""
    if not case.screened:
        return tuple(kb.red_flags)
    return tuple(fid for fid, flag in kb.red_flags.items() if flag.since > case.format_version)


def is_cleared(case: Case, triage: str) -> bool:
    """A doctor's clearance counts for the tiers it may lift, and only for those."""
    return triage in CLEARABLE and case.get("cleared_by_doctor") is True


def self_help(triage: str, cleared: bool, screening_complete: bool) -> str:
    """What the person may do now (one of :data:`SELF_HELP`).

    ``none``: emergency or urgent care first, no self-help at all; ``after_doctor``:
    a doctor first; ``screen_first``: the warning-sign checklist first;
    ``limited``: the gentle steps may start while a professional assessment is
    awaited; ``start``: the plan may start.
    """
    if triage in ("emergency", "urgent"):
        return "none"
    if triage == "see_doctor" and not cleared:
        return "after_doctor"
    if not screening_complete:
        return "screen_first"
    if triage == "professional_assessment" and not cleared:
        return "limited"
    return "start"
