"""The knowledge base's questions as one FHIR R4 ``Questionnaire`` (a JSON-ready dict).

Items come in the order ``regain ask`` considers the questions (questions.yaml:
the warning signs first), then the optional name it asks last. A question's
``linkId`` is its case field; the warning signs are a group ``red_flags`` with
one required yes/no item per sign (``red_flags.<id>``), the measured ranges a
group ``range_measured`` with one decimal item per movement
(``range_measured.<id>``, shown for a restricted movement). A yes-or-no
question is a ``choice`` of yes / no / unknown, not a ``boolean``: FHIR's
boolean has no "I don't know", and regain reads "unknown" differently from
no answer at all in nothing but must keep it, so it survives a round trip.
Help texts are child ``display`` items with the standard ``help`` item
control. Every text is the knowledge base's, in its language.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Question

from .enable_when import EnableWhen, coding, enable_when
from .identifiers import (
    ANSWERS,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    MAX_VALUE,
    MIN_VALUE,
    MOVEMENTS,
    NO,
    QUESTIONNAIRE_URL,
    REGIONS,
    UCUM,
    UCUM_UNITS,
    UNIT,
    UNKNOWN_CODE,
    YES,
    choice_system,
)

#: The linkId of the optional last question: the name the plan shows.
NAME = "name"
#: The Questionnaire's computable name (FHIR: a letter, then letters, digits or '_').
COMPUTABLE_NAME = "RegainJointMobility"


def help_id(link_id: str) -> str:
    """The linkId of an item's help text (``-`` never occurs in a knowledge base id)."""
    return f"{link_id}-help"


def _help(link_id: str, text: str) -> dict[str, Any]:
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}
    return {
        "linkId": help_id(link_id),
        "type": "display",
        "text": text,
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def answer_displays(kb: KnowledgeBase) -> dict[str, str]:
    """The words of yes / no / unknown in the knowledge base's language."""
    words = kb.wording.progress
    return {YES: words.web_yes, NO: words.web_no, UNKNOWN_CODE: words.web_unknown}


def _options(system: str, names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"valueCoding": {**coding(system, code), "display": name}} for code, name in names.items()]


def _bounds(q: Question, kind: str, kb: KnowledgeBase) -> list[dict[str, Any]]:
    value = "valueInteger" if kind == "integer" else "valueDecimal"
    out: list[dict[str, Any]] = []
    if q.min is not None:
        out.append({"url": MIN_VALUE, value: int(q.min) if kind == "integer" else q.min})
    if q.max is not None:
        out.append({"url": MAX_VALUE, value: int(q.max) if kind == "integer" else q.max})
    unit = q.unit
    if unit in UCUM_UNITS and unit in kb.answers.units:
        said = kb.answers.units[unit].many
        out.append({"url": UNIT, "valueCoding": {"system": UCUM, "code": UCUM_UNITS[unit], "display": said}})
    return out


def _with_condition(item: dict[str, Any], when: EnableWhen) -> dict[str, Any]:
    if when.conditions:
        item["enableWhen"] = list(when.conditions)
        if when.behavior:
            item["enableBehavior"] = when.behavior
    return item


def _signs(q: Question, kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [
        {"linkId": f"red_flags.{fid}", "text": flag.sign, "type": "boolean", "required": True}
        for fid, flag in kb.red_flags.items()
    ]


def _ranges(q: Question, kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [
        {
            "linkId": f"range_measured.{mid}",
            "text": movement.name,
            "type": "decimal",
            "extension": _bounds(q, "decimal", kb),
            "enableWhen": [
                {"question": "restricted_movements", "operator": "=", "answerCoding": coding(MOVEMENTS, mid)}
            ],
        }
        for mid, movement in kb.movements.items()
    ]


def question_item(qid: str, q: Question, kb: KnowledgeBase) -> dict[str, Any]:
    """One question as an item: its type, answers, bounds, help and ``enableWhen``."""
    item: dict[str, Any] = {"linkId": qid, "text": q.text}
    children: list[dict[str, Any]] = [_help(qid, q.help)]
    match q.type:
        case "tri_state":
            item.update(type="choice", answerOption=_options(ANSWERS, answer_displays(kb)))
        case "choice":
            labels = {o.value: o.label for o in q.options}
            item.update(type="choice", answerOption=_options(choice_system(qid), labels))
        case "integer" | "number":
            kind = "integer" if q.type == "integer" else "decimal"
            item.update(type=kind, extension=_bounds(q, kind, kb))
        case "date":
            item["type"] = "date"
        case "movements":
            names = {mid: m.name for mid, m in kb.movements.items()}
            item.update(type="choice", repeats=True, answerOption=_options(MOVEMENTS, names))
        case "regions":
            names = {rid: r.name for rid, r in kb.regions.items()}
            item.update(type="choice", repeats=True, answerOption=_options(REGIONS, names))
        case "red_flags":
            item["type"] = "group"
            children += _signs(q, kb)
        case "range_map":
            item["type"] = "group"
            children += _ranges(q, kb)
        case _:  # pragma: no cover - the knowledge model allows no other type
            raise AssertionError(f"unhandled question type {q.type}")
    if q.required or q.type == "red_flags":
        item["required"] = True
    item["item"] = children
    return _with_condition(item, enable_when(q.ask_if, kb))


def name_item(kb: KnowledgeBase) -> dict[str, Any]:
    words = kb.answers.name
    return {"linkId": NAME, "text": words.text, "type": "string", "item": [_help(NAME, words.help)]}


def _items(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [*(question_item(qid, q, kb) for qid, q in kb.questions.items()), name_item(kb)]


#: The keys of an item that hold words, not meaning: a translation or a reworded help changes them.
WORDS = frozenset({"text", "display", "title", "description"})
_VERSIONS: dict[str, str] = {}


def _meaning(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _meaning(v) for k, v in value.items() if k not in WORDS}
    if isinstance(value, list):
        return [_meaning(v) for v in value]
    return value


def questionnaire_version(kb: KnowledgeBase) -> str:
    """The Questionnaire's version: a digest of what an answer means, not of the words asking it.

    It digests the items without their texts: the linkIds, types, codes,
    bounds, units, ``enableWhen`` and what is required. So a translation or a
    reworded help keeps the version (a response to the German form is read in
    English), and a clinic's stored responses stay readable across releases
    that change other knowledge; a new, removed or changed question, option or
    condition gives a new version, and responses to the old one are refused.
    """
    found = _VERSIONS.get(kb.version)
    if found is None:
        found = _VERSIONS[kb.version] = version_of(_items(kb))
    return found


def version_of(items: list[dict[str, Any]]) -> str:
    """The version of a Questionnaire with these items: ``questions-`` and 12 hex digits."""
    text = json.dumps(_meaning(items), sort_keys=True, ensure_ascii=True)
    return "questions-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def canonical(kb: KnowledgeBase) -> str:
    """``QUESTIONNAIRE_URL|<version>``: the Questionnaire a response answers."""
    return f"{QUESTIONNAIRE_URL}|{questionnaire_version(kb)}"


def questionnaire(kb: KnowledgeBase) -> dict[str, Any]:
    """regain's Questionnaire for this knowledge base, in its language; ``version`` is its version."""
    return {
        "resourceType": "Questionnaire",
        "id": "regain",
        "language": kb.language,
        "url": QUESTIONNAIRE_URL,
        "version": questionnaire_version(kb),
        "name": COMPUTABLE_NAME,
        "title": kb.wording.web["title"],
        "status": "active",
        "subjectType": ["Patient"],
        "description": kb.wording.web["start_intro"],
        "item": _items(kb),
    }


def widened(kb: KnowledgeBase) -> dict[str, str]:
    """The questions whose ``ask_if`` FHIR cannot say exactly, shown always, and why."""
    out: dict[str, str] = {}
    for qid, q in kb.questions.items():
        reason = enable_when(q.ask_if, kb).widened
        if reason:
            out[qid] = reason
    return out
