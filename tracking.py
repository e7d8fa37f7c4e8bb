"""Following a plan over weeks: start a journal, check in, read where a person is.

The use-case between the faces (the CLI now, the web app later) and the parts:
the engine decides (:mod:`regain.engine.followup`), the journal stores
(:mod:`regain.journal`), and this module turns one into the other. A check-in
is validated and decided inside the journal's transaction, against the journal
as it is at that moment, so two check-ins at once are decided in turn.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .engine.assess import Assessor
from .engine.assessment import Assessment
from .engine.case import Case
from .engine.checkin import checkin_from_dict, checkin_to_dict, parse_checkin
from .engine.followup import decide, start_decision
from .engine.journey import Baseline, CheckIn, Decision, Entry, assessment_at
from .journal import JournalRecord, Store
from .knowledge import KnowledgeBase

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


def render_journey(kb: KnowledgeBase, journey: Journey, fmt: str, *, date: str | None = None) -> str:
    """Where the journal stands as terminal text, JSON or the HTML progress page."""
    from .reports.progress_text import render_progress_text
    from .reports.progress_view import progress_dict, progress_view

    view = progress_view(
        kb,
        journey.id,
        journey.baseline,
        journey.start,
        journey.entries,
        current_assessment(kb, journey),
        date=date,
    )
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
