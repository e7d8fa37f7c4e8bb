"""HL7 FHIR R4 for regain: the questionnaire out, answers in, the assessment and plan out.

Clinics, studies and health apps exchange questionnaires and results as FHIR
resources. This package maps the knowledge base's questions to a
``Questionnaire``, a ``QuestionnaireResponse`` to a case (and back), and an
assessment to a ``Bundle`` (RiskAssessment, Observations, CarePlan). It sits
beside ``reports/`` and ``batch/``: it imports the engine and the knowledge
base, writes plain JSON-ready dicts, and needs no FHIR library at run time
(the tests validate everything it writes with ``fhir.resources``). See
docs/fhir.md.
"""
