"""Cross-file consistency of the knowledge base.

Each file can be valid on its own and still name an id that exists nowhere
(a muscle referring pain to a region nobody defined). These checks catch
that, and the structural promises the engine relies on: the plan-step
ordering is acyclic, every movement and region leads to at least one
muscle, every evidence rule reads real questions, every trigger point lies
on the body outline and on the side the figures expect.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, get_args

from .answer_checks import answer_problems
from .checkin_checks import checkin_question_problems
from .entries import Conclusion, StepKind
from .followup_checks import followup_problems
from .placeholders import placeholder_problems
from .plan_models import INSTRUCTION_STEPS
from .safety_models import DoseChange

if TYPE_CHECKING:
    from .loader import KnowledgeBase

#: Every kind of plan step, in the order the contract lists them.
STEP_KINDS: tuple[str, ...] = get_args(StepKind)
#: The conclusions of the seed's two-cause model; the others are "possible other causes".
CAUSES = ("pain_protective", "shortening_adhesion", "active_trigger_points")
OTHER_CAUSES: tuple[str, ...] = tuple(c for c in get_args(Conclusion) if c not in CAUSES)
#: Doses live in plan_steps.yaml and reach every text from there; an instruction that
#: wrote its own ("up to 7/10", "hold 3 minutes", "10 strokes") would disagree with a
#: capped plan (a caution flag) and with the plan's own hold times.
#: The German words too, for the German overlays ("bis 7 von 10", "3 Minuten halten", "10 Züge").
DOSE_IN_TEXT = re.compile(
    r"\b\d+\s*(?:/|out of|von)\s*10\b|\b\d+(?:[–-]\d+)?\s*(?:minutes?|mins?|seconds?|secs?)\b"
    r"|\b\d+(?:[–-]\d+)?\s*(?:minuten?|min\.|sekunden?|sek\.)(?!\w)"
    r"|\b\d+\s*(?:slow\s+)?(?:strokes|holds|repetitions|reps)\b"
    r"|\b\d+\s*(?:langsame\s+)?(?:züge|wiederholungen|wdh\.)(?!\w)"
    r"|\b\d+\s+(?:times\s+)?per\s+(?:tender\s+)?spot\b|\b\d+\s*(?:mal\s+)?(?:pro|je)\s+stelle\b",
    re.IGNORECASE,
)


#: The box the body outline fills on each view of the body map (regions.yaml's header):
#: from the thumb tips to the thumb tips, from the top of the head to the toes.
OUTLINE_BOX = (24.0, 9.0, 176.0, 435.0)


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

    problems += _wording_problems(kb)
    problems += trigger_point_problems(kb)
    problems += answer_problems(kb)
    problems += checkin_question_problems(kb)
    problems += _instruction_problems(kb)
    problems += _step_default_problems(kb)
    problems += _exercise_problems(kb)
    problems += _safety_problems(kb)
    problems += followup_problems(kb)

    for mv in kb.movements:
        if not any(mv in m.restricts or mv in m.painful_movements for m in kb.muscles.values()):
            problems.append(f"movements.yaml: movements.{mv}: no muscle restricts it or hurts on it")
    for rid in kb.regions:
        if not any(rid in m.refers_to.primary or rid in m.refers_to.spillover for m in kb.muscles.values()):
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
    for kind, tmpl in kb.steps.items():
        for later in tmpl.why_before:
            if later != "any" and later not in tmpl.before:
                problems.append(
                    f"plan_steps.yaml: steps.{kind}.why_before.{later}: names a step that is not in 'before'"
                )
        for key in tmpl.dose_units:
            if key not in tmpl.dose:
                problems.append(
                    _unknown(f"plan_steps.yaml: steps.{kind}.dose_units", "dose key", key, tmpl.dose)
                )
        for key in tmpl.dose:
            if key not in tmpl.dose_units:
                problems.append(
                    f"plan_steps.yaml: steps.{kind}.dose_units.{key}: missing (how the dose reads)"
                )
    for plan_id, plan_rule in inf.plan_rules.items():
        together = plan_rule.together
        if together and (len(together) != 2 or not set(together) <= set(kb.steps)):
            problems.append(f"inference.yaml: plan_rules.{plan_id}.together: two step kinds")

    if not problems:
        from .graphs import plan_cycle

        cycle = plan_cycle(kb)
        if cycle:
            problems.append("plan_steps.yaml: the 'before' constraints form a cycle: " + " -> ".join(cycle))
    return problems


def trigger_point_problems(kb: KnowledgeBase) -> list[str]:
    """Trigger points lie in the outline's box, on the person's right side, as the figures expect.

    The figures mirror them for a left-sided problem; a point given on the left
    would be drawn on the wrong side, and one off the outline on no body at all.
    """
    problems: list[str] = []
    x0, y0, x1, y1 = OUTLINE_BOX
    for mid, muscle in kb.muscles.items():
        for i, p in enumerate(muscle.trigger_points):
            where = f"muscles.yaml: muscles.{mid}.trigger_points[{i}]"
            if not (x0 <= p.x <= x1 and y0 <= p.y <= y1):
                problems.append(
                    f"{where}: ({p.x:g}, {p.y:g}) is outside the body outline "
                    f"(x {x0:g} to {x1:g}, y {y0:g} to {y1:g})"
                )
            if (p.x > 100) if p.view == "front" else (p.x < 100):
                problems.append(
                    f"{where}: x {p.x:g} on the {p.view} view is the person's left side; give trigger "
                    "points on the right side (front x <= 100, back x >= 100), the plan mirrors them"
                )
            if p.r is not None:
                problems.append(f"{where}.r: a trigger point is a point (only regions have a radius)")
    return problems


def _instruction_problems(kb: KnowledgeBase) -> list[str]:
    """Every massage method and stretch declares what it involves and carries no dose."""
    problems: list[str] = []
    for mid, muscle in kb.muscles.items():
        where = f"muscles.yaml: muscles.{mid}"
        if not muscle.restricts and not muscle.painful_movements:
            problems.append(f"{where}: restricts or painful_movements must name a movement")
        texts: list[tuple[str, str, tuple[str, ...] | None]] = [
            ("self_massage.where", muscle.self_massage.where, None)
        ]
        for i, method in enumerate(muscle.self_massage.methods):
            texts += [
                (f"self_massage.methods[{i}].tool", method.tool, None),
                (f"self_massage.methods[{i}].how", method.how, method.involves),
            ]
        for i, stretch in enumerate(muscle.stretches):
            texts += [
                (f"stretches[{i}].position", stretch.position, None),
                (f"stretches[{i}].how", stretch.how, stretch.involves),
            ]
            if stretch.how_far is not None:
                texts.append((f"stretches[{i}].how_far", stretch.how_far, None))
        for key, text, involves in texts:
            problems += _text_problems(kb, f"{where}.{key}", text, involves)
    return problems


def _step_default_problems(kb: KnowledgeBase) -> list[str]:
    """The steps with stretches or exercises say how far; the self-massage step when to stop.

    Every instruction is shown as numbered steps, and a stretch or exercise
    without its own ``how_far`` (a massage method: ``stop_if``) takes its
    step's; only those steps have them.
    """
    problems: list[str] = []
    needs = {
        "how_far": {INSTRUCTION_STEPS[k] for k in ("stretch", "full_range", "strengthening")},
        "stop_if": {INSTRUCTION_STEPS["massage"]},
    }
    for key, kinds in needs.items():
        for kind, tmpl in kb.steps.items():
            where = f"plan_steps.yaml: steps.{kind}.{key}"
            text = getattr(tmpl, key)
            if kind in kinds and text is None:
                problems.append(f"{where}: missing (its instructions show it as a step)")
            elif kind not in kinds and text is not None:
                problems.append(f"{where}: only {', '.join(sorted(kinds))} show it")
            elif text is not None:
                problems += _text_problems(kb, where, text, None)
    return problems


def _text_problems(kb: KnowledgeBase, where: str, text: str, involves: tuple[str, ...] | None) -> list[str]:
    problems = []
    found = DOSE_IN_TEXT.search(text)
    if found:
        problems.append(
            f"{where}: '{found.group(0)}' is a dose: doses come from plan_steps.yaml "
            "(and a caution may lower them), so leave them out of the text"
        )
    for tag in involves or ():
        if tag not in kb.involves:
            problems.append(_unknown(where.rsplit(".", 1)[0] + ".involves", "involves tag", tag, kb.involves))
    return problems


def _exercise_problems(kb: KnowledgeBase) -> list[str]:
    """Exercises are complete for their kind, and movements name exercises of the right kind."""
    problems: list[str] = []
    trainable = {**kb.muscles, **kb.trained_muscles}
    for xid, ex in kb.exercises.items():
        where = f"exercises.yaml: exercises.{xid}"
        for key in ("position", "how", "how_far"):
            if getattr(ex, key) is not None:
                problems += _text_problems(kb, f"{where}.{key}", getattr(ex, key), ex.involves)
        if ex.kind == "strengthening":
            if not ex.trains:
                problems.append(f"{where}.trains: a strengthening exercise names the muscles it trains")
            if ex.progression is None:
                problems.append(f"{where}.progression: say how to make it harder once it is easy")
        elif ex.trains or ex.progression:
            problems.append(f"{where}: only strengthening exercises have trains and progression")
        for mid in ex.trains:
            if mid not in trainable:
                problems.append(_unknown(f"{where}.trains", "muscle", mid, trainable))
    for mid in kb.trained_muscles:
        if mid in kb.muscles:
            problems.append(f"exercises.yaml: trained_muscles.{mid}: already in muscles.yaml")
    for mv, movement in kb.movements.items():
        where = f"movements.yaml: movements.{mv}"
        limiters = {mid for mid, m in kb.muscles.items() if mv in m.restricts}
        for xid in movement.strengthen:
            trains = set(kb.exercises[xid].trains) if xid in kb.exercises else set()
            if trains & limiters:
                problems.append(
                    f"{where}.strengthen: '{xid}' trains "
                    f"{', '.join(sorted(trains & limiters))}, which limit this "
                    "movement: strengthen their antagonists and the stabilisers"
                )
        for key, kind in (("full_range", "full_range"), ("strengthen", "strengthening")):
            for xid in getattr(movement, key):
                named = kb.exercises.get(xid)
                if named is None:
                    problems.append(_unknown(f"{where}.{key}", "exercise", xid, kb.exercises))
                elif named.kind != kind:
                    problems.append(f"{where}.{key}: '{xid}' is a {named.kind} exercise, not {kind}")
        if movement.compensation is not None:
            for mid in movement.compensation.muscles:
                if mid not in kb.muscles:
                    problems.append(_unknown(f"{where}.compensation.muscles", "muscle", mid, kb.muscles))
    return problems


def _softening_problems(
    kb: KnowledgeBase, where: str, softens: Mapping[Any, DoseChange], avoid: tuple[str, ...]
) -> list[str]:
    problems = []
    for kind, change in softens.items():
        tmpl = kb.steps.get(kind)
        for cap in change.caps:
            if tmpl is not None and cap not in tmpl.dose:
                problems.append(_unknown(f"{where}.softens.{kind}.caps", "dose key", cap, tmpl.dose))
    for tag in avoid:
        if tag not in kb.involves:
            problems.append(_unknown(f"{where}.avoid", "involves tag", tag, kb.involves))
    return problems


def _safety_problems(kb: KnowledgeBase) -> list[str]:
    """Red flags, their combinations and the other causes name what exists."""
    problems: list[str] = []
    for fid, flag in kb.red_flags.items():
        where = f"red_flags.yaml: red_flags.{fid}"
        if flag.tier != "caution" and (flag.softens or flag.avoid):
            problems.append(f"{where}: only caution signs soften the plan or avoid instructions")
        problems += _softening_problems(kb, where, flag.softens, flag.avoid)
    for cid, combo in kb.combinations.items():
        where = f"red_flags.yaml: combinations.{cid}"
        if combo.tier == "caution":
            problems.append(f"{where}.tier: a combination raises the triage (not caution)")
        for fid in combo.when.flags():
            if fid not in kb.red_flags:
                problems.append(_unknown(f"{where}.when", "red flag", fid, kb.red_flags))
        if not combo.when.flags():
            problems.append(f"{where}.when: names no red flag")
    for oid, cause in kb.other_causes.items():
        where = f"other_causes.yaml: other_causes.{oid}"
        if oid not in OTHER_CAUSES:
            problems.append(_unknown(where, "other cause (a conclusion of the engine)", oid, OTHER_CAUSES))
        problems += _softening_problems(kb, where, cause.softens, cause.avoid)
    for oid in OTHER_CAUSES:
        if oid not in kb.other_causes:
            problems.append(f"other_causes.yaml: other_causes.{oid}: missing (the engine concludes it)")
    return problems


def _wording_problems(kb: KnowledgeBase) -> list[str]:
    """Every key the renderings look up is in wording.yaml, with only the placeholders they fill."""
    from .wording_models import REQUIRED

    problems = []
    for section, keys in REQUIRED.items():
        have = getattr(kb.wording, section)
        problems += [
            f"wording.yaml: {section}.{key}: missing (the renderings use it)"
            for key in keys
            if key not in have
        ]
    for where, text in _wording_texts(kb.wording):
        problems += _placeholder_problems(where, text)
    return problems


def _wording_texts(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text of the wording, with its dotted place (list items share their list's place)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _wording_texts(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _wording_texts(item, where)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _wording_texts(getattr(value, f.name), f"{where}.{f.name}" if where else f.name)


def _placeholder_problems(where: str, text: str) -> list[str]:
    from .wording_models import PLACEHOLDERS

    allowed = PLACEHOLDERS.get(where)
    if allowed is None:  # shown as written: a brace would be a placeholder left unfilled
        if "{" in text or "}" in text:
            return [f"wording.yaml: {where}: '{text}': this text takes no {{placeholders}} and no braces"]
        return []
    return placeholder_problems(f"wording.yaml: {where}", text, allowed)
