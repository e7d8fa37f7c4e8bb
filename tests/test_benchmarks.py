"""The benchmark scripts measure what they say: the machine's reference does a batch worker's work."""

from __future__ import annotations

import os
from pathlib import Path

import benchmark_scripts
from click.testing import CliRunner

from regain.cli import main


def test_machine_reference_writes_what_the_batch_writes(tmp_path: Path) -> None:
    generate, ceiling = benchmark_scripts.load("generate"), benchmark_scripts.load("machine_ceiling")
    cases = tmp_path / "cases"
    generate.write_mixed(cases, 12, seed=3)
    files = ceiling.case_files(cases, 6)
    assert len(files) == 6 and all(Path(f).suffix in (".yaml", ".json") for f in files)

    reference = tmp_path / "reference"
    reference.mkdir()
    ceiling.do_cases(files, reference)
    batch = tmp_path / "batch"
    result = CliRunner().invoke(main, ["batch", *files, "--out", str(batch), "--jobs", "1"])
    assert result.exit_code == 0, result.output

    written = sorted(p.name for p in reference.iterdir())
    assert len(written) == 12  # a JSON and an HTML file per case, no temporary file left
    for name in written:
        assert (reference / name).read_bytes() == (batch / name).read_bytes(), name


def test_machine_reference_times_one_and_two_processes(tmp_path: Path) -> None:
    generate, ceiling = benchmark_scripts.load("generate"), benchmark_scripts.load("machine_ceiling")
    generate.write_mixed(tmp_path / "cases", 10, seed=4)
    result = ceiling.measure(tmp_path / "cases", 6, 1, tmp_path)
    assert result["cases"] == 6
    assert result["alone"] > 0 and result["together"] > 0
    # a folder per process: the warm-up's 5 cases, the 6 done alone, the 6 the two shared
    folders = [p for p in tmp_path.iterdir() if p.is_dir() and p.name != "cases"]
    assert len(folders) == 4
    names = sorted(name for f in folders for name in os.listdir(f))
    assert len(names) == 2 * (5 + 6 + 6)  # a JSON and an HTML file per case, each case once


def test_fhir_benchmark_times_every_way_in_and_out(capsys: object) -> None:
    bench = benchmark_scripts.load("bench_fhir")
    result = bench.main(2)
    assert set(result) == {
        "read the YAML case",
        "read the QuestionnaireResponse",
        "write the JSON assessment",
        "write the HTML plan",
        "write the FHIR Bundle",
    }
    assert all(ms > 0 for ms in result.values())
