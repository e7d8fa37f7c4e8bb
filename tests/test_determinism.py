"""Same case, same bytes — across processes too.

experta builds its matching network with sets, whose order follows Python's
per-process string hashing, and a template engine could iterate a dict or a
set. These tests assess and render the examples in fresh processes with
different hash seeds and require identical JSON, HTML and text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file() and p.suffix in {".yaml", ".json"})
REGAIN = Path(sys.executable).with_name("regain")


@pytest.mark.parametrize("fmt", ["json", "html", "text"])
@pytest.mark.parametrize("case", EXAMPLES, ids=lambda p: p.name)
def test_output_bytes_do_not_depend_on_hash_seed(case: Path, fmt: str) -> None:
    outputs = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [str(REGAIN), "assess", str(case), "--format", fmt], capture_output=True, env=env, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs))) > 500


def test_the_atlas_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Every worker of ``regain serve`` serves one atlas; ``regain kb site`` writes the same bytes."""
    sites = {}
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        folder = tmp_path / f"site-{seed}"
        subprocess.run([str(REGAIN), "kb", "site", str(folder)], capture_output=True, env=env, check=True)
        sites[seed] = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(sites["0"]) > 100
    for seed in ("1", "2"):
        assert sites[seed].keys() == sites["0"].keys()
        assert [n for n in sites["0"] if sites[seed][n] != sites["0"][n]] == []
