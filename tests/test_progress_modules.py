"""The progress reports' words and imports.

- The ``progress`` words of wording.yaml are checked like the others: a
  placeholder the code does not fill, or a missing word, is refused with
  file and key; a text without its placeholder loads.
- matplotlib is imported by reports/progress_plots.py only, so the terminal
  view (``regain track show``) and every other command never load it.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from regain.knowledge import KnowledgeError, load_knowledge_from
from regain.knowledge.loader import DATA_DIR


def _copy_with_progress(tmp_path: Path, edit: dict[str, Any], drop: tuple[str, ...] = ()) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "wording.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["progress"].update(edit)
    for key in drop:
        del data["progress"][key]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_from(folder)
    return info.value.problems


def test_a_progress_placeholder_the_code_does_not_fill_is_refused(tmp_path: Path) -> None:
    problems = _problems(_copy_with_progress(tmp_path, {"range_title": "{muscle}: range over time"}))
    assert any("wording.yaml" in p and "progress.range_title" in p and "{muscle}" in p for p in problems)


def test_a_progress_text_may_leave_out_its_placeholder(tmp_path: Path) -> None:
    kb = load_knowledge_from(_copy_with_progress(tmp_path, {"range_title": "Range over time"}))
    assert kb.wording.progress.range_title == "Range over time"


def test_a_missing_progress_word_is_refused(tmp_path: Path) -> None:
    problems = _problems(_copy_with_progress(tmp_path, {}, drop=("band_done",)))
    assert any("wording.yaml" in p and "progress.band_done" in p for p in problems), problems


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_progress_plots_imports_matplotlib() -> None:
    sources = [
        p
        for p in ROOT.rglob("*.py")
        if not ({".venv", "build", "tests", "benchmarks"} & set(p.relative_to(ROOT).parts))
    ]
    users = sorted(str(p.relative_to(ROOT)) for p in sources if "matplotlib" in _imports(p))
    assert users == ["reports/progress_plots.py"]


@pytest.mark.parametrize(
    ("module", "loads"),
    [("regain.reports.progress_text", False), ("regain.reports.progress_html", True)],
)
def test_the_terminal_view_does_not_load_matplotlib(module: str, loads: bool) -> None:
    code = f"import sys, {module}; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(loads)
