"""Fewer, cheaper Rete tokens in experta's matcher: the same matches, less work per case.

experta's matcher passes every fact through its network as
:class:`~experta.matchers.rete.token.Token` objects. Three habits of experta
1.9.4 cost regain about a third of the work of assessing a case (5.96 million
instructions per case with this module, 9.34 million without) and buy it
nothing:

* **Checked construction.** Each ``Token(...)``, and each ``Token.copy()``,
  re-checks its arguments with ``assert isinstance(...)`` over every fact and
  ``isinstance(context, Mapping)`` (an abstract-class check, slow in
  CPython). Inside the matcher the arguments are always a fact or a set of
  facts and a dict, so the checks never fail.
* **Copy before testing.** A node copies every token it receives before
  looking at it. For the one-input nodes that test a single fact's features
  (``FeatureTesterNode``), most tokens fail the test and the copy is thrown
  away: a case's answers reach 25 such nodes and pass a few.
* **Every fact to every type test.** The network's root (``BusNode``) hands
  each new fact to all of its children, and regain's rules give it one child
  per fact class, each testing ``type(fact) == its class``: nine tests per
  fact, eight of which fail. Routing on the fact's class sends it straight to
  the children whose test it passes (and to any child that is not such a
  test), in the root's order.

:func:`install` runs when this module is first imported (by
:mod:`regain.engine.experta_compat`, right after experta). It replaces
``Token.__new__`` and ``Token.copy`` with versions that build the very same
tuple (``tag``, a new set of facts, the context) without the checks,
``FeatureTesterNode.activate`` with experta's own steps in experta's order,
except that the token is copied once the fact has passed the test rather
than before, and ``BusNode.add``/``remove`` with versions that route on the
fact's class. While experta's matcher is watched at DEBUG level (experta's
``watch()``), the root takes experta's own path, so every test is logged as
before. It does so only for the experta release it was written against
(the one ``pyproject.toml`` pins); with any other, experta is left as it is
and regain is only slower.

``tests/test_experta_tokens.py`` checks that the tokens are equal, that each
node passes on exactly what experta's would, and that every example and
golden case gives the same assessment, byte for byte, with and without this.
"""

# ruff: noqa: I001  (the import order below is deliberate)
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# experta_compat must come first: it makes experta importable on Python 3.10+.
from . import experta_compat  # noqa: F401

import experta
from experta import watchers
from experta.fact import Fact
from experta.matchers.rete.check import TypeCheck
from experta.matchers.rete.nodes import BusNode, FeatureTesterNode
from experta.matchers.rete.token import Token

#: The experta release whose matcher this module was checked against.
EXPERTA_VERSION = "1.9.4"

#: experta's own methods, kept for :func:`uninstall` and the tests.
STOCK = {
    (Token, "__new__"): Token.__new__,
    (Token, "copy"): Token.copy,
    (FeatureTesterNode, "activate"): FeatureTesterNode.activate,
    (BusNode, "add"): BusNode.add,
    (BusNode, "remove"): BusNode.remove,
}

_tuple_new = tuple.__new__


def _new(cls: type, tag: Any, data: Any, context: Any = None) -> Any:
    """``Token(tag, data, context)`` as experta builds it, minus the argument checks."""
    return _tuple_new(cls, (tag, {data} if isinstance(data, Fact) else set(data),
                            {} if context is None else context))


def _copy(self: Any) -> Any:
    """A token with its own copies of the fact set and the context, like ``Token.copy``."""
    return _tuple_new(type(self), (self[0], self[1].copy(), self[2].copy()))


def _activate_feature_tester(self: Any, token: Any) -> None:
    """experta's ``OneInputNode.activate`` + ``FeatureTesterNode._activate``, copying late."""
    if watchers.worth("MATCHER", "DEBUG"):  # pragma: no cover - only when watching
        watchers.MATCHER.debug("Node <%s> activated with token %r", self, token)
    (fact,) = token.data  # a feature tester sees tokens of one fact (experta: ValueError otherwise)
    match = self.matcher(fact)
    if not match:
        return
    token = token.copy()
    if isinstance(match, Mapping):
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
        context.update(match)
    for child in self.children:
        child.callback(token)


def _tested_class(child: Any) -> type | None:
    """The class a root child lets through, if it is experta's type-test node; else ``None``."""
    node = child.node
    if (type(node) is FeatureTesterNode and type(node.matcher) is TypeCheck
            and child.callback == node.activate):
        return node.matcher.fact_type
    return None


def _route(bus: Any, fact_class: type) -> list[Any]:
    """The root's children a fact of ``fact_class`` passes the first test of, in the root's order.

    Worked out once per class and kept on the node. The network is built when
    the engine is, and nodes only ever gain children (``add_child``), so a
    change in their number is a change in the network.
    """
    routes = bus.__dict__.get("_regain_routes")
    if routes is None or routes[0] != len(bus.children):
        routes = (len(bus.children), {})
        bus.__dict__["_regain_routes"] = routes
    route = routes[1].get(fact_class)
    if route is None:
        route = [child for child in bus.children
                 if _tested_class(child) in (None, fact_class)]
        routes[1][fact_class] = route
    return route


def _watched() -> bool:
    return watchers.worth("MATCHER", "DEBUG") or watchers.worth("MATCH", "DEBUG")


def _routed(name: str, make_token: Callable[[Any], Any]) -> Callable[[Any, Any], None]:
    """experta's ``BusNode.<name>``: a token for the fact, to the root's children it can pass."""
    stock = STOCK[(BusNode, name)]

    def send(self: Any, fact: Any) -> None:
        if _watched():
            stock(self, fact)
            return
        token = make_token(fact)
        for child in _route(self, type(fact)):
            child.callback(token)

    send.__name__ = send.__qualname__ = f"_bus_{name}"
    send.__doc__ = f"experta's ``BusNode.{name}``, routed on the fact's class."
    return send


_bus_add = _routed("add", Token.valid)
_bus_remove = _routed("remove", Token.invalid)


_FAST = {
    (Token, "__new__"): _new,
    (Token, "copy"): _copy,
    (FeatureTesterNode, "activate"): _activate_feature_tester,
    (BusNode, "add"): _bus_add,
    (BusNode, "remove"): _bus_remove,
}


def applicable() -> bool:
    """Whether the installed experta is the release this module was checked against."""
    return (experta.__version__ == EXPERTA_VERSION
            and Token._fields == ("tag", "data", "context")
            and "_activate" in vars(FeatureTesterNode)
            and "add" in vars(BusNode) and "remove" in vars(BusNode))


def install() -> bool:
    """Use the cheaper tokens if experta is the expected release; return whether they are in use."""
    if not applicable():
        return False
    for (owner, name), function in _FAST.items():
        setattr(owner, name, function)
    return True


def uninstall() -> None:
    """Go back to experta's own methods (for tests that compare the two)."""
    for (owner, name), function in STOCK.items():
        setattr(owner, name, function)


def installed() -> bool:
    """Whether the cheaper tokens are in use."""
    return all(getattr(owner, name) is function for (owner, name), function in _FAST.items())


install()
