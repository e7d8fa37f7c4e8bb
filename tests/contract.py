"""The contract of docs/assessment.md (``regain-assessment/2``), checked on any assessment.

The golden case library (``test_golden_cases.py``) and the property tests
over generated cases (``test_properties.py``) hold every assessment to it.
"""

from __future__ import annotations

from typing import Any

from regain.engine.assessment import Assessment
from regain.engine.instructions import instruction
from regain.knowledge import KnowledgeBase

TIERS = ("self_care", "professional_assessment", "see_doctor", "urgent", "emergency")
#: the plan steps a person does (not a doctor's or a physiotherapist's)
SELF_TREATMENT = (
    "check_tender_spots",
    "trigger_point_self_treatment",
    "relaxation_support",
    "full_range_movement",
    "long_hold_stretching",
    "strengthening",
)


def check_contract(case: dict[str, Any], a: Assessment, kb: KnowledgeBase) -> None:
    """The contract of assessment.md (regain-assessment/2) for one case and its assessment."""
    kinds = [s.kind for s in a.plan]
    steps = {s.kind: s for s in a.plan}
    pp = a.causes["pain_protective"].level
    sa = a.causes["shortening_adhesion"].level
    atp = a.active_trigger_points.level
    flags = case.get("red_flags", [])
    tiers = [kb.red_flags[f].tier for f in flags if kb.red_flags[f].tier != "caution"]
    tiers += [c.tier for c in a.combinations]
    if a.other_causes_found() or (pp == "unlikely" and sa == "unlikely"):
        tiers.append("professional_assessment")
    assert a.triage == max(tiers, key=TIERS.index, default="self_care")
    for c in a.combinations:
        assert set(c.flags) <= set(flags)
    assert a.screening_complete == ("red_flags" in case and not a.not_screened)
    if not a.screening_complete:
        assert a.missing[:1] == ["red_flags"], "an unscreened case must ask for red flags first"
        assert a.self_help in ("none", "after_doctor", "screen_first")
    if a.triage in ("emergency", "urgent"):
        assert a.self_help == "none"
        assert kinds == [f"{a.triage}_care"]
        return
    self_steps = [s for s in a.plan if s.kind in SELF_TREATMENT]
    if a.cleared_by_doctor:
        assert a.triage in ("see_doctor", "professional_assessment")
        assert not any(s.held_until for s in a.plan)
    elif a.triage == "see_doctor":
        assert a.self_help == "after_doctor" and kinds[0] == "medical_consultation"
        assert all(s.held_until == "doctor_clearance" for s in self_steps)
    elif a.triage == "professional_assessment":
        assert "professional_assessment" in kinds
        for s in self_steps:
            waits = not kb.steps[s.kind].awaits_assessment
            assert (s.held_until == "professional_assessment") == waits, s.kind
    else:
        assert not any(s.held_until for s in a.plan)
    if pp == "likely" and atp != "unlikely":
        assert {"trigger_point_self_treatment", "full_range_movement"} <= set(kinds)
    if pp != "unlikely" and atp == "unlikely":
        assert {"check_tender_spots", "full_range_movement"} <= set(kinds)
    if atp == "unlikely":
        assert "trigger_point_self_treatment" not in kinds, "massage needs trigger-point signs"
    if sa == "likely":
        stretch = steps["long_hold_stretching"]
        assert stretch.dose["hold_seconds"] >= 120 and stretch.dose["weeks"] >= 6
    if case.get("limit_felt_as") == "block" or (pp == "unlikely" and sa == "unlikely"):
        assert "professional_assessment" in kinds or a.cleared_by_doctor
    if "trigger_point_self_treatment" in kinds:
        for later in ("long_hold_stretching", "strengthening"):
            if later in kinds:
                step = steps[later]
                assert "trigger_point_self_treatment" in step.after + step.alongside
                assert kinds.index("trigger_point_self_treatment") < kinds.index(later)
    if "strengthening" in kinds:
        last = [k for k in kinds if k in SELF_TREATMENT and not kb.steps[k].throughout][-1]
        assert last == "strengthening"
        worked = {
            t
            for k in ("trigger_point_self_treatment", "long_hold_stretching")
            if k in steps
            for t in steps[k].targets
        }
        for x in steps["strengthening"].targets:
            assert not set(kb.exercises[x].trains) & worked, x
    for pid in flags + list(a.other_causes_found()):
        source = kb.red_flags.get(pid) or kb.other_causes.get(pid)
        for kind, change in source.softens.items() if source else ():
            if kind in steps:
                assert pid in [c.precaution for c in steps[kind].cautions]
                for key, cap in change.caps.items():
                    assert steps[kind].dose[key] <= cap
    avoided = {
        tag
        for pid in flags + list(a.other_causes_found())
        for tag in (kb.red_flags.get(pid) or kb.other_causes.get(pid)).avoid
    }
    for step in a.plan:
        for choice in step.instructions:
            assert choice.instruction is not None
            assert not set(instruction(kb, choice.instruction).involves) & avoided
