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
from regain.knowledge.messages import translations

from .formatting import day, fixed, number, percent, whole_percent
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
    percent_text: str = ""  # "91%", as the language writes it


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
    _ = translations(kb.language).gettext
    q = kb.questions[qid]
    labels = {o.value: o.label for o in q.options}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return labels.get(str(value), str(value))


def _findings(a: Assessment, kb: KnowledgeBase) -> list[Finding]:
    words = translations(kb.language)
    _, ngettext, lang = words.gettext, words.ngettext, kb.language
    answers = a.answers
    out: list[Finding] = []
    moved = [kb.movements[m].name for m in answers.get("restricted_movements", []) if m in kb.movements]
    if moved:
        out.append(Finding(_("Restricted movements"), ", ".join(moved)))
    for mv, degrees in (answers.get("range_measured") or {}).items():
        if mv in kb.movements:
            normal = kb.movements[mv].normal_range_deg
            name = kb.wording.grammar.in_sentence(kb.movements[mv].name)
            measured = _("{degrees}° of a normal {normal}° ({percent})").format(
                degrees=number(lang, degrees),
                normal=number(lang, normal),
                percent=percent(lang, degrees / normal),
            )
            out.append(Finding(_("Measured: {movement}").format(movement=name), measured))
    if answers.get("side") not in (None, "unknown"):
        out.append(Finding(_("Side"), _choice(kb, "side", answers["side"])))
    for qid, label in (("pain_on_movement", _("Pain on movement")), ("pain_at_rest", _("Pain at rest"))):
        if isinstance(answers.get(qid), (int, float)) and not isinstance(answers.get(qid), bool):
            out.append(Finding(label, _("{value}/10").format(value=number(lang, answers[qid]))))
    weeks = answers.get("duration_weeks")
    if isinstance(weeks, (int, float)):
        many = int(weeks) if float(weeks).is_integer() else 2  # which plural form
        said = ngettext("{count} week", "{count} weeks", many).format(count=number(lang, weeks))
        out.append(Finding(_("Restricted for"), said))
    regions = [kb.regions[r].name for r in a.pain_regions if r in kb.regions]
    if regions:
        out.append(Finding(_("Pain felt in"), ", ".join(regions)))
    if answers.get("limit_felt_as") not in (None, "unknown"):
        stops = _choice(kb, "limit_felt_as", answers["limit_felt_as"])
        out.append(Finding(_("What stops the movement"), stops))
    return out


def _conclusions(a: Assessment, kb: KnowledgeBase) -> list[Conclusion]:
    found = {**a.causes, "active_trigger_points": a.active_trigger_points}
    names = {k: kb.wording.causes[k].name for k in found}
    found.update(a.other_causes_found())
    names.update({k: kb.other_causes[k].name for k in a.other_causes_found()})
    out = []
    for k, f in found.items():
        whole = round(max(0.0, min(1.0, f.certainty)) * 100)
        out.append(
            Conclusion(
                names[k],
                kb.wording.levels[f.level],
                whole,
                [e.text for e in f.evidence if e.cf >= 0],
                [e.text for e in f.evidence if e.cf < 0],
                whole_percent(kb.language, whole),
            )
        )
    return out


def clinician_view(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> ClinicianView:
    """The clinician summary of ``a``."""
    _ = translations(kb.language).gettext
    steps, _total = phases(a, kb)
    person = one_line(a.name or a.case_id)
    flags = [f"{kb.red_flags[f.id].sign} ({_tier(kb, f.tier)})" for f in a.red_flags]
    flags += [f"{kb.combinations[c.id].name} ({_tier(kb, c.tier)})" for c in a.combinations]
    return ClinicianView(
        title=_("Summary for a clinician: {person}").format(person=person),
        person=person,
        case_id=one_line(a.case_id),
        date=None if date is None else day(kb.language, date),
        triage=triage_banner(a, kb),
        flags=flags,
        findings=_findings(a, kb),
        conclusions=_conclusions(a, kb) if a.self_help != "none" else [],
        muscles=[
            MuscleLine(m.name, fixed(kb.language, m.score, 2), m.reasons[:REASONS_SHOWN])
            for m in a.muscles[:MUSCLES_SHOWN]
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
