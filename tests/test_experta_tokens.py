"""The cheaper Rete tokens: the same tokens, the same matches, the same assessments."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from case_library import library_raw_cases

from regain.engine import experta_tokens
from regain.engine.assess import Assessor
from regain.engine.assessment import to_json
from regain.engine.experta_compat import Fact
from regain.engine.facts import Answers, Flag

Token = experta_tokens.Token
FeatureTesterNode = experta_tokens.FeatureTesterNode


@pytest.fixture
def stock() -> Iterator[None]:
    """Run a test on experta's own methods, then put the cheaper ones back."""
    experta_tokens.uninstall()
    try:
        yield
    finally:
        experta_tokens.install()


def on_stock(make: Callable[[], Any]) -> Any:
    """``make()`` run with experta's own methods."""
    experta_tokens.uninstall()
    try:
        return make()
    finally:
        experta_tokens.install()


def test_installed_for_the_pinned_release() -> None:
    assert experta_tokens.applicable()
    assert experta_tokens.installed()


def test_install_refuses_another_release(monkeypatch: pytest.MonkeyPatch, stock: None) -> None:
    monkeypatch.setattr(experta_tokens.experta, "__version__", "2.0.0")
    assert not experta_tokens.install()
    assert not experta_tokens.installed()


# -- tokens -------------------------------------------------------------------------------

A, B = Answers(pain_on_movement=3), Flag(id="fever_or_unwell", tier="see_doctor")
TOKENS = [
    (Token.TagType.VALID, A, None),
    (Token.TagType.INVALID, A, {"x": 1}),
    (Token.TagType.VALID, [A, B], {"x": 1, (False, "y"): 2}),
    (Token.TagType.VALID, {A, B}, {}),
    (Token.TagType.INVALID, frozenset([B]), None),
]


@pytest.mark.parametrize("tag,data,context", TOKENS)
def test_same_token_as_experta(tag: Any, data: Any, context: Any) -> None:
    cheap = Token(tag, data, context)
    original = on_stock(lambda: Token(tag, data, context))
    assert type(cheap) is type(original) is Token
    assert cheap == original
    assert cheap.to_info() == original.to_info()
    assert cheap.is_valid() == original.is_valid()


def test_copy_is_independent() -> None:
    token = Token.valid(A, {"k": 1})
    copy = token.copy()
    assert copy == token and type(copy) is Token
    copy.data.add(Fact(x=1))
    copy.context["k"] = 2
    assert token.data == {A} and token.context == {"k": 1}


def test_shortcuts_build_tagged_tokens() -> None:
    assert Token.valid(A).is_valid() and Token.valid(A).context == {}
    assert not Token.invalid([A]).is_valid()


# -- feature tester nodes -------------------------------------------------------------------

class Recorder:
    """A child node that keeps what it was passed."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def callback(self, token: Any) -> None:
        self.seen.append((token.tag, frozenset(token.data), dict(token.context)))


MATCHERS = {
    "fails": lambda fact: False,
    "passes": lambda fact: True,
    "binds": lambda fact: {"pain": fact["pain_on_movement"]},
    "binds what the context already holds": lambda fact: {"x": 1},
    "conflicts with the context": lambda fact: {"x": 2},
    "negated, and the context holds it": lambda fact: {(False, "y"): 2},
    "negated, context holds another value": lambda fact: {(False, "x"): 5},
    "negation in the context forbids it": lambda fact: {"y": 2},
}


def _run_node(matcher: Callable[[Any], Any], token: Any) -> tuple[list[Any], Any]:
    node = FeatureTesterNode(matcher)
    child = Recorder()
    node.add_child(child, child.callback)
    before = (frozenset(token.data), dict(token.context))
    node.activate(token)
    assert (frozenset(token.data), dict(token.context)) == before  # the sender's token is untouched
    return child.seen, before


@pytest.mark.parametrize("name", MATCHERS)
@pytest.mark.parametrize("tag", [Token.TagType.VALID, Token.TagType.INVALID])
def test_feature_tester_passes_on_what_experta_would(name: str, tag: Any) -> None:
    def make() -> Any:
        return Token(tag, A, {"x": 1, (False, "y"): 2})

    cheap, _ = _run_node(MATCHERS[name], make())
    original, _ = on_stock(lambda: _run_node(MATCHERS[name], make()))
    assert cheap == original


def test_feature_tester_rejects_tokens_of_several_facts() -> None:
    with pytest.raises(ValueError):
        _run_node(MATCHERS["passes"], Token.valid([A, B]))


# -- the root: routing facts on their class -------------------------------------------------

BusNode = experta_tokens.BusNode


class Other(Fact):
    """A fact class no type test of the bus below asks for."""


class SubAnswers(Answers):
    """A subclass: experta's type test wants the exact class, so it must not pass as Answers."""


def _bus_run(facts: list[Any], add_late: bool = False) -> list[tuple[str, Any]]:
    """What each child of a small root receives, in order, as facts are added and removed."""
    from experta.matchers.rete.check import TypeCheck

    seen: list[tuple[str, Any]] = []

    def recorder(name: str) -> Callable[[Any], None]:
        return lambda token: seen.append((name, (token.tag, frozenset(token.data))))

    bus = BusNode()
    for name, fact_class in [("answers", Answers), ("flag", Flag), ("answers-again", Answers)]:
        node = FeatureTesterNode(TypeCheck(fact_class))
        node.add_child(name, recorder(name))
        bus.add_child(node, node.activate)
    bus.add_child("plain", recorder("plain"))  # not a type test: sees every fact
    odd = FeatureTesterNode(TypeCheck(Flag))
    odd.add_child("odd", recorder("odd"))
    odd_seen = recorder("odd callback")

    def odd_callback(token: Any) -> None:  # a callback other than the node's activate
        odd_seen(token)
        odd.activate(token)

    bus.add_child(odd, odd_callback)
    for i, fact in enumerate(facts):
        bus.add(fact)
        if add_late and i == 0:  # after Answers facts have been routed once
            late = FeatureTesterNode(TypeCheck(Answers))
            late.add_child("late", recorder("late"))
            bus.add_child(late, late.activate)
        bus.remove(fact)
    return seen


FACTS = [A, B, Other(x=1), SubAnswers(pain_on_movement=1), Answers(pain_on_movement=0)]


@pytest.mark.parametrize("add_late", [False, True])
def test_root_passes_each_fact_to_the_children_experta_would(add_late: bool) -> None:
    cheap = _bus_run(FACTS, add_late)
    original = on_stock(lambda: _bus_run(FACTS, add_late))
    assert cheap == original
    assert ("late", (Token.TagType.VALID, frozenset([FACTS[-1]]))) in cheap or not add_late


def test_watched_root_logs_every_type_test(caplog: pytest.LogCaptureFixture) -> None:
    from experta import watchers

    def logged() -> list[str]:
        caplog.clear()
        watchers.watch("MATCH", level=logging.DEBUG)
        try:
            with caplog.at_level(logging.DEBUG, logger=watchers.MATCH.name):
                _bus_run(FACTS)
        finally:
            watchers.unwatch("MATCH")
        return [r.getMessage() for r in caplog.records]

    cheap = logged()
    assert cheap == on_stock(logged)
    assert any("Answers(" in m and "== Flag = False" in m for m in cheap)  # failed tests are logged


# -- whole assessments ----------------------------------------------------------------------

def _assess_examples() -> list[bytes]:
    """The examples and every golden case, assessed by a new engine, as JSON."""
    assessor = Assessor()
    return [to_json(assessor.assess(assessor.validate(raw))) for raw in library_raw_cases()]


def test_assessments_identical_with_experta_tokens() -> None:
    assert _assess_examples() == on_stock(_assess_examples)
