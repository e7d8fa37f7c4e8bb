"""Case -> QuestionnaireResponse -> case gives the same assessment; every response regain writes is valid R4.

Over every case of the examples and the golden cases, and over the generated
cases of ``test_properties``: the response is written, serialised as JSON,
read back as ``regain assess`` reads a ``.json`` file, and the two JSON
assessments compared.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from case_library import library_raw_cases
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from pydantic import ValidationError
from test_properties import PROPERTY_SETTINGS, cases

from regain.engine.assess import Assessor
from regain.engine.assessment import to_json
from regain.engine.case import Case, CaseError
from regain.engine.case_reader import RawCase
from regain.fhir_io.identifiers import ANSWERS
from regain.fhir_io.questionnaire import canonical
from regain.fhir_io.reading import cases_in
from regain.fhir_io.response import case_from_response, response_from_case
from regain.knowledge import KnowledgeBase, load_knowledge

LIBRARY = [raw for raw in library_raw_cases() if not isinstance(raw.data, CaseError)]


def _round_trip(case: Case, kb: KnowledgeBase, assessor: Assessor) -> tuple[dict[str, Any], Case]:
    response = response_from_case(case, kb)
    QuestionnaireResponse.model_validate(response)
    text = json.dumps(response)
    (found,) = cases_in(RawCase("r.json", "r", json.loads(text)), kb, single=True)
    assert found.response == json.loads(text)
    return response, assessor.validate(found.raw)


@pytest.mark.parametrize("raw", LIBRARY, ids=[raw.source.rsplit("/", 1)[-1] for raw in LIBRARY])
def test_the_round_trip_keeps_every_library_assessment(
    raw: RawCase, kb: KnowledgeBase, assessor: Assessor
) -> None:
    case = assessor.validate(raw)
    response, back = _round_trip(case, kb, assessor)
    assert response["questionnaire"] == canonical(kb) and response["status"] == "completed"
    assert back.answers == case.answers and back.id == case.id and back.name == case.name
    assert to_json(assessor.assess(back)) == to_json(assessor.assess(case))


@settings(PROPERTY_SETTINGS, max_examples=80)
@given(case=cases())
def test_the_round_trip_keeps_every_generated_assessment(
    case: dict[str, Any], kb: KnowledgeBase, assessor: Assessor
) -> None:
    valid = assessor.validate(RawCase("gen.yaml", "gen", case))
    _response, back = _round_trip(valid, kb, assessor)
    assert to_json(assessor.assess(back)) == to_json(assessor.assess(valid))


def test_a_changed_answer_changes_the_case(kb: KnowledgeBase, assessor: Assessor) -> None:
    """Near miss: the round trip compares something (a yes made a no is read as a no)."""
    case = assessor.validate(
        RawCase("c.yaml", "c", {"restricted_movements": ["knee_flexion"], "avoids_movement": True})
    )
    response = response_from_case(case, kb)
    item = next(i for i in response["item"] if i["linkId"] == "avoids_movement")
    assert item["answer"] == [{"valueCoding": {"system": ANSWERS, "code": "yes", "display": "Yes"}}]
    item["answer"][0]["valueCoding"]["code"] = "no"
    assert case_from_response(response, "r.json", kb)["avoids_movement"] is False


def test_i_dont_know_survives_the_round_trip(kb: KnowledgeBase, assessor: Assessor) -> None:
    case = assessor.validate(
        RawCase("c.yaml", "c", {"restricted_movements": ["knee_flexion"], "feels_weak": "unknown"})
    )
    response = response_from_case(case, kb)
    assert case_from_response(response, "r.json", kb)["feels_weak"] == "unknown"
    assert "feels_weak" not in case_from_response({**response, "item": response["item"][:1]}, "r.json", kb)


def test_a_response_written_in_german_is_read_in_english(assessor: Assessor) -> None:
    de = load_knowledge("de")
    case = assessor.validate(
        RawCase("c.yaml", "c", {"restricted_movements": ["knee_flexion"], "side": "left", "red_flags": []})
    )
    response = response_from_case(case, de)
    QuestionnaireResponse.model_validate(response)
    assert response["language"] == "de" and response["questionnaire"] == canonical(assessor.kb)
    side = next(i for i in response["item"] if i["linkId"] == "side")
    assert side["answer"][0]["valueCoding"]["display"] == "Links"
    mapping = case_from_response(response, "r.json", assessor.kb)
    assert mapping["side"] == "left" and mapping["language"] == "de" and mapping["red_flags"] == []


def test_screening_none_all_or_the_old_checklist(kb: KnowledgeBase, assessor: Assessor) -> None:
    base = {"restricted_movements": ["knee_flexion"]}
    unscreened = response_from_case(base, kb)
    assert [i["linkId"] for i in unscreened["item"]] == ["restricted_movements"]
    assert "red_flags" not in case_from_response(unscreened, "r.json", kb)
    old = response_from_case({**base, "format": "regain-case/1", "red_flags": ["pregnancy"]}, kb)
    signs = old["item"][0]["item"]
    assert len(signs) == sum(1 for f in kb.red_flags.values() if f.since == 1) < len(kb.red_flags)
    mapping = case_from_response(old, "r.json", kb)
    assert mapping["format"] == "regain-case/1" and mapping["red_flags"] == ["pregnancy"]
    assert assessor.assess(assessor.validate(RawCase("r.json", "r", mapping))).not_screened


def test_a_case_mapping_is_validated_before_it_is_written(kb: KnowledgeBase) -> None:
    with pytest.raises(CaseError, match="pain_on_movement"):
        response_from_case({"restricted_movements": ["knee_flexion"], "pain_on_movement": 11}, kb)


def test_a_response_with_a_wrong_value_is_not_valid_r4(kb: KnowledgeBase) -> None:
    """Near miss of the validation: the library does refuse a broken response."""
    response = response_from_case({"restricted_movements": ["knee_flexion"], "pain_at_rest": 3}, kb)
    response["item"][1]["answer"][0] = {"valueInteger": "three"}
    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate(response)


def test_a_regional_language_tag_is_its_language(kb: KnowledgeBase) -> None:
    response = response_from_case({"restricted_movements": ["knee_flexion"]}, kb)
    assert case_from_response({**response, "language": "de-DE"}, "r.json", kb)["language"] == "de"
    with pytest.raises(CaseError, match="language"):
        case_from_response({**response, "language": "fr-FR"}, "r.json", kb)
