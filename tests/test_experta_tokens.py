"""The cheaper Rete tokens: the same tokens, the same matches, the same assessments."""

from __future__ import annotations

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

A, B = Answers(pain_on_movement=3), Flag(id="fever_or_unwell", urgency="see_doctor")
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


# -- whole assessments ----------------------------------------------------------------------

def _assess_examples() -> list[bytes]:
    """The examples and every golden case, assessed by a new engine, as JSON."""
    assessor = Assessor()
    return [to_json(assessor.assess(assessor.validate(raw))) for raw in library_raw_cases()]


def test_assessments_identical_with_experta_tokens() -> None:
    assert _assess_examples() == on_stock(_assess_examples)
