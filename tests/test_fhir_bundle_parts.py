"""The parts of the FHIR Bundle: ids, the answers given, findings, doses, names and languages.

Each behaviour with a passing case and a near miss: the same case gives the
same bytes, another case other ids; the QuestionnaireResponse given is carried
as given; a pain score or a measured range becomes an Observation and an
unanswered one does not; a dose becomes a Timing; a name reaches the Patient
only when the case gives one; a German run writes German.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fhir_bundle_checks import hand_response, resources, validation_problems

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case_reader import RawCase
from regain.fhir_io.bundle import assessment_bundle, case_mapping, response_of_case
from regain.fhir_io.bundle import to_json as bundle_json
from regain.knowledge import KnowledgeBase, load_knowledge

SHOULDER: dict[str, Any] = {
    "format": "regain-case/2",
    "id": "fhir-shoulder",
    "restricted_movements": ["shoulder_abduction"],
    "range_measured": {"shoulder_abduction": 90},
    "pain_at_rest": 2,
    "pain_on_movement": 6,
    "limit_felt_as": "both",
    "restricted_without_pain": True,
    "duration_weeks": 20,
    "sustained_postures": True,
    "red_flags": [],
}


def assessed(assessor: Assessor, **changes: Any) -> Assessment:
    data = {**SHOULDER, **changes}
    return assessor.assess_raw(RawCase("fhir.yaml", "fhir", {k: v for k, v in data.items() if v is not None}))


def bundle_of(a: Assessment, kb: KnowledgeBase) -> dict[str, Any]:
    return assessment_bundle(a, kb, hand_response(a, kb.version))


def test_the_same_case_gives_the_same_bytes(assessor: Assessor, kb: KnowledgeBase) -> None:
    first = bundle_json(bundle_of(assessed(assessor), kb))
    again = bundle_json(bundle_of(assessed(Assessor(kb)), kb))
    assert first == again
    other = bundle_of(assessed(assessor, id="fhir-other"), kb)
    ids = {e["fullUrl"] for e in bundle_of(assessed(assessor), kb)["entry"]}
    assert ids.isdisjoint(e["fullUrl"] for e in other["entry"])


def test_the_response_given_is_carried_and_linked(assessor: Assessor, kb: KnowledgeBase) -> None:
    a = assessed(assessor)
    given = hand_response(a, kb.version)
    bundle = assessment_bundle(a, kb, given)
    carried = bundle["entry"][0]["resource"]
    assert {k: v for k, v in carried.items() if k not in ("id", "subject")} == given
    assert "id" not in given and "subject" not in given  # the caller's dict is not changed
    assert carried["subject"] == {"reference": bundle["entry"][1]["fullUrl"]}
    # its own id and subject are kept; the entry's fullUrl is still the Bundle's uuid
    own = assessment_bundle(a, kb, {**given, "id": "form-17", "subject": {"display": "a form"}})
    kept = own["entry"][0]
    assert kept["resource"]["id"] == "form-17" and kept["resource"]["subject"] == {"display": "a form"}
    assert kept["fullUrl"] == bundle["entry"][0]["fullUrl"]
    assert validation_problems(own) == []


def test_findings_become_observations(assessor: Assessor, kb: KnowledgeBase) -> None:
    obs = resources(bundle_of(assessed(assessor), kb), "Observation")
    pain = {o["code"]["coding"][1]["code"]: o for o in obs if o["code"]["coding"][0]["code"] == "72514-3"}
    assert {q: o["valueQuantity"]["value"] for q, o in pain.items()} == {
        "pain_at_rest": 2,
        "pain_on_movement": 6,
    }
    (measured,) = [o for o in obs if o["code"]["coding"][0]["code"] == "shoulder_abduction"]
    assert measured["valueQuantity"] == {
        "value": 90,
        "unit": "deg",
        "system": "http://unitsofmeasure.org",
        "code": "deg",
    }
    normal = kb.movements["shoulder_abduction"].normal_range_deg
    assert measured["referenceRange"][0]["high"]["value"] == normal
    # the near miss: unanswered questions give no Observation
    bare = resources(bundle_of(assessed(assessor, pain_at_rest=None, range_measured=None), kb), "Observation")
    assert [o["code"]["coding"][1]["code"] for o in bare] == ["pain_on_movement"]


def test_a_dose_becomes_a_timing(assessor: Assessor, kb: KnowledgeBase) -> None:
    a = assessed(assessor)
    details = {
        act["detail"]["code"]["coding"][0]["code"]: act["detail"]
        for act in resources(bundle_of(a, kb), "CarePlan")[0]["activity"]
    }
    stretch = next(s for s in a.plan if s.kind == "long_hold_stretching")
    repeat = details["long_hold_stretching"]["scheduledTiming"]["repeat"]
    assert repeat["frequency"] == stretch.dose["sessions_per_week"] and repeat["periodUnit"] == "wk"
    assert (repeat["duration"], repeat["durationUnit"]) == (stretch.dose["hold_seconds"], "s")
    assert (
        repeat["boundsDuration"]["value"] == stretch.dose["weeks"]
        and repeat["boundsDuration"]["code"] == "wk"
    )
    minutes = int(stretch.dose["hold_seconds"] / 60)
    assert f"{minutes} minutes per hold" in details["long_hold_stretching"]["scheduledTiming"]["code"]["text"]
    targets = [
        x["valueCodeableConcept"]["coding"][0]["code"]
        for x in details["long_hold_stretching"]["extension"][:-1]
    ]
    assert targets == stretch.targets
    # the near miss: a step without a dose has no timing
    consult = assessed(assessor, red_flags=["recent_significant_trauma"], age=35)
    first = resources(bundle_of(consult, kb), "CarePlan")[0]["activity"][0]["detail"]
    assert first["code"]["coding"][0]["code"] == "medical_consultation" and "scheduledTiming" not in first


def test_the_patient_has_a_name_only_when_the_case_gives_one(assessor: Assessor, kb: KnowledgeBase) -> None:
    named = resources(bundle_of(assessed(assessor, name="Alex"), kb), "Patient")[0]
    assert named["name"] == [{"text": "Alex"}]
    nameless = resources(bundle_of(assessed(assessor), kb), "Patient")[0]
    assert set(nameless) == {"resourceType", "id", "language"}


def test_a_german_bundle_speaks_german() -> None:
    kb = load_knowledge("de")
    a = assessed(Assessor(kb))
    bundle = bundle_of(a, kb)
    (plan,) = resources(bundle, "CarePlan")
    assert {r["language"] for r in (e["resource"] for e in bundle["entry"][1:])} == {"de"}
    assert plan["title"] == kb.wording.headlines[a.self_help].heading
    assert [act["detail"]["code"]["text"] for act in plan["activity"]] == [
        kb.steps[s.kind].title for s in a.plan
    ]
    english = load_knowledge("en")
    assert plan["title"] != english.wording.headlines[a.self_help].heading
    risk = resources(bundle, "RiskAssessment")[0]
    assert any(p.get("rationale", "").startswith("Was dafür spricht: ") for p in risk["prediction"])


def test_the_clis_response_holds_the_cases_answers(assessor: Assessor, kb: KnowledgeBase) -> None:
    a = assessed(assessor, name="Alex")
    mapping = case_mapping(a)
    assert mapping["id"] == "fhir-shoulder" and mapping["name"] == "Alex" and mapping["pain_on_movement"] == 6
    response = response_of_case(a, kb)
    links = [i["linkId"] for i in response["item"]]
    assert "name" in links and "pain_on_movement" in links  # the name is an answer, asked last
    flags = next(i for i in response["item"] if i["linkId"] == "red_flags")
    assert len(flags["item"]) == len(kb.red_flags)
    assert validation_problems(assessment_bundle(a, kb, response)) == []


@pytest.mark.parametrize("case", sorted(Path(__file__).parent.joinpath("cases").glob("urgent_*.yaml"))[:1])
def test_an_urgent_bundle_names_its_signs(case: Path, assessor: Assessor, kb: KnowledgeBase) -> None:
    import yaml

    data = yaml.safe_load(case.read_text(encoding="utf-8"))["case"]
    a = assessor.assess_raw(
        RawCase(str(case), case.stem, {"format": "regain-case/2", "id": case.stem, **data})
    )
    risk = resources(bundle_of(a, kb), "RiskAssessment")[0]
    triage = risk["prediction"][0]
    assert triage["outcome"]["coding"][0]["code"] == "urgent"
    reasons = [kb.red_flags[f.id].sign for f in a.red_flags if f.tier != "caution"]
    reasons += [kb.combinations[c.id].name for c in a.combinations]
    assert reasons and all(reason in triage["rationale"] for reason in reasons)


def test_each_step_has_its_goal_held_with_it(assessor: Assessor, kb: KnowledgeBase) -> None:
    consult = assessed(assessor, red_flags=["recent_significant_trauma"], age=35)
    bundle = bundle_of(consult, kb)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    (plan,) = resources(bundle, "CarePlan")
    goals = [by_url[act["detail"]["goal"][0]["reference"]] for act in plan["activity"]]
    assert [g["description"]["text"] for g in goals] == [s.move_on_when for s in consult.plan]
    assert plan["goal"] == [act["detail"]["goal"][0] for act in plan["activity"]]
    statuses = [(s.held_until, g["lifecycleStatus"]) for s, g in zip(consult.plan, goals, strict=True)]
    assert statuses[0] == (None, "proposed")  # the consultation itself: to be done now
    assert statuses[1:] and all(st == ("doctor_clearance", "on-hold") for st in statuses[1:])
    # the near miss: nothing held, no goal on hold
    free = resources(bundle_of(assessed(assessor), kb), "Goal")
    assert free and {g["lifecycleStatus"] for g in free} == {"proposed"}
