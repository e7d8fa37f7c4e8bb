"""Reading case files strictly: duplicate keys, YAML 1.2 numbers, huge numbers, CSV rows, special files.

Each of these once changed or lost an answer without a word (a second
``red_flags: []`` erased an emergency flag; ``1:30`` was read as 90; one
Latin-1 byte dropped some 256 CSV rows) or crashed with a traceback (a number
of 5,000 digits, a FIFO that hung for ever, a closed standard input).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from regain.cli import main
from regain.engine.case import CaseError
from regain.engine.case_parsing import MAX_NUMBER_DIGITS, TooManyDigits
from regain.engine.case_reader import parse_text, read_case_path
from regain.engine.value_checks import show as _show

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASES = Path(__file__).resolve().parent / "cases"


def assess(path: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["assess", str(path), *args], input=stdin)


def problems(result: Result) -> list[str]:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    return result.stderr.splitlines()


# -- duplicate keys ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "field", "lines"),
    [
        (
            "flags.yaml",
            "restricted_movements: [knee_flexion]\nred_flags: [fever_or_unwell]\n"
            "pain_on_movement: 3\nred_flags: []\n",
            "red_flags",
            (2, 4),
        ),
        (
            "nested.yaml",
            "restricted_movements: [knee_flexion]\nrange_measured:\n"
            "  knee_flexion: 90\n  knee_flexion: 140\n",
            "range_measured.knee_flexion",
            (3, 4),
        ),
        (
            "flags.json",
            '{"restricted_movements": ["knee_flexion"],\n "red_flags": ["fever_or_unwell"],\n'
            ' "red_flags": []}',
            "red_flags",
            (2, 3),
        ),
        (
            "nested.json",
            '{"restricted_movements": ["knee_flexion"], "range_measured": {\n'
            '  "knee_flexion": 90,\n  "knee_flexion": 140}}',
            "range_measured.knee_flexion",
            (2, 3),
        ),
        (
            "deep.json",
            '{"restricted_movements": ["knee_flexion"],\n"x_a": [1, {"b": {"c": 1,\n"c": 2}}]}',
            "x_a[1].b.c",
            (2, 3),
        ),
    ],
)
def test_a_duplicate_key_is_an_error_naming_the_key_and_both_lines(
    tmp_path: Path, name: str, text: str, field: str, lines: tuple[int, int]
) -> None:
    case = tmp_path / name
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.html"
    [line] = problems(assess(case, "-o", str(out)))
    key = field.rsplit(".", 1)[-1]
    assert line.startswith(
        f"{case}: {field}: duplicate key '{key}', on line {lines[0]} and again on line {lines[1]}"
    ), line
    assert not out.exists()


def test_every_duplicate_is_reported_and_values_that_are_equal_are_no_excuse(tmp_path: Path) -> None:
    case = tmp_path / "two.yaml"
    case.write_text(
        "restricted_movements: [knee_flexion]\nside: left\nside: left\n"
        "range_measured: {knee_flexion: 3, knee_flexion: 4}\n"
    )
    found = problems(assess(case))
    assert [line.split(": ")[1] for line in found] == ["side", "range_measured.knee_flexion"]
    assert "twice on line 4 (columns 18 and 35)" in found[1]


def test_duplicate_keys_in_a_json_file_of_many_keys_are_found_quickly() -> None:
    text = "{" + ",".join(f'"k{i % 5000}": {i}' for i in range(60_000)) + "}"
    with pytest.raises(CaseError) as caught:
        parse_text(text, "json", "big.json")
    assert len(caught.value.problems) == 55_000


# -- YAML 1.2 numbers, booleans and tags ---------------------------------------------------


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("1:30", "1:30"),
        ("012", 12),
        ("0o12", 10),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("1e308", 1e308),
        ("1.5e3", 1500.0),
        (".5", 0.5),
        ("-.inf", float("-inf")),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("2026-01-01", "2026-01-01"),
        ("'5'", "5"),
    ],
)
def test_plain_scalars_are_read_as_yaml_1_2_core_schema(scalar: str, value: object) -> None:
    assert parse_text(f"v: {scalar}\n", "yaml", "t.yaml") == {"v": value}


def test_sexagesimal_is_an_error_and_1e308_a_number(tmp_path: Path) -> None:
    case = tmp_path / "n.yaml"
    case.write_text("restricted_movements: [knee_flexion]\nduration_weeks: 1:30\n")
    [line] = problems(assess(case))
    assert line.startswith(f"{case}: duration_weeks: '1:30' is not a number")
    case.write_text("restricted_movements: [knee_flexion]\nduration_weeks: 1e308\n")
    [line] = problems(assess(case))
    assert "duration_weeks: 1e+308 is out of range" in line
    case.write_text("restricted_movements: [knee_flexion]\nduration_weeks: 1.2e1\n")
    assert assess(case, "-f", "json").exit_code == 0


@pytest.mark.parametrize(
    "tagged",
    [
        "!!timestamp 2026-01-01",
        "!!binary aGVsbG8=",
        "!!python/name:os.system",
        "!!set {a, b}",
        "!custom x",
        "!!float abc",
        "!!int 1:30",
        "!!bool maybe",
        "!!null x",
        "!!int [1]",
    ],
)
def test_tags_other_than_the_core_ones_are_errors_not_crashes(tmp_path: Path, tagged: str) -> None:
    case = tmp_path / "t.yaml"
    case.write_text(f"restricted_movements: [knee_flexion]\nnotes: {tagged}\n")
    [line] = problems(assess(case))
    assert line.startswith(f"{case}: "), line
    assert "line 2" in line, line


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*.*")) + sorted(CASES.glob("*.yaml")), ids=lambda p: p.name
)
def test_every_example_and_library_case_reads_as_before(path: Path) -> None:
    import yaml

    if path.suffix == ".csv":
        assert all(not isinstance(r.data, CaseError) for r in read_case_path(str(path)))
        return
    text = path.read_text(encoding="utf-8")
    new = parse_text(text, "json" if path.suffix == ".json" else "yaml", str(path))
    old = yaml.safe_load(text)
    yes_no = {True: "yes", False: "no"}

    def same(a: object, b: object) -> bool:  # YAML 1.1's yes/no booleans are now the words,
        if isinstance(a, dict) and isinstance(b, dict):  # and its dates the text of the date
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(map(same, a, b))
        if isinstance(b, datetime.date):
            return a == b.isoformat()
        return a == b or (isinstance(b, bool) and a == yes_no[b])

    assert same(new, old)


# -- huge numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "field"),
    [
        (
            "hex.yaml",
            "restricted_movements: [knee_flexion]\npain_on_movement: 0x" + "F" * 5000 + "\n",
            "pain_on_movement",
        ),
        ("dec.yaml", "restricted_movements: [knee_flexion]\nage: " + "9" * 5000 + "\n", "age"),
        ("dec.json", '{"restricted_movements": ["knee_flexion"], "age": ' + "9" * 5000 + "}", "age"),
        (
            "float.json",
            '{"restricted_movements": ["knee_flexion"], "duration_weeks": 1' + "0" * 400 + ".5}",
            "duration_weeks",
        ),
        ("extra.yaml", "restricted_movements: [knee_flexion]\nx_big: [1, " + "7" * 5000 + "]\n", "x_big"),
        ("age.csv", "restricted_movements,age\nknee_flexion," + "9" * 400 + "\n", "age"),
        (
            "range.csv",
            "restricted_movements,range_measured.knee_flexion\nknee_flexion,1" + "0" * 400 + "\n",
            "range_measured.knee_flexion",
        ),
    ],
)
def test_huge_numbers_are_one_clear_line(tmp_path: Path, name: str, text: str, field: str) -> None:
    case = tmp_path / name
    case.write_text(text)
    [line] = problems(assess(case))
    assert f": {field}: " in line and ("digits" in line or "out of range" in line), line
    assert len(line) < 300


def test_show_is_bounded_for_any_value() -> None:
    assert _show(10**5000) == "a number with about 5,001 digits"
    assert len(_show("x" * 10**6)) <= 60
    assert repr(TooManyDigits(MAX_NUMBER_DIGITS + 1)) == f"a number with {MAX_NUMBER_DIGITS + 1} digits"


# -- CSV: every row assessed or reported, with its own number -----------------------------------


def test_one_undecodable_byte_spoils_only_its_own_row(tmp_path: Path) -> None:
    lines = [b"id,restricted_movements,name"] + [f"r{n},knee_flexion,n{n}".encode() for n in range(2, 1001)]
    lines[499] = "r500,knee_flexion,José".encode("latin-1")  # row 500, as a spreadsheet numbers it
    (tmp_path / "rows.csv").write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "rows.csv"), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'rows.csv'}:500: name: not UTF-8 text (byte 0xe9)" in result.output
    with (out / "summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 999
    assert [r["source"].rsplit(":", 1)[1] for r in rows] == [str(n) for n in range(2, 1001)]
    assert [r["case_id"] for r in rows if r["status"] != "ok"] == ["rows-500"]
    assert len(list(out.glob("r*.json"))) == 998


# -- special files and standard input ---------------------------------------------------------


REGAIN = str(Path(sys.executable).with_name("regain"))


def run_regain(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``regain`` in a process of its own, with a time limit: a hang fails the test, not the suite."""
    return subprocess.run(
        [REGAIN, *args], capture_output=True, text=True, timeout=60, cwd=cwd, stdin=subprocess.DEVNULL
    )


def test_a_fifo_is_reported_at_once_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    proc = run_regain("assess", str(fifo))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"{fifo}: (file): is a FIFO (named pipe), not a regular file")
    assert len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize("option", ["--answers", "--resume"])
def test_ask_reports_a_fifo_at_once(tmp_path: Path, option: str) -> None:
    fifo = tmp_path / "pipe.partial.yaml"
    os.mkfifo(fifo)
    proc = run_regain("ask", "--out", str(tmp_path / "out"), option, str(fifo))
    assert proc.returncode == 2, proc.stderr
    assert "is a FIFO (named pipe), not a regular file" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_closed_standard_input_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from regain.engine.case_reader import read_one_case

    monkeypatch.setattr("sys.stdin", None)  # what Python makes of `regain assess - <&-`
    with pytest.raises(CaseError, match="standard input is closed"):
        read_one_case("-")


def test_closed_stdin_in_a_real_process() -> None:
    regain = REGAIN
    proc = subprocess.run(
        [regain, "assess", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        pass_fds=(),
        close_fds=True,
        preexec_fn=lambda: os.close(0),
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr.strip() == "<stdin>: (file): standard input is closed (allowed: a case on standard input)"
    )


def test_json_values_are_unchanged_by_the_strict_reader() -> None:
    text = json.dumps({"restricted_movements": ["knee_flexion"], "age": 40, "x": {"y": [1.5, None, True]}})
    assert parse_text(text, "json", "t.json") == json.loads(text)
