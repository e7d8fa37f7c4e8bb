"""What the FHIR Bundle tests check, as functions that return the problems they find.

Each check returns a list of problems (empty: it holds), so a test can show
both that a real Bundle passes and that a Bundle broken on purpose (a near
miss) does not. ``hand_response`` builds a small QuestionnaireResponse by
hand, as another form would fill it, for the tests of what
:func:`regain.fhir_io.bundle.assessment_bundle` does with a response it is
given; the library-wide tests use the one the CLI makes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

QUESTIONNAIRE = "https://regain.example.org/fhir/Questionnaire/regain"
DOSE_EXT = "https://regain.example.org/fhir/StructureDefinition/dose"
TRIAGE_SYSTEM = "https://regain.example.org/fhir/CodeSystem/triage"


def hand_response(a: Assessment, version: str) -> dict[str, Any]:
    """A QuestionnaireResponse with the two pain answers and the screening, written out by hand."""
    items: list[dict[str, Any]] = [
        {"linkId": q, "answer": [{"valueInteger": a.answers[q]}]}
        for q in ("pain_at_rest", "pain_on_movement")
        if isinstance(a.answers.get(q), int) and not isinstance(a.answers.get(q), bool)
    ]
    flags = a.answers.get("red_flags")
    if isinstance(flags, list) and flags:
        items.append(
            {
                "linkId": "red_flags",
                "item": [{"linkId": f"red_flags.{f}", "answer": [{"valueBoolean": True}]} for f in flags],
            }
        )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE}|{version}",
        "status": "completed",
    }
    if items:
        response["item"] = items
    return response


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def validation_problems(bundle: dict[str, Any]) -> list[str]:
    """The Bundle and each of its resources against the FHIR R4B models (fhir.resources)."""
    from fhir.resources.R4B.bundle import Bundle

    problems = []
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        problems.append(f"Bundle: {exc}")
    for entry in bundle.get("entry", []):
        kind = entry["resource"]["resourceType"]
        model = getattr(importlib.import_module(f"fhir.resources.R4B.{kind.lower()}"), kind)
        try:
            model.model_validate(entry["resource"])
        except ValidationError as exc:
            problems.append(f"{kind}: {exc}")
    return problems


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def unresolved_references(bundle: dict[str, Any]) -> list[str]:
    """Every reference inside the Bundle that names no entry's ``fullUrl`` (or a duplicate fullUrl)."""
    urls = [e["fullUrl"] for e in bundle["entry"]]
    problems = [f"duplicate fullUrl {u}" for u in set(urls) if urls.count(u) > 1]
    return problems + [r for r in _references(bundle["entry"]) if r not in urls]


def plan_problems(bundle: dict[str, Any], a: Assessment) -> list[str]:
    """The CarePlan's activities against the plan: the same steps, in order, with the same doses."""
    (plan,) = resources(bundle, "CarePlan")
    details = [act["detail"] for act in plan.get("activity", [])]
    kinds = [d["code"]["coding"][0]["code"] for d in details]
    problems = [] if kinds == [s.kind for s in a.plan] else [f"steps {kinds} != {[s.kind for s in a.plan]}"]
    for step, detail in zip(a.plan, details, strict=False):
        ext = next((x for x in detail.get("extension", []) if x["url"] == DOSE_EXT), {"extension": []})
        dose = {x["url"]: x["valueDecimal"] for x in ext["extension"]}
        if dose != step.dose:
            problems.append(f"{step.kind}: dose {dose} != {step.dose}")
        repeat = detail.get("scheduledTiming", {}).get("repeat", {})
        per_day = step.dose.get("sessions_per_day") or step.dose.get("sessions_per_week")
        if per_day is not None and repeat.get("frequency") != per_day:
            problems.append(f"{step.kind}: frequency {repeat.get('frequency')} != {per_day}")
        if "weeks" in step.dose and repeat.get("boundsDuration", {}).get("value") != step.dose["weeks"]:
            problems.append(f"{step.kind}: weeks {repeat.get('boundsDuration')} != {step.dose['weeks']}")
    return problems


def probability_problems(bundle: dict[str, Any], assessment_json: dict[str, Any]) -> list[str]:
    """Each cause's ``probabilityDecimal`` and level against the JSON format's certainty and level."""
    (risk,) = resources(bundle, "RiskAssessment")
    found = {**assessment_json["causes"], "active_trigger_points": assessment_json["active_trigger_points"]}
    found.update(assessment_json["other_causes"])
    given = {
        p["outcome"]["coding"][0]["code"]: (p.get("probabilityDecimal"), p.get("qualitativeRisk"))
        for p in risk["prediction"]
        if p["outcome"]["coding"][0]["system"] != TRIAGE_SYSTEM
    }
    problems = [f"causes {sorted(given)} != {sorted(found)}"] if set(given) != set(found) else []
    for cause, finding in found.items():
        probability, level = given.get(cause, (None, None))
        if probability != finding["certainty"]:
            problems.append(f"{cause}: {probability} != {finding['certainty']}")
        if not level or level["coding"][0]["code"] != finding["level"]:
            problems.append(f"{cause}: level {level} != {finding['level']}")
    return problems


def hold_problems(bundle: dict[str, Any], a: Assessment, kb: KnowledgeBase) -> list[str]:
    """Safety first: nothing the triage holds may read as "go ahead".

    A step waits when the plan holds it (``held_until``), and every self-help
    step waits while the warning signs are not yet screened.
    """
    (plan,) = resources(bundle, "CarePlan")
    (risk,) = resources(bundle, "RiskAssessment")
    problems = []
    triage = risk["prediction"][0]["outcome"]["coding"][0]
    if (triage["system"], triage["code"]) != (TRIAGE_SYSTEM, a.triage):
        problems.append(f"triage {triage} != {a.triage}")
    for step, act in zip(a.plan, plan.get("activity", []), strict=False):
        detail = act["detail"]
        unscreened = a.self_help == "screen_first" and kb.steps[step.kind].self_treatment
        held = step.held_until is not None or unscreened
        if held != (detail["status"] == "on-hold"):
            problems.append(f"{step.kind}: held {held}, status {detail['status']}")
        if held and not detail.get("statusReason", {}).get("text"):
            problems.append(f"{step.kind}: held without a reason")
    if a.self_help == "none" and [act["detail"]["code"]["coding"][0]["code"] for act in plan["activity"]] != [
        "emergency_care" if a.triage == "emergency" else "urgent_care"
    ]:
        problems.append("an emergency or urgent plan holds more than its one step")
    return problems
