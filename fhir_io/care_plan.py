"""The ordered plan as a FHIR ``CarePlan``: one ``activity`` per plan step, in the plan's order.

Each activity's ``detail`` says the step (regain's ``/plan-steps`` code, its
title), why (``description``), its dose and its targets:

* the dose as ``scheduledTiming``: sessions a day or a week as
  ``repeat.frequency`` per ``period``, the weeks as ``repeat.boundsDuration``,
  a hold or a session's minutes as ``repeat.duration``; the dose in words as
  the timing's ``code.text``; every dose value, exactly as the plan has it,
  in regain's ``dose`` extension (strokes, repetitions, sets and the pressure
  ceiling have no place in ``Timing``);
* the muscles (or movements, or exercises) it works on in regain's
  ``activity-target`` extension: R4's ``CarePlan.activity.detail`` has no
  element for the body part an activity works on, and HL7's body-site
  extensions are defined for Procedure and ServiceRequest only.

What tells the person to move on from a step (``move_on_when``) is the
step's ``Goal`` (``detail.goal``, and in ``CarePlan.goal``), with what to
expect meanwhile as its note.

Safety first: a step the triage holds (``held_until``), and every self-help
step while the warning signs are not yet screened, is ``on-hold`` with the
reason as ``statusReason`` and at the start of its description; nothing held
reads as "go ahead". The plan's ``title`` and ``description`` are the
headline every rendering leads with.
"""

from __future__ import annotations

from typing import Any

from regain.engine.assessment import Assessment
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase

from .bundle_common import EXT_DOSE, EXT_SELF_HELP, EXT_TARGET, coding, concept, quantity
from .risk import headline_text

#: A step's target source -> (regain code system, where its names are).
TARGET_SYSTEMS = {
    "trigger_point_muscles": "muscles",
    "shortened_muscles": "muscles",
    "candidate_muscles": "muscles",
    "movements": "movements",
    "strengthening_exercises": "exercises",
}
#: Dose values that say how often, per which period (UCUM units of Timing).
PER_PERIOD = {"sessions_per_day": "d", "sessions_per_week": "wk"}
#: Dose values that say how long one occurrence lasts, and their unit (``dose_units``' scale aside).
LASTING = {"hold_seconds": "s", "minutes": "min"}


def dose_words(kb: KnowledgeBase, step: PlanStep) -> str:
    """The step's dose in words, as every rendering says it (``plan_steps.yaml``'s units)."""
    units = kb.steps[step.kind].dose_units
    return ", ".join(units[key].said(value, kb.language) for key, value in step.dose.items())


def timing(kb: KnowledgeBase, step: PlanStep) -> dict[str, Any] | None:
    """The step's dose as a FHIR ``Timing``, or ``None`` for a step without a dose."""
    if not step.dose:
        return None
    repeat: dict[str, Any] = {}
    weeks = step.dose.get("weeks")
    if weeks:
        repeat["boundsDuration"] = quantity(weeks, "wk")
    for key, unit in LASTING.items():
        if key in step.dose:
            repeat.update({"duration": step.dose[key], "durationUnit": unit})
            break
    for key, unit in PER_PERIOD.items():
        value = step.dose.get(key)
        if value and float(value).is_integer():
            repeat.update({"frequency": int(value), "period": 1, "periodUnit": unit})
            break
    out: dict[str, Any] = {}
    if repeat:
        out["repeat"] = repeat
    out["code"] = {"text": dose_words(kb, step)}
    return out


def _targets(kb: KnowledgeBase, step: PlanStep) -> list[dict[str, Any]]:
    system = TARGET_SYSTEMS.get(kb.steps[step.kind].targets)
    if system is None:
        return []
    names: dict[str, Any] = getattr(kb, system)  # kb.muscles, kb.movements or kb.exercises
    return [
        {"url": EXT_TARGET, "valueCodeableConcept": concept(system, t, names[t].name if t in names else None)}
        for t in step.targets
    ]


def hold_reason(a: Assessment, kb: KnowledgeBase, step: PlanStep) -> str | None:
    """Why a step waits, in the knowledge base's words, or ``None`` if it may start."""
    if step.held_until:
        return kb.wording.held_until[step.held_until]
    if a.self_help == "screen_first" and kb.steps[step.kind].self_treatment:
        return kb.wording.headlines["screen_first"].heading
    return None


def goal(
    a: Assessment, kb: KnowledgeBase, step: PlanStep, rid: str, subject: dict[str, str]
) -> dict[str, Any]:
    """A step's ``Goal``: when to move on (what to expect as its note); on hold with its step."""
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": rid,
        "language": kb.language,
        "lifecycleStatus": "on-hold" if hold_reason(a, kb, step) else "proposed",
        "description": {"text": step.move_on_when},
        "subject": subject,
    }
    if step.expect:
        resource["note"] = [{"text": step.expect}]
    return resource


def activity(
    a: Assessment, kb: KnowledgeBase, step: PlanStep, goal_ref: dict[str, str] | None = None
) -> dict[str, Any]:
    """One plan step as a CarePlan activity (``goal_ref``: its Goal)."""
    held = hold_reason(a, kb, step)
    extensions = _targets(kb, step)
    if step.dose:
        dose = [{"url": key, "valueDecimal": value} for key, value in step.dose.items()]
        extensions.append({"url": EXT_DOSE, "extension": dose})
    words = [step.why, *(c.note for c in step.cautions)]
    detail: dict[str, Any] = {}
    if extensions:
        detail["extension"] = extensions
    detail["code"] = concept("plan-steps", step.kind, step.title)
    if goal_ref:
        detail["goal"] = [goal_ref]
    detail["status"] = "on-hold" if held else "not-started"
    if held:
        detail["statusReason"] = {"text": held}
        words.insert(0, f"{held}.")
    scheduled = timing(kb, step)
    if scheduled:
        detail["scheduledTiming"] = scheduled
    detail["description"] = " ".join(w for w in words if w)
    return {"detail": detail}


def care_plan(
    a: Assessment,
    kb: KnowledgeBase,
    rid: str,
    subject: dict[str, str],
    supporting: list[dict[str, str]],
    goal_refs: list[dict[str, str] | None],
) -> dict[str, Any]:
    """The ``CarePlan`` of ``a``: the headline, then every plan step as an activity, in order.

    ``goal_refs`` are the references to each step's Goal (``None``: it has none).
    """
    heading, message = headline_text(a, kb)
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": rid,
        "language": kb.language,
        "extension": [
            {
                "url": EXT_SELF_HELP,
                "valueCoding": coding("self-help", a.self_help, kb.wording.self_help[a.self_help]),
            }
        ],
        "status": "active",
        "intent": "plan",
        "title": heading,
        "description": message,
        "subject": subject,
        "supportingInfo": supporting,
    }
    goals = [ref for ref in goal_refs if ref]
    if goals:
        plan["goal"] = goals
    plan["activity"] = [activity(a, kb, step, ref) for step, ref in zip(a.plan, goal_refs, strict=True)]
    plan["note"] = [{"text": a.disclaimer}]
    return plan
