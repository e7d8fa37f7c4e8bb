"""Following a plan over weeks: start a journal, check in, read where a person is.

The use-case between the faces (the CLI and the web app) and the parts:
the engine decides (:mod:`regain.engine.followup`), the journal stores
(:mod:`regain.journal`), and this module turns one into the other. A check-in
is validated and decided inside the journal's transaction, against the journal
as it is at that moment, so two check-ins at once are decided in turn.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .engine.assess import Assessor
from .engine.assessment import Assessment
from .engine.case import Case
from .engine.checkin import checkin_from_dict, checkin_to_dict, parse_checkin
from .engine.followup import decide, start_decision
from .engine.followup_measures import expected_sessions
from .engine.journey import CHECKIN_FORMAT, Baseline, CheckIn, Decision, Entry, assessment_at
from .engine.natural_answers import SKIPPED, AnswerReader
from .journal import JournalRecord, Store
from .knowledge import KnowledgeBase
from .knowledge.models import Question

if TYPE_CHECKING:
    from .reports.progress_view import ProgressView

#: Triage that stops a plan before it starts: a journal would only delay the advice.
NO_JOURNAL = ("emergency", "urgent")


class NotStarted(Exception):
    """The case's assessment sends the person to emergency or urgent care instead."""

    def __init__(self, advice: str) -> None:
        super().__init__(advice)
        self.advice = advice


@dataclass(frozen=True)
class Journey:
    """A journal as the engine reads it: the baseline, the start and every entry."""

    id: str
    case_id: str
    name: str | None
    baseline: Baseline
    start: Decision
    entries: tuple[Entry, ...]
    created_at: datetime.datetime

    @property
    def latest(self) -> Decision:
        """The decision in force: the last check-in's, else the start's."""
        return self.entries[-1].decision if self.entries else self.start

    @property
    def last_date(self) -> datetime.date:
        """The date of the last check-in, else the start."""
        return self.entries[-1].checkin.date if self.entries else self.baseline.started


def journey_of(kb: KnowledgeBase, record: JournalRecord) -> Journey:
    """The stored journal as engine objects (stored check-ins were validated when they came in)."""
    baseline = Baseline(
        case=dict(record.case), started=record.started, knowledge_version=record.knowledge_version
    )
    entries = [
        Entry(e.seq, checkin_from_dict(e.checkin), Decision.from_dict(e.decision)) for e in record.entries
    ]
    return Journey(
        id=record.id,
        case_id=record.case_id,
        name=record.name,
        baseline=baseline,
        start=Decision.from_dict(record.start),
        entries=tuple(entries),
        created_at=record.created_at,
    )


def case_data(case: Case) -> dict[str, Any]:
    """The validated case as a case file of its format holds it, JSON-safe (dates as text).

    Validated answers, not the file's text: a CSV row's "5" is stored as 5, so the
    journal re-reads the same case whatever file it came from.
    """
    data: dict[str, Any] = {"format": f"regain-case/{case.format_version}", "id": case.id}
    data.update(case.answers)
    if case.name is not None:
        data["name"] = case.name
    if case.notes is not None:
        data["notes"] = case.notes
    if case.language is not None:
        data["language"] = case.language
    safe: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return safe


def start_journal(
    store: Store, kb: KnowledgeBase, case: Case, started: datetime.date
) -> tuple[str, Decision, Assessment]:
    """Record the case and its assessment as a journal's baseline; return its id and first decision.

    A case that needs emergency or urgent care gets no journal (:class:`NotStarted`
    with the advice): following a plan would only put off what has to happen now.
    """
    assessment = Assessor(kb).assess(case)
    baseline = Baseline(case=case_data(case), started=started, knowledge_version=kb.version)
    first = start_decision(kb, baseline, assessment)
    if assessment.triage in NO_JOURNAL:
        raise NotStarted(first.advice)
    journal_id = store.create(
        case_id=case.id,
        name=case.name,
        case=baseline.case,
        assessment=assessment.to_dict(),
        start=first.to_dict(),
        started=started,
        knowledge_version=kb.version,
    )
    return journal_id, first, assessment


def check_in(
    store: Store,
    kb: KnowledgeBase,
    journal_id: str,
    raw: Mapping[str, Any],
    where: str,
    today: datetime.date | None = None,
) -> tuple[CheckIn, Decision]:
    """Validate and decide one check-in and store both, or store nothing (CheckInError)."""
    made: list[tuple[CheckIn, Decision]] = []

    def make(record: JournalRecord) -> tuple[dict[str, Any], dict[str, Any]]:
        journey = journey_of(kb, record)
        checkin = parse_checkin(kb, journey.baseline, journey.entries, raw, where, today)
        decision = decide(kb, journey.baseline, journey.entries, checkin)
        made.append((checkin, decision))
        return checkin_to_dict(checkin), decision.to_dict()

    store.add_entry(journal_id, make)
    return made[-1]


def current_assessment(kb: KnowledgeBase, journey: Journey) -> Assessment:
    """The plan as it stands: the case with every new warning sign, assessed with today's knowledge."""
    return assessment_at(kb, journey.baseline, journey.entries)


def export(record: JournalRecord) -> dict[str, Any]:
    """Everything the journal holds, as JSON-able data (``regain track export``)."""
    return {
        "format": "regain-journal/1",
        "id": record.id,
        "case_id": record.case_id,
        "name": record.name,
        "started": record.started.isoformat(),
        "created_at": record.created_at.isoformat(),
        "knowledge_version": record.knowledge_version,
        "case": record.case,
        "assessment": record.assessment,
        "start": record.start,
        "checkins": [
            {
                "seq": e.seq,
                "date": e.date.isoformat(),
                "recorded_at": e.recorded_at.isoformat(),
                "checkin": e.checkin,
                "decision": e.decision,
            }
            for e in record.entries
        ],
    }


def journey_view(kb: KnowledgeBase, journey: Journey, *, date: str | None = None) -> ProgressView:
    """What every face shows of a journal: the progress view, on the plan as it stands."""
    from .reports.progress_view import progress_view

    assessment = current_assessment(kb, journey)
    return progress_view(
        kb, journey.id, journey.baseline, journey.start, journey.entries, assessment, date=date
    )


def render_journey(kb: KnowledgeBase, journey: Journey, fmt: str, *, date: str | None = None) -> str:
    """Where the journal stands as terminal text, JSON or the HTML progress page."""
    from .reports.progress_text import render_progress_text
    from .reports.progress_view import progress_dict

    view = journey_view(kb, journey, date=date)
    if fmt == "json":
        return json.dumps(progress_dict(view), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from .reports.progress_html import render_progress_view  # matplotlib: only for the page

        return render_progress_view(kb, view)
    return render_progress_text(kb, view)


def calendar(kb: KnowledgeBase, journey: Journey, first_day: datetime.date, now: datetime.datetime) -> str:
    """The sessions of the phase in force from ``first_day`` on, as an iCalendar file's text."""
    from .reports.calendar_export import phase_calendar

    data = phase_calendar(
        kb, journey.id, journey.latest, current_assessment(kb, journey), first_day=first_day, dtstamp=now
    )
    return data.decode("utf-8")


# -- what a check-in asks (the terminal's prompts and the web form) ------------------------------


@dataclass(frozen=True)
class StepAsked:
    """A step of the current phase as the check-in asks about it."""

    kind: str
    name: str
    asked: int  # sessions the plan asks for since the previous check-in


@dataclass(frozen=True)
class CheckinContext:
    """What the journal says the check-in should ask."""

    since: datetime.date
    today: datetime.date
    steps: tuple[StepAsked, ...]
    measured: dict[str, float]  # movement id -> degrees at the start
    ask_cleared: bool  # the plan is held or stopped for a warning sign


class CheckinField(NamedTuple):
    """One question of a check-in: the field path it fills and the question, placeholders filled."""

    key: tuple[str, ...]
    question: Question


def context_for(kb: KnowledgeBase, journey: Journey, today: datetime.date) -> CheckinContext:
    """What to ask at this check-in: the dosed steps of the phase in force, the measured ranges."""
    from .reports.progress_view import step_name

    latest = journey.latest
    plan = {s.kind: s for s in current_assessment(kb, journey).plan}
    days = max((today - journey.last_date).days, 1)
    steps = tuple(
        StepAsked(kind, step_name(kb, kind), round(asked))
        for kind in latest.steps
        if kind in plan and (asked := expected_sessions(plan[kind].dose, days)) > 0
    )
    measured = journey.baseline.case.get("range_measured") or {}
    return CheckinContext(
        since=journey.last_date,
        today=today,
        steps=steps,
        measured={mv: float(v) for mv, v in measured.items() if mv in kb.movements},
        ask_cleared=latest.kind in ("see_doctor", "stop"),
    )


def _filled(q: Question, **values: Any) -> Question:
    """The question with its placeholders filled (checked by ``regain kb check``)."""
    return dataclasses.replace(q, text=q.text.format(**values), help=q.help.format(**values))


def fields_for(kb: KnowledgeBase, context: CheckinContext) -> list[CheckinField]:
    """The check-in's questions in asking order (``checkin_questions.yaml``, filled for this journal)."""
    cq = kb.checkin_questions
    reader = AnswerReader(kb, today=context.today)
    since = reader.date_text(context.since)
    out = [CheckinField(("date",), cq["date"])]
    for s in context.steps:
        q = _filled(cq["sessions"], step=s.name, since=since, asked=s.asked)
        out.append(CheckinField(("sessions", s.kind), q))
    out += [
        CheckinField(("pain_at_rest",), cq["pain_at_rest"]),
        CheckinField(("pain_on_movement",), cq["pain_on_movement"]),
    ]
    for mv, start in context.measured.items():
        movement = kb.movements[mv]
        q = _filled(
            cq["range_measured"],
            movement=movement.name,
            start=reader.amount_text(start, None),
            normal=reader.amount_text(movement.normal_range_deg, None),
        )
        out.append(CheckinField(("range_measured", mv), q))
    for s in context.steps:
        out.append(CheckinField(("felt", s.kind, "felt"), _filled(cq["felt"], step=s.name, since=since)))
        out.append(CheckinField(("felt", s.kind, "raised_next_day"), cq["raised_next_day"]))
    out.append(CheckinField(("tender_spots_reproduce_pain",), cq["tender_spots_reproduce_pain"]))
    out.append(CheckinField(("new_red_flags",), _filled(cq["new_red_flags"], since=since)))
    if context.ask_cleared:
        out.append(CheckinField(("cleared_by_doctor",), cq["cleared_by_doctor"]))
    out.append(CheckinField(("notes",), cq["notes"]))
    return out


def checkin_fields(kb: KnowledgeBase, journey: Journey, today: datetime.date) -> list[CheckinField]:
    """What this journal's check-in asks today, in order: every face asks the same questions."""
    return fields_for(kb, context_for(kb, journey, today))


def field_applies(fields: Sequence[CheckinField], answers: Sequence[Any], i: int) -> bool:
    """Whether question ``i`` is asked: the next-day question only follows work that made pain worse."""
    key = fields[i].key
    if key[0] == "felt" and key[2] == "raised_next_day":
        felt_at = [f.key for f in fields].index(("felt", key[1], "felt"))
        return bool(answers[felt_at] == "worse")
    return True


def raw_checkin(kb: KnowledgeBase, fields: Sequence[CheckinField], answers: Sequence[Any]) -> dict[str, Any]:
    """The answers (one per field, :data:`SKIPPED` where none) as a check-in file would hold them.

    Red flags may be given as numbers of the checklist (from 1) or as ids; an
    unsure "did the pain stay raised" counts as raised, the safer reading (its help says so).
    """
    out: dict[str, Any] = {"format": CHECKIN_FORMAT}
    flag_ids = list(kb.red_flags)
    for (key, _), value in zip(fields, answers, strict=True):
        if value is SKIPPED:
            continue
        name = key[-1]  # felt answers sit under ("felt", step, ...)
        if name == "new_red_flags":
            value = [flag_ids[n - 1] for n in value] if value and isinstance(value[0], int) else value
        if name in ("tender_spots_reproduce_pain", "raised_next_day", "cleared_by_doctor"):
            value = "yes" if value is True else "no" if value is False else "unknown"
        if name == "cleared_by_doctor" and value == "unknown":
            continue
        if name == "raised_next_day":
            value = value != "no"
        target = out
        for part in key[:-1]:
            target = target.setdefault(part, {})
        target[key[-1]] = value
    for kind in out.get("felt", {}):
        out["felt"][kind].setdefault("raised_next_day", False)
    return out
