"""The current phase's sessions as an iCalendar file (``regain track calendar``).

One recurring event per step of the phase, with a reminder (``VALARM``):
a step done on several sessions a day recurs daily for the days of its
dose's weeks; a step done a few times a week recurs weekly on days spread
over the week, starting on the first day; a step without sessions (a
one-off check) is a single event. Each event says what to do, for which
muscles or movements and how much, in the words of the plan's "Start
today" lines (:func:`.progress_view.step_lines`).

The file is written with the ``icalendar`` library. Nothing here reads the
clock: the first day, the time of day and the ``DTSTAMP`` are given, and
each event's ``UID`` is made from the journal id, the phase and the step,
so exporting the same phase again updates the events rather than adding
copies, and the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import icalendar

from regain.engine.assessment import Assessment
from regain.engine.journey import Decision
from regain.knowledge import KnowledgeBase

from .progress_view import StepLine, step_lines

PRODID = "-//regain//treatment journal//EN"
#: A step whose dose has no weeks (a support throughout the plan) recurs for this long,
#: unless another step of the phase has weeks: then for as long as the longest.
DEFAULT_WEEKS = 2
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def spread_days(first: datetime.date, per_week: int) -> list[str]:
    """``per_week`` weekdays spread over the week, the first being ``first``'s."""
    n = max(1, min(per_week, 7))
    return [DAYS[(first.weekday() + i * 7 // n) % 7] for i in range(n)]


def _weeks(dose: dict[str, int | float], fallback: int) -> int:
    weeks = dose.get("weeks")
    return int(weeks) if weeks else fallback


def _description(kb: KnowledgeBase, line: StepLine) -> str:
    words = kb.wording.progress
    out = [line.what]
    if line.targets:
        out.append(f"{words.calendar_for}: {', '.join(line.targets)}")
    dose = ", ".join(line.amount + line.often + line.period)
    if dose:
        out.append(f"{words.calendar_dose}: {dose}")
    return "\n".join(out)


def phase_calendar(
    kb: KnowledgeBase,
    journal_id: str,
    decision: Decision,
    assessment: Assessment,
    *,
    first_day: datetime.date,
    dtstamp: datetime.datetime,
    at: datetime.time = datetime.time(18, 0),
    minutes: int = 20,
    remind_before: datetime.timedelta = datetime.timedelta(minutes=10),
) -> bytes:
    """The sessions of ``decision``'s phase from ``first_day`` on, as iCalendar bytes.

    Events start at ``at`` (local time, floating) and last ``minutes``; each
    reminds ``remind_before`` its start. A decision without a phase (stop, a
    doctor first) gives a calendar without events; so does a step the plan
    holds (for a doctor, an examination) or a step a professional does.
    """
    words = kb.wording.progress
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", words.calendar_name.format(number=decision.phase))
    if not decision.phase:
        return bytes(cal.to_ical())
    plan = {s.kind: s for s in assessment.plan}
    kinds: Sequence[str] = [
        k for k in decision.steps if k in plan and not plan[k].held_until and kb.steps[k].self_treatment
    ]
    longest = max((_weeks(plan[k].dose, 0) for k in kinds), default=0) or DEFAULT_WEEKS
    for line in step_lines(kb, kinds, assessment):
        dose = plan[line.kind].dose
        event = icalendar.Event()
        event.add("uid", f"{journal_id}-phase{decision.phase}-{line.kind}@regain")
        event.add("dtstamp", dtstamp)
        event.add("summary", words.calendar_summary.format(what=line.what))
        event.add("description", _description(kb, line))
        event.add("dtstart", datetime.datetime.combine(first_day, at))
        event.add("duration", datetime.timedelta(minutes=minutes))
        weeks = _weeks(dose, longest)
        if dose.get("sessions_per_day"):
            event.add("rrule", {"freq": "daily", "count": weeks * 7})
        elif dose.get("sessions_per_week"):
            per_week = int(dose["sessions_per_week"])
            days = spread_days(first_day, per_week)
            event.add("rrule", {"freq": "weekly", "byday": days, "count": len(days) * weeks})
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", words.calendar_alarm.format(what=line.what))
        alarm.add("trigger", -remind_before)
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
