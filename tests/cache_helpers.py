"""Helpers of the cache tests: an empty cache of a test's own, entries, the example's plan.

The ``cache`` fixture itself is in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regain.engine.assess import Assessor
from regain.engine.case_reader import read_case_path
from regain.knowledge import load_knowledge_from
from regain.knowledge import loader as kb_loader
from regain.knowledge import reading as kb_reading
from regain.reports import environment as env_module
from regain.reports import html as html_module
from regain.reports.html import render_html

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shoulder.yaml"


def fresh_templates() -> None:
    """Forget the compiled templates this process holds, as a new process would."""
    html_module._template.cache_clear()
    env_module.environment.cache_clear()


def entries(folder: Path, kind: str, suffix: str = "") -> list[Path]:
    root = folder / kind
    found = sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return [p for p in found if p.name.endswith(suffix)]


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each full validation of a knowledge base (the snapshot could not be used)."""
    calls: list[Path] = []
    validated = kb_loader._validated

    def counting(data_dir: Path, *args: Any) -> kb_loader.KnowledgeBase:
        calls.append(data_dir)
        return validated(data_dir, *args)

    monkeypatch.setattr(kb_loader, "_validated", counting)
    return calls


def forbid(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, why: str) -> None:
    """Make ``owner.name`` fail the test if it is called: ``why`` it must not be."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(why)

    monkeypatch.setattr(owner, name, refuse)


def no_yaml_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid(monkeypatch, kb_reading.yaml, "load", "parsed YAML although the cache holds this knowledge base")


def html_plan() -> str:
    assessor = Assessor(load_knowledge_from(kb_loader.DATA_DIR))
    raw = next(iter(read_case_path(str(EXAMPLE))))
    return render_html(assessor.assess_raw(raw), assessor.kb)
