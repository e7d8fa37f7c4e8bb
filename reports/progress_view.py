"""A treatment journal as plain data: where the person is, what to do now, how it went.

Built once from the journal's baseline, the decision taken at its start, its
entries (check-ins and decisions) and the current assessment (whose plan
holds each step's targets and dose), and shown by the HTML progress page
(:mod:`.progress_html`), the terminal (:mod:`.progress_text`) and
``--format json`` (:func:`progress_dict`). Every value is a string, a number,
``None`` or a list or dict of them, so the JSON is the view itself. The
words come from ``wording.yaml`` (``progress``); a decision's reasons and
advice are the engine's, from the knowledge base.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from regain.engine.assessment import Assessment
from regain.engine.display_text import one_line
from regain.engine.journey import Baseline, Decision, Entry
from regain.knowledge import KnowledgeBase

from .formatting import day as day_text
from .instruction_view import target_name
from .today_view import dose_parts

#: How a decision's box looks: its kind -> a tone of the plan page's palette.
TONES: dict[str, str] = {
    "stop": "stop",
    "see_doctor": "stop",
    "step_back": "caution",
    "see_professional": "caution",
    "advance": "go",
    "finish": "go",
    "stay": "go",
}
#: The time axis runs this many days past the last check-in, so the current phase shows.
DAYS_AHEAD = 7


@dataclass(slots=True)
class StepLine:
    """One step of the current phase, as a line of "Start today"."""

    kind: str
    what: str
    targets: list[str]
    amount: list[str]
    often: list[str]
    period: list[str]
    held: str | None = None  # the plan holds this step (for a doctor, an examination)


@dataclass(slots=True)
class TraceLine:
    """One rule that fired for the decision: its name, the facts it used, what it concluded."""

    rule: str
    because: list[str]
    concluded: str


@dataclass(slots=True)
class DecisionView:
    kind: str
    label: str
    tone: str
    when: str  # "At the check-in of 2026-12-14" or "At the start, 2026-12-01"
    date: str
    reasons: list[str]
    advice_heading: str  # until the next check-in, or (to stop) what to do now
    advice: str
    trace: list[TraceLine]  # HOW it was decided (JSON; the page shows the reasons)


@dataclass(slots=True)
class MovementView:
    id: str
    name: str
    normal: int  # degrees
    baseline: float | None
    latest: float | None


@dataclass(slots=True)
class HistoryRow:
    date: str
    date_text: str  # as the language writes it (not in the JSON: ``date`` is)
    week: int
    start: bool  # the baseline row
    pain_at_rest: int | None
    pain_on_movement: int | None
    ranges: list[float | None]  # in the order of ProgressView.movements
    sessions: int | None
    decision: str
    phase: int
    notes: str | None = None  # the person's own words at that check-in, on one line


@dataclass(slots=True)
class SessionSpan:
    """Sessions done between two check-ins, and their average a week."""

    start: str
    end: str
    by_step: dict[str, int]
    total: int
    per_week: float


@dataclass(slots=True)
class PhaseSpan:
    """A stretch of time spent in one phase (0: no self-help: paused, or done), for the plots' bands."""

    number: int
    start: str
    end: str
    done: bool = False  # phase 0 after the plan finished, rather than a pause


@dataclass(slots=True)
class ProgressView:
    title: str
    person: str
    case_id: str
    journal_id: str
    started: str
    date: str | None
    #: ``started`` and ``date`` as the language writes them (not in the JSON, which has those)
    started_text: str
    date_text: str | None
    knowledge_version: str
    decision: DecisionView
    phase: int
    phase_heading: str | None
    steps: list[StepLine]
    nothing_now: str | None
    stop_heading: str
    stop_if: list[str]
    movements: list[MovementView]
    range_columns: list[str]  # the history's heading of each movement's column
    history: list[HistoryRow]
    sessions: list[SessionSpan]
    step_names: dict[str, str]  # step kind -> its "Start today" words, for the sessions table
    spans: list[PhaseSpan]
    axis_end: str  # the time axis ends here
    checkins: int
    no_checkins: str | None
    disclaimer: str


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _pain(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def step_name(kb: KnowledgeBase, kind: str) -> str:
    """A step's "Start today" words (its title when it has none; its id if the kb lost it)."""
    tmpl = kb.steps.get(kind)
    return (tmpl.today or tmpl.title) if tmpl is not None else one_line(kind)


def step_lines(kb: KnowledgeBase, kinds: Sequence[str], a: Assessment) -> list[StepLine]:
    """The steps of a phase as "Start today" lines, with targets and dose from the plan ``a``.

    A step no longer in the plan (the knowledge changed since the decision)
    keeps its name, without targets or dose; a step the plan holds says so.
    """
    plan = {s.kind: s for s in a.plan}
    out = []
    for kind in kinds:
        step = plan.get(kind)
        parts = dose_parts(kb, step) if step is not None else {"amount": [], "often": [], "period": []}
        out.append(
            StepLine(
                kind=kind,
                what=step_name(kb, kind),
                targets=[target_name(kb, t) for t in step.targets] if step is not None else [],
                amount=parts["amount"],
                often=parts["often"],
                period=parts["period"],
                held=kb.wording.held_until[step.held_until] if step and step.held_until else None,
            )
        )
    return out


def _decision_view(kb: KnowledgeBase, d: Decision, date: datetime.date, first: bool) -> DecisionView:
    words = kb.wording.progress
    when = (words.at_start if first else words.latest).format(date=day_text(kb.language, date))
    return DecisionView(
        kind=d.kind,
        label=kb.followup.decisions[d.kind].name,
        tone=TONES[d.kind],
        when=when,
        date=date.isoformat(),
        reasons=list(d.reasons),
        advice_heading=words.do_now if TONES[d.kind] == "stop" else words.until_next,
        advice=d.advice,
        trace=[TraceLine(t.rule, list(t.because), t.concluded) for t in d.trace],
    )


def _movements(kb: KnowledgeBase, baseline: Baseline, entries: Sequence[Entry]) -> list[MovementView]:
    measured = baseline.case.get("range_measured") or {}
    ids = list(dict.fromkeys([*measured, *(m for e in entries for m in e.checkin.range_measured)]))
    out = []
    for mid in ids:
        if mid not in kb.movements:
            continue
        latest = next(
            (e.checkin.range_measured[mid] for e in reversed(entries) if mid in e.checkin.range_measured),
            None,
        )
        mov = kb.movements[mid]
        out.append(MovementView(mid, mov.name, mov.normal_range_deg, _number(measured.get(mid)), latest))
    return out


def _week(started: datetime.date, day: datetime.date) -> int:
    return (day - started).days // 7 + 1


def _history(
    kb: KnowledgeBase,
    baseline: Baseline,
    start: Decision,
    entries: Sequence[Entry],
    movements: list[MovementView],
) -> list[HistoryRow]:
    labels = {k: w.name for k, w in kb.followup.decisions.items()}
    case = baseline.case
    rows = [
        HistoryRow(
            date=baseline.started.isoformat(),
            date_text=day_text(kb.language, baseline.started),
            week=1,
            start=True,
            pain_at_rest=_pain(case.get("pain_at_rest")),
            pain_on_movement=_pain(case.get("pain_on_movement")),
            ranges=[m.baseline for m in movements],
            sessions=None,
            decision=labels[start.kind],
            phase=start.phase,
        )
    ]
    for e in entries:
        c = e.checkin
        rows.append(
            HistoryRow(
                date=c.date.isoformat(),
                date_text=day_text(kb.language, c.date),
                week=_week(baseline.started, c.date),
                start=False,
                pain_at_rest=c.pain_at_rest,
                pain_on_movement=c.pain_on_movement,
                ranges=[c.range_measured.get(m.id) for m in movements],
                sessions=sum(c.sessions.values()),
                decision=labels[e.decision.kind],
                phase=e.decision.phase,
                notes=one_line(c.notes) if c.notes else None,
            )
        )
    return rows


def _sessions(baseline: Baseline, entries: Sequence[Entry]) -> list[SessionSpan]:
    out = []
    previous = baseline.started
    for e in entries:
        days = max((e.checkin.date - previous).days, 1)
        total = sum(e.checkin.sessions.values())
        out.append(
            SessionSpan(
                start=previous.isoformat(),
                end=e.checkin.date.isoformat(),
                by_step=dict(e.checkin.sessions),
                total=total,
                per_week=round(total * 7 / days, 1),
            )
        )
        previous = e.checkin.date
    return out


def _spans(
    baseline: Baseline, start: Decision, entries: Sequence[Entry], end: datetime.date
) -> list[PhaseSpan]:
    """The phases over time: each decision's phase from its date, equal neighbours merged."""
    changes = [
        (baseline.started, start.phase, start.kind == "finish"),
        *((e.checkin.date, e.decision.phase, e.decision.kind == "finish") for e in entries),
    ]
    spans: list[PhaseSpan] = []
    for i, (day, number, done) in enumerate(changes):
        until = changes[i + 1][0] if i + 1 < len(changes) else end
        if spans and (spans[-1].number, spans[-1].done) == (number, done):
            spans[-1].end = until.isoformat()
        elif until > day or i + 1 == len(changes):
            spans.append(PhaseSpan(number, day.isoformat(), until.isoformat(), done))
    return spans


def progress_view(
    kb: KnowledgeBase,
    journal_id: str,
    baseline: Baseline,
    start: Decision,
    entries: Sequence[Entry],
    assessment: Assessment,
    *,
    date: str | None = None,
) -> ProgressView:
    """The journal ``journal_id`` as a view; ``assessment`` is the current one (its plan's doses).

    ``date`` (today, say) is shown when given; without it the view depends only
    on the journal, so a page of it is the same bytes every time.
    """
    words = kb.wording.progress
    latest = entries[-1] if entries else None
    decision = latest.decision if latest else start
    decided_on = latest.checkin.date if latest else baseline.started
    person = one_line(str(baseline.case.get("name") or baseline.case.get("id") or journal_id))
    movements = _movements(kb, baseline, entries)
    steps = step_lines(kb, decision.steps, assessment) if decision.phase else []
    end = decided_on + datetime.timedelta(days=DAYS_AHEAD)
    return ProgressView(
        title=words.title.format(person=person),
        person=person,
        case_id=one_line(str(baseline.case.get("id", ""))),
        journal_id=one_line(journal_id),
        started=baseline.started.isoformat(),
        date=date,
        started_text=day_text(kb.language, baseline.started),
        date_text=None if date is None else day_text(kb.language, date),
        knowledge_version=assessment.knowledge_version,
        decision=_decision_view(kb, decision, decided_on, latest is None),
        phase=decision.phase,
        phase_heading=words.phase.format(number=decision.phase) if decision.phase else None,
        steps=steps,
        nothing_now=None if steps or decision.kind == "finish" else words.no_phase,
        stop_heading=kb.wording.start_today.stop_heading,
        stop_if=list(kb.wording.start_today.stop_if) if decision.kind != "stop" else [],
        movements=movements,
        range_columns=[words.col_range.format(movement=m.name) for m in movements],
        history=_history(kb, baseline, start, entries, movements),
        sessions=_sessions(baseline, entries),
        step_names={k: step_name(kb, k) for s in entries for k in s.checkin.sessions},
        spans=_spans(baseline, start, entries, end),
        axis_end=end.isoformat(),
        checkins=len(entries),
        no_checkins=None if entries else words.no_checkins,
        disclaimer=assessment.disclaimer,
    )


def progress_dict(view: ProgressView) -> dict[str, Any]:
    """The view as a JSON-able dict (``regain track show --format json``); dates as ISO text only."""
    data = dataclasses.asdict(view)
    del data["started_text"], data["date_text"]
    for row in data["history"]:
        del row["date_text"]
    return {"format": "regain-progress/1", **data}
