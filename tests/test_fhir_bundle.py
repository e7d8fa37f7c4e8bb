"""The assessment as a FHIR Bundle (``fhir_io.bundle``): valid, linked, faithful, safe, deterministic.

Every case of the test data (the examples and the golden cases), in English
and German, gives a Bundle the FHIR R4B models accept, whose references all
resolve, whose CarePlan has the plan's steps in order with their doses, whose
probabilities are the JSON format's, and whose held steps read as held. Each
check also meets a Bundle broken on purpose (the near miss), so it can fail.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from case_library import library_raw_cases
from fhir_bundle_checks import (
    hold_problems,
    plan_problems,
    probability_problems,
    resources,
    unresolved_references,
    validation_problems,
)

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment, to_json
from regain.fhir_io.bundle import assessment_bundle, response_of_case
from regain.knowledge import KnowledgeBase, load_knowledge

CASES = library_raw_cases()


@pytest.fixture(scope="module", params=["en", "de"])
def assessed(request: pytest.FixtureRequest) -> tuple[KnowledgeBase, list[tuple[Assessment, dict[str, Any]]]]:
    """Every library case assessed in one language, with its Bundle."""
    kb = load_knowledge(request.param)
    assessor = Assessor(kb)
    out = []
    for raw in CASES:
        a = assessor.assess_raw(raw)
        out.append((a, assessment_bundle(a, kb, response_of_case(a, kb))))  # as the CLI makes it
    return kb, out


def test_every_bundle_validates(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    kb, bundles = assessed
    assert len(bundles) == len(CASES) > 40
    for a, bundle in bundles:
        assert validation_problems(bundle) == [], a.case_id
        assert bundle["language"] == kb.language
        assert [e["resource"]["resourceType"] for e in bundle["entry"]][:2] == [
            "QuestionnaireResponse",
            "Patient",
        ]


def test_a_broken_bundle_does_not_validate(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    _kb, bundles = assessed
    broken = copy.deepcopy(bundles[0][1])
    del resources(broken, "CarePlan")[0]["intent"]  # required in R4
    resources(broken, "RiskAssessment")[0]["prediction"][1]["probabilityDecimal"] = "very"
    problems = validation_problems(broken)
    assert [p.split(":")[0] for p in problems] == ["Bundle", "RiskAssessment", "CarePlan"]


def test_every_reference_resolves(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    _kb, bundles = assessed
    for a, bundle in bundles:
        assert unresolved_references(bundle) == [], a.case_id
        (plan,) = resources(bundle, "CarePlan")
        (risk,) = resources(bundle, "RiskAssessment")
        qr_url = bundle["entry"][0]["fullUrl"]
        assert {"reference": qr_url} in plan["supportingInfo"] and risk["basis"][0] == {"reference": qr_url}
        for obs in resources(bundle, "Observation"):
            assert obs["derivedFrom"] == [{"reference": qr_url}]
            assert {"reference": f"urn:uuid:{obs['id']}"} in risk["basis"]


def test_a_reference_to_a_missing_entry_is_found(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    _kb, bundles = assessed
    broken = copy.deepcopy(bundles[0][1])
    patient_url = broken["entry"].pop(1)["fullUrl"]
    assert patient_url in unresolved_references(broken)


def test_the_care_plan_is_the_plan_in_order_with_its_doses(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    _kb, bundles = assessed
    for a, bundle in bundles:
        assert plan_problems(bundle, a) == [], a.case_id
    a, bundle = next((a, b) for a, b in bundles if len(a.plan) >= 3)
    swapped = copy.deepcopy(bundle)
    activities = resources(swapped, "CarePlan")[0]["activity"]
    activities[0], activities[1] = activities[1], activities[0]
    assert plan_problems(swapped, a)
    lowered = copy.deepcopy(bundle)
    dosed = next(
        act for act in resources(lowered, "CarePlan")[0]["activity"] if "scheduledTiming" in act["detail"]
    )
    dosed["detail"]["extension"][-1]["extension"][0]["valueDecimal"] -= 1
    assert plan_problems(lowered, a)


def test_probabilities_are_the_json_formats(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    _kb, bundles = assessed
    for a, bundle in bundles:
        assert probability_problems(bundle, json.loads(to_json(a))) == [], a.case_id
    a, bundle = bundles[0]
    nudged = copy.deepcopy(bundle)
    resources(nudged, "RiskAssessment")[0]["prediction"][1]["probabilityDecimal"] += 0.01
    assert len(probability_problems(nudged, json.loads(to_json(a)))) == 1


def test_held_steps_read_as_held(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    kb, bundles = assessed
    for a, bundle in bundles:
        assert hold_problems(bundle, a, kb) == [], a.case_id
    tiers = {a.triage for a, _b in bundles}
    assert {"emergency", "urgent", "see_doctor", "professional_assessment", "self_care"} <= tiers


def test_an_emergency_bundle_says_get_care_and_holds_nothing_else(
    assessed: tuple[KnowledgeBase, list[Any]],
) -> None:
    kb, bundles = assessed
    for a, bundle in bundles:
        if a.self_help != "none":
            continue
        (plan,) = resources(bundle, "CarePlan")
        (risk,) = resources(bundle, "RiskAssessment")
        headline = kb.wording.headlines["emergency" if a.triage == "emergency" else "urgent"]
        assert plan["title"] == headline.heading and risk["mitigation"].startswith(headline.heading)
        assert all(f.advice in risk["mitigation"] for f in a.red_flags)
        assert len(plan["activity"]) == 1
    # the near miss: a case with no warning sign holds nothing, and says "you can start"
    a, bundle = next((a, b) for a, b in bundles if a.self_help == "start" and not a.red_flags)
    statuses = {act["detail"]["status"] for act in resources(bundle, "CarePlan")[0]["activity"]}
    assert statuses == {"not-started"}
    assert resources(bundle, "CarePlan")[0]["title"] == kb.wording.headlines["start"].heading


def test_a_see_doctor_bundle_holds_every_self_help_step(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    kb, bundles = assessed
    a, bundle = next((a, b) for a, b in bundles if a.case_id == "see_doctor_fall_on_shoulder")
    details = [act["detail"] for act in resources(bundle, "CarePlan")[0]["activity"]]
    assert details[0]["code"]["coding"][0]["code"] == "medical_consultation"
    assert details[0]["status"] == "not-started"
    reason = kb.wording.held_until["doctor_clearance"]
    assert details[1:] and all(d["status"] == "on-hold" for d in details[1:])
    assert all(
        d["statusReason"]["text"] == reason and d["description"].startswith(reason) for d in details[1:]
    )
    # the near miss: the plan's hold taken away is found
    freed = copy.deepcopy(bundle)
    resources(freed, "CarePlan")[0]["activity"][1]["detail"]["status"] = "not-started"
    assert hold_problems(freed, a, kb)


def test_an_unscreened_case_holds_its_self_help_steps(assessed: tuple[KnowledgeBase, list[Any]]) -> None:
    kb, bundles = assessed
    _a, bundle = next((a, b) for a, b in bundles if a.self_help == "screen_first")
    statuses = [
        (act["detail"]["code"]["coding"][0]["code"], act["detail"]["status"])
        for act in resources(bundle, "CarePlan")[0]["activity"]
    ]
    assert statuses and all(status == "on-hold" for kind, status in statuses if kb.steps[kind].self_treatment)
    assert resources(bundle, "CarePlan")[0]["title"] == kb.wording.headlines["screen_first"].heading
