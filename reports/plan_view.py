"""The HTML plan's view model: everything the page shows, as plain dataclasses.

:func:`build_plan_view` turns an :class:`~regain.engine.assessment.Assessment`
and the knowledge base into a :class:`PlanView`. Every decision about what to
show is taken here (which sections an emergency hides, the week range of each
phase, which dose values a caution capped, which body-map points to draw, the
questions left unanswered and what they could change); the Jinja2 templates
only display these values. Nothing here is clinical inference: the assessment
has already concluded, this module only words and arranges what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regain.engine.assessment import Assessment, CauseFinding
from regain.engine.display_text import one_line
from regain.engine.plan import PlanStep
from regain.knowledge import KnowledgeBase

#: How many candidate muscles get a card of their own (and their referral zones on the map).
MAX_MUSCLE_CARDS = 6
#: The progress log covers the plan's weeks, but at least this many.
MIN_LOG_WEEKS = 4

CAUSE_NAMES = {
    "pain_protective": "A pain-protective pattern",
    "shortening_adhesion": "Shortened muscles or adhesions",
    "active_trigger_points": "Active trigger points",
}
CAUSE_SUMMARIES = {
    "pain_protective": "Pain makes you hold back from the movement, and the holding back keeps "
                       "the range small.",
    "shortening_adhesion": "Muscles or connective tissue have become shorter or stuck, so the "
                           "range is limited even when nothing hurts.",
    "active_trigger_points": "Tender knots in muscles that send pain elsewhere and keep the "
                             "pain-protective pattern going.",
}
LEVEL_WORDS = {
    "likely": "Likely: this probably plays a part",
    "possible": "Possible: this may play a part",
    "unlikely": "Unlikely: this probably does not play a part",
}
URGENCY_GROUPS = (
    ("emergency", "Get emergency help now if you have"),
    ("see_doctor", "Stop the plan and see a doctor first if you have"),
    ("caution", "Take extra care, and tell your doctor, if you have"),
)
#: Why one kind of step waits for another, in plain words (shown with ``after``).
ORDER_REASONS = {
    ("medical_consultation", "*"): "a doctor must first rule out a cause that needs medical care",
    ("professional_assessment", "*"): "a joint or bone problem must be ruled out before you "
                                      "push the range",
    ("trigger_point_self_treatment", "long_hold_stretching"):
        "stretching a muscle that still holds active trigger points provokes the pain",
    ("trigger_point_self_treatment", "full_range_movement"):
        "moving fully is easier and safer once the pain has calmed",
    ("trigger_point_self_treatment", "strengthening"):
        "loading a muscle with active trigger points brings the pain back",
    ("full_range_movement", "strengthening"): "you strengthen the range you have won back",
    ("long_hold_stretching", "strengthening"): "you strengthen the range you have won back",
}


# --------------------------------------------------------------------------- dataclasses


@dataclass(slots=True)
class Header:
    title: str
    person: str
    case_id: str
    date: str | None
    notes: str | None


@dataclass(slots=True)
class FlagItem:
    id: str
    sign: str
    advice: str
    urgency: str
    reported: bool


@dataclass(slots=True)
class TriageBanner:
    tone: str  # emergency | see_doctor | check_first | self_care
    heading: str
    message: str
    reasons: list[FlagItem]


@dataclass(slots=True)
class FlagGroup:
    urgency: str
    heading: str
    flags: list[FlagItem]


@dataclass(slots=True)
class Checklist:
    first: bool  # shown before the plan, as something to do first
    note: str
    groups: list[FlagGroup]


@dataclass(slots=True)
class EvidenceItem:
    text: str
    supports: bool
    strength: str


@dataclass(slots=True)
class CauseView:
    key: str
    name: str
    summary: str
    percent: int
    level: str
    level_words: str
    evidence: list[EvidenceItem]


@dataclass(slots=True)
class MissingQuestion:
    id: str
    text: str
    help: str
    informs: list[str]


@dataclass(slots=True)
class MapPoint:
    view: str
    x: float
    y: float
    kind: str  # pain | referral
    label: str


@dataclass(slots=True)
class ReferralZone:
    region: str
    muscles: list[str]
    also_pain: bool


@dataclass(slots=True)
class BodyMap:
    front: list[MapPoint]
    back: list[MapPoint]
    pain_regions: list[str]
    referral_zones: list[ReferralZone]
    side_note: str
    description: str


@dataclass(slots=True)
class DoseItem:
    text: str
    capped: bool = False
    usual: str | None = None


@dataclass(slots=True)
class TargetDetail:
    name: str
    lines: list[tuple[str, str]]


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
    targets: list[str]
    target_details: list[TargetDetail]
    dose: list[DoseItem]
    cautions: list[CautionNote]
    requires_clearance: bool
    self_treatment: bool
    expect: str
    move_on_when: str
    start_week: int
    end_week: int
    weeks_label: str
    bar_offset: float  # timeline bar, percent of the plan's length
    bar_width: float


@dataclass(slots=True)
class MuscleCard:
    id: str
    name: str
    refers_primary: list[str]
    refers_spillover: list[str]
    find_where: str
    find_tool: str
    treat_how: str
    stretch_position: str
    stretch_how: str
    reasons: list[str]
    in_steps: list[int]
    #: The plan step that already shows where to press / how to stretch it (0: none).
    press_step: int = 0
    stretch_step: int = 0


@dataclass(slots=True)
class LogWeek:
    week: int
    steps: list[str]


@dataclass(slots=True)
class PlanView:
    """Everything the HTML plan shows, in the order it shows it."""

    header: Header
    triage: TriageBanner
    emergency: bool
    checklist: Checklist
    causes: list[CauseView]
    missing: list[MissingQuestion]
    body_map: BodyMap | None
    phases: list[Phase]
    total_weeks: int
    muscle_cards: list[MuscleCard]
    log_weeks: list[LogWeek]
    disclaimer: str
    knowledge_version: str
    timeline_ticks: list[tuple[int, float]] = field(default_factory=list)
    #: A long plan prints in a slightly smaller type so that it keeps to six A4 pages.
    print_compact: bool = False


# --------------------------------------------------------------------------- helpers


def _num(value: float) -> str:
    return f"{value:g}"


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _strength(cf: float) -> str:
    size = abs(cf)
    return "strong" if size >= 0.4 else "moderate" if size >= 0.25 else "weak"


def _target_name(kb: KnowledgeBase, target: str) -> str:
    if target in kb.muscles:
        return kb.muscles[target].name
    if target in kb.movements:
        return kb.movements[target].name
    return target


def _flag(kb: KnowledgeBase, flag_id: str, reported: set[str]) -> FlagItem:
    f = kb.red_flags[flag_id]
    return FlagItem(flag_id, f.sign, f.advice, f.urgency, flag_id in reported)


def _header(a: Assessment, date: str | None) -> Header:
    person = one_line(a.name or a.case_id)  # free text: shown on one line, no control characters
    title = (f"Get emergency care now: {person}" if a.triage == "emergency"
             else f"Your plan to regain movement: {person}")
    return Header(title=title, person=person,
                  case_id=one_line(a.case_id), date=date, notes=a.notes and one_line(a.notes))


def _triage(a: Assessment, kb: KnowledgeBase) -> TriageBanner:
    reported = {f.id for f in a.red_flags}
    reasons = [_flag(kb, f.id, reported) for f in a.red_flags]
    if a.triage == "emergency":
        step = kb.steps["emergency_care"]
        return TriageBanner("emergency", "Get emergency care now",
                            f"{step.why} {step.move_on_when}",
                            [r for r in reasons if r.urgency == "emergency"])
    if a.triage == "see_doctor":
        return TriageBanner("see_doctor", "See a doctor before you start",
                            "You reported a warning sign that a doctor should check first. "
                            "Take this plan with you; start the self-help steps only once a "
                            "doctor has said it is safe.", reasons)
    if not a.screening_complete:
        return TriageBanner("check_first", "Check the warning signs before you start",
                            "You have not been asked about warning signs yet. Go through the "
                            "checklist below first: if any sign applies, see a doctor instead "
                            "of starting this plan.", reasons)
    message = "No warning signs were reported: you can start the self-help plan below."
    if reasons:
        message = ("No urgent warning signs were reported: you can start the self-help plan "
                   "below, with the extra care noted for these:")
    return TriageBanner("self_care", "You can start the self-help plan", message, reasons)


def _checklist(a: Assessment, kb: KnowledgeBase) -> Checklist:
    reported = {f.id for f in a.red_flags}
    groups = []
    for urgency, heading in URGENCY_GROUPS:
        flags = [_flag(kb, fid, reported) for fid, f in kb.red_flags.items() if f.urgency == urgency]
        if flags:
            groups.append(FlagGroup(urgency, heading, flags))
    if not a.screening_complete and a.triage != "emergency":
        note = ("Do this first: read every sign below before you start. If any of them applies "
                "to you, do not start the plan; get help as the list says.")
        return Checklist(True, note, groups)
    if a.triage == "emergency":
        note = "These are the warning signs regain screens for; the ones you reported are marked."
    else:
        note = ("Whenever one of these signs appears during the plan, stop the exercises and get "
                "help as the list says.")
    return Checklist(False, note, groups)


def _cause(key: str, finding: CauseFinding) -> CauseView:
    percent = round(max(0.0, min(1.0, finding.certainty)) * 100)
    return CauseView(
        key=key, name=CAUSE_NAMES[key], summary=CAUSE_SUMMARIES[key], percent=percent,
        level=finding.level, level_words=LEVEL_WORDS.get(finding.level, finding.level),
        evidence=[EvidenceItem(e.text, e.cf >= 0, _strength(e.cf)) for e in finding.evidence],
    )


def _missing(a: Assessment, kb: KnowledgeBase) -> list[MissingQuestion]:
    out = []
    for qid in a.missing:
        q = kb.questions.get(qid)
        if q is None:
            continue
        informs = [CAUSE_NAMES.get(c, c) for c in kb.informs(qid)]
        if qid == "red_flags":
            informs = ["Whether you need a doctor before self-help", *informs]
        out.append(MissingQuestion(qid, q.text, q.help, informs))
    return out


def _side_points(kb: KnowledgeBase, region: str, side: str | None) -> list[tuple[str, float, float]]:
    pts = [(p.view, p.x, p.y) for p in kb.regions[region].map]
    if side not in ("left", "right"):
        return pts

    def keep(view: str, x: float) -> bool:
        if x == 100:
            return True
        persons_right = x < 100 if view == "front" else x > 100
        return persons_right == (side == "right")

    return [p for p in pts if keep(p[0], p[1])]


def _body_map(a: Assessment, kb: KnowledgeBase, cards: list[MuscleCard]) -> BodyMap:
    pain = [r for r in a.pain_regions if r in kb.regions]
    zones: dict[str, list[str]] = {}
    for card in cards:
        for region in kb.muscles[card.id].refers_to.primary:
            zones.setdefault(region, []).append(card.name)
    points: list[MapPoint] = []
    for region, muscles in zones.items():
        label = f"{kb.regions[region].name}: pain referred from {', '.join(muscles)}"
        points += [MapPoint(v, x, y, "referral", label)
                   for v, x, y in _side_points(kb, region, a.side)]
    for region in pain:
        label = f"{kb.regions[region].name}: where you feel pain"
        points += [MapPoint(v, x, y, "pain", label) for v, x, y in _side_points(kb, region, a.side)]
    side_note = {"left": "Only your left side is marked.", "right": "Only your right side is marked.",
                 }.get(a.side or "", "Both sides are marked.")
    pain_names = [kb.regions[r].name for r in pain]
    referral = [ReferralZone(kb.regions[r].name, m, r in pain) for r, m in zones.items()]
    desc = ("Where you feel pain: " + (", ".join(pain_names) or "none reported") + ". "
            "Where the candidate muscles refer pain: "
            + (", ".join(z.region for z in referral) or "none") + ".")
    return BodyMap(
        front=[p for p in points if p.view == "front"],
        back=[p for p in points if p.view == "back"],
        pain_regions=pain_names, referral_zones=referral, side_note=side_note, description=desc,
    )


def _dose(kb: KnowledgeBase, step: PlanStep) -> list[DoseItem]:
    tmpl = kb.steps[step.kind]
    items = []
    for key, value in step.dose.items():
        unit = tmpl.dose_units.get(key, key.replace("_", " "))

        def words(v: float, key: str = key, unit: str = unit) -> str:
            if key == "hold_seconds":
                minutes = v / 60
                return f"{_num(minutes)} minute{'s' if minutes != 1 else ''} per hold"
            if key == "pressure_max":
                return f"pressure at most {_num(v)} out of 10"
            if key == "weeks":
                return f"for {_num(v)} week{'s' if v != 1 else ''}"
            return f"{_num(v)} {unit}"

        usual = tmpl.dose.get(key)
        capped = usual is not None and value < usual
        items.append(DoseItem(words(value), capped, words(usual) if capped and usual is not None else None))
    return items


def _target_details(kb: KnowledgeBase, step: PlanStep) -> list[TargetDetail]:
    out = []
    for t in step.targets:
        m = kb.muscles.get(t)
        if m is not None and step.kind == "trigger_point_self_treatment":
            out.append(TargetDetail(m.name, [("Where to press", m.self_massage.where),
                                             ("With", m.self_massage.tool)]))
        elif m is not None and step.kind == "long_hold_stretching":
            out.append(TargetDetail(m.name, [("Position", m.stretch.position),
                                             ("How", m.stretch.how)]))
    return out


def _order_reason(before: str, after: str) -> str | None:
    return ORDER_REASONS.get((before, after)) or ORDER_REASONS.get((before, "*"))


def _nearest(step: PlanStep, by_kind: dict[str, PlanStep]) -> list[str]:
    """The steps ``step`` waits for directly: those not already waited for by another."""
    implied = {k for a in step.after if a in by_kind for k in by_kind[a].after}
    return [k for k in step.after if k not in implied]


def _phases(a: Assessment, kb: KnowledgeBase) -> tuple[list[Phase], int]:
    """One phase per plan step, in plan order, with week ranges.

    A step starts the week after the last of the steps it must follow (``after``)
    has ended, and lasts its dose's ``weeks``; steps without weeks (a doctor's
    visit, an assessment) take no weeks of their own and are done before the
    weeks that follow them.
    """
    end: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for step in a.plan:
        start = 1 + max((end[k] for k in step.after if k in end), default=0)
        weeks = int(step.dose.get("weeks", 0))
        end[step.kind] = start + weeks - 1
        spans.append((start, start + weeks - 1))
    total = max((e for _, e in spans), default=0)
    number = {s.kind: i for i, s in enumerate(a.plan, 1)}
    by_kind = {s.kind: s for s in a.plan}
    phases = []
    said: dict[str, int] = {}  # a reason -> the step that first gave it
    for i, (step, (start, stop)) in enumerate(zip(a.plan, spans, strict=True), 1):
        tmpl = kb.steps[step.kind]
        because = [b for b in dict.fromkeys(step.because) if b not in said]
        earlier = sorted({said[b] for b in step.because if b in said})
        if earlier:
            because.append("And the reasons given at step " + ", ".join(map(str, earlier)) + ".")
        for b in step.because:
            said.setdefault(b, i)
        if stop >= start:
            label = f"Week {start}" if start == stop else f"Weeks {start}–{stop}"
        else:
            label = "Before you start" if start == 1 else f"Before week {start}"
        offset = (start - 1) / total * 100 if total else 0.0
        width = (stop - start + 1) / total * 100 if total and stop >= start else 0.0
        phases.append(Phase(
            number=i, kind=step.kind, title=step.title, why=step.why,
            because=because,
            after=[AfterItem(number[k], kb.steps[k].title, _order_reason(k, step.kind))
                   for k in _nearest(step, by_kind) if k in number],
            targets=[_target_name(kb, t) for t in step.targets],
            target_details=_target_details(kb, step),
            dose=_dose(kb, step),
            cautions=[CautionNote(kb.red_flags[c.flag].sign, c.note) for c in step.cautions],
            requires_clearance=step.requires_clearance, self_treatment=tmpl.self_treatment,
            expect=step.expect, move_on_when=step.move_on_when,
            start_week=start, end_week=stop, weeks_label=label,
            bar_offset=round(offset, 2), bar_width=round(width, 2),
        ))
    return phases, total


def _step_with(a: Assessment, kind: str, muscle: str) -> int:
    return next((i for i, s in enumerate(a.plan, 1) if s.kind == kind and muscle in s.targets), 0)


#: A card shows at most this many reasons (the strongest come first); the rest are counted.
MAX_CARD_REASONS = 4


def _card_reasons(reasons: list[str]) -> list[str]:
    shown = [_sentence(r) for r in reasons[:MAX_CARD_REASONS]]
    rest = len(reasons) - len(shown)
    if rest > 0:
        shown.append(f"And {rest} more.")
    return shown


def _cards(a: Assessment, kb: KnowledgeBase) -> list[MuscleCard]:
    cards = []
    for finding in a.muscles[:MAX_MUSCLE_CARDS]:
        m = kb.muscles.get(finding.id)
        if m is None:
            continue
        cards.append(MuscleCard(
            id=finding.id, name=m.name,
            refers_primary=[kb.regions[r].name for r in m.refers_to.primary],
            refers_spillover=[kb.regions[r].name for r in m.refers_to.spillover],
            find_where=m.self_massage.where, find_tool=m.self_massage.tool,
            treat_how=m.self_massage.how, stretch_position=m.stretch.position,
            stretch_how=m.stretch.how, reasons=_card_reasons(finding.reasons),
            in_steps=[i for i, s in enumerate(a.plan, 1) if finding.id in s.targets],
            press_step=_step_with(a, "trigger_point_self_treatment", finding.id),
            stretch_step=_step_with(a, "long_hold_stretching", finding.id),
        ))
    return cards


def _log(phases: list[Phase], total: int) -> list[LogWeek]:
    weeks = max(total, MIN_LOG_WEEKS)
    return [LogWeek(w, [f"{p.number}" for p in phases if p.start_week <= w <= p.end_week])
            for w in range(1, weeks + 1)]


def _ticks(total: int) -> list[tuple[int, float]]:
    if not total:
        return []
    step = 1 if total <= 8 else 2 if total <= 16 else 4
    return [(w, round((w - 1) / total * 100, 2)) for w in range(1, total + 1, step)]


# --------------------------------------------------------------------------- entry point


#: How much a plan's parts add to its printed length, in rough "plan step" units, and
#: the length from which it prints compact. Calibrated on the golden plans (4.1 to 6.5
#: units, five pages or fewer) and a plan with every caution flag, two see-a-doctor
#: flags and eleven pain regions (11.2 units: seven pages at the normal size).
PRINT_WEIGHTS = {"step": 1.0, "caution": 0.5, "region": 0.15, "flag": 0.2, "missing": 0.15}
PRINT_COMPACT_FROM = 8.0


def _print_compact(a: Assessment) -> bool:
    w = PRINT_WEIGHTS
    length = (w["step"] * len(a.plan) + w["caution"] * sum(len(s.cautions) for s in a.plan)
              + w["region"] * len(a.pain_regions) + w["flag"] * len(a.red_flags)
              + w["missing"] * len(a.missing))
    return length >= PRINT_COMPACT_FROM


def build_plan_view(a: Assessment, kb: KnowledgeBase, *, date: str | None = None) -> PlanView:
    """The view of ``a``: emergencies keep only the advice and the warning signs."""
    header = _header(a, date)
    triage = _triage(a, kb)
    checklist = _checklist(a, kb)
    if a.triage == "emergency":
        return PlanView(header=header, triage=triage, emergency=True, checklist=checklist,
                        causes=[], missing=[], body_map=None, phases=[], total_weeks=0,
                        muscle_cards=[], log_weeks=[], disclaimer=a.disclaimer,
                        knowledge_version=a.knowledge_version)
    causes = [_cause(k, f) for k, f in a.causes.items()]
    causes.append(_cause("active_trigger_points", a.active_trigger_points))
    cards = _cards(a, kb)
    phases, total = _phases(a, kb)
    return PlanView(
        header=header, triage=triage, emergency=False, checklist=checklist, causes=causes,
        missing=_missing(a, kb), body_map=_body_map(a, kb, cards), phases=phases,
        total_weeks=total, muscle_cards=cards, log_weeks=_log(phases, total),
        disclaimer=a.disclaimer, knowledge_version=a.knowledge_version,
        timeline_ticks=_ticks(total), print_compact=_print_compact(a),
    )
