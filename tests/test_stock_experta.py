"""The whole rule suite on stock experta: the same assessments, byte for byte.

regain's engine runs on :class:`~regain.engine.experta_runtime.RegainMatcher`
and finds its deffacts once. :func:`~regain.engine.experta_runtime.stock_experta`
builds the same engine on experta's own matcher, reset and get_activations
(keeping only the tracing agenda and the deterministic strategy). Every rule
fixture (``tests/rules/*.yaml``, each variant), every example and every golden
case (``tests/cases/*.yaml``) must give the same JSON text through both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from case_library import library_raw_cases
from test_rules import MINIMAL_CASE, RULES_DIR, VARIANTS

from regain.engine.assess import Assessor
from regain.engine.assessment import to_json
from regain.engine.case_reader import RawCase
from regain.engine.experta_runtime import RegainMatcher, stock_experta
from regain.engine.inference import RegainEngine
from regain.knowledge import KnowledgeBase


def _rule_fixture_cases() -> list[RawCase]:
    """Each variant of each rule fixture, as ``tests/test_rules.py`` assesses it."""
    raws = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for variant in VARIANTS:
            case = data.get(variant, MINIMAL_CASE if "always_fires" in data else None)
            if case is not None:
                source = f"{path.stem}-{variant}.yaml"
                raws.append(RawCase(source, Path(source).stem, case))
    return raws


RULE_CASES = _rule_fixture_cases()
CASES = RULE_CASES + library_raw_cases()


@pytest.fixture(scope="module")
def on_stock(kb: KnowledgeBase) -> Assessor:
    """An assessor whose engine runs on stock experta."""
    assessor = Assessor(kb)
    assessor.engine = stock_experta(RegainEngine)(kb)
    return assessor


def test_every_rule_fixture_and_library_case_is_compared() -> None:
    assert len(RULE_CASES) == 2 * len(list(RULES_DIR.glob("*.yaml")))
    assert len(CASES) - len(RULE_CASES) > 50


def test_the_stock_engine_is_stock(on_stock: Assessor, assessor: Assessor) -> None:
    stock, fast = on_stock.engine, assessor.engine
    assert isinstance(fast.matcher, RegainMatcher)
    assert not isinstance(stock.matcher, RegainMatcher)
    assert type(stock.matcher).__module__.startswith("experta.")
    assert stock.get_deffacts.__func__.__module__ == "experta.engine"  # type: ignore[attr-defined]
    assert stock.rule_names() == fast.rule_names()


@pytest.mark.parametrize("raw", CASES, ids=[raw.source.rsplit("/", 1)[-1] for raw in CASES])
def test_same_assessment_on_stock_experta(raw: RawCase, assessor: Assessor, on_stock: Assessor) -> None:
    # The same engines go through every case in turn, as they do in a batch.
    assert to_json(assessor.assess_raw(raw)) == to_json(on_stock.assess_raw(raw))
