"""FHIR input where a case file is read: a QuestionnaireResponse, alone or in a Bundle.

``regain assess`` and ``regain batch`` read a ``.json`` file (or standard
input) as usual; when the object has a ``resourceType``, :func:`cases_in`
turns it into the raw case(s) it holds, each then validated as any case is.
A Bundle's responses are named ``file.json#entry[<index>]`` (the index of
``Bundle.entry``, from 0), as a CSV row is named ``file.csv:<row>``; other
resources in a Bundle (a Patient, the Questionnaire) are not cases and are
passed over. ``regain assess`` takes a Bundle with exactly one response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regain.engine.case import CaseError, Problem, whole_file
from regain.engine.case_reader import RawCase
from regain.engine.value_checks import show
from regain.knowledge import KnowledgeBase
from regain.knowledge.messages import N_, _

from .response import case_from_response

RESPONSE = "QuestionnaireResponse"
ALLOWED_RESOURCES = N_("a QuestionnaireResponse, or a Bundle of them")


@dataclass(frozen=True)
class ResponseCase:
    """A raw case, and the QuestionnaireResponse it came from (``None`` for a case file)."""

    raw: RawCase
    response: dict[str, Any] | None = None


def is_fhir(data: Any) -> bool:
    """Whether parsed case data is a FHIR resource (it names its ``resourceType``)."""
    return isinstance(data, dict) and "resourceType" in data


def _refuse(source: str, field: str, message: str, allowed: str = "") -> CaseError:
    return CaseError([Problem(source, field, message, allowed)])


def _one(source: str, default_id: str, resource: Any, kb: KnowledgeBase) -> ResponseCase:
    try:
        mapping: Any = case_from_response(resource, source, kb)
    except CaseError as exc:
        mapping = exc
    response = resource if isinstance(resource, dict) else None
    return ResponseCase(RawCase(source, default_id, mapping, origin=response), response)


def _entries(raw: RawCase, bundle: dict[str, Any]) -> list[tuple[int, Any]]:
    """``(index, resource)`` of each entry that is, or may be, a response; a broken entry too."""
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise _refuse(raw.source, "entry", _("is not a list"), _("a JSON array"))
    out: list[tuple[int, Any]] = []
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind in (RESPONSE, "Bundle") or not isinstance(kind, str):
            out.append((i, resource if kind != "Bundle" else entry))
    return out


def cases_in(raw: RawCase, kb: KnowledgeBase, *, single: bool = False) -> list[ResponseCase]:
    """The case(s) in ``raw``: itself unless it is FHIR; :class:`CaseError` for what cannot hold one.

    ``single`` (``regain assess``) asks for exactly one response.
    """
    data = raw.data
    if not is_fhir(data):
        return [ResponseCase(raw)]
    kind = data["resourceType"]
    if kind == RESPONSE:
        return [_one(raw.source, raw.default_id, data, kb)]
    if kind != "Bundle":
        said = _("{value} is not a resource regain reads as a case").format(value=show(kind))
        raise _refuse(raw.source, "resourceType", said, _(ALLOWED_RESOURCES))
    found = _entries(raw, data)
    responses = [
        i for i, resource in found if isinstance(resource, dict) and resource.get("resourceType") == RESPONSE
    ]
    if single and len(found) != 1 and len(responses) == 1:
        found = [next((i, r) for i, r in found if i not in responses)]  # what else is wrong, said below
    elif single and len(found) != 1:
        said = _("the Bundle holds {count} QuestionnaireResponses; 'regain assess' reads one").format(
            count=len(responses)
        )
        raise _refuse(raw.source, whole_file(), said, _("one, or 'regain batch' for several"))
    if not found:
        raise _refuse(
            raw.source, whole_file(), _("the Bundle holds no QuestionnaireResponse"), _(ALLOWED_RESOURCES)
        )
    out = []
    for i, resource in found:
        source = f"{raw.source}#entry[{i}]"
        if isinstance(resource, dict) and resource.get("resourceType") == RESPONSE:
            out.append(_one(source, raw.default_id if single else f"{raw.default_id}-{i}", resource, kb))
        else:
            said = _(
                "is not a QuestionnaireResponse regain can read (a Bundle inside a Bundle, or no resource)"
            )
            out.append(
                ResponseCase(
                    RawCase(
                        source,
                        f"{raw.default_id}-{i}",
                        _refuse(source, whole_file(), said, _(ALLOWED_RESOURCES)),
                    )
                )
            )
    return out
