"""What a person reads for one target of a plan step: the instruction, or why it is left out.

The engine has chosen, for each target, the first instruction no precaution
rules out (:mod:`regain.engine.instructions`). This module turns that choice
into lines to show, with the knowledge base's words only: where and how to
massage, the stretch's position and hold, the exercise with its progression,
the pressure ceiling, the warnings its tags carry, and for what was left out
the precaution and what it avoids. The terminal summary and the HTML plan
both show these views, so a precaution reaches every rendering alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.engine.instructions import Choice, instruction, warnings
from regain.knowledge import KnowledgeBase
from regain.knowledge.models import MassageMethod, Stretch
from regain.knowledge.plan_models import Exercise


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass(slots=True)
class InstructionView:
    """One target's instruction: a heading, labelled lines and warnings."""

    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def precaution_name(kb: KnowledgeBase, pid: str) -> str:
    """How a precaution is named: a caution sign's words, or a possible other cause's name."""
    if pid in kb.red_flags:
        return kb.red_flags[pid].sign
    return kb.other_causes[pid].name


def target_name(kb: KnowledgeBase, target: str) -> str:
    if target in kb.muscles:
        return kb.muscles[target].name
    if target in kb.movements:
        return kb.movements[target].name
    if target in kb.exercises:
        return kb.exercises[target].name
    return target


def left_out_lines(kb: KnowledgeBase, choice: Choice) -> list[str]:
    """Why the usual instructions for a target were passed over (one line per reason)."""
    phrase = kb.wording.phrases["left_out"]
    seen: list[str] = []
    for x in choice.left_out:
        line = phrase.format(
            what=kb.involves[x.involves].text, precaution=precaution_name(kb, x.precaution).lower()
        )
        if line not in seen:
            seen.append(line)
    return seen


def left_out_target(kb: KnowledgeBase, choice: Choice) -> str:
    """The line for a target whose every instruction a precaution rules out.

    A movement left without a strengthening exercise (every one trains a muscle
    the plan massages or stretches) gets the line that its strengthening waits.
    """
    if not choice.left_out:
        return kb.wording.phrases["strengthening_waits"].format(target=target_name(kb, choice.target))
    first = choice.left_out[0]
    return kb.wording.phrases["left_out_target"].format(
        target=target_name(kb, choice.target),
        what=kb.involves[first.involves].text,
        precaution=precaution_name(kb, first.precaution).lower(),
    )


def instruction_view(kb: KnowledgeBase, choice: Choice, *, with_where: bool = True) -> InstructionView:
    """The lines of the instruction ``choice`` names (it must name one)."""
    assert choice.instruction is not None
    entry = instruction(kb, choice.instruction)
    heading = target_name(kb, choice.target)
    lines: list[tuple[str, str]] = []
    if isinstance(entry, MassageMethod):
        muscle = kb.muscles[choice.target]
        if with_where:
            lines.append(("Where to press", muscle.self_massage.where))
        lines += [("With", entry.tool), ("How", entry.how)]
        if choice.pressure_max is not None:
            lines.append(("Pressure", kb.wording.phrases["pressure"].format(value=_num(choice.pressure_max))))
    elif isinstance(entry, Stretch):
        lines += [
            ("Position", entry.position),
            ("How", entry.how),
            ("You should feel", entry.feel),
            ("Stop if", entry.stop_if),
        ]
    elif isinstance(entry, Exercise):
        heading = entry.name
        if entry.kind == "strengthening":
            trains = ", ".join(kb.muscle_name(m) for m in entry.trains)
            lines.append(("Trains", trains))
        lines += [
            ("Position", entry.position),
            ("Movement", entry.how),
            ("You should feel", entry.feel),
            ("Stop if", entry.stop_if),
        ]
        if entry.progression:
            lines.append(("Make it harder", entry.progression))
    return InstructionView(heading, lines, warnings(kb, choice.instruction))
