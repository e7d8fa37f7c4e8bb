"""The exercise sheet: this fortnight's sessions on one printed page, with a box per day.

What people stick on the fridge: each exercise of the steps that run now
("Start today"), with its instructions, its dose and a tick box for every
day of the next two weeks; then when to stop. The plan page has the
reasons; the sheet has only what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

from .instruction_view import InstructionView
from .phase_view import phases, step_instructions
from .today_view import TodayItem, today_view

#: The days a sheet covers: print a new one after two weeks.
SHEET_DAYS = 14


@dataclass(slots=True)
class SheetRow:
    what: str  # the step's line of "Start today"
    heading: str  # the target, or the step itself when it has none
    instruction: InstructionView | None
    warnings: list[str]
    dose: str
    step: int


@dataclass(slots=True)
class SheetView:
    title: str
    person: str
    ticks: str
    days: list[int]
    rows: list[SheetRow]
    nothing_yet: str | None
    held: str | None
    stop_heading: str
    stop_if: list[str]
    disclaimer: str


def _rows(item: TodayItem, views: list[InstructionView]) -> list[SheetRow]:
    dose = ", ".join(item.amount + item.often)
    if not views:
        return [SheetRow(item.what, item.what, None, [], dose, item.step)]
    return [SheetRow(item.what, v.heading, v, v.warnings, dose, item.step) for v in views]


def sheet_view(a: Assessment, kb: KnowledgeBase) -> SheetView:
    """The sheet of ``a``: the sessions of its first weeks."""
    steps, _ = phases(a, kb)
    t = today_view(a, kb, steps)
    by_number = {p.number: step for p, step in zip(steps, a.plan, strict=True)}
    rows: list[SheetRow] = []
    for item in t.items:
        views, _ = step_instructions(kb, by_number[item.step])
        rows += _rows(item, views)
    person = one_line(a.name or a.case_id)
    return SheetView(
        title=kb.wording.start_today.sheet_title.format(person=person),
        person=person,
        ticks=kb.wording.start_today.sheet_ticks,
        days=list(range(1, SHEET_DAYS + 1)),
        rows=rows,
        nothing_yet=t.nothing_yet,
        held=t.held,
        stop_heading=t.stop_heading,
        stop_if=t.stop_if,
        disclaimer=a.disclaimer,
    )
