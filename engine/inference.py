"""The inference engine: experta rules over one case's facts.

:class:`RegainEngine` inherits the rule mixins of :mod:`regain.engine.rules`
and adds what they share: recording evidence (weight and wording from the
knowledge base), raising and deciding the triage, noting plan needs, and a
trace of every rule that fired with the facts it matched. It is built once
and reused for every case (:mod:`.experta_runtime`); :meth:`RegainEngine.infer`
runs one case and returns plain :class:`Inference` data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from regain.knowledge import KnowledgeBase
from regain.knowledge.entries import Conclusion as ConclusionId

from .case import UNKNOWN, Case
from .certainty import certainty, combine_all, level
from .experta_runtime import FastEngine
from .facts import (
    Answers,
    Combo,
    Conclusion,
    Flag,
    MeasuredRange,
    PainIn,
    Phase,
    Restricted,
    Screening,
    Thresholds,
    Triage,
    describe,
    show_answer,
)
from .rules.other_causes import OtherCauseRules
from .rules.pain_protective import PainProtectiveRules
from .rules.plan_needs import PlanNeedRules
from .rules.red_flags import RedFlagRules
from .rules.shortening import ShorteningRules
from .rules.trigger_points import TriggerPointRules
from .rules.weighing import WeighingRules
from .triage import ComboMatch, combinations, higher, is_cleared, unscreened_flags

#: Every conclusion the engine weighs: the two causes, active trigger points, other causes.
CONCLUSIONS: tuple[str, ...] = get_args(ConclusionId)
#: Answers that are facts of their own kind, not :class:`Answers` keys.
STRUCTURED = ("restricted_movements", "pain_regions", "red_flags", "range_measured")


@dataclass(frozen=True)
class Evidence:
    rule: str
    conclusion: str
    cf: float
    text: str


@dataclass(frozen=True)
class TraceEntry:
    rule: str
    because: list[str]
    concluded: str


@dataclass(frozen=True)
class Weighed:
    """One conclusion: raw combined CF, certainty shown, level and its evidence."""

    cf: float
    certainty: float
    level: str
    evidence: list[Evidence]


@dataclass
class Inference:
    """What the rules concluded about one case (before muscles and plan ordering)."""

    triage: str
    conclusions: dict[str, Weighed]
    needs: dict[str, list[str]]  # step kind -> texts of the plan rules that added it
    trace: list[TraceEntry] = field(default_factory=list)
    combinations: list[ComboMatch] = field(default_factory=list)
    cleared: bool = False
    #: pairs of step kinds that run side by side (a plan rule's ``together``)
    together: list[tuple[str, str]] = field(default_factory=list)
    unscreened: tuple[str, ...] = ()


def _answer_keys(patterns: Any) -> tuple[str, ...]:
    """The answer keys a rule's :class:`Answers` patterns look at (for the trace)."""
    keys: list[str] = []
    for item in patterns:
        if isinstance(item, Answers):
            keys.extend(k for k in item if isinstance(k, str) and k not in keys)
        elif isinstance(item, tuple):  # OR / AND / NOT conditional elements
            keys.extend(k for k in _answer_keys(item) if k not in keys)
    return tuple(keys)


class RegainEngine(
    RedFlagRules,
    PainProtectiveRules,
    ShorteningRules,
    TriggerPointRules,
    OtherCauseRules,
    WeighingRules,
    PlanNeedRules,
    FastEngine,
):
    """regain's rule engine; build once per knowledge base, then :meth:`infer` per case."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self._answer_keys = {rule.__name__: _answer_keys(rule) for rule in self.get_rules()}
        self.kb = kb
        inf = kb.inference
        self._evidence_order = {rule: i for i, rule in enumerate(inf.evidence)}
        self._thresholds = {
            "high_pain": inf.high_pain,
            "long_duration_weeks": inf.long_duration_weeks,
            "short_duration_weeks": inf.short_duration_weeks,
            "immobilized_weeks": inf.immobilized_weeks,
            "range_deficit_ratio": inf.range_deficit_ratio,
            "frozen_shoulder_age": inf.frozen_shoulder_age,
            "hip_osteoarthritis_age": inf.hip_osteoarthritis_age,
        }
        self._start_case(None)

    # -- per-case state --------------------------------------------------------
    def _start_case(self, case: Case | None) -> None:
        self._case = case
        self._evidence: dict[str, Evidence] = {}
        self._trace: list[TraceEntry] = []
        self._trace_index: dict[str, int] = {}
        self._triage = "self_care"
        self._cleared = False
        self._needs: dict[str, list[str]] = {}
        self._together: list[tuple[str, str]] = []
        self._weighed: dict[str, Weighed] = {}

    # -- helpers the rules call ------------------------------------------------
    def _current(self) -> tuple[str, list[str]]:
        act = self.last_activation
        name = act.rule.__name__
        because: list[str] = []
        # experta hands the matched facts over in hash order; fact ids give a stable one.
        for fact in sorted(act.facts, key=lambda f: f["__factid__"]):
            if isinstance(fact, Answers):
                because.extend(show_answer(k, fact[k]) for k in self._answer_keys[name] if k in fact)
            else:
                text = describe(fact)
                if text is not None and text not in because:
                    because.append(text)
        return name, because

    def _record(self, name: str, because: list[str], concluded: str) -> None:
        if name in self._trace_index:
            # The same rule matched other facts too (an OR, or several flags or
            # movements): add those facts to its entry rather than a duplicate.
            entry = self._trace[self._trace_index[name]]
            entry.because.extend(b for b in because if b not in entry.because)
            return
        self._trace_index[name] = len(self._trace)
        self._trace.append(TraceEntry(name, because, concluded))

    def support(self) -> None:
        """Record the firing rule's evidence (once per rule) with its knowledge-base weight."""
        name, because = self._current()
        rule = self.kb.inference.evidence[name]
        if name not in self._evidence:
            self._evidence[name] = Evidence(name, rule.conclusion, rule.cf, rule.text)
        sign = "+" if rule.cf >= 0 else ""
        self._record(name, because, f"{rule.conclusion} {sign}{rule.cf:g}")

    def raise_triage(self, triage: str) -> None:
        name, because = self._current()
        self._triage = higher(self._triage, triage)
        self._record(name, because, f"triage at least {triage}")

    def note(self, concluded: str) -> None:
        name, because = self._current()
        self._record(name, because, concluded)

    def need(self) -> None:
        """Add the plan steps the firing plan rule names (``inference.yaml: plan_rules``)."""
        name, because = self._current()
        rule = self.kb.inference.plan_rules[name]
        for kind in rule.steps:
            texts = self._needs.setdefault(kind, [])
            if rule.text not in texts:
                texts.append(rule.text)
        if rule.together:
            pair = (rule.together[0], rule.together[1])
            if pair not in self._together:
                self._together.append(pair)
        concluded = "plan needs " + ", ".join(rule.steps)
        if rule.together:
            concluded += " (" + " and ".join(rule.together) + " side by side)"
        self._record(name, because, concluded)

    def weigh(self) -> None:
        """Combine the evidence per conclusion and declare the conclusions."""
        name, _ = self._current()
        thresholds = self.kb.inference.thresholds
        facts: list[Any] = []
        summary = []
        order = self._evidence_order
        for conclusion in CONCLUSIONS:
            # Listed in the knowledge base's order, so explanations read the same
            # whatever order the rules fired in.
            items = sorted(
                (e for e in self._evidence.values() if e.conclusion == conclusion),
                key=lambda e: order[e.rule],
            )
            cf = combine_all(e.cf for e in items)
            shown = certainty(cf)
            lvl = level(shown, thresholds.likely, thresholds.possible)
            self._weighed[conclusion] = Weighed(cf, shown, lvl, items)
            facts.append(Conclusion(name=conclusion, certainty=shown, level=lvl))
            if items:
                summary.append(f"{conclusion} {lvl} ({shown:.2f})")
        facts.append(Phase(name="triage"))
        because = [f"{len(self._evidence)} pieces of evidence"]
        self._record(name, because, "; ".join(summary) or "no evidence")
        self.declare(*facts)

    def decide_triage_now(self) -> None:
        """Declare the triage found so far, and whether a doctor's clearance lifts its hold."""
        name, _ = self._current()
        assert self._case is not None
        self._cleared = is_cleared(self._case, self._triage)
        cleared = " (cleared by a doctor)" if self._cleared else ""
        self._record(name, [], f"triage {self._triage}{cleared}")
        self.declare(Triage(level=self._triage, cleared=self._cleared))

    # -- one case --------------------------------------------------------------
    def _measured(self, movement: str, degrees: float) -> MeasuredRange:
        mv = self.kb.movements[movement]
        normal = mv.normal_range_deg
        if mv.min_deficit_deg is not None:
            below = degrees <= normal - mv.min_deficit_deg
        else:
            below = degrees < normal * self.kb.inference.range_deficit_ratio
        return MeasuredRange(
            movement=movement,
            degrees=degrees,
            normal=normal,
            ratio=round(degrees / normal, 4),
            below_normal=below,
        )

    def case_facts(
        self, case: Case, combos: list[ComboMatch] | None = None, unscreened: tuple[str, ...] | None = None
    ) -> list[Any]:
        """The facts of one case (the combinations and unscreened signs computed if not given)."""
        if combos is None:
            combos = combinations(self.kb, case.get("red_flags", []), _age(case))
        if unscreened is None:
            unscreened = unscreened_flags(self.kb, case)
        facts: list[Any] = [Thresholds(**self._thresholds)]
        facts.append(
            Answers(
                **{
                    qid: value
                    for qid, value in case.answers.items()
                    if qid not in STRUCTURED and value != UNKNOWN
                }
            )
        )
        for flag_id in case.get("red_flags", []):
            facts.append(Flag(id=flag_id, tier=self.kb.red_flags[flag_id].tier))
        facts += [Combo(id=c.id, tier=c.tier) for c in combos]
        facts += [Restricted(movement=mv) for mv in case.get("restricted_movements", [])]
        facts += [PainIn(region=r) for r in case.get("pain_regions", [])]
        facts += [self._measured(mv, deg) for mv, deg in case.get("range_measured", {}).items()]
        facts.append(Screening(done=not unscreened))
        facts.append(Phase(name="weigh"))
        return facts

    def infer(self, case: Case) -> Inference:
        """Run the rules over one case and return what they concluded."""
        self._start_case(case)
        combos = combinations(self.kb, case.get("red_flags", []), _age(case))
        unscreened = unscreened_flags(self.kb, case)
        self.reset()
        self.declare(*self.case_facts(case, combos, unscreened))
        self.run()
        return Inference(
            triage=self._triage,
            conclusions=dict(self._weighed),
            needs={k: list(v) for k, v in self._needs.items()},
            trace=list(self._trace),
            combinations=combos,
            cleared=self._cleared,
            together=list(self._together),
            unscreened=unscreened,
        )


def _age(case: Case) -> int | None:
    age = case.get("age")
    return age if isinstance(age, int) and not isinstance(age, bool) else None


def rule_data_problems(kb: KnowledgeBase) -> list[str]:
    """Mismatches between the engine's rules and their entries in ``inference.yaml``."""
    rules = RegainEngine.rule_names()
    data = {
        **{r: "evidence" for r in kb.inference.evidence},
        **{r: "plan_rules" for r in kb.inference.plan_rules},
        **{r: "control_rules" for r in kb.inference.control_rules},
    }
    problems = [
        f"inference.yaml: no evidence, plan_rules or control_rules entry for engine rule '{r}'"
        for r in rules
        if r not in data
    ]
    problems += [
        f"inference.yaml: {section}.{r}: names no engine rule"
        for r, section in data.items()
        if r not in rules
    ]
    return problems
