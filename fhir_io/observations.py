"""The findings of a case as FHIR ``Observation`` s: pain scores and measured ranges.

Pain at rest and on movement are 0-10 numeric rating scores (LOINC 72514-3,
"Pain severity - 0-10 verbal numeric rating [Score] - Reported"), told apart
by regain's own ``/questions`` coding, the question's id. A measured range
is in degrees (UCUM ``deg``) with the movement's normal range (0 to the
normal end of the range, ``movements.yaml``) as ``referenceRange``. Each
Observation is ``derivedFrom`` the QuestionnaireResponse that holds the
answer. Only answered questions give an Observation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

from .bundle_common import (
    LOINC,
    OBSERVATION_CATEGORY,
    PAIN_NRS,
    PAIN_NRS_DISPLAY,
    coding,
    concept,
    quantity,
)

#: The pain questions that are scores on the 0-10 numeric rating scale.
PAIN_QUESTIONS = ("pain_at_rest", "pain_on_movement")
#: The Observation kind of a measured movement (``range_measured.<movement>``, its linkId too).
RANGE = "range_measured"


def _number(value: object) -> float | None:
    """``value`` if it is a number (not a yes/no), else ``None``."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _base(kb: KnowledgeBase, rid: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "language": kb.language,
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
    }


def observations(
    a: Assessment,
    kb: KnowledgeBase,
    id_of: Callable[[str], str],
    subject: dict[str, str],
    derived: dict[str, str],
) -> list[dict[str, Any]]:
    """The Observations of ``a``'s findings; ``id_of(kind)`` names each one."""
    out = []
    for qid in PAIN_QUESTIONS:
        value = _number(a.answers.get(qid))
        if value is None:
            continue
        resource = _base(kb, id_of(f"Observation/{qid}"))
        resource["code"] = {
            "coding": [
                {"system": LOINC, "code": PAIN_NRS, "display": PAIN_NRS_DISPLAY},
                coding("questions", qid, kb.questions[qid].text),
            ],
            "text": kb.questions[qid].text,
        }
        resource.update(
            {
                "subject": subject,
                "valueQuantity": quantity(value, "{score}"),
                "derivedFrom": [derived],
            }
        )
        out.append(resource)
    for movement, answer in (a.answers.get(RANGE) or {}).items():
        degrees = _number(answer)
        if movement not in kb.movements or degrees is None:
            continue
        normal = kb.movements[movement].normal_range_deg
        resource = _base(kb, id_of(f"Observation/{RANGE}.{movement}"))
        resource.update(
            {
                "code": concept("movements", movement, kb.movements[movement].name),
                "subject": subject,
                "valueQuantity": quantity(degrees, "deg"),
                "referenceRange": [{"low": quantity(0, "deg"), "high": quantity(normal, "deg")}],
                "derivedFrom": [derived],
            }
        )
        out.append(resource)
    return out
