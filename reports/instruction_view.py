"""What a person reads for one target of a plan step: numbered steps, or why it is left out.

The engine has chosen, for each target, the first instruction no precaution
rules out (:mod:`regain.engine.instructions`). This module turns that choice
into an ordered list of steps a person follows, in the knowledge base's
words only: for a stretch or exercise the position, the movement, how far,
how long or how many (the plan step's dose, after any caution lowered it),
what to feel and when to stop, and for strengthening how to make it harder;
for a self-massage where to press, with what, how, how hard, how many and
when to stop. The labels come from ``wording.yaml``; the warnings its tags
carry follow the steps. The terminal summary and the HTML plan both show
these views, so they say the same, and a precaution reaches every rendering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from regain.engine.instructions import Choice, instruction, warnings
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase
from regain.knowledge.grammar import sentence_start
from regain.knowledge.models import MassageMethod, Stretch
from regain.knowledge.plan_models import INSTRUCTION_STEPS, Exercise

from .formatting import number

#: The numbered steps of each kind of instruction, in the order a person follows them
#: (each is a key of ``wording.yaml``'s ``instruction_labels``).
STEPS: dict[str, tuple[str, ...]] = {
    "massage": ("where", "with", "how", "how_hard", "how_many", "stop_if"),
    "stretch": ("position", "movement", "how_far", "how_long", "feel", "stop_if"),
    "full_range": ("position", "movement", "how_far", "how_many", "feel", "stop_if"),
    "strengthening": ("position", "movement", "how_far", "how_many", "feel", "stop_if", "harder"),
}
#: The steps that say the plan's dose (how long a hold, how many repetitions, how often).
DOSE_STEPS = ("how_long", "how_many")
#: The dose value the self-massage says in a step of its own (how hard), not with the others.
PRESSURE = "pressure_max"

Dose = Mapping[str, float]


def as_sentence(text: str) -> str:
    """Words as a sentence: a capital first, a full stop last."""
    text = sentence_start(text)
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(slots=True)
class InstructionStep:
    """One numbered step: what it says (``key``: position, how_far, stop_if...), labelled."""

    key: str
    label: str
    text: str


@dataclass(slots=True)
class InstructionView:
    """One target's instruction: a heading, lines said first, the numbered steps, warnings."""

    heading: str
    steps: list[InstructionStep] = field(default_factory=list)
    #: Labelled lines that are not steps (the muscles a strengthening exercise trains).
    facts: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def step(self, key: str) -> InstructionStep | None:
        """The step that says ``key``, if this instruction has one."""
        return next((s for s in self.steps if s.key == key), None)


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
            what=kb.involves[x.involves].text,
            precaution=kb.wording.grammar.in_sentence(precaution_name(kb, x.precaution)),
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
        precaution=kb.wording.grammar.in_sentence(precaution_name(kb, first.precaution)),
    )


def dose_text(kb: KnowledgeBase, kind: str, key: str, value: float) -> str:
    """One dose value in words, the same in every rendering (``plan_steps.yaml``'s units)."""
    return kb.steps[kind].dose_units[key].said(value, kb.language)


Entry = MassageMethod | Stretch | Exercise


def entry_kind(entry: Entry) -> str:
    """``massage``, ``stretch``, ``full_range`` or ``strengthening``: an instruction's kind."""
    if isinstance(entry, MassageMethod):
        return "massage"
    if isinstance(entry, Stretch):
        return "stretch"
    return entry.kind


def step_kind(entry: Entry) -> str:
    """The plan step whose dose and defaults an instruction takes."""
    return INSTRUCTION_STEPS[entry_kind(entry)]


def dose_in_plan(kb: KnowledgeBase, plan: Sequence[PlanStep], iid: str) -> Dose | None:
    """The dose of the plan's step for this kind of instruction, or ``None`` if it has none."""
    kind = step_kind(instruction(kb, iid))
    return next((s.dose for s in plan if s.kind == kind), None)


def _lowered(kb: KnowledgeBase, kind: str, key: str, value: float, text: str) -> str:
    usual = kb.steps[kind].dose.get(key)
    return (
        kb.wording.phrases["dose_lowered"].format(dose=text) if usual is not None and value < usual else text
    )


def _dose_words(kb: KnowledgeBase, kind: str, dose: Dose | None) -> str:
    """The step's dose in one line (each value a precaution lowered said so)."""
    if dose is None:
        return as_sentence(kb.wording.phrases["dose_not_in_plan"])
    words = [
        _lowered(kb, kind, key, value, dose_text(kb, kind, key, value))
        for key, value in dose.items()
        if key != PRESSURE
    ]
    return as_sentence(", ".join(words)) if words else ""


def _texts(kb: KnowledgeBase, choice: Choice, entry: Entry) -> dict[str, str]:
    """What each step says, for the steps this instruction has."""
    if isinstance(entry, MassageMethod):
        step = kb.steps[INSTRUCTION_STEPS["massage"]]
        out = {
            "where": kb.muscles[choice.target].self_massage.where,
            "with": entry.tool,
            "how": entry.how,
            "stop_if": step.stop_if or "",
        }
        if choice.pressure_max is not None:
            pressure = kb.wording.phrases["pressure"].format(value=number(kb.language, choice.pressure_max))
            lowered = _lowered(kb, step_kind(entry), PRESSURE, choice.pressure_max, pressure)
            out["how_hard"] = as_sentence(lowered)
        return out
    out = {
        "position": entry.position,
        "movement": entry.how,
        "how_far": entry.how_far or kb.steps[step_kind(entry)].how_far or "",
        "feel": entry.feel,
        "stop_if": entry.stop_if,
    }
    if isinstance(entry, Exercise) and entry.progression:
        out["harder"] = entry.progression
    return out


def instruction_view(
    kb: KnowledgeBase, choice: Choice, dose: Dose | None, *, heading: str | None = None
) -> InstructionView:
    """The numbered steps of the instruction ``choice`` names (it must name one).

    ``dose`` is the plan step's dose as the engine set it (a caution may have
    lowered it), or ``None`` where the plan has no step of this kind (a muscle
    card's stretch in a plan without stretching).
    """
    assert choice.instruction is not None
    entry = instruction(kb, choice.instruction)
    labels = kb.wording.instruction_labels
    texts = _texts(kb, choice, entry)
    for key in DOSE_STEPS:
        texts[key] = _dose_words(kb, step_kind(entry), dose)
    facts: list[tuple[str, str]] = []
    title = target_name(kb, choice.target)
    if isinstance(entry, Exercise):
        title = entry.name
        if entry.trains:
            facts.append((labels["trains"], ", ".join(kb.muscle_name(m) for m in entry.trains)))
    steps = [
        InstructionStep(key, labels[key], texts[key]) for key in STEPS[entry_kind(entry)] if texts.get(key)
    ]
    return InstructionView(heading or title, steps, facts, warnings(kb, choice.instruction))


def where_view(kb: KnowledgeBase, choice: Choice) -> InstructionView:
    """Only where to press (the check for tender spots): one step, no dose."""
    assert choice.instruction is not None
    where = kb.muscles[choice.target].self_massage.where
    step = InstructionStep("where", kb.wording.instruction_labels["where"], where)
    return InstructionView(target_name(kb, choice.target), [step], [], warnings(kb, choice.instruction))
