"""The names regain's FHIR resources use: the Questionnaire's canonical URL and the code systems.

Shared by the Questionnaire, the QuestionnaireResponse reader and writer, and
the assessment Bundle, so that every resource names the same things the same
way. The URLs identify; nothing ever fetches them (``.example.org`` is
reserved, and a deployment may keep it: docs/fhir.md).
"""

from __future__ import annotations

from typing import Protocol

from regain.knowledge.language import ENGLISH

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


class Versioned(Protocol):
    """Anything with a knowledge version and a language (a :class:`~regain.knowledge.KnowledgeBase`)."""

    @property
    def version(self) -> str: ...

    @property
    def language(self) -> str: ...


def choice_system(question_id: str) -> str:
    """The code system of one choice question's options (``.../choices/side``).

    Each choice question has its own: ``both`` means both sides for ``side``
    and both pain and tightness for ``limit_felt_as``.
    """
    return f"{CODE_SYSTEM}/choices/{question_id}"


def questionnaire_version(kb: Versioned) -> str:
    """The Questionnaire's version: the knowledge version of the English base files.

    A translation changes the texts, never the questions, their ids or when
    they are asked, so the Questionnaire in German has the version of the one in
    English (``knowledge_version`` of an English assessment), and a response to
    either is read in any language. (A knowledge base's own version also digests
    its overlays: :func:`regain.knowledge.loader.load_knowledge`.)
    """
    if kb.language == ENGLISH:
        return kb.version
    from regain.knowledge import load_knowledge

    return load_knowledge(ENGLISH).version


def canonical(kb: Versioned) -> str:
    """``QUESTIONNAIRE_URL|<version>``: the Questionnaire a response answers."""
    return f"{QUESTIONNAIRE_URL}|{questionnaire_version(kb)}"
