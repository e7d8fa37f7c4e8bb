"""The adaptive questionnaire's logic: which question to ask next, and why.

Pure functions and classes, no I/O: ``regain ask`` (``interactive.py``) does
the prompting and calls :class:`Questionnaire` after every answer.

The choice follows the knowledge base, not a script:

1. Questions are considered in the order of ``questions.yaml``.
2. A question is skipped when its ``ask_if`` condition (on earlier answers)
   does not hold, e.g. what the pain does when there is no pain at all.
3. A question marked ``ask: always`` (red flags, the restricted movements,
   the pain regions) is asked whenever its condition holds: it feeds the
   triage or the muscle ranking rather than a conclusion.
4. Any other question is asked only while its answer could still move a
   conclusion to another level: :func:`~regain.engine.missing.missing_effects`
   on a provisional assessment of the answers so far.
5. An emergency red flag stops the questionnaire at once, and so does an
   urgent one once the age (where it could lower the triage) is known; so
   does the point where no unanswered question can change any conclusion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.models import Condition

from .case import Case, is_answered
from .certainty import certainty, combine, level
from .inference import Inference, RegainEngine
from .missing import missing_effects
from .rule_conditions import all_rule_branches, could_fire_with
from .triage import age_could_change_triage

#: Why the questionnaire is over (``Step.done``).
EMERGENCY = "emergency"
URGENT = "urgent"
SETTLED = "settled"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _same(value: Any, target: Any) -> bool:
    # True == 1 in Python; a yes/no answer must not match the number 1.
    if isinstance(value, bool) != isinstance(target, bool):
        return False
    return bool(value == target)


def reads_triage(cond: Condition) -> bool:
    """Whether the condition tests the triage (so a provisional assessment is needed)."""
    if cond.triage is not None:
        return True
    return any(
        reads_triage(c)
        for c in (*(cond.all_ or ()), *(cond.any_ or ()), *((cond.not_,) if cond.not_ else ()))
    )


def condition_holds(cond: Condition, answers: Mapping[str, Any], triage: str | None = None) -> bool:
    """Evaluate an ``ask_if`` condition on the answers so far (and the triage so far).

    A test of a question that is unanswered (or "unknown") is false, except
    ``answered: false``, which is true exactly then.
    """
    if cond.all_ is not None:
        return all(condition_holds(c, answers, triage) for c in cond.all_)
    if cond.any_ is not None:
        return any(condition_holds(c, answers, triage) for c in cond.any_)
    if cond.not_ is not None:
        return not condition_holds(cond.not_, answers, triage)
    if cond.triage is not None:
        return triage in cond.triage
    assert cond.question is not None
    known = is_answered(answers, cond.question)
    if cond.answered is not None:
        return known == cond.answered
    if not known:
        return False
    value = answers[cond.question]
    if cond.is_ is not None:
        return _same(value, cond.is_)
    if cond.one_of is not None:
        return any(_same(value, t) for t in cond.one_of)
    number = _number(value)
    if number is None:
        return False
    if cond.above is not None:
        return number > cond.above
    if cond.below is not None:
        return number < cond.below
    return False  # pragma: no cover - the model guarantees one test


def provisional_case(answers: Mapping[str, Any], case_id: str = "provisional") -> Case:
    """A :class:`Case` of the answers so far (possibly without the required ones)."""
    return Case(id=case_id, source="<questionnaire>", answers=dict(answers))


@dataclass(frozen=True)
class RuleEffect:
    """What one evidence rule reading a question would do to its conclusion."""

    rule: str
    conclusion: str
    cf: float
    text: str
    level_now: str
    certainty_now: float
    would_become: str  # the level if this rule fired; equal to level_now if unchanged

    @property
    def changes(self) -> bool:
        return self.would_become != self.level_now


@dataclass(frozen=True)
class Explanation:
    """Why a question is asked (the ``why`` command), MYCIN-style."""

    question: str
    purpose: str | None  # the question's own ``why`` text, if any
    informs: list[str]  # conclusion ids
    effects: list[RuleEffect]


@dataclass(frozen=True)
class Step:
    """Where the questionnaire stands: the next question, or why it is over."""

    next: str | None
    done: str | None  # None, EMERGENCY or SETTLED
    inference: Inference | None
    relevant: tuple[str, ...]  # unanswered questions whose answer could change a conclusion


class Questionnaire:
    """Chooses the next question from the answers so far; build once, reuse."""

    def __init__(self, kb: KnowledgeBase, engine: RegainEngine | None = None) -> None:
        self.kb = kb
        self.engine = engine or RegainEngine(kb)

    # -- provisional assessment ---------------------------------------------------
    def infer(self, answers: Mapping[str, Any]) -> Inference:
        return self.engine.infer(provisional_case(answers))

    def relevant(self, answers: Mapping[str, Any], inference: Inference) -> list[str]:
        """Unanswered questions whose answer could still change a conclusion's level."""
        effects = missing_effects(self.kb, provisional_case(answers), inference.conclusions, inference.triage)
        out: list[str] = []
        for e in effects:
            if e.question != "red_flags" and e.question not in out:
                out.append(e.question)
        return out

    # -- selection --------------------------------------------------------------
    def applies(self, qid: str, answers: Mapping[str, Any], inference: Inference | None = None) -> bool:
        """Whether the question's ``ask_if`` condition holds (true without one)."""
        cond = self.kb.questions[qid].ask_if
        if cond is None:
            return True
        if reads_triage(cond) and inference is None:
            inference = self.infer(answers)
        return condition_holds(cond, answers, inference.triage if inference else None)

    def step(self, answers: Mapping[str, Any], settled: Iterable[str] = ()) -> Step:
        """The next question to ask, given the answers and the questions already asked.

        ``settled`` holds questions that were asked and left unanswered (or
        otherwise must not be asked again); questions in ``answers`` are never
        asked again, whatever their value (an "unknown" was an answer).
        """
        done = set(settled) | set(answers)
        inference: Inference | None = None
        if "red_flags" in answers or "red_flags" in done:
            inference = self.infer(answers)
            if inference.triage == EMERGENCY:
                return Step(None, EMERGENCY, inference, ())
            age = answers.get("age") if is_answered(answers, "age") else None
            if inference.triage == URGENT and (
                "age" in done or not age_could_change_triage(self.kb, answers.get("red_flags", []), age)
            ):
                return Step(None, URGENT, inference, ())
        relevant: tuple[str, ...] = ()
        for qid, q in self.kb.questions.items():
            if qid in done or not self.applies(qid, answers, inference):
                continue
            if q.ask == "always" or q.required:
                return Step(qid, None, inference, relevant)
            if inference is None:
                inference = self.infer(answers)
            if not relevant:
                relevant = tuple(self.relevant(answers, inference))
            if qid in relevant:
                return Step(qid, None, inference, relevant)
        if inference is None:
            inference = self.infer(answers)
        return Step(None, SETTLED, inference, relevant)

    def next_question(self, answers: Mapping[str, Any], settled: Iterable[str] = ()) -> str | None:
        return self.step(answers, settled).next

    def skipped(self, answers: Mapping[str, Any], settled: Iterable[str] = ()) -> dict[str, str]:
        """Every unasked question and why it would not be asked now (for tests and docs)."""
        done = set(settled) | set(answers)
        inference = self.infer(answers)
        relevant = set(self.relevant(answers, inference))
        out: dict[str, str] = {}
        for qid, q in self.kb.questions.items():
            if qid in done:
                continue
            if not self.applies(qid, answers):
                out[qid] = "ask_if"
            elif q.ask != "always" and not q.required and qid not in relevant:
                out[qid] = "cannot change a conclusion"
        return out

    # -- explanation ------------------------------------------------------------
    def explain(self, qid: str, answers: Mapping[str, Any]) -> Explanation:
        """Which conclusions the question informs and what its answer could change.

        Only the rules that could still fire with the answers so far count (a
        shoulder rule says nothing about an ankle).
        """
        kb = self.kb
        inference = self.infer(answers)
        fired = {e.rule for w in inference.conclusions.values() for e in w.evidence}
        branches = all_rule_branches(RegainEngine)
        thresholds = kb.inference.thresholds
        effects: list[RuleEffect] = []
        for rule_id, rule in kb.inference.evidence.items():
            if qid not in rule.reads or rule_id in fired:
                continue
            if not could_fire_with(branches[rule_id], dict(answers), qid):
                continue
            weighed = inference.conclusions[rule.conclusion]
            new = level(certainty(combine(weighed.cf, rule.cf)), thresholds.likely, thresholds.possible)
            effects.append(
                RuleEffect(
                    rule_id, rule.conclusion, rule.cf, rule.text, weighed.level, weighed.certainty, new
                )
            )
        informs = list(dict.fromkeys(e.conclusion for e in effects))
        return Explanation(qid, kb.questions[qid].why, informs, effects)
