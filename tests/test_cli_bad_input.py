"""regain assess on bad input: one line per problem, exit status 2, nothing written, no traceback."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_cli_assess import (
    BAD,
    EXAMPLE,
    LINE,
    run,
)

from regain.engine.case_reader import MAX_CASE_BYTES
from regain.knowledge import load_knowledge
from regain.knowledge import loader as kb_loader

# -- bad input ------------------------------------------------------------------------------------


def _assert_bad(
    result: Result, source: str, expected: list[tuple[str, ...]], out: Path | None = None
) -> list[re.Match[str]]:
    """Exit 2, exactly one well-formed stderr line per expected problem, nothing written.

    ``expected`` holds, per problem, the field first and then strings its line must contain.
    """
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output and "Error:" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    matches = []
    for line in lines:
        m = LINE.match(line)
        assert m is not None, f"not '<file>[:row]: <field>: <what> (allowed: …)': {line!r}"
        assert m["file"] == source, line
        matches.append(m)
    assert len(lines) == len(expected), lines
    for field, *parts in expected:
        hits = [m for m in matches if m["field"] == field and all(p in m.string for p in parts)]
        assert hits, f"no problem for {field} with {parts}: {lines}"
    if out is not None:
        assert not out.exists()
        assert list(out.parent.iterdir()) == []
    return matches


BAD_CASES: dict[str, list[tuple[str, ...]]] = {
    "empty.yaml": [("(file)", "empty")],
    "whitespace_only.yaml": [("(file)", "empty")],
    "yaml_syntax.yaml": [("(file)", "YAML syntax error", "line")],
    "json_syntax.json": [("(file)", "JSON syntax error", "line 1")],
    "top_level_list.yaml": [("(file)", "a list", "mapping")],
    "wrong_types.yaml": [
        ("pain_on_movement", "'quite a lot'", "integer", "0 to 10"),
        ("avoids_movement", "3", "true, false, unknown"),
        ("pain_regions", "'shoulder_side'", "list"),
    ],
    "unknown_key.yaml": [("pain_on_movment", "unknown field", "closest: pain_on_movement")],
    "unknown_ids.yaml": [
        ("restricted_movements[0]", "unknown movement 'shoulder_flexon'", "closest: shoulder_flexion"),
        ("pain_regions[0]", "unknown region 'shoulder_sde'", "closest: shoulder_side"),
        ("red_flags[0]", "unknown red flag 'pregnancyy'", "closest: pregnancy"),
    ],
    "out_of_range.yaml": [
        ("pain_on_movement", "11", "out of range", "0 to 10"),
        ("age", "-1", "out of range", "0 to 120"),
        ("range_measured.shoulder_flexion", "400", "out of range", "0 to 360"),
    ],
    "non_integer_pain.yaml": [("pain_at_rest", "4.5", "whole number", "0 to 10")],
    "format_v3.yaml": [("format", "regain-case/3", "allowed: regain-case/1 or regain-case/2")],
    "missing_movements.yaml": [("restricted_movements", "missing")],
    "empty_movements.yaml": [("restricted_movements", "at least one")],
    "multi_row.csv": [("(file)", "several cases", "regain batch")],
    "several_problems.json": [
        ("restricted_movements[0]", "neck_rotaton", "closest: neck_rotation"),
        ("pain_on_movement", "12", "out of range"),
        ("side", "'lefft'", "closest: left", "left, right, both"),
        ("feels_weak", "'maybe'"),
        ("colour", "unknown field"),
        ("red_flags", "'none'", "list"),
    ],
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_bad_input_fixture(runner: CliRunner, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / "plan.html"
    out.parent.mkdir()
    path = str(BAD / name)
    result = run(runner, "assess", path, "-o", str(out))
    _assert_bad(result, path, BAD_CASES[name], out)


def test_every_bad_fixture_is_covered() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_CASES)


@pytest.mark.parametrize(
    "name",
    ["wrong_types.yaml", "several_problems.json", "yaml_syntax.yaml", "json_syntax.json", "empty.yaml"],
)
def test_bad_input_on_stdin(runner: CliRunner, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    result = run(runner, "assess", "-", "-o", str(out), stdin=(BAD / name).read_bytes())
    _assert_bad(result, "<stdin>", BAD_CASES[name], out)


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    path = str(tmp_path / "nowhere.yaml")
    _assert_bad(run(runner, "assess", path, "-o", str(out)), path, [("(file)", "no such file")], out)


@pytest.mark.parametrize("name", ["folder.yaml", "folder"])
def test_a_folder_is_not_a_case_file(runner: CliRunner, tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    _assert_bad(run(runner, "assess", str(folder), "-o", str(out)), str(folder), [("(file)", "folder")], out)


def test_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "secret.yaml"
    case.write_text("restricted_movements: [neck_rotation]\n")
    case.chmod(0)
    try:
        if os.access(case, os.R_OK):
            pytest.skip(
                "running as root: chmod 000 does not make a file unreadable "
                "(test_a_folder_is_not_a_case_file covers an unreadable path)"
            )
        out = tmp_path / "out" / "plan.json"
        out.parent.mkdir()
        _assert_bad(
            run(runner, "assess", str(case), "-o", str(out)), str(case), [("(file)", "cannot read")], out
        )
    finally:
        case.chmod(0o600)


def test_not_a_case_file_type(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "case.txt"
    case.write_text("restricted_movements: [neck_rotation]\n")
    _assert_bad(run(runner, "assess", str(case)), str(case), [("(file)", "'.txt'", ".yaml")])


@pytest.mark.parametrize("where", ["file", "stdin"])
def test_huge_input(runner: CliRunner, tmp_path: Path, where: str) -> None:
    text = "restricted_movements: [neck_rotation]\nnotes: '" + "x" * (MAX_CASE_BYTES + 10) + "'\n"
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    if where == "file":
        case = tmp_path / "huge.yaml"
        case.write_text(text)
        result, source = run(runner, "assess", str(case), "-o", str(out)), str(case)
    else:
        result, source = run(runner, "assess", "-", "-o", str(out), stdin=text), "<stdin>"
    _assert_bad(result, source, [("(file)", "larger than", "KiB")], out)


def test_deeply_nested_json_is_an_error_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "deep.json"
    case.write_text("[" * 100_000 + "]" * 100_000)
    _assert_bad(run(runner, "assess", str(case)), str(case), [("(file)", "nested too deeply")])


def test_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "latin1.yaml"
    case.write_bytes("restricted_movements: [neck_rotation]\nname: Jos\xe9\n".encode("latin-1"))
    _assert_bad(run(runner, "assess", str(case)), str(case), [("(file)", "UTF-8")])


def test_csv_row_problems_name_the_row(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "one.csv"
    case.write_text("restricted_movements,pain_on_movement\nshoulder_flexion,eleven\n")
    [m] = _assert_bad(run(runner, "assess", str(case)), str(case), [("pain_on_movement", "'eleven'")])
    assert m["row"] == "2"  # CSV problems name the row: <file>:<row>


def test_an_existing_output_file_is_left_alone_on_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_text("previous plan\n")
    result = run(runner, "assess", str(BAD / "out_of_range.yaml"), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous plan\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


# -- a broken knowledge base ----------------------------------------------------------------------


@pytest.fixture()
def broken_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    shutil.copytree(kb_loader.DATA_DIR, data)
    path = data / "muscles.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("primary: [jaw, ear]", "primary: [jaw, earlobe]", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(kb_loader, "DATA_DIR", data)
    load_knowledge.cache_clear()
    yield data
    monkeypatch.undo()
    load_knowledge.cache_clear()
    load_knowledge()  # the real one again, for the tests that follow


@pytest.mark.parametrize("args", [("kb", "check"), ("assess", str(EXAMPLE)), ("kb", "list", "muscles")])
def test_broken_knowledge_base_gives_a_clear_error(
    runner: CliRunner, broken_kb: Path, args: tuple[str, ...]
) -> None:
    result = run(runner, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert "knowledge base is invalid" in result.stderr
    assert re.search(
        r"muscles\.yaml: muscles\.masseter\.refers_to\.primary: unknown region "
        r"'earlobe' \(closest: [^)]*ear",
        result.stderr,
    ), result.stderr
