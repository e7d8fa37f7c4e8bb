"""The inference engine: experta rules over one case's facts.

:class:`RegainEngine` inherits the rule mixins of :mod:`regain.engine.rules`
and adds what they share: recording evidence (weight and wording from the
knowledge base), raising the triage, noting plan needs, and a trace of every
rule that fired with the facts it matched. It is built once and reused for
every case with ``reset()``; :meth:`RegainEngine.infer` runs one case and
returns plain :class:`Inference` data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regain.knowledge import KnowledgeBase

from .case import UNKNOWN, Case
from .certainty import certainty, combine_all, level
from .experta_compat import Agenda, DepthStrategy, FactList, KnowledgeEngine, NoMemory, Rule
from .facts import (
    Answers,
    Conclusion,
    Flag,
    MeasuredRange,
    Phase,
    Screening,
    Thresholds,
    Triage,
    describe,
    show_answer,
)
from .rules.pain_protective import PainProtectiveRules
from .rules.plan_needs import PlanNeedRules
from .rules.red_flags import RedFlagRules
from .rules.shortening import ShorteningRules
from .rules.trigger_points import TriggerPointRules
from .rules.weighing import WeighingRules

#: Rules that decide triage or control the run; they have no weight in inference.yaml.
CONTROL_RULES = (
    "emergency_red_flag",
    "see_doctor_red_flag",
    "caution_flag_softens_doses",
    "red_flags_not_screened",
    "weigh_evidence",
)
CONCLUSIONS = ("pain_protective", "shortening_adhesion", "active_trigger_points")
TRIAGE_RANK = {"self_care": 0, "see_doctor": 1, "emergency": 2}
#: Answers that are facts of their own kind (or, for movements and regions, that no
#: rule reads: they feed the muscle ranking), not :class:`Answer` facts.
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


class _TracingAgenda(Agenda):
    """An agenda that remembers the activation it handed out last (for the trace)."""

    def __init__(self) -> None:
        super().__init__()
        self.last: Any = None

    def get_next(self) -> Any:
        self.last = super().get_next()
        return self.last


def _answer_keys(patterns: Any) -> tuple[str, ...]:
    """The answer keys a rule's :class:`Answers` patterns look at (for the trace)."""
    keys: list[str] = []
    for item in patterns:
        if isinstance(item, Answers):
            keys.extend(k for k in item if isinstance(k, str) and k not in keys)
        elif isinstance(item, tuple):  # OR / AND / NOT conditional elements
            keys.extend(k for k in _answer_keys(item) if k not in keys)
    return tuple(keys)


def _nodes_with_memory(root: Any) -> list[Any]:
    """Every node of a Rete network that keeps a memory between facts, each once.

    experta's memoryless nodes (the bus and the one-input testers) reset with
    a no-op ``_reset``; the two-input and conflict-set nodes hold what they
    have matched so far.
    """
    nodes: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(child.node for child in node.children)
    return [n for n in nodes.values() if type(n)._reset is not NoMemory._reset]


class _DeterministicDepth(DepthStrategy):
    """experta's depth strategy with ties broken by rule order, not by hash order.

    experta builds its Rete network with sets, so two activations of equal
    salience over the same facts can come out in a different order in another
    process. Adding the rule's position to the key makes the firing order,
    and so the trace, the same in every run.
    """

    def __init__(self, rank: dict[str, int]) -> None:
        super().__init__()
        self._rank = rank

    def get_key(self, activation: Any) -> Any:
        salience = activation.rule.salience
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (salience, facts, -self._rank.get(activation.rule.__name__, 0))


class RegainEngine(
    RedFlagRules,
    PainProtectiveRules,
    ShorteningRules,
    TriggerPointRules,
    WeighingRules,
    PlanNeedRules,
    KnowledgeEngine,
):
    """regain's rule engine; build once per knowledge base, then :meth:`infer` per case."""

    _deffacts: list[Any] | None = None

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self._answer_keys = {rule.__name__: _answer_keys(rule) for rule in self.get_rules()}
        self.strategy = _DeterministicDepth({n: i for i, n in enumerate(self.rule_names())})
        self.kb = kb
        inf = kb.inference
        self._evidence_order = {rule: i for i, rule in enumerate(inf.evidence)}
        self._thresholds = {
            "high_pain": inf.high_pain,
            "long_duration_weeks": inf.long_duration_weeks,
            "short_duration_weeks": inf.short_duration_weeks,
            "immobilized_weeks": inf.immobilized_weeks,
            "range_deficit_ratio": inf.range_deficit_ratio,
        }
        self._memories = _nodes_with_memory(self.matcher.root_node)
        self._conflict_set_nodes = self.matcher._get_conflict_set_nodes()
        self._start_case()

    @classmethod
    def rule_names(cls) -> list[str]:
        """Every rule's id, in the order the mixins define them."""
        names: list[str] = []
        for klass in cls.__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, Rule) and not name.startswith("_") and name not in names:
                    names.append(name)
        return names

    # -- per-case state --------------------------------------------------------
    def _start_case(self) -> None:
        self._evidence: dict[str, Evidence] = {}
        self._trace: list[TraceEntry] = []
        self._trace_index: dict[str, int] = {}
        self._triage = "self_care"
        self._needs: dict[str, list[str]] = {}
        self._weighed: dict[str, Weighed] = {}

    def get_activations(self) -> tuple[list[Any], list[Any]]:
        """experta's ``ReteMatcher.changes``, minus walks that cannot find anything.

        experta asks the matcher for new activations before every rule firing,
        even when no fact changed (most of our rules declare nothing), and the
        matcher then empties every rule's conflict-set node, making two new sets
        for each. Activations only change when facts do, and only nodes holding
        some have any to give: same activations, in the same order, less work.
        """
        added, removed = self.facts.changes
        if not added and not removed:
            return [], []
        root = self.matcher.root_node
        for fact in removed:
            root.remove(fact)
        for fact in added:
            root.add(fact)
        activated: list[Any] = []
        deactivated: list[Any] = []
        for node in self._conflict_set_nodes:
            if node.added or node.removed:
                new, gone = node.get_activations()
                activated.extend(new)
                deactivated.extend(gone)
        return activated, deactivated

    def get_deffacts(self) -> list[Any]:
        # experta looks these up with inspect.getmembers on every reset(); they
        # never change, so find them once.
        if self._deffacts is None:
            self._deffacts = super().get_deffacts()
        return self._deffacts

    def reset(self, **kwargs: Any) -> None:
        """experta's ``reset()``, with the tracing agenda.

        Without arguments (how regain resets for every case) it does what
        experta's does: a new agenda and fact list, the matcher's memories
        wiped, the deffacts' facts (experta's ``InitialFact``) declared. It
        skips two costs of experta's: the ``inspect.signature`` of every
        deffact on every reset (there to pass reset arguments on, which regain
        never gives), and a walk of the whole Rete network, which visits
        shared nodes more than once and logs each visit, to wipe the memories
        that only a few of its nodes have (:func:`_nodes_with_memory`).
        """
        if kwargs:
            self.reset_through_experta(**kwargs)
            return
        self.agenda = _TracingAgenda()
        self.facts = FactList()
        for node in self._memories:
            node._reset()
        self._KnowledgeEngine__declare(*[fact for deffacts in self.get_deffacts() for fact in deffacts()])
        self.running = False

    def reset_through_experta(self, **kwargs: Any) -> None:
        """experta's own ``reset()`` (every step of it), then the tracing agenda."""
        super().reset(**kwargs)
        agenda = _TracingAgenda()
        agenda.activations = self.agenda.activations
        self.agenda = agenda

    # -- helpers the rules call ------------------------------------------------
    def _current(self) -> tuple[str, list[str]]:
        act = self.agenda.last
        name = act.rule.__name__
        because: list[str] = []
        # experta hands the matched facts over in hash order; fact ids give a stable one.
        for fact in sorted(act.facts, key=lambda f: f["__factid__"]):
            if isinstance(fact, Answers):
                because.extend(show_answer(k, fact[k]) for k in self._answer_keys[name]
                               if k in fact)
            else:
                text = describe(fact)
                if text is not None:
                    because.append(text)
        return name, because

    def _record(self, name: str, because: list[str], concluded: str) -> None:
        if name in self._trace_index:
            # The same rule matched other facts too (an OR, or several measured
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
        if TRIAGE_RANK[triage] > TRIAGE_RANK[self._triage]:
            self._triage = triage
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
        self._record(name, because, "plan needs " + ", ".join(rule.steps))

    def weigh(self) -> None:
        """Combine the evidence per conclusion; declare conclusions and the triage."""
        name, _ = self._current()
        thresholds = self.kb.inference.thresholds
        facts = []
        summary = []
        order = self._evidence_order
        for conclusion in CONCLUSIONS:
            # Listed in the knowledge base's order, so explanations read the same
            # whatever order the rules fired in.
            items = sorted((e for e in self._evidence.values() if e.conclusion == conclusion),
                           key=lambda e: order[e.rule])
            cf = combine_all(e.cf for e in items)
            shown = certainty(cf)
            lvl = level(shown, thresholds.likely, thresholds.possible)
            self._weighed[conclusion] = Weighed(cf, shown, lvl, items)
            facts.append(Conclusion(name=conclusion, certainty=shown, level=lvl))
            summary.append(f"{conclusion} {lvl} ({shown:.2f})")
        facts.append(Triage(level=self._triage))
        because = [f"{len(self._evidence)} pieces of evidence"]
        self._record(name, because, "; ".join(summary) + f"; triage {self._triage}")
        self.declare(*facts)

    # -- one case --------------------------------------------------------------
    def case_facts(self, case: Case) -> list[Any]:
        facts: list[Any] = [Thresholds(**self._thresholds)]
        facts.append(Answers(**{qid: value for qid, value in case.answers.items()
                                if qid not in STRUCTURED and value != UNKNOWN}))
        for flag_id in case.get("red_flags", []):
            facts.append(Flag(id=flag_id, urgency=self.kb.red_flags[flag_id].urgency))
        for mv, degrees in case.get("range_measured", {}).items():
            normal = self.kb.movements[mv].normal_range_deg
            facts.append(MeasuredRange(movement=mv, degrees=degrees, normal=normal,
                                       ratio=round(degrees / normal, 4)))
        facts.append(Screening(done=case.screened))
        facts.append(Phase(name="weigh"))
        return facts

    def infer(self, case: Case) -> Inference:
        """Run the rules over one case and return what they concluded."""
        self._start_case()
        self.reset()
        self.declare(*self.case_facts(case))
        self.run()
        return Inference(
            triage=self._triage,
            conclusions=dict(self._weighed),
            needs={k: list(v) for k, v in self._needs.items()},
            trace=list(self._trace),
        )


def rule_data_problems(kb: KnowledgeBase) -> list[str]:
    """Mismatches between the engine's rules and their entries in ``inference.yaml``."""
    rules = RegainEngine.rule_names()
    data = {**{r: "evidence" for r in kb.inference.evidence},
            **{r: "plan_rules" for r in kb.inference.plan_rules}}
    problems = [f"inference.yaml: no evidence or plan_rules entry for engine rule '{r}'"
                for r in rules if r not in data and r not in CONTROL_RULES]
    problems += [f"inference.yaml: {section}.{r}: names no engine rule"
                 for r, section in data.items() if r not in rules]
    return problems
