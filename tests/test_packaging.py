"""The installed package holds all of regain: every sub-package and data file.

``pyproject.toml`` lists the packages explicitly (the repository's top level
is mapped to ``regain``); a new sub-package missing from that list would work
in an editable install and break a plain ``pip install .``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_listed() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {"regain"}
    for top in ("knowledge", "engine", "reports", "batch"):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            found.add(".".join(("regain", *rel.parts)))
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {found - listed}"


def test_data_files_are_package_data() -> None:
    data = _pyproject()["tool"]["setuptools"]["package-data"]
    assert "data/*.yaml" in data["regain.knowledge"]
    assert any(p.startswith("templates/") for p in data["regain.reports"])
