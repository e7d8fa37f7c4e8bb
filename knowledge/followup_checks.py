"""Consistency of ``followup.yaml`` with itself and with ``plan_steps.yaml``.

Run with every load (and so by ``regain kb check``): every self-treatment
step kind, the only kinds a phase of the journal holds, has an
``advance_when``; no ``advance_when`` names a step that does not exist or is
not self-treatment; every threshold has its source and the two adherence
shares are in order; every decision kind has words; every rule and start
decision names only the placeholders it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .followup_models import DECISION_KINDS, FORMS, PLACEHOLDERS, AdvanceCondition, FollowUpThresholds
from .placeholders import placeholder_problems

if TYPE_CHECKING:
    from .loader import KnowledgeBase

FILE = "followup.yaml"
#: The start decisions the engine words (``start`` in followup.yaml).
START_DECISIONS = ("emergency_first", "doctor_first", "screen_first", "assessment_first", "plan_starts")


def _threshold_problems(kb: KnowledgeBase) -> list[str]:
    fu = kb.followup
    names = set(FollowUpThresholds.__dataclass_fields__)
    problems = [
        f"{FILE}: threshold_sources.{name}: missing (every threshold names its source)"
        for name in sorted(names - set(fu.threshold_sources))
    ]
    problems += [
        f"{FILE}: threshold_sources.{name}: names no threshold (one of {', '.join(sorted(names))})"
        for name in sorted(set(fu.threshold_sources) - names)
    ]
    t = fu.thresholds
    if t.poor_adherence_share > t.good_adherence_share:
        problems.append(
            f"{FILE}: thresholds.poor_adherence_share: {t.poor_adherence_share:g} is above "
            f"good_adherence_share ({t.good_adherence_share:g})"
        )
    return problems


def _uses(cond: AdvanceCondition) -> set[str]:
    """Every form a condition uses, its own and its children's."""
    used = {cond.form()}
    for child in cond.children():
        used |= _uses(child)
    return used


def _advance_problems(kb: KnowledgeBase) -> list[str]:
    problems = []
    advance = kb.followup.advance_when
    for kind, step in kb.steps.items():
        if step.self_treatment and not step.exclusive and kind not in advance:
            problems.append(
                f"{FILE}: advance_when.{kind}: missing (every self-treatment step of a phase needs one)"
            )
    for kind, rule in advance.items():
        where = f"{FILE}: advance_when.{kind}"
        tmpl = kb.steps.get(kind)
        if tmpl is None:
            problems.append(f"{where}: names no step of plan_steps.yaml")
            continue
        if not tmpl.self_treatment:
            problems.append(f"{where}: {kind} is not a self-treatment step; it is in no phase")
        used = _uses(rule.when)
        if "dose_weeks_done" in used and "weeks" not in tmpl.dose:
            problems.append(f"{where}: dose_weeks_done, but plan_steps.yaml gives {kind} no dose weeks")
        unknown = used - set(FORMS)
        problems += [f"{where}: unknown test {u}" for u in sorted(unknown)]
    return problems


def _placeholder_problems(where: str, text: str, allowed: frozenset[str]) -> list[str]:
    return placeholder_problems(f"{FILE}: {where}", text, allowed)


def _wording_problems(kb: KnowledgeBase) -> list[str]:
    fu = kb.followup
    problems = [
        f"{FILE}: decisions.{kind}: missing (every decision kind is named and advised)"
        for kind in DECISION_KINDS
        if kind not in fu.decisions
    ]
    problems += [
        f"{FILE}: start.{key}: missing (the journal starts with it)"
        for key in START_DECISIONS
        if key not in fu.start
    ]
    for section, entries in (("rules", fu.rules), ("start", fu.start)):
        for rule_id, rule in entries.items():
            allowed = PLACEHOLDERS.get(rule_id)
            where = f"{section}.{rule_id}"
            if allowed is None:
                problems.append(f"{FILE}: {where}: names no follow-up rule or start decision")
                continue
            problems += _placeholder_problems(f"{where}.reason", rule.reason, allowed)
            if rule.advice is not None:
                problems += _placeholder_problems(f"{where}.advice", rule.advice, frozenset())
    for kind, words in fu.decisions.items():
        problems += _placeholder_problems(f"decisions.{kind}.advice", words.advice, frozenset())
    return problems


def followup_problems(kb: KnowledgeBase) -> list[str]:
    """One message per broken promise of ``followup.yaml``."""
    return _threshold_problems(kb) + _advance_problems(kb) + _wording_problems(kb)
