"""A stand-in for ``fhir_io.response.response_from_case`` until the input side is merged.

The input side of issue 24 writes ``fhir_io/response.py``, whose
``response_from_case(case_mapping, kb)`` fills a QuestionnaireResponse from a
case's answers. Until it is merged, this gives the Bundle a response of the
same shape (linkIds = case field names; ``range_measured`` and
``red_flags`` as groups of ``<group>.<id>`` items), so ``--format fhir``
works. Once ``fhir_io/response.py`` is merged, :func:`regain.fhir_io.bundle.response_of_case`
imports it instead and this module goes.
"""

from __future__ import annotations

from typing import Any

from regain.knowledge import KnowledgeBase

from .bundle_common import QUESTIONNAIRE_URL

#: Case fields that are not answers to a question.
NOT_ANSWERS = {"format", "id", "name", "notes", "language"}


def _value(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def _item(kb: KnowledgeBase, key: str, value: Any) -> dict[str, Any] | None:
    if key == "red_flags" and isinstance(value, list):
        return {
            "linkId": key,
            "item": [
                {"linkId": f"{key}.{f}", "answer": [{"valueBoolean": f in value}]} for f in kb.red_flags
            ],
        }
    if isinstance(value, dict):
        items = [{"linkId": f"{key}.{k}", "answer": [_value(v)]} for k, v in value.items()]
        return {"linkId": key, "item": items} if items else None
    values = value if isinstance(value, list) else [value]
    return {"linkId": key, "answer": [_value(v) for v in values]} if values else None


def response_from_case(case_mapping: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """A ``completed`` QuestionnaireResponse holding the case's answers."""
    items = [_item(kb, k, v) for k, v in case_mapping.items() if k not in NOT_ANSWERS]
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{kb.version}",
        "status": "completed",
        "item": [i for i in items if i is not None],
    }
