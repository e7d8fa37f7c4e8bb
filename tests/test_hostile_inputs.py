"""Fuzz: hundreds of malformed case files through ``regain assess`` and ``regain batch``.

The files are the committed corpus in ``tests/data/hostile/`` and a few hundred
made by :mod:`hostile_cases` (syntax, types, encodings, sizes, duplicate keys,
huge numbers, control characters, YAML 1.1 forms, broken CSV), plus more drawn
by Hypothesis. For each: exit status 2 from ``assess`` (1 from a batch that
also holds valid cases, which are written), one line per problem of the form
``<file>[:row]: <field>: …``, no traceback, and nothing written for it.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_cases import malformed
from hypothesis import given, settings
from hypothesis import strategies as st

from regain.cli import main

CORPUS = Path(__file__).parent / "data" / "hostile"
GENERATED = 243  # 27 files of each of the 9 kinds
REGAIN = str(Path(sys.executable).with_name("regain"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = []
    for seed in range(GENERATED):
        name, blob = malformed(seed)
        (folder / name).write_bytes(blob)
        files.append(folder / name)
    for path in sorted(CORPUS.iterdir()):
        (folder / path.name).write_bytes(path.read_bytes())
        files.append(folder / path.name)
    return files


def problem_lines(text: str, source: str) -> list[str]:
    """The lines of ``text``, each checked to be ``<source>[:row]: <field>: <what>``."""
    lines = text.splitlines()
    shape = re.compile(re.escape(source) + r"(?::\d+)?: (?P<field>\S.*?): \S")
    for line in lines:
        assert shape.match(line), f"not '<file>[:row]: <field>: …': {line!r}"
    return lines


def check_assess(result: Result, path: Path, out: Path) -> list[str]:
    assert result.exit_code == 2, (path.name, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output, path.name
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    lines = problem_lines(result.stderr, str(path))
    assert lines, path.name
    assert not out.exists(), path.name
    return lines


def test_there_are_at_least_200_malformed_files_of_every_kind(hostile: list[Path]) -> None:
    assert len(hostile) >= 200
    kinds = {p.stem.split("-", 1)[1] for p in hostile if p.stem[:4].isdigit()}
    assert kinds == {"syntax", "types", "encoding", "size", "duplicate", "huge", "control", "yaml-1.1", "csv"}


def test_assess_refuses_every_malformed_file_with_one_line_per_problem(
    hostile: list[Path], tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "plan.html"
    for path in hostile:
        result = runner.invoke(main, ["assess", str(path), "-o", str(out)])
        check_assess(result, path, out)
    assert list(tmp_path.iterdir()) == []


def test_batch_writes_the_valid_cases_and_reports_every_malformed_one(
    hostile: list[Path], tmp_path: Path
) -> None:
    valid = tmp_path / "valid"
    valid.mkdir()
    for i in range(3):
        (valid / f"ok{i}.yaml").write_text(f"id: ok{i}\nrestricted_movements: [knee_flexion]\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(hostile[0].parent), str(valid), "--out", str(out), "-j", "2", "--no-progress"]
    )
    assert result.exit_code == 1, result.output[-2000:]
    assert "Traceback" not in result.output and "internal error" not in result.output
    with (out / "summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_file: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_file.setdefault(Path(re.sub(r":\d+$", "", row["source"])).name, []).append(row)
    for path in hostile:
        found = by_file.get(path.name)
        assert found, f"{path.name} is not in the summary"
        assert all(r["status"] == "invalid" and r["output"] == "" for r in found), (path.name, found)
    assert sorted(r["case_id"] for r in rows if r["status"] == "ok") == ["ok0", "ok1", "ok2"]
    plans = sorted(p.name for p in out.iterdir() if p.suffix in (".json", ".html") and p.name != "index.html")
    assert plans == ["ok0.html", "ok0.json", "ok1.html", "ok1.json", "ok2.html", "ok2.json"]
    errors = (out / "errors.txt").read_text(encoding="utf-8").splitlines()
    sources = {str(p) for p in hostile}
    for line in errors:
        assert any(line.startswith(s + ":") for s in sources), line
    assert {line.split(":")[0] for line in errors} >= {str(p) for p in hostile if p.suffix != ".csv"}


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(min_value=GENERATED, max_value=10**6))
def test_assess_on_files_hypothesis_draws(seed: int) -> None:
    import tempfile

    name, blob = malformed(seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(blob)
        out = Path(tmp) / "out" / "plan.json"
        out.parent.mkdir()
        result = CliRunner().invoke(main, ["assess", str(path), "-o", str(out)])
        check_assess(result, path, out)


@pytest.mark.parametrize(
    "name", ["dup-red-flags.yaml", "huge-hex.yaml", "huge-age.csv", "utf16.json", "control-key.yaml"]
)
def test_the_real_command_on_corpus_files(tmp_path: Path, name: str) -> None:
    path = CORPUS / name
    proc = subprocess.run(
        [REGAIN, "assess", str(path), "-o", str(tmp_path / "x.html")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert problem_lines(proc.stderr, str(path))
    assert list(tmp_path.iterdir()) == []
