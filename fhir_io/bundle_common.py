"""What the assessment's FHIR resources share: code systems, deterministic ids, references.

The ids are ``urn:uuid:`` names made with uuid5 from the case id, the
knowledge version and the kind of resource, so the same case and knowledge
base give the same Bundle byte for byte (no random ids, no clock).

The names both FHIR halves share (``QUESTIONNAIRE_URL``, ``CODE_SYSTEM``)
come from ``identifiers.py``; the ``/levels``, ``/questions``,
``/exercises`` and ``/self-help`` systems and the ``StructureDefinition``
extensions are the output side's own (docs/fhir.md).
"""

from __future__ import annotations

import uuid
from typing import Any

from .identifiers import CODE_SYSTEM

#: Where regain's extensions are defined (an identifier, never fetched).
STRUCTURE = "https://regain.example.org/fhir/StructureDefinition"
EXT_DOSE = STRUCTURE + "/dose"
EXT_TARGET = STRUCTURE + "/activity-target"
EXT_SELF_HELP = STRUCTURE + "/self-help"
EXT_MISSING = STRUCTURE + "/missing-question"
EXT_NOT_SCREENED = STRUCTURE + "/not-screened"
#: Standard systems (https://hl7.org/fhir/R4/terminologies-systems.html).
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
#: LOINC 72514-3: "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
PAIN_NRS = "72514-3"
PAIN_NRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"

#: The namespace of every id a Bundle holds (uuid5 of regain's code system URL).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, CODE_SYSTEM)


def resource_id(case_id: str, knowledge_version: str, kind: str) -> str:
    """The id of one resource of a case's Bundle: the same inputs, the same id."""
    return str(uuid.uuid5(NAMESPACE, f"{case_id}\n{knowledge_version}\n{kind}"))


def full_url(rid: str) -> str:
    return f"urn:uuid:{rid}"


def reference(rid: str) -> dict[str, str]:
    """A reference to a resource inside the same Bundle (by its ``fullUrl``)."""
    return {"reference": full_url(rid)}


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": f"{CODE_SYSTEM}/{system}" if "://" not in system else system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    """A CodeableConcept of one coding, its text the display."""
    out: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if display:
        out["text"] = display
    return out


def quantity(value: float, unit: str, code: str | None = None) -> dict[str, Any]:
    """A UCUM quantity."""
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}
