"""The current phase's sessions as iCalendar: it parses back with icalendar, events and alarms intact."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import icalendar
import pytest
from progress_journals import Journal, load_journal

from regain.engine.assess import Assessor
from regain.knowledge import KnowledgeBase
from regain.reports.calendar_export import phase_calendar, spread_days

STAMP = datetime.datetime(2026, 12, 29, 12, 0, tzinfo=datetime.UTC)
FIRST = datetime.date(2026, 12, 30)  # a Wednesday


def calendar_of(kb: KnowledgeBase, j: Journal, **kw: Any) -> icalendar.Calendar:
    decision = j.entries[-1].decision if j.entries else j.start
    data = phase_calendar(kb, j.journal_id, decision, j.assessment, first_day=FIRST, dtstamp=STAMP, **kw)
    return icalendar.Calendar.from_ical(data)


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


@pytest.fixture(scope="module")
def phase2(assessor: Assessor) -> Journal:
    return load_journal("classic", assessor, entries=4)  # advanced to phase 2 on 2026-12-29


def test_one_event_per_step_of_the_phase_with_a_reminder(kb: KnowledgeBase, phase2: Journal) -> None:
    cal = calendar_of(kb, phase2)
    found = events(cal)
    assert sorted(found) == [
        "k3v9qt2m-phase2-full_range_movement@regain",
        "k3v9qt2m-phase2-long_hold_stretching@regain",
    ]
    assert str(cal["x-wr-calname"]) == kb.wording.progress.calendar_name.format(number=2)
    for e in found.values():
        [alarm] = e.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm["trigger"].dt == -datetime.timedelta(minutes=10)
        assert str(e["summary"]) in str(alarm["description"])
        assert e["dtstart"].dt == datetime.datetime(2026, 12, 30, 18, 0)
        assert e["dtstamp"].dt == STAMP
        assert e["duration"].dt == datetime.timedelta(minutes=20)


def test_sessions_a_day_recur_daily_for_the_dose_weeks(kb: KnowledgeBase, phase2: Journal) -> None:
    e = events(calendar_of(kb, phase2))["k3v9qt2m-phase2-full_range_movement@regain"]
    assert e["rrule"]["FREQ"] == ["DAILY"] and e["rrule"]["COUNT"] == [4 * 7]
    description = str(e["description"])
    assert kb.steps["full_range_movement"].today in description
    assert "3 sessions a day" in description and "Raising the arm forwards" in description


def test_sessions_a_week_recur_weekly_on_spread_days(kb: KnowledgeBase, phase2: Journal) -> None:
    e = events(calendar_of(kb, phase2))["k3v9qt2m-phase2-long_hold_stretching@regain"]
    rule = e["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [5 * 8]
    assert rule["BYDAY"] == ["WE", "TH", "FR", "SU", "MO"]
    assert "5 sessions a week" in str(e["description"])


def test_days_are_spread_from_the_first_day() -> None:
    monday = datetime.date(2026, 12, 28)
    assert spread_days(monday, 3) == ["MO", "WE", "FR"]
    assert spread_days(monday, 1) == ["MO"]
    assert spread_days(monday + datetime.timedelta(days=6), 2) == ["SU", "WE"]
    assert spread_days(monday, 7) == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def test_the_same_phase_gives_the_same_bytes_and_a_new_phase_new_uids(
    kb: KnowledgeBase, assessor: Assessor, phase2: Journal
) -> None:
    again = calendar_of(kb, phase2).to_ical()
    assert calendar_of(kb, phase2).to_ical() == again
    phase3 = calendar_of(kb, load_journal("classic", assessor))
    assert list(events(phase3)) == ["k3v9qt2m-phase3-strengthening@regain"]


def test_no_phase_no_events(kb: KnowledgeBase, assessor: Assessor) -> None:
    assert events(calendar_of(kb, load_journal("red_flag", assessor))) == {}
    assert len(events(calendar_of(kb, load_journal("red_flag", assessor, entries=1)))) == 1


def test_the_time_and_reminder_are_chosen_by_the_caller(kb: KnowledgeBase, phase2: Journal) -> None:
    cal = calendar_of(kb, phase2, at=datetime.time(7, 30), remind_before=datetime.timedelta(minutes=0))
    for e in events(cal).values():
        assert e["dtstart"].dt == datetime.datetime(2026, 12, 30, 7, 30)
        assert e.walk("VALARM")[0]["trigger"].dt == datetime.timedelta(0)


def test_a_step_the_plan_holds_gets_no_event(kb: KnowledgeBase, phase2: Journal) -> None:
    plan = [
        dataclasses.replace(s, held_until="professional_assessment")
        if s.kind == "long_hold_stretching"
        else s
        for s in phase2.assessment.plan
    ]
    held = dataclasses.replace(phase2, assessment=dataclasses.replace(phase2.assessment, plan=plan))
    assert list(events(calendar_of(kb, held))) == ["k3v9qt2m-phase2-full_range_movement@regain"]
