"""Cross-file consistency of the knowledge base.

Each file can be valid on its own and still name an id that exists nowhere
(a muscle referring pain to a region nobody defined). These checks catch
that, and the structural promises the engine relies on: the plan-step
ordering is acyclic, every movement and region leads to at least one
muscle, every evidence rule reads real questions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, get_args

from .models import StepKind

if TYPE_CHECKING:
    from .loader import KnowledgeBase

#: Every kind of plan step, in the order the contract lists them.
STEP_KINDS: tuple[str, ...] = get_args(StepKind)


def closest(word: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known ids most like ``word`` (for 'did you mean' hints)."""
    return difflib.get_close_matches(word, list(known), n=n, cutoff=0.5)


def _unknown(where: str, what: str, value: str, known: Iterable[str]) -> str:
    hint = closest(value, known)
    suffix = f" (closest: {', '.join(hint)})" if hint else ""
    return f"{where}: unknown {what} '{value}'{suffix}"


def check_consistency(kb: KnowledgeBase) -> list[str]:
    """Return one message per broken cross-reference or structural promise."""
    problems: list[str] = []
    areas = set(kb.areas)

    for file_name, items in (
        ("movements.yaml: movements", kb.movements),
        ("regions.yaml: regions", kb.regions),
        ("muscles.yaml: muscles", kb.muscles),
    ):
        for item_id, item in items.items():
            if item.area not in areas:
                problems.append(_unknown(f"{file_name}.{item_id}.area", "area", item.area, areas))

    for mid, muscle in kb.muscles.items():
        where = f"muscles.yaml: muscles.{mid}"
        for key, ids in (
            ("refers_to.primary", muscle.refers_to.primary),
            ("refers_to.spillover", muscle.refers_to.spillover),
        ):
            for rid in ids:
                if rid not in kb.regions:
                    problems.append(_unknown(f"{where}.{key}", "region", rid, kb.regions))
        for key, ids in (("restricts", muscle.restricts), ("painful_movements", muscle.painful_movements)):
            for mv in ids:
                if mv not in kb.movements:
                    problems.append(_unknown(f"{where}.{key}", "movement", mv, kb.movements))

    for mv in kb.movements:
        if not any(mv in m.restricts or mv in m.painful_movements for m in kb.muscles.values()):
            problems.append(f"movements.yaml: movements.{mv}: no muscle restricts it or hurts on it")
    for rid in kb.regions:
        if not any(
            rid in m.refers_to.primary or rid in m.refers_to.spillover for m in kb.muscles.values()
        ):
            problems.append(f"regions.yaml: regions.{rid}: no muscle refers pain to it")

    for qid, q in kb.questions.items():
        where = f"questions.yaml: questions.{qid}"
        if q.type == "choice" and len(q.options) < 2:
            problems.append(f"{where}.options: a choice question needs at least two options")
        if q.type != "choice" and q.options:
            problems.append(f"{where}.options: only choice questions have options")
        if q.type in ("integer", "number", "range_map") and (q.min is None or q.max is None):
            problems.append(f"{where}: a {q.type} question needs min and max")
        if q.min is not None and q.max is not None and q.min > q.max:
            problems.append(f"{where}: min {q.min} is above max {q.max}")
        if q.ask_if is not None:
            order = list(kb.questions)
            for ref in q.ask_if.questions():
                if ref not in kb.questions:
                    problems.append(_unknown(f"{where}.ask_if", "question", ref, kb.questions))
                elif order.index(ref) >= order.index(qid):
                    problems.append(f"{where}.ask_if: reads '{ref}', which is not asked before it")

    inf = kb.inference
    if inf.thresholds.possible >= inf.thresholds.likely:
        problems.append("inference.yaml: thresholds: 'possible' must be below 'likely'")
    for rule_id, rule in inf.evidence.items():
        for qid in rule.reads:
            if qid not in kb.questions:
                problems.append(
                    _unknown(f"inference.yaml: evidence.{rule_id}.reads", "question", qid, kb.questions)
                )

    for kind in STEP_KINDS:
        if kind not in kb.steps:
            problems.append(f"plan_steps.yaml: steps.{kind}: missing (every step kind needs a template)")
    for kind in kb.steps:
        if kind not in STEP_KINDS:
            problems.append(_unknown(f"plan_steps.yaml: steps.{kind}", "step kind", kind, STEP_KINDS))
    for fid, flag in kb.red_flags.items():
        if flag.urgency != "caution" and flag.softens:
            problems.append(
                f"red_flags.yaml: red_flags.{fid}.softens: only caution flags soften doses"
            )
        for kind, change in flag.softens.items():
            tmpl = kb.steps.get(kind)
            for cap in change.caps:
                if tmpl is not None and cap not in tmpl.dose:
                    problems.append(
                        _unknown(f"red_flags.yaml: red_flags.{fid}.softens.{kind}.caps", "dose key",
                                 cap, tmpl.dose)
                    )

    if not problems:
        from .graphs import plan_cycle

        cycle = plan_cycle(kb)
        if cycle:
            problems.append(
                "plan_steps.yaml: the 'before' constraints form a cycle: " + " -> ".join(cycle)
            )
    return problems
