"""A one-page summary to show a physiotherapist or doctor: findings, conclusions, plan.

Where the plan speaks to the person, this speaks to a clinician: the triage
with every warning sign reported, the answers that matter (movements and
measured ranges, pain, duration, regions), each conclusion with its
certainty and the signs behind it, the candidate muscles with why, and the
plan as steps, weeks and doses. Built from the same views as the plan, so
the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase

from .phase_view import dose_items, phases
from .safety_view import TriageBanner, triage_banner

#: The candidate muscles listed (the plan uses the first few of them).
MUSCLES_SHOWN = 6
#: The strongest reasons given for each (the JSON has them all).
REASONS_SHOWN = 2


@dataclass(slots=True)
class Finding:
    label: str
    value: str


@dataclass(slots=True)
class Conclusion:
    name: str
    level: str
    percent: int
    signs_for: list[str]
    signs_against: list[str]


@dataclass(slots=True)
class MuscleLine:
    name: str
    score: str
    reasons: list[str]


@dataclass(slots=True)
class StepLine:
    number: int
    title: str
    weeks: str
    targets: list[str]
    dose: list[str]
    cautions: list[str]  # the caution signs that changed the step
    held: str | None  # what it waits for


@dataclass(slots=True)
class ClinicianView:
    title: str
    person: str
    case_id: str
    date: str | None
    triage: TriageBanner
    flags: list[str]
    findings: list[Finding]
    conclusions: list[Conclusion]
    muscles: list[MuscleLine]
    steps: list[StepLine]
    missing: list[str]
    knowledge_version: str
    disclaimer: str


def _tier(kb: KnowledgeBase, tier: str) -> str:
    """A sign's tier in words: a triage tier, or "needing extra care" for a caution."""
    return kb.wording.grammar.in_sentence(kb.wording.tiers.get(tier) or kb.wording.flag_groups[tier])


def _choice(kb: KnowledgeBase, qid: str, value: object) -> str:
    q = kb.questions[qid]
    labels = {o.value: o.label for o in q.options}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return labels.get(str(value), str(value))


def _findings(a: Assessment, kb: KnowledgeBase) -> list[Finding]:
    answers = a.answers
    out: list[Finding] = []
    moved = [kb.movements[m].name for m in answers.get("restricted_movements", []) if m in kb.movements]
    if moved:
        out.append(Finding("Restricted movements", ", ".join(moved)))
    for mv, degrees in (answers.get("range_measured") or {}).items():
        if mv in kb.movements:
            normal = kb.movements[mv].normal_range_deg
            out.append(
                Finding(
                    f"Measured: {kb.wording.grammar.in_sentence(kb.movements[mv].name)}",
                    f"{degrees:g}° of a normal {normal}° ({degrees / normal:.0%})",
                )
            )
    if answers.get("side") not in (None, "unknown"):
        out.append(Finding("Side", _choice(kb, "side", answers["side"])))
    for qid, label in (("pain_on_movement", "Pain on movement"), ("pain_at_rest", "Pain at rest")):
        if isinstance(answers.get(qid), (int, float)) and not isinstance(answers.get(qid), bool):
            out.append(Finding(label, f"{answers[qid]:g}/10"))
    if isinstance(answers.get("duration_weeks"), (int, float)):
        out.append(Finding("Restricted for", f"{answers['duration_weeks']:g} weeks"))
    regions = [kb.regions[r].name for r in a.pain_regions if r in kb.regions]
    if regions:
        out.append(Finding("Pain felt in", ", ".join(regions)))
    if answers.get("limit_felt_as") not in (None, "unknown"):
        out.append(Finding("What stops the movement", _choice(kb, "limit_felt_as", answers["limit_felt_as"])))
    return out


def _conclusions(a: Assessment, kb: KnowledgeBase) -> list[Conclusion]:
    found = {**a.causes, "active_trigger_points": a.active_trigger_points}
    names = {k: kb.wording.causes[k].name for k in found}
    found.update(a.other_causes_found())
    names.update({k: kb.other_causes[k].name for k in a.other_causes_found()})
    return [
        Conclusion(
            names[k],
            kb.wording.levels[f.level],
            round(max(0.0, min(1.0, f.certainty)) * 100),
            [e.text for e in f.evidence if e.cf >= 0],
            [e.text for e in f.evidence if e.cf < 0],
        )
        for k, f in found.items()
    ]


def clinician_view(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> ClinicianView:
    """The clinician summary of ``a``."""
    steps, _ = phases(a, kb)
    person = one_line(a.name or a.case_id)
    flags = [f"{kb.red_flags[f.id].sign} ({_tier(kb, f.tier)})" for f in a.red_flags]
    flags += [f"{kb.combinations[c.id].name} ({_tier(kb, c.tier)})" for c in a.combinations]
    return ClinicianView(
        title=f"Summary for a clinician: {person}",
        person=person,
        case_id=one_line(a.case_id),
        date=date,
        triage=triage_banner(a, kb),
        flags=flags,
        findings=_findings(a, kb),
        conclusions=_conclusions(a, kb) if a.self_help != "none" else [],
        muscles=[
            MuscleLine(m.name, f"{m.score:.2f}", m.reasons[:REASONS_SHOWN]) for m in a.muscles[:MUSCLES_SHOWN]
        ]
        if a.self_help != "none"
        else [],
        steps=[
            StepLine(
                p.number,
                p.title,
                p.weeks_label,
                p.targets,
                [d.text for d in dose_items(kb, step)],
                [kb.wording.grammar.in_sentence(c.sign) for c in p.cautions],
                p.held,
            )
            for p, step in zip(steps, a.plan, strict=True)
        ],
        missing=[kb.questions[q].text for q in a.missing if q in kb.questions],
        knowledge_version=a.knowledge_version,
        disclaimer=a.disclaimer,
    )
