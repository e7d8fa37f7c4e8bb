"""RegainEngine.reset() leaves the engine as experta's own reset() does."""

from __future__ import annotations

from pathlib import Path

from regain.engine.assess import Assessor
from regain.engine.case_reader import read_one_case
from regain.engine.experta_compat import KnowledgeEngine
from regain.engine.inference import RegainEngine
from regain.knowledge import KnowledgeBase

EXAMPLE = Path(__file__).parent.parent / "examples" / "shoulder.yaml"


def _state(engine: RegainEngine) -> tuple[list[str], int, bool]:
    return ([repr(f) for f in engine.facts.values()], len(engine.agenda.activations), engine.running)


def test_reset_matches_experta(kb: KnowledgeBase) -> None:
    ours, theirs = RegainEngine(kb), RegainEngine(kb)
    ours.reset()
    KnowledgeEngine.reset(theirs)
    assert _state(ours) == _state(theirs)
    assert [type(f).__name__ for f in ours.facts.values()] == ["InitialFact"]
    assert ours.agenda.last is None


def test_reset_with_arguments_goes_through_experta(kb: KnowledgeBase) -> None:
    engine = RegainEngine(kb)
    engine.reset(unused=1)
    assert [type(f).__name__ for f in engine.facts.values()] == ["InitialFact"]
    assert engine.agenda.last is None


def test_reset_after_a_case_forgets_it(assessor: Assessor) -> None:
    engine = RegainEngine(assessor.kb)
    engine.infer(assessor.validate(read_one_case(str(EXAMPLE))))
    assert len(engine.facts) > 5
    engine.reset()
    assert [type(f).__name__ for f in engine.facts.values()] == ["InitialFact"]
    assert not engine.agenda.activations


def _memory_sizes(engine: RegainEngine) -> list[tuple[str, tuple[int, ...]]]:
    """Every node's memory sizes, walking the whole network as experta's reset does."""
    sizes, stack, seen = [], [engine.matcher.root_node], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(child.node for child in node.children)
        held = tuple(len(getattr(node, a)) for a in ("memory", "left_memory", "right_memory")
                     if hasattr(node, a))
        sizes.append((type(node).__name__, held))
    return sorted(sizes)


def test_reset_wipes_every_node_memory_like_experta(assessor: Assessor) -> None:
    case = assessor.validate(read_one_case(str(EXAMPLE)))
    ours, theirs = RegainEngine(assessor.kb), RegainEngine(assessor.kb)
    for engine in (ours, theirs):
        engine.infer(case)
    assert any(held and max(held) for _, held in _memory_sizes(ours))
    ours.reset()
    KnowledgeEngine.reset(theirs)
    assert _memory_sizes(ours) == _memory_sizes(theirs)
