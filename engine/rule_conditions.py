"""What each rule asks of the answers, read from its experta patterns.

The missing-answer analysis and the questionnaire need to know, for an
unanswered question, whether a rule reading it could still fire given the
answers already known. A rule such as ``no_pain_at_all`` needs
``pain_on_movement = 0`` *and* ``pain_at_rest = 0``: with pain on movement at
7, asking about pain at rest cannot make it fire. Rather than restating each
rule's condition as data (where it could drift from the code), this module
reads it from the rule's own :class:`Answers` patterns.

A rule becomes a list of :class:`Branch` alternatives (an ``OR`` splits into
branches). A branch *requires* answers (a key with its allowed values, or
``None`` for "any value", as for numbers compared in a ``TEST``), *forbids*
others (from ``NOT`` patterns), and *needs* list answers to hold an id: a
:class:`Restricted` movement, a :class:`PainIn` region, a :class:`Flag`
(a shoulder rule cannot fire for an ankle). Conditions on other facts
(measured ranges, conclusions) are not modelled: they never rule a branch
out.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any

from .case import is_answered
from .experta_compat import ANDFC, NOT, NOTFC, OR, ORFC, L, P, Rule, W
from .facts import Answers, Flag, PainIn, Restricted

Allowed = frozenset[Any] | None


@dataclass(frozen=True)
class Branch:
    requires: tuple[tuple[str, Allowed], ...]
    forbids: tuple[tuple[str, frozenset[Any]], ...]
    #: list answers that must hold an id: (question, id)
    needs: tuple[tuple[str, str], ...] = ()


#: fact class -> (the list answer it comes from, the fact's key holding the id)
LIST_FACTS = {
    Restricted: ("restricted_movements", "movement"),
    PainIn: ("pain_regions", "region"),
    Flag: ("red_flags", "id"),
}


def _allowed(constraint: Any) -> Allowed:
    """The literal values a field constraint accepts, or ``None`` for 'cannot tell'."""
    if isinstance(constraint, L):
        return frozenset([constraint[0]])
    if isinstance(constraint, ORFC):
        parts = [_allowed(c) for c in constraint]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*parts)  # type: ignore[arg-type]
    if isinstance(constraint, (W, P, ANDFC, NOTFC)):
        return None
    return frozenset([constraint])


def _pattern_items(pattern: Answers) -> list[tuple[str, Allowed]]:
    return [(k, _allowed(v)) for k, v in pattern.items() if isinstance(k, str)]


Alternative = tuple[list[tuple[str, Allowed]], list[tuple[str, frozenset[Any]]], list[tuple[str, str]]]


def _alternatives(item: Any) -> list[Alternative]:
    """The (requires, forbids, needs) alternatives one conditional element contributes."""
    if isinstance(item, Answers):
        return [(_pattern_items(item), [], [])]
    if type(item) in LIST_FACTS:
        question, key = LIST_FACTS[type(item)]
        if isinstance(item.get(key), str):
            return [([], [], [(question, item[key])])]
    if isinstance(item, OR):
        out = []
        for sub in item:
            out.extend(_alternatives(sub))
        return out
    if isinstance(item, NOT):
        forbids = []
        for sub in item:
            if isinstance(sub, Answers):
                items = _pattern_items(sub)
                # Only a single-key NOT with known values can rule a branch out.
                if len(items) == 1 and items[0][1] is not None:
                    forbids.append((items[0][0], items[0][1]))
        return [([], forbids, [])]
    return [([], [], [])]


def rule_branches(rule: Rule) -> list[Branch]:
    """The alternative answer conditions under which ``rule`` fires."""
    per_item = [_alternatives(item) for item in rule]
    branches = []
    for combo in itertools.product(*per_item):
        requires: list[tuple[str, Allowed]] = []
        forbids: list[tuple[str, frozenset[Any]]] = []
        needs: list[tuple[str, str]] = []
        for req, forb, need in combo:
            requires.extend(req)
            forbids.extend(forb)
            needs.extend(need)
        branches.append(Branch(tuple(requires), tuple(forbids), tuple(needs)))
    return branches


@functools.cache
def all_rule_branches(engine_class: type) -> dict[str, list[Branch]]:
    """Every rule of ``engine_class`` (by name) with its branches."""
    out = {}
    for klass in engine_class.__mro__:
        for name, value in vars(klass).items():
            if isinstance(value, Rule) and name not in out:
                out[name] = rule_branches(value)
    return out


def could_fire_with(branches: list[Branch], answers: dict[str, Any], question: str) -> bool:
    """Whether some answer to ``question`` could make a rule with ``branches`` fire.

    Other answers the rule needs must not contradict it: known answers must be
    allowed and not forbidden; unknown ones might still come out right.
    """
    # A branch that does not mention ``question`` reads it through another fact
    # (a measured range, a red flag); its conditions on the answers still apply.
    for branch in branches:
        ok = (
            all(
                key == question or not is_answered(answers, key) or allowed is None or answers[key] in allowed
                for key, allowed in branch.requires
            )
            and all(
                key == question or not is_answered(answers, key) or answers[key] not in bad
                for key, bad in branch.forbids
            )
            and all(
                key == question or not is_answered(answers, key) or item in answers[key]
                for key, item in branch.needs
            )
        )
        if ok:
            return True
    return False
