"""Which movements, pain regions and warning signs each engine rule reads, from its patterns.

A rule's condition lives in code (``engine/rules/``), its weight and wording
in ``inference.yaml``. The atlas shows a reviewer, on a movement's page, the
rules a restriction of that movement can fire (the capsular patterns), and
likewise for a region or a red flag. Rather than restating that as data, it
is read from the rules' own experta patterns
(:func:`regain.engine.rule_conditions.all_rule_branches`), the same reading
the questionnaire uses to decide what is worth asking.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: the list answer a rule's pattern reads -> the kind of entity its values are
_KINDS = {"restricted_movements": "movement", "pain_regions": "region", "red_flags": "red_flag"}


@dataclass(frozen=True, slots=True)
class RuleReads:
    """The ids a rule needs in a case's lists, in any of its alternatives."""

    movements: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()


@functools.cache
def rule_reads() -> dict[str, RuleReads]:
    """Every engine rule (by name) that needs a particular movement, region or red flag."""
    from regain.engine.inference import RegainEngine
    from regain.engine.rule_conditions import all_rule_branches

    out: dict[str, RuleReads] = {}
    for name, branches in all_rule_branches(RegainEngine).items():
        found: dict[str, list[str]] = {kind: [] for kind in _KINDS.values()}
        for branch in branches:
            for question, value in branch.needs:
                ids = found[_KINDS[question]]
                if value not in ids:
                    ids.append(value)
        if any(found.values()):
            out[name] = RuleReads(
                tuple(sorted(found["movement"])),
                tuple(sorted(found["region"])),
                tuple(sorted(found["red_flag"])),
            )
    return out


def rules_reading(kind: str, entity_id: str) -> list[str]:
    """The names of the rules that need ``entity_id`` (a ``movement``, ``region`` or ``red_flag``)."""
    field = {"movement": "movements", "region": "regions", "red_flag": "red_flags"}[kind]
    return sorted(name for name, reads in rule_reads().items() if entity_id in getattr(reads, field))
