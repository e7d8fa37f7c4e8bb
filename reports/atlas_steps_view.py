"""The atlas's plan steps page: every step of ``plan_steps.yaml`` with its texts and doses.

Each step with its doses in their units (the plan's own wording,
:func:`regain.reports.phase_view.dose_text`), what it comes before and after
and why, the plan rules that add it and the precautions that soften it.
Plain dataclasses; the words around them are in ``templates/atlas/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.knowledge import KnowledgeBase

from . import atlas_links as links
from .atlas_links import Link
from .atlas_safety_view import Softening, softening
from .phase_view import dose_text


@dataclass(frozen=True, slots=True)
class DoseView:
    key: str
    value: float
    text: str
    role: str


@dataclass(frozen=True, slots=True)
class StepView:
    id: str
    anchor: str
    title: str
    today: str | None
    why: str
    expect: str
    move_on_when: str
    #: how far to take its stretches or exercises, and when to stop its self-massage,
    #: where an instruction says nothing of its own
    how_far: str | None
    stop_if: str | None
    targets: str
    priority: int
    exclusive: bool
    self_treatment: bool
    awaits_assessment: bool
    throughout: bool
    dose: tuple[DoseView, ...]
    before: tuple[Link, ...]
    after: tuple[Link, ...]
    why_before: tuple[tuple[Link | None, str], ...]  # None: before any later step
    added_by: tuple[Link, ...]
    softened_by: tuple[tuple[Link, Softening], ...]


def step_views(kb: KnowledgeBase) -> tuple[StepView, ...]:
    """Every plan step of plan_steps.yaml, in its order there."""
    out = []
    for kind, t in kb.steps.items():
        softened: list[tuple[Link, Softening]] = []
        for fid, flag in kb.red_flags.items():
            softened += [
                (links.red_flag(kb, fid), s) for s in softening(kb, flag.softens) if s.step.id == kind
            ]
        for cid, cause in kb.other_causes.items():
            softened += [
                (links.conclusion(kb, cid), s) for s in softening(kb, cause.softens) if s.step.id == kind
            ]
        out.append(
            StepView(
                id=kind,
                anchor=links.anchor("step", kind),
                title=t.title,
                today=t.today,
                why=t.why,
                expect=t.expect,
                move_on_when=t.move_on_when,
                how_far=t.how_far,
                stop_if=t.stop_if,
                targets=t.targets,
                priority=t.priority,
                exclusive=t.exclusive,
                self_treatment=t.self_treatment,
                awaits_assessment=t.awaits_assessment,
                throughout=t.throughout,
                dose=tuple(
                    DoseView(key, value, dose_text(kb, kind, key, value), t.dose_units[key].role)
                    for key, value in t.dose.items()
                ),
                before=tuple(links.step(kb, b) for b in t.before),
                after=tuple(links.step(kb, k) for k, other in kb.steps.items() if kind in other.before),
                why_before=tuple(
                    (None if later == "any" else links.step(kb, later), text)
                    for later, text in t.why_before.items()
                ),
                added_by=tuple(
                    links.plan_rule(kb, rid)
                    for rid, rule in kb.inference.plan_rules.items()
                    if kind in rule.steps
                ),
                softened_by=tuple(softened),
            )
        )
    return tuple(out)
