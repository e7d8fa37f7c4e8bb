"""An assessment as a FHIR R4 ``Bundle`` (type ``collection``): answers, findings, conclusions, plan.

:func:`assessment_bundle` puts together, in this order: the
``QuestionnaireResponse`` the assessment came from (as given), a minimal
``Patient`` (only because RiskAssessment and CarePlan need a subject: no
identifying data, the case's ``name`` only if the case gives one), the
``Observation`` s of the findings (:mod:`.observations`), the
``RiskAssessment`` (:mod:`.risk`), the ``CarePlan`` and the ``Goal`` of
each of its steps (:mod:`.care_plan`).
Every resource is named by a uuid5 of the case id, the knowledge version
and its kind, and no clock is read, so the same case gives the same bytes.
docs/fhir.md (the assessment as a FHIR Bundle) has the mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .bundle_common import full_url, reference, resource_id
from .care_plan import care_plan, goal
from .identifiers import DATE_TIME
from .observations import observations
from .risk import risk_assessment

#: ``(assessment, knowledge base) -> QuestionnaireResponse``: the answers a Bundle carries.
ResponseOf = Callable[[Assessment, KnowledgeBase], dict[str, Any]]


def case_mapping(a: Assessment) -> dict[str, Any]:
    """The case an assessment was made from, as a case file's mapping (``regain-case/2``)."""
    mapping: dict[str, Any] = {"format": "regain-case/2", "id": a.case_id}
    if a.name is not None:
        mapping["name"] = a.name
    mapping.update(a.answers)
    if a.notes is not None:
        mapping["notes"] = a.notes
    return mapping


def _patient(a: Assessment, kb: KnowledgeBase, rid: str) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": rid, "language": kb.language}
    if a.name and a.name.strip():
        patient["name"] = [{"text": a.name.strip()}]
    return patient


def _named_subject(response: dict[str, Any]) -> dict[str, Any] | None:
    """The response's own ``subject``, if it names one by reference (copied)."""
    subject = response.get("subject")
    if isinstance(subject, dict) and isinstance(subject.get("reference"), str) and subject["reference"]:
        return dict(subject)
    return None


def _dated(authored: Any, found: list[dict[str, Any]], risk: dict[str, Any], plan: dict[str, Any]) -> None:
    """When the answers were given is when the findings hold and the assessment and plan were made.

    regain reads no clock (the same answers give the same Bundle), so only a
    response that says when it was ``authored`` dates the rest.
    """
    if not isinstance(authored, str) or not DATE_TIME.fullmatch(authored):
        return
    for observation in found:
        observation["effectiveDateTime"] = authored
    risk["occurrenceDateTime"] = authored
    plan["created"] = authored


def assessment_bundle(assessment: Assessment, kb: KnowledgeBase, response: dict[str, Any]) -> dict[str, Any]:
    """The Bundle of ``assessment``, holding ``response`` (the answers it came from) and referring to it.

    ``response`` is copied, not changed: it gets an id (if it has none) and
    the Bundle's Patient as its ``subject`` (if it names none). Its entry's
    ``fullUrl`` is the Bundle's own uuid for it, whatever id it had. A
    response that names its subject (a portal's ``Patient/123``) gives every
    resource that subject, and the Bundle holds no Patient of its own.
    """
    a = assessment

    def id_of(kind: str) -> str:
        return resource_id(a.case_id, a.knowledge_version, kind)

    qr_id, patient_id = id_of("QuestionnaireResponse"), id_of("Patient")
    qr = {"resourceType": response.get("resourceType"), "id": qr_id, **response}
    named = _named_subject(response)
    subject = named or reference(patient_id)
    qr.setdefault("subject", subject)
    answers = reference(qr_id)
    found = observations(a, kb, id_of, subject, answers)
    risk_id, plan_id = id_of("RiskAssessment"), id_of("CarePlan")
    risk = risk_assessment(a, kb, risk_id, subject, [answers, *(reference(o["id"]) for o in found)])
    goals = [
        goal(a, kb, step, id_of(f"Goal/{step.kind}"), subject) if step.move_on_when else None
        for step in a.plan
    ]
    goal_refs = [reference(g["id"]) if g else None for g in goals]
    plan = care_plan(a, kb, plan_id, subject, [reference(risk_id), answers], goal_refs)
    patient = [] if named else [_patient(a, kb, patient_id)]
    resources = [*patient, *found, risk, plan, *(g for g in goals if g)]
    _dated(response.get("authored"), found, risk, plan)
    return {
        "resourceType": "Bundle",
        "id": id_of("Bundle"),
        "language": kb.language,
        "type": "collection",
        "entry": [
            {"fullUrl": full_url(qr_id), "resource": qr},
            *({"fullUrl": full_url(str(r["id"])), "resource": r} for r in resources),
        ],
    }


def to_json(bundle: dict[str, Any]) -> str:
    """A Bundle as JSON text: 2-space indent, a trailing newline (as the JSON format)."""
    return orjson.dumps(bundle, option=orjson.OPT_INDENT_2).decode() + "\n"


def response_of_case(assessment: Assessment, kb: KnowledgeBase) -> dict[str, Any]:
    """The QuestionnaireResponse ``assessment`` was made from: the one read, as it was read, or
    for a case file, one filled from its answers (the CLI's ``response_of``)."""
    from .reading import RESPONSE
    from .response import response_from_case

    origin = assessment.origin
    if isinstance(origin, dict) and origin.get("resourceType") == RESPONSE:
        return origin
    return response_from_case(case_mapping(assessment), kb)


def render_bundle(assessment: Assessment, kb: KnowledgeBase, *, response_of: ResponseOf) -> str:
    """The ``fhir`` format: the Bundle of ``assessment`` as JSON text.

    ``response_of`` gives the QuestionnaireResponse the Bundle holds; it must
    be a top-level function so that batch workers receive it by name.
    """
    return to_json(assessment_bundle(assessment, kb, response_of(assessment, kb)))
