"""Which instruction each target of the plan gets, given the precautions of a case.

Every self-massage method, stretch and exercise in the knowledge base says
what it involves (``involves.yaml``: pressure on the belly, lying on the
back, bending the spine forwards...). A precaution, a caution sign or a
possible other cause, *avoids* some of those. For each target the first
instruction (in the knowledge base's order, the usual one first) that
involves nothing avoided is used; the ones passed over are kept with the
precaution and the tag that ruled them out, so every rendering can say what
was left out and why. A new muscle or exercise is covered by every
precaution as soon as it declares what it involves: no code names one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import MassageMethod, Stretch
from regain.knowledge.plan_models import Exercise

from .case import Case
from .certainty import LEVEL_RANK

AT_LEAST_POSSIBLE = LEVEL_RANK["possible"]


@dataclass(frozen=True)
class Precaution:
    """A caution sign or a possible other cause, with what it rules out."""

    id: str
    avoid: tuple[str, ...]


@dataclass(frozen=True)
class LeftOut:
    """An instruction passed over for a target: which, and the precaution and tag why."""

    instruction: str
    precaution: str
    involves: str


@dataclass(frozen=True)
class Choice:
    """What one target gets: an instruction id (``None`` if every one was ruled out)."""

    target: str
    instruction: str | None
    left_out: tuple[LeftOut, ...] = ()
    #: for self-massage: the pressure ceiling for this target (the step's, or lower)
    pressure_max: float | None = None


@dataclass
class Precautions:
    """The precautions of one case and the tags they avoid (tag -> first precaution)."""

    items: list[Precaution] = field(default_factory=list)

    @property
    def avoided(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in self.items:
            for tag in p.avoid:
                out.setdefault(tag, p.id)
        return out

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.items]


def precautions(kb: KnowledgeBase, case: Case, levels: dict[str, str]) -> Precautions:
    """The case's caution signs, then its possible other causes (at least possible)."""
    items = [
        Precaution(f, kb.red_flags[f].avoid)
        for f in case.get("red_flags", [])
        if kb.red_flags[f].tier == "caution"
    ]
    items += [
        Precaution(oid, cause.avoid)
        for oid, cause in kb.other_causes.items()
        if LEVEL_RANK.get(levels.get(oid, "unlikely"), 0) >= AT_LEAST_POSSIBLE
    ]
    return Precautions(items)


def _first_allowed(
    target: str, options: Sequence[tuple[str, tuple[str, ...]]], avoided: dict[str, str]
) -> Choice:
    passed: list[LeftOut] = []
    for iid, involves in options:
        bad = [tag for tag in involves if tag in avoided]
        if not bad:
            return Choice(target, iid, tuple(passed))
        passed.append(LeftOut(iid, avoided[bad[0]], bad[0]))
    return Choice(target, None, tuple(passed))


def massage_choice(
    kb: KnowledgeBase, muscle: str, avoided: dict[str, str], step_pressure: float | None = None
) -> Choice:
    """The self-massage method for ``muscle``, with its pressure ceiling."""
    sm = kb.muscles[muscle].self_massage
    options = [(f"{muscle}.massage.{i}", m.involves) for i, m in enumerate(sm.methods)]
    choice = _first_allowed(muscle, options, avoided)
    ceilings = [p for p in (step_pressure, sm.pressure_max) if p is not None]
    pressure = min(ceilings) if ceilings else None
    return Choice(choice.target, choice.instruction, choice.left_out, pressure)


def stretch_choice(kb: KnowledgeBase, muscle: str, avoided: dict[str, str]) -> Choice:
    """The long-hold stretch for ``muscle``."""
    options = [(f"{muscle}.stretch.{i}", s.involves) for i, s in enumerate(kb.muscles[muscle].stretches)]
    return _first_allowed(muscle, options, avoided)


def full_range_choice(kb: KnowledgeBase, movement: str, avoided: dict[str, str]) -> Choice:
    """The full-range exercise for ``movement``."""
    options = [(x, kb.exercises[x].involves) for x in kb.movements[movement].full_range]
    return _first_allowed(movement, options, avoided)


def strengthening_choices(
    kb: KnowledgeBase, movements: Iterable[str], avoided: dict[str, str], worked: set[str], limit: int
) -> tuple[list[Choice], list[Choice]]:
    """One strengthening exercise per restricted movement, each at most once; and the unmet.

    An exercise that trains a muscle the plan massages or stretches (``worked``)
    is never chosen: strength goes to the antagonists and stabilisers. An
    exercise ruled out by a precaution is passed over like any instruction. A
    movement left without one is returned as a choice of nothing (its target
    the movement), so the plan can say that its strengthening comes later.
    """
    out: list[Choice] = []
    unmet: list[Choice] = []
    used: set[str] = set()
    for mv in movements:
        if len(out) >= limit:
            break
        options = [
            (x, kb.exercises[x].involves)
            for x in kb.movements[mv].strengthen
            if x not in used and not set(kb.exercises[x].trains) & worked
        ]
        choice = _first_allowed(mv, options, avoided)
        if choice.instruction is not None:
            used.add(choice.instruction)
            out.append(Choice(choice.instruction, choice.instruction, choice.left_out))
        elif not any(x in used for x in kb.movements[mv].strengthen):
            unmet.append(choice)
    return out, unmet


def instruction(kb: KnowledgeBase, iid: str) -> MassageMethod | Stretch | Exercise:
    """The knowledge-base entry an instruction id names."""
    if iid in kb.exercises:
        return kb.exercises[iid]
    muscle, kind, index = iid.split(".")
    m = kb.muscles[muscle]
    items: Any = m.self_massage.methods if kind == "massage" else m.stretches
    result: MassageMethod | Stretch = items[int(index)]
    return result


def warnings(kb: KnowledgeBase, iid: str) -> list[str]:
    """The warnings of the tags an instruction involves (``involves.yaml``)."""
    entry = instruction(kb, iid)
    return [w for tag in entry.involves if (w := kb.involves[tag].warning) is not None]
