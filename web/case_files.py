"""A session's answers as a case file, and the assessment its plan is made from.

The same ``regain-case/2`` mapping ``regain ask`` writes (``interactive.Session``):
the answers in questionnaire order, the name, and for a questionnaire that
ended before every required answer (a warning sign) the questions left
unanswered. A complete case is validated exactly as ``regain assess`` validates
the downloaded file, so the plan served is the plan ``regain assess`` makes of it.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import yaml

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case import Case, CaseError
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import FORMAT, validate_case
from regain.engine.questionnaire import provisional_case
from regain.knowledge import KnowledgeBase
from regain.knowledge.language import ENGLISH

from .flow import State

#: Questions asked and deliberately left unanswered (the key ``regain ask --resume`` reads).
UNANSWERED_KEY = "x_unanswered"


def case_id_of(created_at: datetime.datetime) -> str:
    """The case id, as ``regain ask`` names one: ``case-YYYYMMDD-HHMMSS`` (UTC) of the session's start."""
    return created_at.astimezone(datetime.UTC).strftime("case-%Y%m%d-%H%M%S")


def case_data(kb: KnowledgeBase, state: State, case_id: str, *, partial: bool) -> dict[str, Any]:
    """The answers as a ``regain-case/2`` mapping, in questionnaire order."""
    data: dict[str, Any] = {"format": FORMAT, "id": case_id}
    if kb.language != ENGLISH:  # the language of the pages it was answered on (none: English)
        data["language"] = kb.language
    for key in ("name", "notes"):
        if key in state.meta:
            data[key] = state.meta[key]
    for qid in kb.questions:
        if qid in state.answers:
            data[qid] = state.answers[qid]
    if partial and state.unanswered:
        data[UNANSWERED_KEY] = [q for q in kb.questions if q in state.unanswered]
    return data


def valid_case(kb: KnowledgeBase, state: State, case_id: str) -> Case | None:
    """The validated case, or ``None`` while a required answer is missing."""
    raw = RawCase(f"{case_id}.yaml", case_id, case_data(kb, state, case_id, partial=False))
    try:
        return validate_case(raw, kb)
    except CaseError:
        return None


def assessment_of(kb: KnowledgeBase, assessor: Assessor, state: State, case_id: str) -> Assessment:
    """The assessment of the answers: of the valid case, else of the answers so far (as ``regain ask``)."""
    case = valid_case(kb, state, case_id)
    if case is None:
        case = dataclasses.replace(
            provisional_case(state.answers, case_id),
            name=state.meta.get("name"),
            notes=state.meta.get("notes"),
        )
    return assessor.assess(case)


def case_yaml(kb: KnowledgeBase, state: State, case_id: str, *, finished: bool) -> tuple[str, str]:
    """The case file to download: its name and its YAML text.

    Until the questions are over, or while a required answer is missing, it is
    a partial file, as ``regain ask`` saves one (``regain ask --resume`` goes on from it).
    """
    complete = finished and valid_case(kb, state, case_id) is not None
    data = case_data(kb, state, case_id, partial=not complete)
    name = f"{case_id}.yaml" if complete else f"{case_id}.partial.yaml"
    return name, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
