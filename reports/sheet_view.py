"""The exercise sheet: this fortnight's sessions on one printed page, with a box per day.

What people stick on the fridge: each exercise of the steps that run now
("Start today"), with each muscle's picture (where to press), its
instructions, its dose and a tick box for every day of the next two weeks;
then when to stop. The plan page has the
reasons; the sheet has only what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

from .figure_view import FigureView, muscle_figure
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
    figure: FigureView | None = None  # a muscle's picture, at its first row


@dataclass(slots=True)
class SheetView:
    title: str
    person: str
    ticks: str
    days: list[int]
    rows: list[SheetRow]
    defs: FigureView | None  # the figure whose definitions the page draws once
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


def _with_figures(a: Assessment, kb: KnowledgeBase, rows: list[SheetRow], targets: list[str]) -> None:
    """Each muscle's picture at its first row (a muscle massaged and stretched is drawn once)."""
    drawn: set[str] = set()
    for row, target in zip(rows, targets, strict=True):
        if target in kb.muscles and target not in drawn:
            row.figure = muscle_figure(kb, target, a.side)
            drawn.add(target)


def sheet_view(a: Assessment, kb: KnowledgeBase) -> SheetView:
    """The sheet of ``a``: the sessions of its first weeks."""
    steps, _ = phases(a, kb)
    t = today_view(a, kb, steps)
    by_number = {p.number: step for p, step in zip(steps, a.plan, strict=True)}
    rows: list[SheetRow] = []
    targets: list[str] = []
    for item in t.items:
        step = by_number[item.step]
        views, _ = step_instructions(kb, step)
        rows += _rows(item, views)
        chosen = [c.target for c in step.instructions if c.instruction is not None]
        targets += chosen if views else [""]
    _with_figures(a, kb, rows, targets)
    person = one_line(a.name or a.case_id)
    figures = [r.figure for r in rows if r.figure is not None]
    return SheetView(
        title=kb.wording.start_today.sheet_title.format(person=person),
        person=person,
        ticks=kb.wording.start_today.sheet_ticks,
        days=list(range(1, SHEET_DAYS + 1)),
        rows=rows,
        defs=figures[0] if figures else None,
        nothing_yet=t.nothing_yet,
        held=t.held,
        stop_heading=t.stop_heading,
        stop_if=t.stop_if,
        disclaimer=a.disclaimer,
    )
