"""The import contracts (``lint-imports``, run by ``make test``) cover every module of regain.

A layer contract only checks the modules it names: a new top-level module left
out of it could import anything. This test fails until it is given a layer.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_THE_PACKAGE = {"tests", "benchmarks", "docs", "examples", "build", "out", "plans"}


def top_level_modules() -> set[str]:
    names = {p.stem for p in ROOT.glob("*.py") if p.stem != "__init__"}
    names |= {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_IN_THE_PACKAGE}
    return {f"regain.{name}" for name in names}


def layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    named: set[str] = set()
    for layer in layers:
        for separator in ("|", ":"):
            layer = layer.replace(separator, " ")
        named.update(layer.split())
    return named


def test_every_module_has_a_layer() -> None:
    missing = top_level_modules() - layered_modules()
    assert not missing, f"give these a layer in pyproject.toml [tool.importlinter]: {sorted(missing)}"


def test_the_layers_name_only_modules_that_exist() -> None:
    # the near miss: a layer naming a module that was renamed checks nothing
    stale = layered_modules() - top_level_modules()
    assert not stale, f"layers name modules that do not exist: {sorted(stale)}"
