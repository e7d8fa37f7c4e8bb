"""The facts the rules reason about (experta ``Fact`` classes).

A case becomes a handful of facts: one :class:`Answers` holding the answers,
one :class:`Flag` per red flag, one :class:`MeasuredRange` per measured
movement, and the knowledge base's thresholds as one :class:`Thresholds`
fact so that rules compare against data, not constants in code. (Restricted
movements and pain regions are not facts: no rule reads them; the muscle
ranking walks the knowledge graph from them.) Rules
then add :class:`Conclusion` and :class:`Triage` facts in the weighing phase.
"""

from __future__ import annotations

from .experta_compat import Fact


class Answers(Fact):
    """The case's answers, one key per answered question (tri-states as ``True``/``False``).

    One fact rather than one per answer: experta's matcher then passes a
    single fact through the network, which makes a case several times faster.
    """


class Flag(Fact):
    """Red flag ``id`` is present; ``urgency`` is emergency, see_doctor or caution."""


class Screening(Fact):
    """Whether red flags were screened at all (``done``)."""


class MeasuredRange(Fact):
    """A measured range: ``movement``, ``degrees``, ``normal`` and their ``ratio``."""


class Thresholds(Fact):
    """The knowledge base's numeric thresholds (pain, duration, immobilisation, range)."""


class Phase(Fact):
    """Control fact: ``name='weigh'`` lets the weighing rule run after all evidence."""


class Conclusion(Fact):
    """A weighed conclusion: ``name``, ``certainty`` in [0, 1] and ``level``."""


class Triage(Fact):
    """The triage decided from the red flags: ``level``."""


def show_answer(field: str, value: object) -> str:
    """``field = value`` with yes/no for tri-states."""
    shown = {True: "yes", False: "no"}[value] if isinstance(value, bool) else value
    return f"{field} = {shown}"


def describe(fact: Fact) -> str | None:
    """A short, plain description of a fact for the trace (``None`` to leave it out).

    :class:`Answers` is described by the caller, which knows which answers a
    rule looked at.
    """
    match fact:
        case Flag():
            return f"red flag: {fact['id']} ({fact['urgency']})"
        case Screening():
            return "red flags screened" if fact["done"] else "red flags not screened"
        case MeasuredRange():
            return (f"measured {fact['movement']}: {fact['degrees']:g}° of a normal "
                    f"{fact['normal']}° ({fact['ratio']:.0%})")
        case Conclusion():
            return f"{fact['name']} is {fact['level']} ({fact['certainty']:.2f})"
        case Triage():
            return f"triage: {fact['level']}"
    return None
