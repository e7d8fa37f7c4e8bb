"""The journal's phases, the case at a check-in, the start decision, and Decision as a dict.

Phases are checked on every real plan of examples/ and tests/cases: each
holds only steps a person may do now, every step comes after the steps of
earlier phases it waits for, side-by-side steps share a phase, and the
shoulder example gives the three phases of the design.
"""

from __future__ import annotations

import datetime
from typing import Any, get_args

import pytest
from journey_helpers import ROOT, START, load_case

from regain.engine.assessment import Assessment
from regain.engine.inference import TraceEntry
from regain.engine.journey import (
    MEDICAL_KINDS,
    Baseline,
    CheckIn,
    Decision,
    DecisionKind,
    Entry,
    assessment_at,
    case_at,
    current_phase,
    phase_since,
    phases,
    start_decision,
)
from regain.knowledge import KnowledgeBase
from regain.knowledge.followup_models import DECISION_KINDS

PLAN_FILES = [
    "examples/shoulder.yaml",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests" / "cases").glob("*.yaml"))),
]


def _assess(assess: Any, case: dict[str, Any]) -> Assessment:
    result: Assessment = assess(case)
    return result


def test_medical_kinds_are_the_steps_no_person_does_alone(kb: KnowledgeBase) -> None:
    assert {k for k, s in kb.steps.items() if not s.self_treatment or s.exclusive} == MEDICAL_KINDS


def test_the_shoulder_example_has_the_three_phases_of_the_design(assess: Any) -> None:
    plan = _assess(assess, load_case("examples/shoulder.yaml")).plan
    assert [(p.number, p.steps) for p in phases(plan)] == [
        (1, ("trigger_point_self_treatment",)),
        (2, ("full_range_movement", "long_hold_stretching")),
        (3, ("strengthening",)),
    ]


@pytest.mark.parametrize("path", PLAN_FILES)
def test_phases_of_every_real_plan_are_layers_of_the_plan_graph(assess: Any, path: str) -> None:
    plan = _assess(assess, load_case(path)).plan
    found = phases(plan)
    number = {k: p.number for p in found for k in p.steps}
    assert [p.number for p in found] == list(range(1, len(found) + 1))
    for step in plan:
        if step.held_until is not None or step.kind in MEDICAL_KINDS:
            assert step.kind not in number, f"{path}: {step.kind} is held or medical"
            continue
        assert step.kind in number, f"{path}: {step.kind} is in no phase"
        for partner in step.alongside:
            assert number.get(partner, number[step.kind]) == number[step.kind], path
        for earlier in step.after:
            if earlier in number:
                assert number[earlier] < number[step.kind], f"{path}: {earlier} is not before {step.kind}"
    order = [s.kind for s in plan]
    for phase in found:
        assert list(phase.steps) == sorted(phase.steps, key=order.index), "plan order within a phase"


def test_side_by_side_steps_share_phase_one(assess: Any) -> None:
    plan = _assess(assess, load_case("tests/cases/massage_and_stretch_side_by_side.yaml")).plan
    assert phases(plan)[0].steps == ("trigger_point_self_treatment", "long_hold_stretching")


def test_held_and_emergency_plans_have_no_phases(assess: Any) -> None:
    assert phases(_assess(assess, load_case("tests/cases/emergency_calf_clot.yaml")).plan) == ()
    assert phases(_assess(assess, load_case("tests/cases/see_doctor_fall_on_shoulder.yaml")).plan) == ()
    # the near miss: the same sign once a doctor has cleared it
    cleared = {**load_case("tests/cases/see_doctor_fall_on_shoulder.yaml"), "cleared_by_doctor": True}
    assert phases(_assess(assess, cleared).plan) != ()


# -- the case at a check-in ----------------------------------------------------------------------


def _checkin(day: int, flags: list[str], cleared: bool = False) -> CheckIn:
    return CheckIn(
        date=START + datetime.timedelta(days=day),
        sessions={},
        pain_at_rest=None,
        pain_on_movement=None,
        range_measured={},
        felt={},
        tender_spots_reproduce_pain="unknown",
        new_red_flags=flags,
        cleared_by_doctor=cleared,
    )


def _base(kb: KnowledgeBase, path: str = "examples/shoulder.yaml", **extra: Any) -> Baseline:
    return Baseline({**load_case(path), **extra}, START, kb.version)


def test_new_signs_are_merged_and_a_later_clearance_lifts_them(kb: KnowledgeBase) -> None:
    base = _base(kb)
    held = case_at(base, [_checkin(7, ["constant_night_pain"])])
    assert held["red_flags"] == ["constant_night_pain"] and "cleared_by_doctor" not in held
    cleared = case_at(base, [_checkin(7, ["constant_night_pain"]), _checkin(14, [], cleared=True)])
    assert cleared["cleared_by_doctor"] is True and cleared["cleared_on"] == "2026-01-19"


def test_a_clearance_in_the_same_checkin_as_the_sign_does_not_lift_it(kb: KnowledgeBase) -> None:
    case = case_at(_base(kb), [_checkin(7, ["constant_night_pain"], cleared=True)])
    assert "cleared_by_doctor" not in case


def test_a_new_sign_after_a_clearance_needs_a_new_one(kb: KnowledgeBase) -> None:
    base = _base(kb, "tests/cases/cleared_by_doctor_cancer_history.yaml")
    assert base.case.get("cleared_by_doctor") is True
    assert "cleared_by_doctor" not in case_at(base, [_checkin(7, ["fever_or_unwell"])])
    assert case_at(base, [_checkin(7, [])])["cleared_by_doctor"] is True  # nothing new: it stands


def test_a_checkin_screens_a_case_that_was_not_screened(kb: KnowledgeBase) -> None:
    case = {k: v for k, v in load_case("examples/shoulder.yaml").items() if k != "red_flags"}
    base = Baseline(case, START, kb.version)
    assert assessment_at(kb, base, []).self_help == "screen_first"
    assert assessment_at(kb, base, [], _checkin(7, [])).self_help == "start"


def test_an_emergency_sign_at_a_checkin_reaches_the_triage(kb: KnowledgeBase) -> None:
    base = _base(kb)
    assert assessment_at(kb, base, [], _checkin(28, ["chest_pain_or_breathlessness"])).triage == "emergency"
    assert assessment_at(kb, base, [], _checkin(28, ["pregnancy"])).triage == "self_care"


# -- the start decision --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "extra", "kind", "phase", "rule"),
    [
        ("examples/shoulder.yaml", {}, "stay", 1, "start_plan_starts"),
        ("tests/cases/emergency_calf_clot.yaml", {}, "stop", 0, "start_emergency_first"),
        ("tests/cases/see_doctor_fall_on_shoulder.yaml", {}, "see_doctor", 0, "start_doctor_first"),
        (
            "tests/cases/see_doctor_fall_on_shoulder.yaml",
            {"cleared_by_doctor": True},
            "stay",
            1,
            "start_plan_starts",
        ),
        (
            "tests/cases/hard_block_long_standing_knee.yaml",
            {},
            "see_professional",
            0,
            "start_assessment_first",
        ),
        ("tests/cases/not_screened_knee_extension.yaml", {}, "stay", 0, "start_screen_first"),
    ],
)
def test_start_decision(
    kb: KnowledgeBase, path: str, extra: dict[str, Any], kind: str, phase: int, rule: str
) -> None:
    base = _base(kb, path, **extra)
    decision = start_decision(kb, base, assessment_at(kb, base, []))
    assert (decision.kind, decision.phase, decision.trace[0].rule) == (kind, phase, rule)
    assert decision.reasons and "{" not in decision.reasons[0]
    if kind == "stop":
        assert decision.advice == kb.red_flags["calf_swelling_warmth_redness"].advice
    if phase:
        assert decision.steps == phases(assessment_at(kb, base, []).plan)[0].steps


# -- decisions as dicts, and where the person is -------------------------------------------------


def _decision(kind: str, phase: int) -> Decision:
    return Decision(kind, phase, ("a",) if phase else (), ("why",), "do", (TraceEntry("r", ["f"], "c"),))  # type: ignore[arg-type]


def test_the_decision_kinds_are_the_knowledge_bases() -> None:
    assert get_args(DecisionKind) == DECISION_KINDS


def test_decision_round_trips_through_a_dict() -> None:
    d = _decision("advance", 2)
    assert Decision.from_dict(d.to_dict()) == d
    assert d.to_dict()["trace"] == [{"rule": "r", "because": ["f"], "concluded": "c"}]


def test_current_phase_keeps_the_phase_a_hold_paused() -> None:
    entries = [
        Entry(1, _checkin(14, []), _decision("advance", 2)),
        Entry(2, _checkin(21, ["constant_night_pain"]), _decision("see_doctor", 0)),
    ]
    assert current_phase([]) == 1
    assert current_phase(entries[:1]) == 2
    assert current_phase(entries) == 2
    base = Baseline({}, START, "v")
    assert phase_since(base, []) == START
    assert phase_since(base, entries) == START + datetime.timedelta(days=14)
