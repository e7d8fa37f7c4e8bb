"""The names regain's FHIR resources use: the Questionnaire's canonical URL and the code systems.

Shared by the Questionnaire, the QuestionnaireResponse reader and writer, and
the assessment Bundle, so that every resource names the same things the same
way. The URLs identify; nothing ever fetches them (``.example.org`` is
reserved, and a deployment may keep it: docs/fhir.md).
"""

from __future__ import annotations

import re

#: The canonical URL of regain's Questionnaire (an absolute URI; never fetched).
QUESTIONNAIRE_URL = "https://regain.example.org/fhir/Questionnaire/regain"
#: The base of regain's code systems: ``CODE_SYSTEM + "/movements"`` and so on.
CODE_SYSTEM = "https://regain.example.org/fhir/CodeSystem"
MOVEMENTS = CODE_SYSTEM + "/movements"
REGIONS = CODE_SYSTEM + "/regions"
RED_FLAGS = CODE_SYSTEM + "/red-flags"
CAUSES = CODE_SYSTEM + "/causes"
TRIAGE = CODE_SYSTEM + "/triage"
PLAN_STEPS = CODE_SYSTEM + "/plan-steps"
MUSCLES = CODE_SYSTEM + "/muscles"
#: yes / no / unknown: the answers of a yes-or-no question, "I don't know" included.
ANSWERS = CODE_SYSTEM + "/answers"
#: The system of a case id in ``QuestionnaireResponse.identifier``.
CASE_IDS = "https://regain.example.org/fhir/case-id"

#: The answers of a yes-or-no question as codes of :data:`ANSWERS`, and back.
YES, NO, UNKNOWN_CODE = "yes", "no", "unknown"

#: FHIR's own extensions and code systems that the Questionnaire uses.
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UCUM = "http://unitsofmeasure.org"
#: regain's units (answers.yaml) as UCUM codes.
UCUM_UNITS = {"days": "d", "weeks": "wk", "months": "mo", "years": "a", "degrees": "deg"}


def choice_system(question_id: str) -> str:
    """The code system of one choice question's options (``.../choices/side``).

    Each choice question has its own: ``both`` means both sides for ``side``
    and both pain and tightness for ``limit_felt_as``.
    """
    return f"{CODE_SYSTEM}/choices/{question_id}"


#: FHIR's ``dateTime``: a year, a month or a day, or a day with a time to the second and a zone.
DATE_TIME = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?")
