"""The facts the rules reason about (experta ``Fact`` classes).

A case becomes a handful of facts: one :class:`Answers` holding the answers,
one :class:`Flag` per red flag and one :class:`Combo` per combination of
signs that applies, one :class:`Restricted` per restricted movement, one
:class:`PainIn` per pain region, one :class:`MeasuredRange` per measured
movement, and the knowledge base's thresholds as one :class:`Thresholds`
fact so that rules compare against data, not constants in code. Rules then
add :class:`Conclusion` facts in the weighing phase and :class:`Triage` once
the triage is decided.
"""

from __future__ import annotations

from .experta_compat import Fact


class Answers(Fact):
    """The case's answers, one key per answered question (tri-states as ``True``/``False``).

    One fact rather than one per answer: experta's matcher then passes a
    single fact through the network, which makes a case several times faster.
    """


class Flag(Fact):
    """Red flag ``id`` is present; ``tier`` is its tier (red_flags.yaml)."""


class Combo(Fact):
    """Combination ``id`` of red flags applies; ``tier`` is what it raises the triage to."""


class Restricted(Fact):
    """Movement ``movement`` is restricted (the case's restricted_movements)."""


class PainIn(Fact):
    """Pain is felt in region ``region`` (the case's pain_regions)."""


class Screening(Fact):
    """Whether red flags were screened at all (``done``)."""


class MeasuredRange(Fact):
    """A measured range: ``movement``, ``degrees``, ``normal``, their ``ratio`` and whether
    it is clearly ``below_normal`` (by the movement's own threshold)."""


class Thresholds(Fact):
    """The knowledge base's numeric thresholds (pain, duration, immobilisation, range)."""


class Phase(Fact):
    """Control fact: ``name='weigh'`` lets the weighing rule run after all evidence;
    ``name='triage'`` then lets the triage be decided once the other causes are weighed."""


class Conclusion(Fact):
    """A weighed conclusion: ``name``, ``certainty`` in [0, 1] and ``level``."""


class Triage(Fact):
    """The triage decided: ``level`` (a tier or self_care) and whether a doctor has
    ``cleared`` self-help (lifts the hold of see_doctor and professional_assessment)."""


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
            return f"red flag: {fact['id']} ({fact['tier']})"
        case Combo():
            return f"red flags together: {fact['id']} ({fact['tier']})"
        case Restricted():
            return f"restricted: {fact['movement']}"
        case PainIn():
            return f"pain in: {fact['region']}"
        case Screening():
            return "red flags screened" if fact["done"] else "red flags not screened"
        case MeasuredRange():
            return (
                f"measured {fact['movement']}: {fact['degrees']:g}° of a normal "
                f"{fact['normal']}° ({fact['ratio']:.0%})"
            )
        case Conclusion():
            return f"{fact['name']} is {fact['level']} ({fact['certainty']:.2f})"
        case Triage():
            cleared = ", cleared by a doctor" if fact["cleared"] else ""
            return f"triage: {fact['level']}{cleared}"
    return None
