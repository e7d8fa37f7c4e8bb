"""``regain`` on the command line (Click's CliRunner): help, assess, kb, and every bad-input class.

Bad input must exit with status 2, print one line per problem on stderr as
``<file>[:row]: <field>: <what> (allowed: …)``, show no traceback and write
nothing (``-o`` leaves no file behind).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from regain import __version__
from regain.cli import main
from regain.knowledge import KnowledgeBase

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


def test_dash_as_output_is_standard_output(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    printed = run(runner, "assess", str(EXAMPLE), "-f", "json").stdout
    result = run(runner, "assess", str(EXAMPLE), "-f", "json", "-o", "-")
    assert result.exit_code == 0 and result.stdout == printed
    assert list(tmp_path.iterdir()) == []  # no file named '-'
    assert run(runner, "assess", str(EXAMPLE), "-o", "./-").exit_code == 0  # a file so named, if asked
    assert [p.name for p in tmp_path.iterdir()] == ["-"]


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
