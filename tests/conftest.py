"""Shared fixtures: the knowledge base, one assessor for the session, case helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regain.engine.assess import Assessor
from regain.engine.assessment import Assessment
from regain.engine.case_reader import RawCase
from regain.knowledge import KnowledgeBase, load_knowledge

TESTS = Path(__file__).parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def assessor(kb: KnowledgeBase) -> Assessor:
    return Assessor(kb)


@pytest.fixture(scope="session")
def assess(assessor: Assessor):
    """Assess a case given as a plain mapping (as a YAML file would hold it)."""

    def run(data: dict[str, Any], source: str = "test.yaml") -> Assessment:
        return assessor.assess_raw(RawCase(source, Path(source).stem, data))

    return run
