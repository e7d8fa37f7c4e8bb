"""Courses of weeks, decided check-in by check-in: every decision of each is checked.

The classic course (massage, the pain eases, advance, stretch, a flare,
step back, advance again, strengthen, done), a course that never improves
(and its near miss, the same course with too few sessions), a new warning
sign in week 4 that no clearance lifts, a see-a-doctor sign that pauses the
plan and a clearance that resumes it in the phase it paused.
"""

from __future__ import annotations

from typing import Any

from journey_helpers import baseline, kinds, rule_of, run

from regain.knowledge import KnowledgeBase

TP = "trigger_point_self_treatment"
SHOULDER = "examples/shoulder.yaml"


def _c(day: int, mv: int, rest: int = 1, spots: str = "no", **extra: Any) -> dict[str, Any]:
    return {
        "day": day,
        "pain_on_movement": mv,
        "pain_at_rest": rest,
        "tender_spots_reproduce_pain": spots,
        **extra,
    }


def test_the_classic_course(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    phase2 = {"full_range_movement": 21, "long_hold_stretching": 5}
    entries = run(
        kb,
        base,
        [
            _c(7, 5, 2, "yes", sessions={TP: 21}),  # massage: better, not there yet
            _c(14, 3, sessions={TP: 21}),  # the pain has eased, the spots are quiet
            _c(
                21,
                4,
                spots="yes",
                sessions=phase2,  # the stretch flared the pain to the next day
                felt={"long_hold_stretching": {"felt": "worse", "raised_next_day": "yes"}},
            ),
            _c(28, 4, spots="yes", sessions={TP: 21}),  # back to the massage
            _c(35, 2, sessions={TP: 21}),  # calm again
            _c(
                42,
                2,
                sessions=phase2,
                felt={"long_hold_stretching": {"felt": "better", "raised_next_day": "no"}},
            ),
            _c(98, 1, 0, sessions={"full_range_movement": 168, "long_hold_stretching": 40}),  # 8 weeks on
            _c(119, 1, 0, sessions={"strengthening": 9}),
            _c(
                140,
                1,
                0,
                sessions={"strengthening": 9},
                felt={"strengthening": {"felt": "better", "raised_next_day": "no"}},
            ),
        ],
    )
    assert kinds(entries) == [
        ("stay", 1),
        ("advance", 2),
        ("step_back", 1),
        ("stay", 1),
        ("advance", 2),
        ("stay", 2),
        ("advance", 3),
        ("stay", 3),
        ("finish", 0),
    ]
    assert entries[1].decision.steps == ("full_range_movement", "long_hold_stretching")
    assert entries[2].decision.steps == (TP,)
    assert entries[6].decision.steps == ("strengthening",)
    assert rule_of(entries[2].decision) == "flare_steps_back"
    assert all(e.decision.trace and e.decision.reasons and e.decision.advice for e in entries)


def test_a_course_that_never_improves_ends_with_a_professional(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    same = [_c(day, 6, 2, "yes", sessions={TP: 21}) for day in (7, 14, 21, 28, 35, 42)]
    entries = run(kb, base, same)
    assert kinds(entries) == [("stay", 1)] * 5 + [("see_professional", 1)]
    assert rule_of(entries[-1].decision) == "no_improvement_sees_professional"
    assert "6 weeks" in entries[-1].decision.reasons[0]


def test_the_same_course_with_too_few_sessions_stays_and_says_so(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    entries = run(kb, base, [_c(day, 6, 2, "yes", sessions={TP: 5}) for day in (7, 14, 21, 28, 35, 42)])
    assert kinds(entries) == [("stay", 1)] * 6
    assert {rule_of(e.decision) for e in entries} == {"few_sessions_stay"}
    assert "24%" in entries[-1].decision.reasons[0]


def test_a_new_red_flag_in_week_4_stops_and_no_clearance_lifts_it(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    entries = run(
        kb,
        base,
        [
            _c(7, 5, 2, "yes", sessions={TP: 21}),
            _c(14, 3, sessions={TP: 21}),
            _c(21, 3, sessions={"full_range_movement": 21, "long_hold_stretching": 5}),
            _c(28, 3, new_red_flags=["calf_swelling_warmth_redness"]),
            _c(35, 2, cleared_by_doctor=True),
        ],
    )
    assert kinds(entries) == [("stay", 1), ("advance", 2), ("stay", 2), ("stop", 0), ("stop", 0)]
    stop = entries[3].decision
    assert rule_of(stop) == "new_urgent_sign_stops" and stop.steps == ()
    assert "red flag: calf_swelling_warmth_redness" in stop.trace[0].because
    assert stop.advice == kb.red_flags["calf_swelling_warmth_redness"].advice
    assert kb.red_flags["calf_swelling_warmth_redness"].sign in stop.reasons[0]


def test_a_doctor_sign_pauses_the_plan_and_a_clearance_resumes_its_phase(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    entries = run(
        kb,
        base,
        [
            _c(14, 3, sessions={TP: 42}),
            _c(21, 3, sessions={"full_range_movement": 21}, new_red_flags=["constant_night_pain"]),
            _c(28, 3),
            _c(35, 3, cleared_by_doctor=True),
        ],
    )
    assert kinds(entries) == [("advance", 2), ("see_doctor", 0), ("see_doctor", 0), ("stay", 2)]


def test_pain_worse_once_is_not_enough_twice_is(kb: KnowledgeBase) -> None:
    base = baseline(kb, SHOULDER)
    once = run(kb, base, [_c(7, 8, 2, "yes", sessions={TP: 21}), _c(14, 6, 2, "yes", sessions={TP: 21})])
    assert kinds(once) == [("stay", 1), ("stay", 1)]
    twice = run(kb, base, [_c(7, 8, 2, "yes", sessions={TP: 21}), _c(14, 8, 2, "yes", sessions={TP: 21})])
    assert kinds(twice) == [("stay", 1), ("stop", 0)]
    assert rule_of(twice[-1].decision) == "pain_worse_twice_stops"


def test_a_measured_range_that_stops_improving_ends_the_stretching(kb: KnowledgeBase) -> None:
    base = baseline(kb, {**baseline(kb, SHOULDER).case, "range_measured": {"shoulder_abduction": 100}})
    phase2 = {"full_range_movement": 21, "long_hold_stretching": 5}
    entries = run(
        kb,
        base,
        [
            _c(14, 2, sessions={TP: 42}),
            _c(21, 2, sessions=phase2, range_measured={"shoulder_abduction": 120}),
            _c(28, 2, sessions=phase2, range_measured={"shoulder_abduction": 135}),
            _c(35, 2, sessions=phase2, range_measured={"shoulder_abduction": 140}),
            _c(42, 2, sessions=phase2, range_measured={"shoulder_abduction": 142}),
        ],
    )
    # gained 15 degrees in the week to day 28; from day 28 to 42, 7 degrees in two weeks: a plateau
    assert kinds(entries) == [("advance", 2), ("stay", 2), ("stay", 2), ("stay", 2), ("advance", 3)]


def test_sessions_are_not_asked_while_the_start_waits_for_the_checklist(kb: KnowledgeBase) -> None:
    """A case never screened starts on hold; its first check-in screens it, and no session was due."""
    base = baseline(kb, "tests/cases/not_screened_knee_extension.yaml")
    entries = run(kb, base, [_c(14, 2), _c(28, 2, sessions={"long_hold_stretching": 2})])
    assert [rule_of(e.decision) for e in entries] == ["carry_on", "few_sessions_stay"]
    assert kinds(entries) == [("stay", 1), ("stay", 1)]


def test_a_flare_with_no_massage_phase_to_go_back_to_sees_a_professional(kb: KnowledgeBase) -> None:
    """Stretching first (no trigger-point step): a flare to the next day is never carried on."""
    base = baseline(kb, "tests/cases/shortening_hip_flexors_desk.yaml")
    worse = {"long_hold_stretching": {"felt": "worse", "raised_next_day": "yes"}}
    flared = run(kb, base, [_c(7, 3, sessions={"long_hold_stretching": 5}, felt=worse)])
    assert kinds(flared) == [("see_professional", 1)]
    assert rule_of(flared[0].decision) == "flare_sees_professional"
    settled = {"long_hold_stretching": {"felt": "worse", "raised_next_day": "no"}}
    settled_run = run(kb, base, [_c(7, 3, sessions={"long_hold_stretching": 5}, felt=settled)])
    assert kinds(settled_run) == [("stay", 1)]


def test_a_flare_of_the_stretch_beside_the_massage_sees_a_professional(kb: KnowledgeBase) -> None:
    """Massage and stretch side by side in phase 1: there is no earlier phase to step back to."""
    base = baseline(kb, "tests/cases/massage_and_stretch_side_by_side.yaml")
    worse = {"long_hold_stretching": {"felt": "worse", "raised_next_day": "yes"}}
    entries = run(kb, base, [_c(7, 5, 2, "yes", sessions={TP: 21, "long_hold_stretching": 5}, felt=worse)])
    assert kinds(entries) == [("see_professional", 1)]
