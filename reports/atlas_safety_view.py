"""The atlas pages about warning signs: a red flag and a combination of red flags.

A red flag's page shows its tier, advice, what a caution softens (the
lowered doses in their units) and avoids, the combinations it is part of and
the rules that read it; a combination's page its condition as a tree. Plain
dataclasses; the words around them are in ``templates/atlas/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from regain.knowledge import KnowledgeBase
from regain.knowledge.entries import StepKind
from regain.knowledge.safety_models import DoseChange, FlagCondition

from . import atlas_links as links
from .atlas_links import Link
from .atlas_view import RuleRef, rule_refs
from .phase_view import dose_text


@dataclass(frozen=True, slots=True)
class Softening:
    """How a precaution softens one plan step: the lowered doses, in their units, and a note."""

    step: Link
    caps: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class RedFlagPage:
    id: str
    sign: str
    tier: str
    tier_name: str | None
    group: str
    group_name: str | None
    since: int
    advice: str
    softens: tuple[Softening, ...]
    avoid: tuple[Link, ...]
    combinations: tuple[Link, ...]
    rules: tuple[RuleRef, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Condition:
    """A combination's condition: ``form`` is flag, age_at_least, age_below, all, any or at_least."""

    form: str
    flag: Link | None = None
    number: int | None = None
    children: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class CombinationPage:
    id: str
    name: str
    tier: str
    tier_name: str | None
    when: Condition
    flags: tuple[Link, ...]
    advice: str
    source: str


def softening(kb: KnowledgeBase, softens: Mapping[StepKind, DoseChange]) -> tuple[Softening, ...]:
    out = []
    for kind, change in softens.items():
        units = kb.steps[kind].dose_units
        caps = tuple(
            dose_text(kb, kind, key, value) if key in units else f"{key}: {value:g}"
            for key, value in change.caps.items()
        )
        out.append(Softening(links.step(kb, kind), caps, change.note))
    return tuple(out)


def red_flag_page(kb: KnowledgeBase, flag_id: str) -> RedFlagPage:
    f = kb.red_flags[flag_id]
    return RedFlagPage(
        id=flag_id,
        sign=f.sign,
        tier=f.tier,
        tier_name=kb.wording.tiers.get(f.tier),
        group=f.group,
        group_name=kb.wording.flag_groups.get(f.group),
        since=f.since,
        advice=f.advice,
        softens=softening(kb, f.softens),
        avoid=tuple(links.involves(kb, t) for t in f.avoid),
        combinations=tuple(
            links.combination(kb, c) for c, combo in kb.combinations.items() if flag_id in combo.when.flags()
        ),
        rules=rule_refs(kb, "red_flag", flag_id),
        source=f.source,
    )


def _condition(kb: KnowledgeBase, c: FlagCondition) -> Condition:
    if c.flag is not None:
        return Condition("flag", flag=links.red_flag(kb, c.flag))
    if c.age_at_least is not None:
        return Condition("age_at_least", number=c.age_at_least)
    if c.age_below is not None:
        return Condition("age_below", number=c.age_below)
    if c.all_ is not None:
        return Condition("all", children=tuple(_condition(kb, x) for x in c.all_))
    if c.any_ is not None:
        return Condition("any", children=tuple(_condition(kb, x) for x in c.any_))
    return Condition("at_least", number=c.at_least, children=tuple(_condition(kb, x) for x in c.of or ()))


def combination_page(kb: KnowledgeBase, combination_id: str) -> CombinationPage:
    c = kb.combinations[combination_id]
    return CombinationPage(
        id=combination_id,
        name=c.name,
        tier=c.tier,
        tier_name=kb.wording.tiers.get(c.tier),
        when=_condition(kb, c.when),
        flags=tuple(links.red_flag(kb, f) for f in c.when.flags()),
        advice=c.advice,
        source=c.source,
    )
