"""What a plan opens with: "Start today", this week's sessions and when to stop.

A person should not have to read the reasoning to know what to do. The box
holds the triage headline and its reasons (:mod:`.safety_view`), what must
come first (a doctor, an examination, the warning-sign checklist), this
week's self-help sessions as a short checklist (what, for which muscles or
movements, how much, how often, for how long) and the signs that stop the
exercises. The HTML plan, the terminal summary and the end of ``regain ask``
all show it, so they lead with the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.engine.assessment import Assessment
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase

from .phase_view import Phase, dose_text
from .safety_view import TriageBanner, triage_banner


@dataclass(slots=True)
class TodayItem:
    """One line of this week's checklist."""

    what: str
    targets: list[str]
    amount: list[str]  # how much in one session
    often: list[str]
    period: list[str]  # for how long the step lasts
    step: int  # the plan step with the details
    see_step: str


@dataclass(slots=True)
class TodayView:
    heading: str
    banner: TriageBanner
    first: list[str]  # what comes before any self-help: a doctor, an examination, the checklist
    first_heading: str
    this_week: str
    items: list[TodayItem]
    held: str | None  # the self-help steps wait for a doctor or an examination
    nothing_yet: str | None  # no self-help may start at all (an emergency, a doctor today)
    stop_heading: str
    stop_if: list[str] = field(default_factory=list)
    stop_more: str = ""


def dose_parts(kb: KnowledgeBase, step: PlanStep) -> dict[str, list[str]]:
    """The step's dose worded, by role: how much in a session, how often, for how long."""
    parts: dict[str, list[str]] = {"amount": [], "often": [], "period": []}
    units = kb.steps[step.kind].dose_units
    for key, value in step.dose.items():
        parts[units[key].role].append(dose_text(kb, step.kind, key, value))
    return parts


def _starts_now(phase: Phase) -> bool:
    """Done this week: a step of the first weeks, a support throughout, or a short check before."""
    return phase.start_week <= 1


def today_view(a: Assessment, kb: KnowledgeBase, phases: list[Phase]) -> TodayView:
    """The "Start today" box of an assessment whose plan is ``phases``."""
    words = kb.wording.start_today
    banner = triage_banner(a, kb)
    first: list[str] = []
    if a.self_help != "none":  # else the headline says what to do, and nothing else
        first = [p.title for p in phases if not p.self_treatment]
        if not a.screening_complete:
            first.append(words.screen_first)
    items: list[TodayItem] = []
    held: str | None = None
    for step, phase in zip(a.plan, phases, strict=True):
        if not phase.self_treatment or not _starts_now(phase):
            continue
        if phase.held:
            held = words.held.format(held=phase.held)
            continue
        parts = dose_parts(kb, step)
        items.append(
            TodayItem(
                what=kb.steps[step.kind].today or phase.title,
                targets=phase.targets,
                amount=parts["amount"],
                often=parts["often"],
                period=parts["period"],
                step=phase.number,
                see_step=words.see_step.format(number=phase.number),
            )
        )
    nothing = words.nothing_yet if a.self_help == "none" or (not items and held is None) else None
    return TodayView(
        heading=words.heading,
        banner=banner,
        first=first,
        first_heading=words.first,
        this_week=words.this_week,
        items=items,
        held=held,
        nothing_yet=nothing,
        stop_heading=words.stop_heading,
        stop_if=list(words.stop_if) if a.self_help != "none" else [],
        stop_more=words.stop_more,
    )
