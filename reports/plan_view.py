"""The HTML plan's view model: everything the page shows, as plain dataclasses.

:func:`build_plan_view` turns an :class:`~regain.engine.assessment.Assessment`
and the knowledge base into a :class:`PlanView`. Every decision about what to
show is taken in the view modules (:mod:`.safety_view` for the triage and
warning signs, :mod:`.phase_view` for the steps, :mod:`.card_view` for the
muscle cards and body map, and here for the causes); the Jinja2 templates
only display these values. Nothing here is clinical inference: the
assessment has already concluded, these modules only word and arrange what
it says, in the knowledge base's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.engine.assessment import Assessment, CauseFinding
from regain.engine.display_text import one_line
from regain.knowledge import KnowledgeBase
from regain.knowledge.grammar import sentence_start
from regain.knowledge.wording_models import Explanation

from .card_view import BodyMap, MuscleCard, body_map, muscle_cards
from .formatting import day, translator, whole_percent
from .phase_view import Phase, phases
from .safety_view import Checklist, OtherCauseView, checklist, other_causes
from .today_view import TodayView, today_view

#: The progress log covers the plan's weeks, but at least this many.
MIN_LOG_WEEKS = 4


@dataclass(slots=True)
class Header:
    title: str
    person: str
    case_id: str
    date: str | None
    notes: str | None


@dataclass(slots=True)
class EvidenceItem:
    text: str
    supports: bool
    strength: str  # strong, moderate, weak
    weight: str  # in words: "strong sign for"


@dataclass(slots=True)
class CauseView:
    key: str
    name: str
    summary: str
    percent: int
    level: str
    level_words: str
    evidence: list[EvidenceItem]
    percent_text: str = ""  # "91%", as the language writes it


@dataclass(slots=True)
class MissingQuestion:
    id: str
    text: str
    help: str
    informs: list[str]


@dataclass(slots=True)
class LogWeek:
    week: int
    steps: list[str]


@dataclass(slots=True)
class PlanView:
    """Everything the HTML plan shows, in the order it shows it."""

    header: Header
    today: TodayView  # the triage headline, this week's sessions, when to stop
    emergency: bool  # no self-help at all (emergency or urgent): only the advice and signs
    checklist: Checklist
    causes: list[CauseView]
    other_causes: list[OtherCauseView]
    missing: list[MissingQuestion]
    body_map: BodyMap | None
    phases: list[Phase]
    total_weeks: int
    muscle_cards: list[MuscleCard]
    log_weeks: list[LogWeek]
    disclaimer: str
    knowledge_version: str
    #: the knowledge base's explanations (the vicious circle, referred pain...)
    explanations: dict[str, Explanation] = field(default_factory=dict)
    timeline_ticks: list[tuple[int, float]] = field(default_factory=list)
    #: A long plan prints in a slightly smaller type so that it keeps to six A4 pages.
    print_compact: bool = False


def _strength(cf: float) -> str:
    size = abs(cf)
    return "strong" if size >= 0.4 else "moderate" if size >= 0.25 else "weak"


def _evidence(kb: KnowledgeBase, text: str, cf: float) -> EvidenceItem:
    """One sign behind a conclusion, with how much it weighs for or against it, in words."""
    _ = translator(kb.language)
    strength = _strength(cf)
    weights = (
        {"strong": _("strong sign for"), "moderate": _("moderate sign for"), "weak": _("weak sign for")}
        if cf >= 0
        else {
            "strong": _("strong sign against"),
            "moderate": _("moderate sign against"),
            "weak": _("weak sign against"),
        }
    )
    return EvidenceItem(text, cf >= 0, strength, weights[strength])


def _header(a: Assessment, kb: KnowledgeBase, date: str | None) -> Header:
    _ = translator(kb.language)
    person = one_line(a.name or a.case_id)  # free text: shown on one line, no control characters
    title = (
        f"{kb.wording.tiers[a.triage]}: {person}"
        if a.self_help == "none"
        else _("Your plan to regain movement: {person}").format(person=person)
    )
    return Header(
        title=title,
        person=person,
        case_id=one_line(a.case_id),
        date=None if date is None else day(kb.language, date),
        notes=a.notes and one_line(a.notes),
    )


def _cause(kb: KnowledgeBase, key: str, finding: CauseFinding) -> CauseView:
    percent = round(max(0.0, min(1.0, finding.certainty)) * 100)
    words = kb.wording.causes[key]
    level_words = kb.wording.levels[finding.level]
    return CauseView(
        key=key,
        name=words.name,
        summary=words.summary,
        percent=percent,
        level=finding.level,
        level_words=sentence_start(level_words),
        evidence=[_evidence(kb, e.text, e.cf) for e in finding.evidence],
        percent_text=whole_percent(kb.language, percent),
    )


def _missing(a: Assessment, kb: KnowledgeBase) -> list[MissingQuestion]:
    """The questions left open, each with what its answer could still change."""
    out = []
    causes = kb.wording.causes
    doctor = kb.wording.phrases["doctor_decides"]
    for qid in a.missing:
        q = kb.questions.get(qid)
        if q is None:
            continue
        informs = [
            kb.wording.grammar.in_sentence(
                doctor if c == "triage" else causes[c].name if c in causes else kb.other_causes[c].name
            )
            for c in a.missing_informs.get(qid, [])
        ]
        out.append(MissingQuestion(qid, q.text, q.help, informs))
    return out


def _log(steps: list[Phase], total: int) -> list[LogWeek]:
    weeks = max(total, MIN_LOG_WEEKS)
    return [
        LogWeek(w, [f"{p.number}" for p in steps if p.start_week <= w <= p.end_week])
        for w in range(1, weeks + 1)
    ]


def _ticks(total: int) -> list[tuple[int, float]]:
    if not total:
        return []
    step = 1 if total <= 8 else 2 if total <= 16 else 4
    return [(w, round((w - 1) / total * 100, 2)) for w in range(1, total + 1, step)]


#: How much a plan's parts add to its printed length, in rough "plan step" units, and
#: the length from which it prints compact (calibrated on the golden plans).
PRINT_WEIGHTS = {
    "step": 1.0,
    "caution": 0.5,
    "region": 0.15,
    "flag": 0.2,
    "missing": 0.15,
    "instruction": 0.2,
}
PRINT_COMPACT_FROM = 10.0


def _print_compact(a: Assessment) -> bool:
    w = PRINT_WEIGHTS
    length = (
        w["step"] * len(a.plan)
        + w["caution"] * sum(len(s.cautions) for s in a.plan)
        + w["region"] * len(a.pain_regions)
        + w["flag"] * len(a.red_flags)
        + w["missing"] * len(a.missing)
        + w["instruction"] * sum(len(s.instructions) for s in a.plan)
    )
    return length >= PRINT_COMPACT_FROM


def build_plan_view(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> PlanView:
    """The view of ``a``: without self-help (emergency, urgent) only the advice and the signs."""
    header = _header(a, kb, date)
    signs = checklist(a, kb)
    steps, total = phases(a, kb)
    today = today_view(a, kb, steps)
    if a.self_help == "none":
        return PlanView(
            header=header,
            today=today,
            emergency=True,
            checklist=signs,
            causes=[],
            other_causes=[],
            missing=[],
            body_map=None,
            phases=[],
            total_weeks=0,
            muscle_cards=[],
            log_weeks=[],
            disclaimer=a.disclaimer,
            knowledge_version=a.knowledge_version,
            explanations=dict(kb.wording.explanations),
        )
    causes = [_cause(kb, k, f) for k, f in a.causes.items()]
    causes.append(_cause(kb, "active_trigger_points", a.active_trigger_points))
    cards = muscle_cards(a, kb)
    return PlanView(
        header=header,
        today=today,
        emergency=False,
        checklist=signs,
        causes=causes,
        other_causes=other_causes(a, kb),
        missing=_missing(a, kb),
        body_map=body_map(a, kb, cards),
        phases=steps,
        total_weeks=total,
        muscle_cards=cards,
        log_weeks=_log(steps, total),
        disclaimer=a.disclaimer,
        knowledge_version=a.knowledge_version,
        explanations=dict(kb.wording.explanations),
        timeline_ticks=_ticks(total),
        print_compact=_print_compact(a),
    )
