"""experta below its public surface, for regain's engine only: the one module that goes there.

:class:`FastEngine`, the base of ``RegainEngine``, is experta's ``KnowledgeEngine``
given, through experta's own extension points, an agenda that remembers the
activation it hands out (for the trace), a depth strategy whose ties break by
rule order (the same firing order in every process), its deffacts found once,
and ``__matcher__ = RegainMatcher``: experta's Rete network, except that the
root sends each fact only to the type tests of its class, testers copy a token
only to change it, tokens skip experta's per-call checks, memories are wiped
node by node and nothing is walked when no fact changed.

Why: that work is most of experta's cost per case and changes no match.
Nothing of experta's is reassigned, so other engines run stock experta;
:func:`stock_experta` is regain's engine on experta's own machinery, which the
tests hold to the same assessments. Written for experta :data:`EXPERTA_VERSION`:
on any other release, importing this raises :class:`UnsupportedExperta`.
"""

# ruff: noqa: E402, I001  (experta_compat, then the version check, then experta's internals)
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from . import experta_compat  # noqa: F401  (makes experta importable on Python 3.10+)

import experta

#: The experta release this module was written and checked against (pyproject.toml pins it).
EXPERTA_VERSION = "1.9.4"


class UnsupportedExperta(ImportError):
    """experta is not the release regain's engine was written for."""


def check_experta_version(version: str) -> None:
    """Refuse any experta release but :data:`EXPERTA_VERSION` (its internals may differ)."""
    if version != EXPERTA_VERSION:
        raise UnsupportedExperta(
            f"regain needs experta {EXPERTA_VERSION}, found experta {version}: regain's engine "
            f"builds on experta {EXPERTA_VERSION}'s matcher and was checked against that release "
            f"only. Install it with: pip install experta=={EXPERTA_VERSION}"
        )


check_experta_version(experta.__version__)

from experta import KnowledgeEngine, watchers
from experta.agenda import Agenda
from experta.fact import Fact
from experta.matchers import ReteMatcher
from experta.matchers.rete.check import TypeCheck
from experta.matchers.rete.mixins import NoMemory
from experta.matchers.rete.nodes import BusNode, FeatureTesterNode
from experta.matchers.rete.token import Token
from experta.rule import Rule
from experta.strategies import DepthStrategy

_new_tuple = tuple.__new__


# -- the matcher ---------------------------------------------------------------------------------


class _Token(Token):
    """experta's ``Token`` (the same tuple), built without its ``isinstance`` checks.

    ``Token(...)`` and ``copy()`` assert the type of the tag, of every fact and
    of the context (an abstract-class check) on every call. The nodes below
    only ever pass a tag, a fact and a dict, so the checks cannot fail.
    """

    __slots__ = ()

    def __new__(cls, tag: Any, data: Any, context: Any = None) -> Any:
        return _new_tuple(
            cls, (tag, {data} if isinstance(data, Fact) else set(data), {} if context is None else context)
        )

    def copy(self) -> Any:
        return _new_tuple(_Token, (self[0], self[1].copy(), self[2].copy()))


_VALID, _INVALID = Token.TagType.VALID, Token.TagType.INVALID


def _watched() -> bool:
    """Whether experta's matcher is watched at DEBUG level (then every test is logged)."""
    return bool(watchers.worth("MATCHER", "DEBUG") or watchers.worth("MATCH", "DEBUG"))


class _Tester(FeatureTesterNode):
    """experta's feature tester, copying the token only to add the test's bindings to it.

    experta copies every token a tester receives, before testing it; most
    fail the test. Every node copies the tokens it receives before changing
    them, so a token that passes unchanged needs no copy.
    """

    def activate(self, token: Any) -> None:
        if watchers.worth("MATCHER", "DEBUG"):  # pragma: no cover - only when watching
            watchers.MATCHER.debug("Node <%s> activated with token %r", self, token)
        (fact,) = token.data  # one fact (experta raises ValueError otherwise, as this does)
        match = self.matcher(fact)
        if not match:
            return
        if isinstance(match, Mapping):  # experta's FeatureTesterNode._activate, step for step
            context = token.context
            for key, value in match.items():
                if isinstance(key, tuple):  # a negated condition
                    if key[1] in context and context[key[1]] == value:
                        return
                else:
                    if context.get(key, value) != value:
                        return
                    if (False, key) in context and context[(False, key)] == value:
                        return
            token = token.copy()
            token.context.update(match)
        for child in self.children:
            child.callback(token)


def _type_tested(child: Any) -> type | None:
    """The fact class a child of the root lets through, if it is a type test; else ``None``."""
    node = child.node
    if (
        isinstance(node, FeatureTesterNode)
        and type(node.matcher) is TypeCheck
        and child.callback == node.activate
    ):
        fact_type: type = node.matcher.fact_type
        return fact_type
    return None


class _Root(BusNode):
    """experta's root, sending each fact only to the children whose type test it passes.

    regain's rules give the root one type test per fact class, each checking
    ``type(fact) == its class``: experta hands every fact to all of them. The
    children a class passes (in the root's order, with any child that is not
    a type test) are worked out once per class. While experta's matcher is
    watched, experta's own path runs, so every test is logged as before.
    """

    def __init__(self) -> None:
        super().__init__()
        self._routes: dict[type, list[Any]] = {}

    def add_child(self, node: Any, callback: Any) -> None:
        super().add_child(node, callback)
        self._routes.clear()

    def _route(self, fact_class: type) -> list[Any]:
        route = self._routes.get(fact_class)
        if route is None:
            route = [c for c in self.children if _type_tested(c) in (None, fact_class)]
            self._routes[fact_class] = route
        return route

    def add(self, fact: Any) -> None:
        if _watched():
            super().add(fact)
            return
        token = _new_tuple(_Token, (_VALID, {fact}, {}))
        for child in self._route(type(fact)):
            child.callback(token)

    def remove(self, fact: Any) -> None:
        if _watched():
            super().remove(fact)
            return
        token = _new_tuple(_Token, (_INVALID, {fact}, {}))
        for child in self._route(type(fact)):
            child.callback(token)


def _with_our_nodes(node: Any) -> Any:
    """A copy of an alpha network: the root and every feature tester as the classes above.

    experta builds its alpha network as a tree from the root, of feature
    testers only; their children in the beta network are kept as they are.
    """
    if type(node) is BusNode:
        ours: Any = _Root()
    elif type(node) is FeatureTesterNode:
        ours = _Tester(node.matcher)
    else:
        return node
    for child in node.children:
        new = _with_our_nodes(child.node)
        if new is child.node:
            ours.add_child(child.node, child.callback)
        elif child.callback == child.node.activate:
            ours.add_child(new, new.activate)
        else:  # pragma: no cover - experta 1.9.4 wires testers by their activate
            raise TypeError(f"unexpected callback {child.callback!r} in experta's alpha network")
    return ours


def _nodes_with_memory(root: Any) -> list[Any]:
    """Every node of a Rete network that keeps a memory between facts, each once, in walk order.

    The root and the one-input testers have none (``NoMemory``); the two-input
    and conflict-set nodes hold what they have matched so far.
    """
    nodes: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(child.node for child in node.children)
    return [n for n in nodes.values() if type(n)._reset is not NoMemory._reset]


class RegainMatcher(ReteMatcher):
    """experta's Rete matcher on the nodes above, reset and asked for changes cheaply."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)  # experta builds its network ...
        self.root_node: Any = _with_our_nodes(self.root_node)  # ... then its alpha part is rebuilt
        self._memories = _nodes_with_memory(self.root_node)
        self._conflict_set_nodes = self._get_conflict_set_nodes()

    def reset(self) -> None:
        """Wipe every node's memory, like experta's walk of the whole network, node by node."""
        for node in self._memories:
            node._reset()

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list[Any], list[Any]]:
        """experta's ``changes``, minus the walks that cannot find anything.

        experta asks for new activations before every rule firing, even when no
        fact changed (most of regain's rules declare nothing), and then empties
        every rule's conflict-set node, making two new sets for each. Only facts
        change activations, and only nodes holding some have any to give: the
        same activations, in the same order.
        """
        if not adding and not deleting:
            return [], []
        root = self.root_node
        for fact in deleting or ():
            root.remove(fact)
        for fact in adding or ():
            root.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        for node in self._conflict_set_nodes:
            if node.added or node.removed:
                new, gone = node.get_activations()
                added.extend(new)
                removed.extend(gone)
        return added, removed


# -- the engine ----------------------------------------------------------------------------------


class _TracingAgenda(Agenda):
    """An agenda that remembers the activation it handed out last (for the trace)."""

    def __init__(self) -> None:
        super().__init__()
        self.last: Any = None

    def get_next(self) -> Any:
        self.last = super().get_next()
        return self.last


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
    """experta's engine with the tracing agenda and the deterministic strategy, nothing else."""

    def __init__(self) -> None:
        super().__init__()
        self.strategy = _DeterministicDepth({n: i for i, n in enumerate(self.rule_names())})
        self.agenda = _TracingAgenda()

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

    def reset(self, **kwargs: Any) -> None:
        """experta's own ``reset()``, then the tracing agenda (holding what it activated)."""
        super().reset(**kwargs)
        agenda = _TracingAgenda()
        agenda.activations = self.agenda.activations
        self.agenda = agenda


class FastEngine(TracedEngine):
    """regain's engine base: :class:`TracedEngine` on :class:`RegainMatcher`, deffacts found once."""

    __matcher__ = RegainMatcher
    _deffacts: list[Any] | None = None

    def get_deffacts(self) -> list[Any]:
        """experta's, found once: experta looks them up with ``inspect.getmembers`` every reset."""
        if self._deffacts is None:
            self._deffacts = super().get_deffacts()
        return self._deffacts


Engine = TypeVar("Engine", bound=FastEngine)


def stock_experta(engine_class: type[Engine]) -> type[Engine]:
    """``engine_class`` on experta's own matcher and deffacts look-up (for comparisons).

    Only the tracing agenda and the deterministic strategy, which regain's
    trace and determinism need, stay.
    """
    return cast(
        "type[Engine]",
        type(
            f"Stock{engine_class.__name__}",
            (engine_class,),
            {
                "__matcher__": ReteMatcher,
                "__module__": engine_class.__module__,
                "get_deffacts": KnowledgeEngine.get_deffacts,
            },
        ),
    )
