"""The plan's steps as phases on a timeline of weeks, with doses and instructions.

One phase per plan step, in plan order. A step starts the week after the
last of the steps it must follow (``after``) has ended; a step that runs
side by side with another (``alongside``) starts with it; a support that runs
throughout spans the plan. Doses are worded once, for the HTML plan and the
terminal alike, from ``plan_steps.yaml``'s units (:func:`.instruction_view.dose_text`),
and each instruction's numbered steps carry the step's dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.engine.assessment import Assessment
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase

from .formatting import translator
from .instruction_view import (
    InstructionView,
    dose_text,
    instruction_view,
    left_out_target,
    precaution_name,
    target_name,
    where_view,
)


@dataclass(slots=True)
class DoseItem:
    text: str
    capped: bool = False
    usual: str | None = None


@dataclass(slots=True)
class CautionNote:
    sign: str
    note: str


@dataclass(slots=True)
class AfterItem:
    number: int
    title: str
    reason: str | None


@dataclass(slots=True)
class Phase:
    number: int
    kind: str
    title: str
    why: str
    because: list[str]
    after: list[AfterItem]
    alongside: list[str]
    targets: list[str]
    instructions: list[InstructionView]
    left_out: list[str]
    dose: list[DoseItem]
    cautions: list[CautionNote]
    held: str | None
    self_treatment: bool
    expect: str
    move_on_when: str
    start_week: int
    end_week: int
    weeks_label: str
    bar_offset: float  # timeline bar, percent of the plan's length
    bar_width: float


def dose_items(kb: KnowledgeBase, step: PlanStep) -> list[DoseItem]:
    """The step's dose, each value marked where a precaution lowered it."""
    tmpl = kb.steps[step.kind]
    items = []
    for key, value in step.dose.items():
        usual = tmpl.dose.get(key)
        capped = usual is not None and value < usual
        items.append(
            DoseItem(
                dose_text(kb, step.kind, key, value),
                capped,
                dose_text(kb, step.kind, key, usual) if capped and usual else None,
            )
        )
    return items


def step_instructions(kb: KnowledgeBase, step: PlanStep) -> tuple[list[InstructionView], list[str]]:
    """The instruction of each target, and the lines for targets a precaution left out.

    Each instruction's steps carry this step's dose, as the engine set it. A
    target that got another method than the usual one (a soft ball instead of
    a hard one) needs no line of its own: the step's caution note says why.
    """
    views: list[InstructionView] = []
    for choice in step.instructions:
        if choice.instruction is None:
            continue
        if step.kind == "check_tender_spots":  # the check only says where to press
            views.append(where_view(kb, choice))
        else:
            views.append(instruction_view(kb, choice, step.dose))
    return views, [left_out_target(kb, c) for c in step.left_out]


def _order_reason(kb: KnowledgeBase, before: str, after: str) -> str | None:
    why = kb.steps[before].why_before
    return why.get(after) or why.get("any")


def _nearest(step: PlanStep, by_kind: dict[str, PlanStep]) -> list[str]:
    """The steps ``step`` waits for directly: those not already waited for by another."""
    implied = {k for a in step.after if a in by_kind for k in by_kind[a].after}
    return [k for k in step.after if k not in implied]


def _spans(a: Assessment, kb: KnowledgeBase) -> tuple[list[tuple[int, int]], int]:
    end: dict[str, int] = {}
    start_of: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for step in a.plan:
        start = 1 + max((end[k] for k in step.after if k in end), default=0)
        start = min([start, *(start_of[k] for k in step.alongside if k in start_of)])
        weeks = int(step.dose.get("weeks", 0))
        start_of[step.kind] = start
        end[step.kind] = start + weeks - 1
        spans.append((start, start + weeks - 1))
    total = max((e for _, e in spans), default=0)
    spans = [
        (1, total) if kb.steps[s.kind].throughout and total else span
        for s, span in zip(a.plan, spans, strict=True)
    ]
    return spans, total


def phases(a: Assessment, kb: KnowledgeBase) -> tuple[list[Phase], int]:
    """One phase per plan step, in plan order, with week ranges; and the plan's weeks.

    Steps without weeks (a doctor's visit, an assessment, a check) take no weeks
    of their own and are done before the weeks that follow them.
    """
    _ = translator(kb.language)
    spans, total = _spans(a, kb)
    number = {s.kind: i for i, s in enumerate(a.plan, 1)}
    by_kind = {s.kind: s for s in a.plan}
    out = []
    said: dict[str, int] = {}  # a reason -> the step that first gave it
    held_words = kb.wording.held_until
    for i, (step, (start, stop)) in enumerate(zip(a.plan, spans, strict=True), 1):
        tmpl = kb.steps[step.kind]
        because = [b for b in dict.fromkeys(step.because) if b not in said]
        earlier = sorted({said[b] for b in step.because if b in said})
        if earlier:
            steps = ", ".join(map(str, earlier))
            because.append(_("And the reasons given at step {steps}.").format(steps=steps))
        for b in step.because:
            said.setdefault(b, i)
        if tmpl.throughout:
            label = _("Throughout the plan")
        elif stop >= start:
            label = (
                _("Week {week}").format(week=start)
                if start == stop
                else _("Weeks {start}–{end}").format(start=start, end=stop)
            )
        else:
            label = _("Before you start") if start == 1 else _("Before week {week}").format(week=start)
        offset = (start - 1) / total * 100 if total else 0.0
        width = (stop - start + 1) / total * 100 if total and stop >= start else 0.0
        views, left = step_instructions(kb, step)
        in_sentence = kb.wording.grammar.in_sentence
        out.append(
            Phase(
                number=i,
                kind=step.kind,
                title=step.title,
                why=step.why,
                because=because,
                after=[
                    AfterItem(number[k], in_sentence(kb.steps[k].title), _order_reason(kb, k, step.kind))
                    for k in _nearest(step, by_kind)
                    if k in number
                ],
                alongside=[
                    kb.wording.phrases["alongside"].format(number=number[k])
                    for k in step.alongside
                    if k in number
                ],
                targets=[target_name(kb, t) for t in step.targets],
                instructions=views,
                left_out=left,
                dose=dose_items(kb, step),
                cautions=[
                    CautionNote(in_sentence(precaution_name(kb, c.precaution)), c.note) for c in step.cautions
                ],
                held=held_words[step.held_until] if step.held_until else None,
                self_treatment=tmpl.self_treatment,
                expect=step.expect,
                move_on_when=step.move_on_when,
                start_week=start,
                end_week=stop,
                weeks_label=label,
                bar_offset=round(offset, 2),
                bar_width=round(width, 2),
            )
        )
    return out, total
