"""RegainEngine's shortcuts through experta (reset, get_activations) change nothing it concludes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from case_library import library_raw_cases

from regain.engine.assess import Assessor
from regain.engine.case_reader import read_one_case
from regain.engine.experta_compat import KnowledgeEngine
from regain.engine.inference import RegainEngine
from regain.knowledge import KnowledgeBase

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "shoulder.yaml"


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


class ExpertaPaths(RegainEngine):
    """RegainEngine with experta's own reset and get_activations."""

    def reset(self, **kwargs: Any) -> None:
        self.reset_through_experta(**kwargs)

    def get_activations(self) -> Any:
        return KnowledgeEngine.get_activations(self)


def test_same_inference_as_through_experta(assessor: Assessor) -> None:
    ours, theirs = RegainEngine(assessor.kb), ExpertaPaths(assessor.kb)
    cases = [assessor.validate(raw) for raw in library_raw_cases()]
    assert len(cases) > 30
    for case in cases:  # one engine each, reused across cases as the Assessor does
        assert ours.infer(case) == theirs.infer(case), case.id


def _agenda(engine: RegainEngine) -> list[str]:
    return sorted(a.rule.__name__ for a in engine.agenda.activations)


def test_retracting_a_fact_withdraws_the_same_activations(assessor: Assessor) -> None:
    # regain's rules never retract, but get_activations must handle removals as experta does.
    case = assessor.validate(read_one_case(str(EXAMPLE)))
    agendas = []
    for engine in (RegainEngine(assessor.kb), ExpertaPaths(assessor.kb)):
        engine.reset()
        engine.declare(*engine.case_facts(case))
        before = _agenda(engine)
        answers = next(i for i, f in engine.facts.items() if type(f).__name__ == "Answers")
        engine.retract(answers)
        agendas.append((before, _agenda(engine)))
    (ours_before, ours_after), (theirs_before, theirs_after) = agendas
    assert ours_before == theirs_before and ours_after == theirs_after
    assert len(ours_after) < len(ours_before)
