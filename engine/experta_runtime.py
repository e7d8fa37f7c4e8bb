"""experta's engine as regain runs it: traced, deterministic, reset cheaply for every case.

:class:`TracedEngine` is a :class:`KnowledgeEngine` built once and reused
for every case. It adds what regain's trace and determinism need, through
experta's own extension points where experta has one (the agenda and the
strategy), and two shortcuts through its internals where it has none:

* an agenda that remembers the activation it handed out last (the trace
  names the firing rule and the facts it matched);
* a depth strategy whose ties break by rule order, not by hash order, so
  the firing order is the same in every process;
* ``reset()`` without experta's walk of the whole Rete network, wiping only
  the nodes that hold memories, and ``get_activations()`` that asks only the
  conflict-set nodes holding changes: the same activations in the same order.

``tests/test_engine_overrides.py`` checks that experta's own ``reset`` and
``get_activations`` give the same assessments.
"""

from __future__ import annotations

from typing import Any

from .experta_compat import Agenda, DepthStrategy, FactList, KnowledgeEngine, NoMemory, Rule


class _TracingAgenda(Agenda):
    """An agenda that remembers the activation it handed out last (for the trace)."""

    def __init__(self) -> None:
        super().__init__()
        self.last: Any = None

    def get_next(self) -> Any:
        self.last = super().get_next()
        return self.last


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


class TracedEngine(KnowledgeEngine):
    """A knowledge engine that traces, fires deterministically and resets cheaply."""

    _deffacts: list[Any] | None = None

    def __init__(self) -> None:
        super().__init__()
        self.strategy = _DeterministicDepth({n: i for i, n in enumerate(self.rule_names())})
        self._memories = _nodes_with_memory(self.matcher.root_node)
        self._conflict_set_nodes = self.matcher._get_conflict_set_nodes()

    @classmethod
    def rule_names(cls) -> list[str]:
        """Every rule's id, in the order the mixins define them."""
        names: list[str] = []
        for klass in cls.__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, Rule) and not name.startswith("_") and name not in names:
                    names.append(name)
        return names

    @property
    def last_activation(self) -> Any:
        """The activation firing now (the agenda's last)."""
        return self.agenda.last

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
