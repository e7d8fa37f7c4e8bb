"""``regain batch``: outputs, summary rows, exit codes, determinism, interruption, resume."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from regain.batch import run as batch_run
from regain.batch.inputs import Entry, discover
from regain.batch.outputs import safe_stem
from regain.batch.worker import WorkerConfig, render_json
from regain.cli import main
from regain.knowledge.files import TMP_SUFFIX

DATA = Path(__file__).parent / "data" / "batch"
MIXED = DATA / "mixed"
REGAIN = str(Path(sys.executable).with_name("regain"))

VARIANTS: list[dict[str, Any]] = [
    {
        "restricted_movements": ["shoulder_abduction", "shoulder_flexion"],
        "limit_felt_as": "both",
        "pain_on_movement": 6,
        "tender_spots_reproduce_pain": True,
        "red_flags": [],
    },
    {
        "restricted_movements": ["neck_rotation"],
        "limit_felt_as": "pain",
        "pain_on_movement": 7,
        "avoids_movement": "yes",
        "red_flags": ["pregnancy"],
    },
    {
        "restricted_movements": ["knee_flexion"],
        "limit_felt_as": "tightness",
        "duration_weeks": 14,
        "immobilized_weeks": 6,
        "restricted_without_pain": True,
    },
    {"restricted_movements": ["hip_flexion"], "limit_felt_as": "block", "red_flags": []},
    {
        "restricted_movements": ["ankle_dorsiflexion"],
        "limit_felt_as": "pain",
        "red_flags": ["calf_swelling_warmth_redness"],
    },
    {
        "restricted_movements": ["trunk_flexion"],
        "limit_felt_as": "unsure",
        "red_flags": ["fever_or_unwell"],
        "name": "Zoë <b>&</b>",
    },
]


def write_cases(directory: Path, n: int) -> None:
    """``n`` valid cases with distinct ids: YAML, JSON and CSV rows mixed."""
    directory.mkdir(parents=True, exist_ok=True)
    header = ["id", "restricted_movements", "limit_felt_as", "pain_on_movement", "red_flags"]
    with (directory / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for i in range(n):
            case = {"id": f"c{i:04d}", **VARIANTS[i % len(VARIANTS)]}
            kind = i % 3
            if kind == 0:
                (directory / f"c{i:04d}.yaml").write_text(
                    yaml.safe_dump(case, allow_unicode=True), encoding="utf-8"
                )
            elif kind == 1:
                (directory / f"c{i:04d}.json").write_text(json.dumps(case), encoding="utf-8")
            else:
                writer.writerow(
                    [
                        case["id"],
                        ";".join(case["restricted_movements"]),
                        case["limit_felt_as"],
                        case.get("pain_on_movement", ""),
                        ";".join(case.get("red_flags", [])) or "",
                    ]
                )


def summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(main, ["batch", *args], input=input)


# -- a mixed folder of good and broken files ---------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("mixed") / "out"
    result = run(str(MIXED), "--out", str(out), "--jobs", "1")
    return result, out


def by_source(out: Path) -> dict[str, dict[str, str]]:
    return {
        Path(r["source"].split(":")[0]).name
        + (":" + r["source"].split(":")[1] if ":" in r["source"] else ""): r
        for r in summary(out)
    }


def test_mixed_exit_code_and_one_line_summary(mixed: tuple[Any, Path]) -> None:
    result, _ = mixed
    assert result.exit_code == 1, result.output
    assert "6 assessed, 9 invalid, 1 emergency, 1 see a doctor, 2 to have examined, in" in result.output


def test_mixed_summary_rows(mixed: tuple[Any, Path]) -> None:
    _, out = mixed
    rows = by_source(out)
    assert len(summary(out)) == 15  # every input case, README.txt ignored
    ok = {k for k, r in rows.items() if r["status"] == "ok"}
    assert ok == {"good.yaml", "good.json", "hostile.yaml", "reserved.yaml", "rows.csv:2", "rows.csv:4"}
    assert "YAML syntax error" in rows["syntax.yaml"]["error"]
    assert "JSON syntax error" in rows["syntax.json"]["error"]
    assert "empty" in rows["empty.yaml"]["error"]
    assert "age" in rows["types.json"]["error"] and "pain_at_rest" in rows["types.json"]["error"]
    assert "closest: shoulder_abduction" in rows["unknown.yaml"]["error"]
    assert "knee_flexshun" in rows["rows.csv:3"]["error"]
    assert "cells" in rows["rows.csv:5"]["error"]
    assert rows["good.json"]["triage"] == "see_doctor"
    assert rows["good.json"]["first_step"] == "medical_consultation"
    assert rows["rows.csv:4"]["triage"] == "emergency"
    assert rows["good.yaml"]["pain_protective"] in {"likely", "possible", "unlikely"}


def test_duplicate_ids_are_invalid_in_both_sources_and_never_written(mixed: tuple[Any, Path]) -> None:
    _, out = mixed
    rows = by_source(out)
    a, b = rows["dup_a.yaml"], rows["dup_b.json"]
    assert a["status"] == b["status"] == "invalid"
    assert "duplicate id 'same', also in" in a["error"] and "dup_b.json" in a["error"]
    assert "dup_a.yaml" in b["error"]
    assert not (out / "same.json").exists() and not (out / "same.html").exists()


def test_hostile_and_reserved_ids_become_safe_file_names(mixed: tuple[Any, Path]) -> None:
    _, out = mixed
    rows = by_source(out)
    stem = rows["hostile.yaml"]["output"]
    assert stem == safe_stem("../../etc/x") and "/" not in stem and ".." not in stem
    assert (out / f"{stem}.json").is_file()
    assert json.loads((out / f"{stem}.json").read_text())["case_id"] == "../../etc/x"
    assert rows["reserved.yaml"]["output"] == "case-index"
    assert "<script>" not in (out / f"{stem}.html").read_text()
    assert not list(out.parent.glob("etc*"))


def test_outputs_index_and_errors(mixed: tuple[Any, Path]) -> None:
    _, out = mixed
    names = {p.name for p in out.iterdir()}
    for r in summary(out):
        if r["status"] == "ok":
            assert {f"{r['output']}.json", f"{r['output']}.html"} <= names
    errors = (out / "errors.txt").read_text().splitlines()
    assert len(errors) == 12 and all(": " in line for line in errors)
    index = (out / "index.html").read_text()
    assert index.rstrip().endswith("</html>")
    assert 'href="good-json.html"' in index and 'href="sorted/by-case.html"' in index
    assert 'id="invalid"' in index and "knee_flexshun" in index
    page = (out / "sorted" / "by-case.html").read_text()
    assert 'href="../good-json.html"' in page and 'href="../index.html"' in page
    # sorted by case id: good-json before good-yaml before row-ok-1
    assert page.index("good-json") < page.index("good-yaml") < page.index("row-ok-1")
    assert not [n for n in names if n.endswith(TMP_SUFFIX)]


def test_markup_in_a_case_cannot_move_the_overview_links(tmp_path: Path) -> None:
    cases = tmp_path / '<a href="x">'
    cases.mkdir()
    (cases / 'k<a href="y">.yaml').write_text(
        "id: '<a href=\"z\">'\nrestricted_movements: [knee_flexion]\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert run(str(cases), "--out", str(out), "-j", "1").exit_code == 0
    stem = safe_stem('<a href="z">')
    for page, root in ((out / "index.html", ""), (out / "sorted" / "by-source.html", "../")):
        html = page.read_text(encoding="utf-8")
        assert html.count('<a href="') == html.count("<a href=") and '<a href="x' not in html
        assert f'<a href="{root}{stem}.html">plan</a>' in html, page
        assert "&lt;a href=&#34;z&#34;&gt;" in html and "k&lt;a href=&#34;y&#34;&gt;.yaml" in html


def test_summary_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    case = tmp_path / "f.yaml"
    case.write_text("id: '=HYPERLINK(\"x\")'\nrestricted_movements: [knee_flexion]\n")
    result = run(str(case), "--out", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert summary(tmp_path / "out")[0]["case_id"].startswith("'=")


# -- inputs: globs, stdin, formats -------------------------------------------------------


def test_quoted_glob_stdin_list_and_json_only(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    result = run(str(tmp_path / "cases" / "*.yaml"), "--out", str(out), "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("c*")) == ["c0000.json", "c0003.json"]
    listing = f"{tmp_path / 'cases' / 'c0001.json'}\n\n{tmp_path / 'cases' / 'rows.csv'}\n"
    result = run("-", "--out", str(tmp_path / "out2"), "-j", "1", input=listing)
    assert result.exit_code == 0, result.output
    assert [r["case_id"] for r in summary(tmp_path / "out2")] == ["c0001", "c0002", "c0005"]


def test_missing_inputs_are_reported_not_dropped(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 1)
    (tmp_path / "cases" / "rows.csv").unlink()  # header only: itself an invalid entry
    result = run(
        str(tmp_path / "cases"),
        str(tmp_path / "nope.yaml"),
        str(tmp_path / "*.nothing"),
        "--out",
        str(tmp_path / "out"),
        "-j",
        "1",
    )
    assert result.exit_code == 1
    rows = summary(tmp_path / "out")
    assert [r["status"] for r in rows] == ["ok", "invalid", "invalid"]
    assert "no such file" in rows[1]["error"] and "no file matches" in rows[2]["error"]


def test_discover_skips_the_output_folder_and_repeats(tmp_path: Path) -> None:
    write_cases(tmp_path, 3)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "c0000.json").write_text("{}")
    entries = discover([str(tmp_path), str(tmp_path / "c0000.yaml")], out_dir=str(tmp_path / "out"))
    assert [Path(e.path).name for e in entries] == ["c0000.yaml", "c0001.json", "rows.csv"]


# -- usage errors and --fail-fast --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],  # no inputs
        [str(MIXED)],  # no --out
        [str(MIXED), "--out", "OUT", "--format", "pdf"],  # bad option value
        [str(MIXED), "--out", "OUT", "--jobs", "0"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    assert run(*args).exit_code == 2


def test_unwritable_output_and_empty_stdin_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(str(MIXED / "good.yaml"), "--out", str(blocker / "out"))
    assert result.exit_code == 2 and "output folder" in result.output
    result = run(str(MIXED / "good.yaml"), "--out", str(blocker))
    assert result.exit_code == 2
    assert run("-", "--out", str(tmp_path / "o"), input="\n").exit_code == 2
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert run(str(MIXED / "good.yaml"), "--out", str(locked)).exit_code == 2


def test_fail_fast_stops_at_the_first_invalid_case(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(DATA / "failfast"), "--out", str(out), "--fail-fast", "--jobs", "2")
    assert result.exit_code == 1
    assert "stopped at the first invalid case" in result.output
    assert [r["case_id"] for r in summary(out)] == ["a-first", "b-bad"]
    assert (out / "a-first.json").exists() and not (out / "c-later.json").exists()
    assert not list(out.glob(f".*{TMP_SUFFIX}"))
    full = run(str(DATA / "failfast"), "--out", str(tmp_path / "all"), "--jobs", "1")
    assert full.exit_code == 1 and len(summary(tmp_path / "all")) == 3


# -- determinism -------------------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_jobs_1_and_jobs_2_give_byte_identical_outputs(tmp_path: Path) -> None:
    write_cases(tmp_path / "cases", 40)
    for f in MIXED.glob("*.yaml"):  # invalid and duplicate cases too
        (tmp_path / "cases" / f"z-{f.name}").write_bytes(f.read_bytes())
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run(str(tmp_path / "cases"), "--out", str(one), "--jobs", "1")
    r2 = run(str(tmp_path / "cases"), "--out", str(two), "--jobs", "2")
    assert r1.exit_code == r2.exit_code == 1
    a, b = tree(one), tree(two)
    assert len(a) > 80 and a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_spawned_workers_build_their_own_engine_and_write_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_cases(tmp_path / "cases", 12)
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(str(tmp_path / "cases"), "--out", str(one), "--jobs", "1").exit_code == 0
    monkeypatch.setattr(batch_run, "START_METHOD", "spawn")  # the default on macOS
    result = run(str(tmp_path / "cases"), "--out", str(two), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert tree(one) == tree(two)


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 63, 64, 65, 1000])
def test_items_in_flight_stay_within_the_window_and_all_come_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, n: int
) -> None:
    pulled = 0
    read_items = batch_run.work_items

    def counted(entries: list[Entry]) -> Any:
        nonlocal pulled
        for item in read_items(entries):
            pulled += 1
            yield item

    monkeypatch.setattr(batch_run, "work_items", counted)
    entries = [Entry(f"case-{i}.yaml", "does not exist") for i in range(n)]  # quick to process
    config = WorkerConfig({"json": render_json}, str(tmp_path), resume=False)
    seen, most = 0, 0
    for results in batch_run.case_results(entries, config, 2):
        seen += len(results)
        most = max(most, pulled - seen)
    assert seen == n
    assert most <= 2 * batch_run.CHUNK * 4  # the window's size for two jobs
