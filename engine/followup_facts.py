"""The facts the follow-up rules reason about (experta ``Fact`` classes).

A check-in, read against the baseline and the journal so far, becomes a
handful of facts (:func:`regain.engine.followup.decide` declares them): the
triage of the case re-assessed with the new warning signs, whether the plan
was stopped before, the trend of the pain, a flare of a later step, the
progress since the start, whether each step of the current phase meets its
``advance_when``, adherence since the last check-in, and the thresholds of
``followup.yaml`` as one :class:`Limits` fact, so rules compare against data.
"""

from __future__ import annotations

from .experta_compat import Fact


class Limits(Fact):
    """The thresholds of followup.yaml (pain_change, worse_checkins_in_row, ...)."""


class Triage(Fact):
    """The re-assessed triage: ``level``, ``cleared`` by a doctor, ``raised`` above the start's."""


class Stopped(Fact):
    """The last decision stopped the plan, and this check-in brings no doctor's clearance."""


class PainTrend(Fact):
    """``worse_in_row``: check-ins in a row (this one last) with pain clearly above the start."""


class Where(Fact):
    """The current ``phase``, whether it is the ``last``, the trigger-point phase ``tp_phase``
    (0 if none) and whether the current phase has no steps (``empty``)."""


class Flare(Fact):
    """Step ``step`` of the current phase was felt worse, the pain raised to the next day."""


class TriggerSigns(Fact):
    """Whether trigger-point signs ``remain`` (tender spots, or movement pain above the
    massage step's threshold), and which (``signs``)."""


class Progress(Fact):
    """Since the start: ``weeks``, whether pain or range ``improved`` by a meaningful amount,
    and the share of the dose's sessions done (``adherence``, -1 when unknown)."""


class StepReady(Fact):
    """Step ``step`` of the current phase meets its advance_when (``met``)."""


class Held(Fact):
    """Self-treatment steps of the plan wait for a professional examination (``steps``)."""


class Adherence(Fact):
    """The ``share`` of the dose's sessions done since the last check-in."""


class Decided(Fact):
    """Control fact: a rule has decided; the lower-priority rules no longer fire."""


def describe(fact: Fact) -> str | None:
    """A short, plain description of a fact for the HOW trace (``None`` to leave it out)."""
    match fact:
        case Triage():
            extra = ", cleared by a doctor" if fact["cleared"] else ""
            extra += ", raised since the start" if fact["raised"] else ""
            return f"triage: {fact['level']}{extra}"
        case Stopped():
            return "the plan was stopped at the last check-in; no clearance since"
        case PainTrend():
            return f"pain clearly worse than at the start at {fact['worse_in_row']} check-in(s) in a row"
        case Where():
            last = ", the last" if fact["last"] else ""
            return f"phase {fact['phase']}{last} (trigger-point phase: {fact['tp_phase'] or 'none'})"
        case Flare():
            return f"{fact['step']} felt worse, pain raised to the next day"
        case TriggerSigns():
            return (
                f"trigger-point signs remain: {fact['signs']}" if fact["remain"] else "no trigger-point signs"
            )
        case Progress():
            improved = "improved" if fact["improved"] else "no meaningful change"
            share = fact["adherence"]
            done = f"{share:.0%} of sessions done" if share >= 0 else "sessions unknown"
            return f"{fact['weeks']:g} weeks since the start: {improved}; {done}"
        case StepReady():
            return f"{fact['step']}: advance_when {'met' if fact['met'] else 'not met'}"
        case Held():
            return "waiting for an examination: " + ", ".join(fact["steps"])
        case Adherence():
            return f"{fact['share']:.0%} of the sessions since the last check-in"
    return None
