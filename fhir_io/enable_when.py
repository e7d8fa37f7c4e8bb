"""A question's ``ask_if`` as FHIR ``enableWhen`` / ``enableBehavior``, exactly or widened.

regain reads ``ask_if`` as :func:`regain.engine.questionnaire.condition_holds`
does: a test of an unanswered question (or a yes-or-no answered "unknown") is
false, except ``answered: false``. FHIR's operators say the same with these
atoms: ``=``, ``>`` and ``<`` are false without an answer, ``!=`` is true
without one, ``exists`` tests for an answer. ``not`` is pushed down to the
atoms (``not above 3`` is "no answer, or at most 3"), and the result must be
one flat list: one atom, or several joined by ``any`` or ``all``.

What cannot be said so (a test of the triage, which depends on the whole
assessment; an ``any`` inside an ``all``) is **widened**: the item gets no
``enableWhen`` and is always shown, and :attr:`EnableWhen.widened` says why.
A question shown where it need not be is harmless; one hidden where it should
be asked is not. ``tests/test_fhir_questionnaire.py`` lists the widened
questions, so a new form of condition fails a test until it is mapped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Union

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Condition, Question

from .identifiers import ANSWERS, NO, UNKNOWN_CODE, YES, choice_system

#: Question types that are a group of items in the Questionnaire (not one answerable item).
GROUPS = ("red_flags", "range_map")


class Unmappable(Exception):
    """A condition FHIR's flat ``enableWhen`` cannot say exactly (the reason, for the docs)."""


@dataclass(frozen=True)
class Atom:
    """One ``enableWhen`` entry: the question's linkId, an operator and an answer."""

    question: str
    operator: str
    answer_type: str
    answer: Any

    def to_fhir(self) -> dict[str, Any]:
        return {"question": self.question, "operator": self.operator, self.answer_type: self.answer}


@dataclass(frozen=True)
class Either:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Both:
    parts: tuple[Node, ...]


Node = Union[Atom, Either, Both]  # noqa: UP007 - a forward reference in a dataclass


@dataclass(frozen=True)
class EnableWhen:
    """What an item gets: its ``enableWhen`` list and ``enableBehavior``, or why it is widened."""

    conditions: tuple[dict[str, Any], ...] = ()
    behavior: str | None = None
    widened: str | None = None


def coding(system: str, code: str) -> dict[str, str]:
    return {"system": system, "code": code}


def _exists(qid: str, present: bool) -> Atom:
    return Atom(qid, "exists", "answerBoolean", present)


def _equals(qid: str, q: Question, value: Any, operator: str = "=") -> Atom:
    """``qid = value`` for one answer the question can have; :class:`Unmappable` otherwise."""
    match q.type:
        case "tri_state" if isinstance(value, bool):
            return Atom(qid, operator, "answerCoding", coding(ANSWERS, YES if value else NO))
        case "choice" if isinstance(value, str) and value in {o.value for o in q.options}:
            return Atom(qid, operator, "answerCoding", coding(choice_system(qid), value))
        case "integer" if isinstance(value, int) and not isinstance(value, bool):
            return Atom(qid, operator, "answerInteger", value)
        case "number" if isinstance(value, int | float) and not isinstance(value, bool):
            return Atom(qid, operator, "answerDecimal", value)
        case "date" if isinstance(value, str):
            return Atom(qid, operator, "answerDate", value)
    raise Unmappable(f"{qid} ({q.type}) compared with {value!r}")


def _compare(qid: str, q: Question, operator: str, bound: float) -> Atom:
    """``qid > bound`` or ``qid < bound``; for an integer question, with a whole bound that means the same."""
    if q.type == "integer":
        whole = math.floor(bound) if operator == ">" else math.ceil(bound)
        return Atom(qid, operator, "answerInteger", int(whole))
    if q.type == "number":
        return Atom(qid, operator, "answerDecimal", bound)
    raise Unmappable(f"{qid} ({q.type}) compared with a number")


def tree(cond: Condition, kb: KnowledgeBase) -> Node:
    """The condition as atoms joined by any/all, ``not`` pushed down to the atoms."""
    if cond.all_ is not None:
        return Both(tuple(tree(c, kb) for c in cond.all_))
    if cond.any_ is not None:
        return Either(tuple(tree(c, kb) for c in cond.any_))
    if cond.not_ is not None:
        return negate(tree(cond.not_, kb))
    if cond.triage is not None:
        raise Unmappable("tests the triage, which no single answer decides")
    qid = cond.question
    if qid is None or qid not in kb.questions:
        raise Unmappable(f"names no question of the questionnaire ({qid!r})")
    q = kb.questions[qid]
    if q.type in GROUPS:
        raise Unmappable(f"{qid} is a group of items in FHIR, not one question")
    if cond.answered is not None:
        if q.type == "tri_state":  # "unknown" is not an answer to regain
            if cond.answered:
                return Either((_equals(qid, q, True), _equals(qid, q, False)))
            return Either(
                (_exists(qid, False), Atom(qid, "=", "answerCoding", coding(ANSWERS, UNKNOWN_CODE)))
            )
        return _exists(qid, cond.answered)
    if cond.is_ is not None:
        return _equals(qid, q, cond.is_)
    if cond.one_of is not None:
        return Either(tuple(_equals(qid, q, v) for v in cond.one_of))
    if cond.above is not None:
        return _compare(qid, q, ">", cond.above)
    if cond.below is not None:
        return _compare(qid, q, "<", cond.below)
    raise Unmappable(f"a test of {qid} with no comparison")


_OPPOSITE = {"=": "!=", "!=": "="}
#: "answered and more than x" negated is "not answered, or at most x" (and so on).
_COMPLEMENT = {">": "<=", "<": ">=", "<=": ">", ">=": "<"}


def negate(node: Node) -> Node:
    """``not node``, with regain's reading of an unanswered question kept."""
    if isinstance(node, Either):
        return Both(tuple(negate(p) for p in node.parts))
    if isinstance(node, Both):
        return Either(tuple(negate(p) for p in node.parts))
    if node.operator == "exists":
        return _exists(node.question, not node.answer)
    if node.operator in _OPPOSITE:
        return Atom(node.question, _OPPOSITE[node.operator], node.answer_type, node.answer)
    complement = Atom(node.question, _COMPLEMENT[node.operator], node.answer_type, node.answer)
    return Either((_exists(node.question, False), complement))


def flat(node: Node) -> tuple[str | None, tuple[Atom, ...]]:
    """``(behavior, atoms)`` of a node FHIR can say in one list; :class:`Unmappable` otherwise."""
    if isinstance(node, Atom):
        return None, (node,)
    kind = "any" if isinstance(node, Either) else "all"
    atoms: list[Atom] = []
    for part in node.parts:
        behavior, inner = flat(part)
        if behavior is not None and behavior != kind and len(inner) > 1:
            raise Unmappable(f"an '{behavior}' inside an '{kind}'")
        atoms.extend(a for a in inner if a not in atoms)
    if len(atoms) == 1:
        return None, tuple(atoms)
    return kind, tuple(atoms)


def enable_when(cond: Condition | None, kb: KnowledgeBase) -> EnableWhen:
    """The ``enableWhen`` of an ``ask_if``: exact, or none at all (widened) with the reason."""
    if cond is None:
        return EnableWhen()
    try:
        behavior, atoms = flat(tree(cond, kb))
    except Unmappable as exc:
        return EnableWhen(widened=str(exc))
    return EnableWhen(tuple(a.to_fhir() for a in atoms), behavior)
