"""'Start today': what every rendering leads with, and what it may never show.

The box holds this week's self-help sessions only when self-help may start:
never for an emergency, never a step held for a doctor or an examination,
never a step that starts later. Each triage gets its own first line, and the
terminal leads with the same lines as the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from test_properties import KB, PROPERTY_SETTINGS, cases

from regain.engine.assessment import Assessment
from regain.reports.phase_view import phases
from regain.reports.summary import render_summary
from regain.reports.text import render_text
from regain.reports.today_view import TodayView, today_view

Assess = Callable[[dict[str, Any]], Assessment]
WORDS = KB.wording.start_today

BASE: dict[str, Any] = {
    "restricted_movements": ["shoulder_abduction"],
    "red_flags": [],
    "pain_on_movement": 6,
    "limit_felt_as": "pain",
    "avoids_movement": True,
    "tender_spots_reproduce_pain": True,
    "referred_pain": True,
    "pain_regions": ["shoulder_front"],
}


def _today(a: Assessment) -> TodayView:
    steps, _ = phases(a, KB)
    return today_view(a, KB, steps)


def test_a_case_that_may_start_lists_this_weeks_sessions_with_their_dose(assess: Assess) -> None:
    a = assess(BASE)
    t = _today(a)
    assert a.self_help == "start" and not t.first and t.held is None and t.nothing_yet is None
    massage = next(i for i in t.items if i.step == 1)
    assert massage.what == KB.steps["trigger_point_self_treatment"].today
    assert massage.targets and massage.targets == _today(a).items[0].targets
    assert massage.often == ["3 sessions a day"] and massage.period == ["for 2 weeks"]
    assert "10 slow strokes per tender spot" in massage.amount
    assert t.stop_if == list(WORDS.stop_if)


def test_a_step_that_starts_later_is_not_this_week(assess: Assess) -> None:
    a = assess({**BASE, "limit_felt_as": "both", "restricted_without_pain": True, "duration_weeks": 30})
    kinds = [s.kind for s in a.plan]
    assert "strengthening" in kinds  # starts after the massage, so not this week
    shown = {i.what for i in _today(a).items}
    assert KB.steps["strengthening"].today not in shown
    assert KB.steps["trigger_point_self_treatment"].today in shown


def test_an_emergency_shows_no_session_and_no_stop_list(assess: Assess) -> None:
    a = assess({**BASE, "red_flags": ["chest_pain_or_breathlessness"]})
    t = _today(a)
    assert a.self_help == "none"
    assert not t.items and not t.first and not t.stop_if
    assert t.nothing_yet == WORDS.nothing_yet
    assert t.banner.heading == KB.wording.headlines["emergency"].heading


def test_see_a_doctor_first_holds_every_session(assess: Assess) -> None:
    a = assess({**BASE, "red_flags": ["history_of_cancer"]})
    t = _today(a)
    assert a.self_help == "after_doctor"
    assert t.first == [KB.steps["medical_consultation"].title]
    assert not t.items
    assert t.held == WORDS.held.format(held=KB.wording.held_until["doctor_clearance"])


def test_a_doctors_clearance_lets_the_sessions_start(assess: Assess) -> None:
    # the near miss of the test above
    a = assess({**BASE, "red_flags": ["history_of_cancer"], "cleared_by_doctor": True})
    t = _today(a)
    assert t.items and t.held is None and not t.first


def test_unscreened_warning_signs_come_first(assess: Assess) -> None:
    case = {k: v for k, v in BASE.items() if k != "red_flags"}
    t = _today(assess(case))
    assert t.first == [WORDS.screen_first]


@PROPERTY_SETTINGS
@given(case=cases())
def test_start_today_never_shows_a_held_or_later_step(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    steps, _ = phases(a, KB)
    t = today_view(a, KB, steps)
    by_number = {p.number: p for p in steps}
    if a.self_help == "none":
        assert not t.items and not t.stop_if
    for item in t.items:
        phase = by_number[item.step]
        assert phase.self_treatment and phase.held is None and phase.start_week <= 1
    # every self-help step that may start now is in the box
    now = [p.number for p in steps if p.self_treatment and p.held is None and p.start_week <= 1]
    assert [i.step for i in t.items] == (now if a.self_help != "none" else [])


def test_every_dose_value_says_what_it_is() -> None:
    for kind, step in KB.steps.items():
        for key in step.dose:
            assert key in step.dose_units, (kind, key)
        periods = [k for k, u in step.dose_units.items() if u.role == "period"]
        assert periods in ([], ["weeks"]), kind


def test_the_terminal_leads_with_start_today(assess: Assess) -> None:
    a = assess(BASE)
    for text in (render_text(a, KB), render_summary(a, KB)):
        lines = [line for line in text.splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line == WORDS.heading.upper())
        assert start <= 3, lines[:5]
        after = "\n".join(lines[start:])
        assert f"[ ] {KB.steps['trigger_point_self_treatment'].today}" in after
        assert after.index(WORDS.stop_heading) < after.index("What is probably going on")


def test_the_terminal_words_the_causes_and_keeps_the_numbers_for_last(assess: Assess) -> None:
    text = render_text(assess(BASE), KB)
    going_on = text.index("What is probably going on")
    decided = text.index("How regain decided")
    assert "%" not in text[:decided]
    assert "% certain" in text[decided:]
    assert going_on < decided
