"""regain's experta runtime: experta's matches on cheaper nodes, for regain's engine only.

The node and token classes are compared with experta's own, taken from the
networks the two matchers build (regain's engine and the same engine on stock
experta), so the tests check what actually runs.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from regain.engine import experta_runtime as runtime
from regain.engine.assess import Assessor
from regain.engine.case_reader import read_one_case
from regain.engine.experta_compat import Fact, KnowledgeEngine, Rule
from regain.engine.facts import Answers, Flag
from regain.engine.inference import RegainEngine
from regain.knowledge import KnowledgeBase

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "shoulder.yaml"


# -- one version of experta --------------------------------------------------------------------


def test_written_for_the_release_pyproject_pins() -> None:
    assert runtime.EXPERTA_VERSION == "1.9.4"
    assert f'"experta=={runtime.EXPERTA_VERSION}"' in (ROOT / "pyproject.toml").read_text()
    runtime.check_experta_version(runtime.EXPERTA_VERSION)


@pytest.mark.parametrize("version", ["1.9.3", "1.9.5", "2.0.0", "1.9.4.post1"])
def test_refuses_any_other_release(version: str) -> None:
    with pytest.raises(ImportError, match=rf"needs experta 1\.9\.4, found experta {version}\b"):
        runtime.check_experta_version(version)


def test_start_up_fails_loudly_on_another_release() -> None:
    code = (
        "import regain.engine.experta_compat, experta; experta.__version__ = '1.10.0'; "
        "import regain.engine.inference"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "UnsupportedExperta: regain needs experta 1.9.4, found experta 1.10.0" in done.stderr
    assert "pip install experta==1.9.4" in done.stderr


# -- regain's engine only ----------------------------------------------------------------------


def _experta_modules() -> list[Any]:
    return [m for name, m in sorted(sys.modules.items()) if name.split(".")[0] == "experta"]


def _defined_in(value: Any) -> str:
    value = getattr(value, "__func__", getattr(value, "fget", value))
    return getattr(value, "__module__", None) or ""


def test_nothing_of_experta_is_replaced(assessor: Assessor) -> None:
    assessor.engine.infer(assessor.validate(read_one_case(str(EXAMPLE))))
    foreign = []
    for module in _experta_modules():
        for name, value in vars(module).items():
            if _defined_in(value).startswith("regain"):
                foreign.append(f"{module.__name__}.{name}")
            if isinstance(value, type) and value.__module__ == module.__name__:
                foreign += [
                    f"{module.__name__}.{name}.{attr}"
                    for attr, member in vars(value).items()
                    if _defined_in(member).startswith("regain")
                ]
    assert len(_experta_modules()) > 10
    assert foreign == []


def _network(engine: Any) -> list[Any]:
    """Every node of ``engine``'s Rete network, each once."""
    nodes: dict[int, Any] = {}
    stack = [engine.matcher.root_node]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(child.node for child in node.children)
    return list(nodes.values())


class Hello(Fact):
    """A fact for an engine of someone else's."""


class Greeter(KnowledgeEngine):
    """Someone else's engine, in the same process as regain's."""

    @Rule(Hello(name="x") | Hello(name="y"))
    def greet(self) -> None:
        self.greeted = True


def test_other_engines_run_stock_experta(assessor: Assessor) -> None:
    ours = {type(n).__module__ for n in _network(assessor.engine)}
    assert "regain.engine.experta_runtime" in ours
    other = Greeter()
    assert {type(n).__module__ for n in _network(other)} == {"experta.matchers.rete.nodes"}
    assert type(other.matcher).__module__.startswith("experta.")
    other.reset()
    other.declare(Hello(name="y"))
    other.run()
    assert other.greeted


# -- tokens ------------------------------------------------------------------------------------


class Classes(NamedTuple):
    root: Any
    tester: Any
    token: Any


def _classes(engine: Any) -> Classes:
    """The root, feature-tester and token classes ``engine``'s matcher builds on."""
    root = engine.matcher.root_node
    probe, made = type(root)(), list[Any]()
    probe.add_child("probe", made.append)
    probe.add(Answers())
    return Classes(type(root), type(root.children[0].node), type(made[0]))


@pytest.fixture(scope="module")
def ours(kb: KnowledgeBase) -> Classes:
    return _classes(RegainEngine(kb))


@pytest.fixture(scope="module")
def stock(kb: KnowledgeBase) -> Classes:
    return _classes(runtime.stock_experta(RegainEngine)(kb))


def test_our_classes_derive_from_experta_s(ours: Classes, stock: Classes) -> None:
    for mine, theirs in zip(ours, stock, strict=True):
        assert mine is not theirs and issubclass(mine, theirs)
        assert theirs.__module__.startswith("experta.")


A, B = Answers(pain_on_movement=3), Flag(id="fever_or_unwell", tier="see_doctor")
TOKENS = [
    (True, A, None),
    (False, A, {"x": 1}),
    (True, [A, B], {"x": 1, (False, "y"): 2}),
    (True, {A, B}, {}),
    (False, frozenset([B]), None),
]


@pytest.mark.parametrize(("valid", "data", "context"), TOKENS)
def test_same_token_as_experta(ours: Classes, stock: Classes, valid: bool, data: Any, context: Any) -> None:
    tag = stock.token.TagType(valid)
    cheap, original = ours.token(tag, data, context), stock.token(tag, data, context)
    assert cheap == original
    assert cheap.to_info() == original.to_info()
    assert cheap.is_valid() == original.is_valid() == valid


def test_copy_is_independent(ours: Classes) -> None:
    token = ours.token.valid(A, {"k": 1})
    copy = token.copy()
    assert copy == token and type(copy) is ours.token
    copy.data.add(Fact(x=1))
    copy.context["k"] = 2
    assert token.data == {A} and token.context == {"k": 1}
    assert ours.token.valid(A).is_valid() and ours.token.valid(A).context == {}
    assert not ours.token.invalid([A]).is_valid()


# -- feature testers ---------------------------------------------------------------------------


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


def _run_tester(tester: Any, matcher: Callable[[Any], Any], token: Any) -> list[Any]:
    node = tester(matcher)
    child = Recorder()
    node.add_child(child, child.callback)
    before = (frozenset(token.data), dict(token.context))
    node.activate(token)
    assert (frozenset(token.data), dict(token.context)) == before  # the sender's token is untouched
    return child.seen


@pytest.mark.parametrize("name", MATCHERS)
@pytest.mark.parametrize("valid", [True, False])
def test_tester_passes_on_what_experta_s_would(ours: Classes, stock: Classes, name: str, valid: bool) -> None:
    seen = [
        _run_tester(
            classes.tester,
            MATCHERS[name],
            classes.token(stock.token.TagType(valid), A, {"x": 1, (False, "y"): 2}),
        )
        for classes in (ours, stock)
    ]
    assert seen[0] == seen[1]


def test_tester_rejects_tokens_of_several_facts(ours: Classes, stock: Classes) -> None:
    for classes in (ours, stock):
        with pytest.raises(ValueError):
            _run_tester(classes.tester, MATCHERS["passes"], classes.token.valid([A, B]))


# -- the root: routing facts on their class ----------------------------------------------------


class Other(Fact):
    """A fact class no type test of the root below asks for."""


class SubAnswers(Answers):
    """A subclass: experta's type test wants the exact class, so it must not pass as Answers."""


def _root_run(classes: Classes, facts: list[Any], add_late: bool = False) -> list[tuple[str, Any]]:
    """What each child of a small root receives, in order, as facts are added and removed."""
    from experta.matchers.rete.check import TypeCheck  # experta imports through regain's shim

    seen: list[tuple[str, Any]] = []

    def recorder(name: str) -> Callable[[Any], None]:
        return lambda token: seen.append((name, (token.is_valid(), frozenset(token.data))))

    def type_test(fact_class: type, name: str) -> Any:
        node = classes.tester(TypeCheck(fact_class))
        node.add_child(name, recorder(name))
        return node

    root = classes.root()
    for name, fact_class in [("answers", Answers), ("flag", Flag), ("answers-again", Answers)]:
        node = type_test(fact_class, name)
        root.add_child(node, node.activate)
    root.add_child("plain", recorder("plain"))  # not a type test: sees every fact
    odd = type_test(Flag, "odd")
    odd_seen = recorder("odd callback")

    def odd_callback(token: Any) -> None:  # a callback other than the node's activate
        odd_seen(token)
        odd.activate(token)

    root.add_child(odd, odd_callback)
    for i, fact in enumerate(facts):
        root.add(fact)
        if add_late and i == 0:  # after Answers facts have been routed once
            late = type_test(Answers, "late")
            root.add_child(late, late.activate)
        root.remove(fact)
    return seen


FACTS = [A, B, Other(x=1), SubAnswers(pain_on_movement=1), Answers(pain_on_movement=0)]


@pytest.mark.parametrize("add_late", [False, True])
def test_root_passes_each_fact_to_the_children_experta_s_would(
    ours: Classes, stock: Classes, add_late: bool
) -> None:
    cheap = _root_run(ours, FACTS, add_late)
    assert cheap == _root_run(stock, FACTS, add_late)
    assert ("late", (True, frozenset([FACTS[-1]]))) in cheap or not add_late


@pytest.fixture
def watching_match() -> Iterator[None]:
    from experta import watchers  # experta imports through regain's shim

    watchers.watch("MATCH", level=logging.DEBUG)
    try:
        yield
    finally:
        watchers.unwatch("MATCH")


def test_watched_root_logs_every_type_test(
    ours: Classes, stock: Classes, watching_match: None, caplog: pytest.LogCaptureFixture
) -> None:
    logged = []
    for classes in (ours, stock):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="experta.watchers.MATCH"):
            _root_run(classes, FACTS)
        logged.append([r.getMessage() for r in caplog.records])
    assert logged[0] == logged[1]
    assert any("Answers(" in m and "== Flag = False" in m for m in logged[0])  # failed tests too


# -- the matcher's memories and changes --------------------------------------------------------


def _memory_sizes(engine: Any) -> list[tuple[str, tuple[int, ...]]]:
    """The memory sizes of every node that has memories (experta's own two-input and rule nodes)."""
    sizes = []
    for node in _network(engine):
        held = tuple(
            len(getattr(node, a)) for a in ("memory", "left_memory", "right_memory") if hasattr(node, a)
        )
        if held:
            sizes.append((type(node).__name__, held))
    return sorted(sizes)


def _facts(engine: Any) -> list[str]:
    return [type(f).__name__ for f in engine.facts.values()]


def test_a_new_case_starts_from_empty_memories_like_experta_s(assessor: Assessor) -> None:
    case = assessor.validate(read_one_case(str(EXAMPLE)))
    fast, slow = RegainEngine(assessor.kb), runtime.stock_experta(RegainEngine)(assessor.kb)
    for engine in (fast, slow):
        engine.infer(case)
        assert len(engine.facts) > 5
    assert any(held and max(held) for _, held in _memory_sizes(fast))
    for engine in (fast, slow):
        engine.reset()
        assert _facts(engine) == ["InitialFact"]
        assert engine.agenda.last is None
    assert _memory_sizes(fast) == _memory_sizes(slow)
    assert [a.rule.__name__ for a in fast.agenda.activations] == [
        a.rule.__name__ for a in slow.agenda.activations
    ]


def test_no_changes_no_activations(kb: KnowledgeBase) -> None:
    engine = RegainEngine(kb)
    engine.reset()
    assert engine.matcher.changes() == ([], [])
    assert engine.matcher.changes([], []) == ([], [])


def _agenda(engine: Any) -> list[str]:
    return sorted(a.rule.__name__ for a in engine.agenda.activations)


def test_retracting_a_fact_withdraws_the_same_activations(assessor: Assessor) -> None:
    # regain's rules never retract, but the matcher must handle removals as experta's does.
    case = assessor.validate(read_one_case(str(EXAMPLE)))
    agendas = []
    for engine in (RegainEngine(assessor.kb), runtime.stock_experta(RegainEngine)(assessor.kb)):
        engine.reset()
        engine.declare(*engine.case_facts(case))
        before = _agenda(engine)
        answers = next(i for i, f in engine.facts.items() if type(f) is Answers)
        engine.retract(answers)
        agendas.append((before, _agenda(engine)))
    (ours_before, ours_after), (theirs_before, theirs_after) = agendas
    assert ours_before == theirs_before and ours_after == theirs_after
    assert len(ours_after) < len(ours_before)
