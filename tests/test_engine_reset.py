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
