"""A copy of the knowledge data to edit in a test, and the edits such tests make.

:func:`copy_of_the_data` (a fixture's body) points the loader at a fresh copy for one test;
:func:`edit_once` changes exactly one place of one of its files (and fails if
the text to change is not there exactly once, so a test never edits nothing).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from regain.knowledge import load_knowledge
from regain.knowledge import loader as kb_loader


def copy_of_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, copy)
    monkeypatch.setattr(kb_loader, "DATA_DIR", copy)
    load_knowledge.cache_clear()
    yield copy
    monkeypatch.undo()
    load_knowledge.cache_clear()


def edit_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def put_at(*keys_and_value: Any) -> Callable[[Any], None]:
    """A change of parsed YAML: ``put_at("a", "b", 3)`` sets ``data["a"]["b"] = 3``."""
    *keys, value = keys_and_value

    def change(data: Any) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change
