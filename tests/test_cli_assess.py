"""``regain`` on the command line (Click's CliRunner): help, assess, kb, and every bad-input class.

Bad input must exit with status 2, print one line per problem on stderr as
``<file>[:row]: <field>: <what> (allowed: …)``, show no traceback and write
nothing (``-o`` leaves no file behind).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from regain import __version__
from regain.cli import main
from regain.engine.case_reader import MAX_CASE_BYTES
from regain.knowledge import KnowledgeBase, load_knowledge
from regain.knowledge import loader as kb_loader

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
EXAMPLE = TESTS.parent / "examples" / "shoulder.yaml"

LINE = re.compile(
    r"^(?P<file>.+?)(?::(?P<row>\d+))?: (?P<field>[^\s:]+): (?P<what>.+) "
    r"\(allowed: (?P<allowed>.+)\)$"
)
ALLOWED_TO_WRITE = ("wrote ",)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, stdin: str | bytes | None = None) -> Result:
    return runner.invoke(main, list(args), input=stdin, catch_exceptions=False, prog_name="regain")


# -- help and version -----------------------------------------------------------------------------


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


ALL_COMMANDS = list(_commands(main))


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"regain, version {__version__}"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_main_help_lists_the_commands(runner: CliRunner, flag: str) -> None:
    result = run(runner, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: regain")
    for name in main.commands:
        assert name in result.stdout
    assert "not a diagnosis" in result.stdout


def test_there_are_assess_and_kb_commands() -> None:
    assert {("assess",), ("kb",), ("kb", "check"), ("kb", "list")} <= set(ALL_COMMANDS)


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = run(runner, *command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: regain {' '.join(command)}")
    assert len(result.stdout.splitlines()) > 3


# -- assess: outputs ------------------------------------------------------------------------------


def test_assess_text(runner: CliRunner) -> None:
    result = run(runner, "assess", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("regain assessment: Alex")
    assert "not a diagnosis" in result.stdout
    assert result.stderr == ""


def test_assess_json(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = run(runner, "assess", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "regain-assessment/2"
    assert data["case_id"] == "shoulder-example"
    assert data["knowledge_version"] == kb.version
    assert data["triage"] == "self_care"
    assert set(data["causes"]) == {"pain_protective", "shortening_adhesion"}
    assert data["plan"]


def test_assess_html(runner: CliRunner) -> None:
    result = run(runner, "assess", str(EXAMPLE), "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "<html" in result.stdout.lower() and "</html>" in result.stdout.lower()
    assert "Alex" in result.stdout


def test_assess_escapes_the_name_in_html(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "evil.yaml"
    case.write_text('restricted_movements: [neck_rotation]\nname: "<script>alert(1)</script>"\n')
    result = run(runner, "assess", str(case), "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "<script>alert(1)</script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda text: json.loads(text)["format"] == "regain-assessment/2"),
        (".html", lambda text: "</html>" in text.lower()),
        (".txt", lambda text: text.startswith("regain assessment: Alex")),
    ],
)
def test_assess_output_file_format_from_suffix(
    runner: CliRunner, tmp_path: Path, suffix: str, check: object
) -> None:
    out = tmp_path / f"plan{suffix}"
    result = run(runner, "assess", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    assert check(out.read_text(encoding="utf-8"))  # type: ignore[operator]
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_assess_format_option_beats_the_suffix(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    assert run(runner, "assess", str(EXAMPLE), "-f", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["case_id"] == "shoulder-example"


def test_assess_json_output_matches_the_file_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    printed = run(runner, "assess", str(EXAMPLE), "-f", "json").stdout
    run(runner, "assess", str(EXAMPLE), "-o", str(out))
    assert out.read_text(encoding="utf-8") == printed


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_assess_reads_stdin(runner: CliRunner, kind: str) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    text = json.dumps(data) if kind == "json" else EXAMPLE.read_text(encoding="utf-8")
    result = run(runner, "assess", "-", "-f", "json", stdin=text)
    assert result.exit_code == 0, result.stderr
    from_file = json.loads(run(runner, "assess", str(EXAMPLE), "-f", "json").stdout)
    assert json.loads(result.stdout) == from_file


def test_yes_no_booleans_strings_and_x_keys_are_accepted(runner: CliRunner) -> None:
    outputs = {}
    for name in ("yes_no.yaml", "yes_no.json", "one_row.csv"):
        result = run(runner, "assess", str(GOOD / name), "-f", "json")
        assert result.exit_code == 0, result.stderr
        outputs[name] = json.loads(result.stdout)
    first = outputs["yes_no.yaml"]
    assert all(o == first for o in outputs.values())
    evidence = {e["rule"] for e in first["causes"]["pain_protective"]["evidence"]}
    assert "avoids_movement_because_of_pain" in evidence  # `yes` read as true
    assert "x_clinic_ref" not in json.dumps(first)  # kept, but ignored
    assert "avoids_movement" not in first["missing"] and "red_flags" not in first["missing"]


def test_yes_no_mean_the_same_as_true_false(runner: CliRunner, tmp_path: Path) -> None:
    text = (GOOD / "yes_no.yaml").read_text(encoding="utf-8")
    case = tmp_path / "yes_no.yaml"
    case.write_text(text.replace(": yes", ": true").replace(": no", ": false"), encoding="utf-8")
    a = run(runner, "assess", str(GOOD / "yes_no.yaml"), "-f", "json").stdout
    b = run(runner, "assess", str(case), "-f", "json").stdout
    assert a == b


# -- kb -------------------------------------------------------------------------------------------


def test_kb_check(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = run(runner, "kb", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"knowledge base {kb.version}: OK")
    for what, count in kb.counts().items():
        assert re.search(rf"^\s+{re.escape(what)}\s+{count}$", result.stdout, re.M), what
    assert re.search(r"^\s+rules\s+\d+$", result.stdout, re.M)


@pytest.mark.parametrize(
    "what",
    [
        "movements",
        "regions",
        "muscles",
        "exercises",
        "red_flags",
        "combinations",
        "other_causes",
        "questions",
        "steps",
    ],
)
def test_kb_list(runner: CliRunner, kb: KnowledgeBase, what: str) -> None:
    result = run(runner, "kb", "list", what)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    items = getattr(kb, what)
    assert [line.split()[0] for line in lines] == list(items)
    if what in ("red_flags", "combinations"):
        for line, flag in zip(lines, items.values(), strict=True):
            assert f"[{flag.tier}]" in line
    if what in ("movements", "regions", "muscles", "exercises", "other_causes", "combinations"):
        first = next(iter(items.values()))
        assert first.name in lines[0]


def test_kb_list_rejects_an_unknown_list(runner: CliRunner) -> None:
    result = run(runner, "kb", "list", "bones")
    assert result.exit_code == 2
    assert "bones" in result.stderr and "Traceback" not in result.output


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
