"""A case as a FHIR ``QuestionnaireResponse``, and a response back as a case mapping.

:func:`response_from_case` fills regain's Questionnaire
(:mod:`.questionnaire`) from a case: one item per answered question, in the
questionnaire's order (a missing answer stays missing: no item).
:func:`case_from_response` reads one back, strictly, into the mapping a case
file holds; :func:`regain.engine.case_validation.validate_case` then checks it
exactly as any case. Problems name the ``linkId``; every one is reported.

The warning-sign screening is read the safe way: no sign answered means "not
screened" (as a case without ``red_flags``); every sign answered means
screened; exactly the signs of version 1's checklist means a version 1
screening (the later signs are then listed as not screened, as for a
``regain-case/1`` file). Any other partly answered screening is refused, one
line per unanswered sign: an unanswered sign is never read as absent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from regain.engine.case import Case, CaseError, Problem, whole_file
from regain.engine.case_reader import RawCase
from regain.engine.case_validation import FORMATS, urgent_signs_reported, validate_case
from regain.engine.value_checks import clip, show
from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, _

from .enable_when import coding
from .identifiers import (
    ANSWERS,
    CASE_IDS,
    DATE_TIME,
    MOVEMENTS,
    NO,
    QUESTIONNAIRE_URL,
    REGIONS,
    UNKNOWN_CODE,
    YES,
    choice_system,
)
from .questionnaire import NAME, answer_displays, canonical, questionnaire_version
from .response_items import ItemReader

#: What FHIR allows as a resource id (a case id that is not one is kept in ``identifier`` only).
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
#: The elements of an R4 QuestionnaireResponse; any other key is a typo or another resource.
ELEMENTS = frozenset(
    [
        "resourceType",
        "id",
        "meta",
        "implicitRules",
        "language",
        "text",
        "contained",
        "extension",
        "modifierExtension",
        "identifier",
        "basedOn",
        "partOf",
        "questionnaire",
        "status",
        "subject",
        "encounter",
        "authored",
        "author",
        "source",
        "item",
    ]
)
#: Elements that change what the rest means; regain cannot know how, so it refuses them.
MODIFIERS = ("implicitRules", "modifierExtension")
READ_STATUSES = ("completed", "amended")
ALLOWED_STATUS = N_("completed or amended")


def _name_of_format(version: int) -> str:
    return next(name for name, v in FORMATS.items() if v == version)


def _as_case(case: Case | Mapping[str, Any], kb: KnowledgeBase) -> Case:
    if isinstance(case, Case):
        return case
    raw = dict(case)
    return validate_case(RawCase("<case>", str(raw.get("id") or "case"), raw), kb)


def checklist(kb: KnowledgeBase, version: int) -> list[str]:
    """The warning signs a screening of this case-format version asked about."""
    return [fid for fid, flag in kb.red_flags.items() if flag.since <= version]


def _answer(qid: str, value: Any, kb: KnowledgeBase) -> list[dict[str, Any]]:
    q = kb.questions[qid]
    match q.type:
        case "tri_state":
            code = YES if value is True else NO if value is False else UNKNOWN_CODE
            return [{"valueCoding": {**coding(ANSWERS, code), "display": answer_displays(kb)[code]}}]
        case "choice":
            label = next(o.label for o in q.options if o.value == value)
            return [{"valueCoding": {**coding(choice_system(qid), value), "display": label}}]
        case "integer":
            return [{"valueInteger": int(value)}]
        case "number":
            return [{"valueDecimal": value}]
        case "date":
            return [{"valueDate": str(value)}]
        case "movements":
            names = kb.movements
            return [{"valueCoding": {**coding(MOVEMENTS, m), "display": names[m].name}} for m in value]
        case "regions":
            return [{"valueCoding": {**coding(REGIONS, r), "display": kb.regions[r].name}} for r in value]
    raise AssertionError(f"unhandled question type {q.type}")  # pragma: no cover


def _screening(case: Case, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every sign of the case's checklist: the present ones first, in the case's order.

    The assessment lists the signs in the order the case gives them, so the
    response keeps it; the absent signs follow in the Questionnaire's order.
    """
    present = list(case.answers["red_flags"])
    signs = checklist(kb, case.format_version)
    return [
        {
            "linkId": f"red_flags.{fid}",
            "text": kb.red_flags[fid].sign,
            "answer": [{"valueBoolean": fid in present}],
        }
        for fid in [*present, *(fid for fid in signs if fid not in present)]
    ]


def _ranges(case: Case, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """One item per measured movement, in the case's order (an assessment may depend on it)."""
    return [
        {
            "linkId": f"range_measured.{mid}",
            "text": kb.movements[mid].name,
            "answer": [{"valueDecimal": degrees}],
        }
        for mid, degrees in case.answers["range_measured"].items()
    ]


def response_from_case(case: Case | Mapping[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """A completed QuestionnaireResponse holding the case's answers (a mapping is validated first)."""
    valid = _as_case(case, kb)
    items: list[dict[str, Any]] = []
    for qid, q in kb.questions.items():
        if qid not in valid.answers:
            continue
        item: dict[str, Any] = {"linkId": qid, "text": q.text}
        if q.type == "red_flags":
            item["item"] = _screening(valid, kb)
        elif q.type == "range_map":
            item["item"] = _ranges(valid, kb)
        else:
            item["answer"] = _answer(qid, valid.answers[qid], kb)
        if item.get("item", True) and item.get("answer", True):  # an empty list is no answer
            items.append(item)
    if valid.name:
        items.append({"linkId": NAME, "text": kb.answers.name.text, "answer": [{"valueString": valid.name}]})
    resource: dict[str, Any] = {"resourceType": "QuestionnaireResponse"}
    if FHIR_ID.fullmatch(valid.id):
        resource["id"] = valid.id
    resource.update(
        language=valid.language or kb.language,
        identifier={"system": CASE_IDS, "value": valid.id},
        questionnaire=canonical(kb),
        status="completed",
        item=items,
    )
    return resource


# -- reading ---------------------------------------------------------------------------


def _fail(problems: list[Problem], source: str, field: str, message: str, allowed: str = "") -> None:
    problems.append(Problem(source, field, message, allowed))


def _check_questionnaire(value: Any, kb: KnowledgeBase, source: str, problems: list[Problem]) -> None:
    expected = canonical(kb)
    if not isinstance(value, str):
        said = _("is missing; regain reads only answers to its own questionnaire")
        _fail(problems, source, "questionnaire", said, expected)
        return
    url, _bar, version = value.partition("|")
    if url != QUESTIONNAIRE_URL:
        said = _("answers another questionnaire ({url})").format(url=url[:80])
        _fail(problems, source, "questionnaire", said, expected)
    elif version != (ours := questionnaire_version(kb)):
        said = (
            _("answers version {version} of regain's questionnaire; this regain asks version {ours}")
            if version
            else _("names no version of regain's questionnaire; this regain asks version {ours}")
        )
        _fail(problems, source, "questionnaire", said.format(version=version[:80], ours=ours), expected)


def _meta(
    resource: dict[str, Any], kb: KnowledgeBase, source: str, problems: list[Problem]
) -> dict[str, Any]:
    """The case's ``id`` and ``language`` from the response, and the response's own checks."""
    out: dict[str, Any] = {}
    for key in resource:
        if key in MODIFIERS:
            said = _("changes what the answers mean in a way regain cannot know; refused")
            _fail(problems, source, clip(str(key)), said, _("no {key}").format(key=key))
        elif key not in ELEMENTS:
            said = _("unknown element '{key}' of a QuestionnaireResponse").format(key=clip(str(key)))
            _fail(
                problems, source, clip(str(key)), said, _("the elements of FHIR R4's QuestionnaireResponse")
            )
    _check_questionnaire(resource.get("questionnaire"), kb, source, problems)
    status = resource.get("status")
    if status not in READ_STATUSES:
        said = _("{value} is not a finished response").format(value=show(status))
        _fail(problems, source, "status", said, _(ALLOWED_STATUS))
    language = resource.get("language")
    if language is not None:
        spoken = language.split("-")[0].lower() if isinstance(language, str) else None  # de-DE is de
        if spoken in kb.languages:
            out["language"] = spoken
        else:
            said = _("{value} is not a language regain speaks").format(value=show(language))
            _fail(problems, source, "language", said, ", ".join(kb.languages))
    authored = resource.get("authored")
    if authored is not None and not (isinstance(authored, str) and DATE_TIME.fullmatch(authored)):
        said = _("{value} is not a FHIR dateTime").format(value=show(authored))
        _fail(problems, source, "authored", said, "2026-11-30, 2026-11-30T09:15:00+01:00")
    identifier = resource.get("identifier")
    if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
        out["id"] = identifier["value"]
    elif identifier is not None:
        said = _("is not one identifier with a value")
        _fail(problems, source, "identifier", said, _("an object with a 'value'"))
    elif isinstance(resource.get("id"), str):
        out["id"] = resource["id"]
    return out


def case_from_response(resource: Any, source: str, kb: KnowledgeBase) -> dict[str, Any]:
    """The case mapping a QuestionnaireResponse holds; :class:`CaseError` (one line per linkId) if none."""
    problems: list[Problem] = []
    if not isinstance(resource, dict):
        _fail(problems, source, whole_file(), _("is not a FHIR resource"), _("a JSON object"))
        raise CaseError(problems)
    kind = resource.get("resourceType")
    if kind != "QuestionnaireResponse":
        said = _("{value} is not a QuestionnaireResponse").format(value=show(kind))
        _fail(problems, source, "resourceType", said, "QuestionnaireResponse")
        raise CaseError(problems)
    case = _meta(resource, kb, source, problems)
    reader = ItemReader(kb, source, problems)
    answers = reader.read(resource.get("item", []))
    if problems:
        urgent = urgent_signs_reported(reader.signs_present, kb, source, "red_flags.{id}")
        raise CaseError([*urgent, *problems])
    version = answers.pop(ItemReader.FORMAT_VERSION, None)
    case["format"] = _name_of_format(version or max(FORMATS.values()))
    case.update(answers)
    return case
