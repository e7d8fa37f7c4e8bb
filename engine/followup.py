"""Decide at a check-in: the follow-up rules over the journal so far, with a HOW trace.

:func:`decide` re-assesses the stored case with the check-in's new warning
signs (:func:`~regain.engine.journey.assessment_at`), reads the check-in
against the start (:mod:`.followup_measures`), declares the facts of
:mod:`.followup_facts` and runs :class:`FollowUpEngine`, whose rules
(:mod:`.followup_rules`) fire highest priority first; the first to fire
decides. Every sentence comes from ``followup.yaml``; a stop for a warning
sign gives that sign's own advice (``red_flags.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.followup_models import PLACEHOLDERS, FollowUpRule

from .assessment import Assessment
from .experta_runtime import FastEngine
from .followup_facts import (
    Adherence,
    Decided,
    Flare,
    Held,
    Limits,
    PainTrend,
    Progress,
    StepReady,
    Stopped,
    Triage,
    TriggerSigns,
    Where,
    describe,
)
from .followup_measures import Measures, weeks_between
from .followup_rules.advance import AdvanceRules
from .followup_rules.flare import FlareRules
from .followup_rules.progress import ProgressRules
from .followup_rules.safety import SafetyRules
from .followup_rules.staying import StayingRules
from .inference import TraceEntry
from .journey import (
    MEDICAL_KINDS,
    Baseline,
    CheckIn,
    Decision,
    Entry,
    assessment_at,
    current_phase,
    per_thread,
    phase_since,
    phase_steps,
    phases,
)
from .triage import RANK

#: The step kinds whose flare steps back to the trigger points, and the massage step.
LATER_STEPS = ("full_range_movement", "long_hold_stretching", "strengthening")
MASSAGE = "trigger_point_self_treatment"
URGENT = ("emergency", "urgent")
#: The rules that fire on every step of the phase meeting (or not) its advance_when.
READINESS_RULES = (
    "phase_done_advances",
    "last_phase_done_finishes",
    "done_but_held_sees_professional",
    "carry_on",
)
#: The tiers a see-a-doctor decision names.
DOCTOR = ("see_doctor", "professional_assessment")


class FollowUpEngine(SafetyRules, FlareRules, ProgressRules, AdvanceRules, StayingRules, FastEngine):
    """The follow-up rules; build once per knowledge base, then :meth:`run_checkin` per check-in."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb
        self._result: tuple[str, TraceEntry] | None = None

    def conclude(self) -> None:
        act = self.last_activation
        name = act.rule.__name__
        because: list[str] = []
        for fact in sorted(act.facts, key=lambda f: f["__factid__"]):
            text = describe(fact)
            if text is not None and text not in because:
                because.append(text)
        rule = self.kb.followup.rules[name]
        self._result = (name, TraceEntry(name, because, f"decision: {rule.decision}"))
        self.declare(Decided())

    def run_checkin(self, facts: list[Any]) -> tuple[str, TraceEntry]:
        self._result = None
        self.reset()
        self.declare(*facts)
        self.run()
        assert self._result is not None  # carry_on fires whenever nothing else did
        return self._result


def engine_for(kb: KnowledgeBase) -> FollowUpEngine:
    """The follow-up engine of ``kb`` for this thread: an engine runs one inference at a time."""
    return per_thread(kb, FollowUpEngine)


def _titles(kb: KnowledgeBase, kinds: Sequence[str]) -> str:
    """The steps' short names (their "Start today" line, else their title), joined."""
    return ", ".join((kb.steps[k].today or kb.steps[k].title) if k in kb.steps else k for k in kinds)


def _signs(assessment: Assessment, tiers: Sequence[str]) -> tuple[str, list[str]]:
    """The signs (and combinations) of these tiers as one phrase, and their advice."""
    kb_flags = [(f.id, f.tier, f.advice) for f in assessment.red_flags]
    kb_combos = [(c.id, c.tier, c.advice) for c in assessment.combinations]
    names: list[str] = []
    advice: list[str] = []
    for _, tier, text in kb_flags + kb_combos:
        if tier in tiers and text not in advice:
            advice.append(text)
    for fid, tier, _ in kb_flags:
        if tier in tiers:
            names.append(fid)
    for cid, tier, _ in kb_combos:
        if tier in tiers:
            names.append(cid)
    return ", ".join(names), advice


def _flag_words(kb: KnowledgeBase, ids: str) -> str:
    words = []
    for fid in ids.split(", ") if ids else []:
        if fid in kb.red_flags:
            words.append(kb.red_flags[fid].sign)
        elif fid in kb.combinations:
            words.append(kb.combinations[fid].name)
    return "; ".join(words) or "see your plan's warning signs"


def _decision(
    kb: KnowledgeBase,
    rule: FollowUpRule,
    values: dict[str, str],
    phase: int,
    all_phases: Sequence[Any],
    trace: list[TraceEntry],
    advice: str | None = None,
) -> Decision:
    words = kb.followup.decisions[rule.decision]
    return Decision(
        kind=rule.decision,
        phase=phase,
        steps=phase_steps(all_phases, phase),
        reasons=(rule.reason.format(**values),),
        advice=advice or rule.advice or words.advice,
        trace=tuple(trace),
    )


def start_decision(kb: KnowledgeBase, baseline: Baseline, assessment: Assessment) -> Decision:
    """The decision a journal starts with: phase 1, or a stop or a hold as the triage says."""
    all_phases = phases(assessment.plan)
    start = kb.followup.start
    because = [f"triage: {assessment.triage}", f"self-help: {assessment.self_help}"]
    advice: str | None = None
    if assessment.triage in URGENT:
        key, phase = "emergency_first", 0
        ids, advice_list = _signs(assessment, URGENT)
        advice = " ".join(advice_list) or None
    elif assessment.self_help == "after_doctor":
        key, phase = "doctor_first", 0
        ids, _ = _signs(assessment, DOCTOR)
    elif assessment.self_help == "screen_first":
        key, phase, ids = "screen_first", 0, ""
    elif not all_phases:
        key, phase, ids = "assessment_first", 0, ""
    else:
        key, phase, ids = "plan_starts", 1, ""
    rule = start[key]
    values = {"flags": _flag_words(kb, ids), "steps": _titles(kb, phase_steps(all_phases, 1))}
    trace = [TraceEntry(f"start_{key}", because, f"decision: {rule.decision}")]
    return _decision(kb, rule, values, phase, all_phases, trace, advice)


def _facts(
    kb: KnowledgeBase, baseline: Baseline, entries: Sequence[Entry], checkin: CheckIn
) -> tuple[list[Any], dict[str, Any]]:
    """The facts of one check-in, and what the decision needs besides (phases, values)."""
    t = kb.followup.thresholds
    now = assessment_at(kb, baseline, entries, checkin)
    start = assessment_at(kb, baseline, [])
    all_phases = phases(now.plan)
    last = len(all_phases)
    phase = min(current_phase(entries), last) if last else 0
    steps = phase_steps(all_phases, phase)
    since = phase_since(baseline, entries)
    tp_phase = next((p.number for p in all_phases if MASSAGE in p.steps), 0)
    # Sessions were asked from the start only if the plan could start then (no hold, checklist done).
    first = phase_steps(all_phases, 1) if start.self_help in ("start", "limited") else ()
    m = Measures(kb, baseline, start.answers, entries, checkin, now.plan, first)

    previous = entries[-1].decision if entries else None
    facts: list[Any] = [Limits(**{f: getattr(t, f) for f in t.__dataclass_fields__})]
    facts.append(
        Triage(level=now.triage, cleared=now.cleared_by_doctor, raised=RANK[now.triage] > RANK[start.triage])
    )
    if previous is not None and previous.kind == "stop" and not checkin.cleared_by_doctor:
        facts.append(Stopped())
    facts.append(PainTrend(worse_in_row=m.worse_in_row()))
    facts.append(Where(phase=phase, last=phase == last, tp_phase=tp_phase, empty=not steps))
    flared = [
        k
        for k in LATER_STEPS
        if k in steps and (f := checkin.felt.get(k)) is not None and f.felt == "worse" and f.raised_next_day
    ]
    facts += [Flare(step=k) for k in flared]
    tp_rule = kb.followup.advance_when[MASSAGE].when
    tp_limit = next(
        (
            c.pain_on_movement_at_most
            for c in (tp_rule, *tp_rule.children())
            if c.pain_on_movement_at_most is not None
        ),
        None,
    )
    signs = []
    if checkin.tender_spots_reproduce_pain == "yes":
        signs.append("tender spots still bring on the pain")
    if tp_limit is not None and checkin.pain_on_movement is not None and checkin.pain_on_movement > tp_limit:
        signs.append(f"pain on movement {checkin.pain_on_movement} out of 10")
    facts.append(TriggerSigns(remain=bool(signs), signs="; ".join(signs)))
    overall = m.adherence_overall()
    weeks = weeks_between(baseline.started, checkin.date)
    facts.append(Progress(weeks=weeks, improved=m.improved(), adherence=-1.0 if overall is None else overall))
    met_texts: list[str] = []
    unmet_texts: list[str] = []
    for kind in steps:
        rule = kb.followup.advance_when.get(kind)
        ok = rule is not None and m.met(kind, rule.when, since)
        facts.append(StepReady(step=kind, met=ok))
        text = rule.text if rule is not None else kb.steps[kind].move_on_when
        (met_texts if ok else unmet_texts).append(text)
    held = [s.kind for s in now.plan if s.held_until is not None and s.kind not in MEDICAL_KINDS]
    if held:
        facts.append(Held(steps=tuple(held)))
    share = m.adherence_since_last()
    if share is not None:
        facts.append(Adherence(share=round(share, 4)))
    ids, advice = _signs(now, URGENT if now.triage in URGENT else DOCTOR)
    values = {
        "flags": _flag_words(kb, ids),
        "pain_change": f"{t.pain_change:g}",
        "checkins": str(m.worse_in_row()),
        "steps": _titles(kb, flared or held),
        "signs": "; ".join(signs),
        "criterion": kb.followup.advance_when[MASSAGE].text,
        "weeks": f"{weeks:g}",
        "range_change": f"{t.range_change_deg:g}",
        "phase": str(phase),
        "met": " ".join(met_texts),
        "unmet": " ".join(unmet_texts),
        "done_percent": f"{share:.0%}" if share is not None else "",
    }
    context = {
        "flag_ids": ids,
        "phases": all_phases,
        "phase": phase,
        "tp_phase": tp_phase,
        "values": values,
        "advice": advice,
    }
    return facts, context


def decide(kb: KnowledgeBase, baseline: Baseline, entries: Sequence[Entry], checkin: CheckIn) -> Decision:
    """The decision on ``checkin``, given the journal so far (``entries``, oldest first)."""
    facts, ctx = _facts(kb, baseline, entries, checkin)
    name, entry = engine_for(kb).run_checkin(facts)
    rule = kb.followup.rules[name]
    phase = {
        "stop": 0,
        "see_doctor": 0,
        "finish": 0,
        "step_back": ctx["tp_phase"],
        "advance": ctx["phase"] + 1,
    }.get(rule.decision, ctx["phase"])
    values = dict(ctx["values"])
    values["criteria"] = values["met"] if rule.decision in ("advance", "finish") else values["unmet"]
    advice = " ".join(ctx["advice"]) if name == "new_urgent_sign_stops" and ctx["advice"] else None
    because = list(entry.because)
    if name in READINESS_RULES:  # they test the absence of an unmet step: name every step's state
        because += [text for f in facts if isinstance(f, StepReady) and (text := describe(f)) is not None]
    if name in ("new_urgent_sign_stops", "new_doctor_sign_holds"):  # which signs the triage read
        because += [f"red flag: {fid}" for fid in ctx["flag_ids"].split(", ") if fid]
    trace = [TraceEntry(entry.rule, because, f"{entry.concluded} (phase {phase})")]
    return _decision(kb, rule, values, phase, ctx["phases"], trace, advice)


def rule_data_problems(kb: KnowledgeBase) -> list[str]:
    """Mismatches between the follow-up rules and their entries in ``followup.yaml``."""
    rules = FollowUpEngine.rule_names()
    data = set(kb.followup.rules)
    problems = [f"followup.yaml: rules: no entry for follow-up rule '{r}'" for r in rules if r not in data]
    problems += [f"followup.yaml: rules.{r}: names no follow-up rule" for r in sorted(data - set(rules))]
    problems += [
        f"knowledge/followup_models.py: PLACEHOLDERS: no entry for follow-up rule '{r}'"
        for r in rules
        if r not in PLACEHOLDERS
    ]
    return problems
