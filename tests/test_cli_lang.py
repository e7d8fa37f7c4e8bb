"""``--lang`` on every command, ``REGAIN_LANG`` and the locale, wired through to the knowledge base.

German here is the fixture overlays of ``tests/data/overlays/de/`` (``bundled``), with
one movement and one plan step more, so a run in German shows German texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, declare

from regain.cli import main
from regain.knowledge import loader as kb_loader
from regain.knowledge.language import declared_languages

EXAMPLE = str(ROOT / "examples" / "shoulder.yaml")

#: Every command, with arguments it would run with.
COMMANDS = {
    "assess": ["assess", EXAMPLE],
    "ask": ["ask"],
    "batch": ["batch", EXAMPLE, "--out", "plans"],
    "kb check": ["kb", "check"],
    "kb list": ["kb", "list", "movements"],
    "kb site": ["kb", "site", "atlas"],
    "track start": ["track", "start", EXAMPLE],
    "track checkin": ["track", "checkin", "j1"],
    "track show": ["track", "show", "j1"],
    "track list": ["track", "list"],
    "track export": ["track", "export", "j1"],
    "track calendar": ["track", "calendar", "j1", "-o", "plan.ics"],
    "serve": ["serve"],
}


def german(data: Path) -> None:
    """Declare German, and translate a movement and a plan step besides the fixtures."""
    declare(data, "[en, de]")
    (data / "de" / "movements.yaml").write_text(
        "language: de\ntranslation: Test\nmovements:\n  shoulder_abduction:\n    name: Arm seitlich heben\n",
        encoding="utf-8",
    )
    (data / "de" / "plan_steps.yaml").write_text(
        "language: de\ntranslation: Test\nsteps:\n  long_hold_stretching:\n    title: Lange Dehnungen\n",
        encoding="utf-8",
    )


def spoken() -> str:
    return ", ".join(declared_languages(kb_loader.DATA_DIR))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_a_language_it_does_not_speak(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*COMMANDS[command], "--lang", "fr"], input="")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"--lang: 'fr' is not a language regain speaks (one of: {spoken()})\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing done


@pytest.mark.parametrize("command", ["assess", "kb list", "track list"])
def test_english_by_name_is_fine(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, [*COMMANDS[command], "--lang", "en"], env={"REGAIN_DB": str(tmp_path / "j.db")}
    )
    assert result.exit_code == 0, result.output


def test_regain_lang_naming_an_unknown_language_is_refused_too() -> None:
    result = CliRunner().invoke(main, ["kb", "list", "movements"], env={"REGAIN_LANG": "fr"})
    assert result.exit_code == 2
    assert result.stderr == f"REGAIN_LANG: 'fr' is not a language regain speaks (one of: {spoken()})\n"


def test_german_is_refused_until_meta_declares_it(bundled: Path) -> None:
    result = CliRunner().invoke(main, ["kb", "list", "movements", "--lang", "de"])
    assert result.exit_code == 2
    assert "'de' is not a language regain speaks (one of: en)" in result.stderr


def _movement_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("shoulder_abduction"))


def test_lang_de_shows_the_german_texts(bundled: Path) -> None:
    german(bundled)
    runner = CliRunner()
    assert _movement_line(runner.invoke(main, ["kb", "list", "movements", "--lang", "de"]).stdout).endswith(
        "Arm seitlich heben"
    )
    english = runner.invoke(main, ["kb", "list", "movements", "--lang", "en"]).stdout
    assert not _movement_line(english).endswith("Arm seitlich heben")  # the near miss


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REGAIN_LANG": "de"}, "de"),
        ({"REGAIN_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "de_DE.UTF-8"}, "de"),
        ({"REGAIN_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"REGAIN_LANG": "", "LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL decides
    ],
)
def test_without_lang_the_environment_decides(bundled: Path, env: dict[str, str], expected: str) -> None:
    german(bundled)
    result = CliRunner().invoke(main, ["kb", "list", "movements"], env=env)
    assert result.exit_code == 0, result.output
    assert _movement_line(result.stdout).endswith("Arm seitlich heben") == (expected == "de")


def test_lang_on_the_command_line_beats_regain_lang(bundled: Path) -> None:
    german(bundled)
    result = CliRunner().invoke(main, ["kb", "list", "movements", "--lang", "en"], env={"REGAIN_LANG": "de"})
    assert not _movement_line(result.stdout).endswith("Arm seitlich heben")


def test_assess_writes_the_plan_in_german_with_lang_de(bundled: Path, tmp_path: Path) -> None:
    german(bundled)
    out = tmp_path / "plan.html"
    result = CliRunner().invoke(main, ["assess", EXAMPLE, "-o", str(out), "--lang", "de"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Lange Dehnungen" in page
    result = CliRunner().invoke(main, ["assess", EXAMPLE, "-o", str(out), "--lang", "en"])
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Lange Dehnungen" not in page


def test_batch_writes_every_plan_in_the_language_asked_for(bundled: Path, tmp_path: Path) -> None:
    german(bundled)
    result = CliRunner().invoke(
        main, ["batch", EXAMPLE, "--out", str(tmp_path / "plans"), "--jobs", "1", "--lang", "de"]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "plans" / "shoulder-example.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Lange Dehnungen" in page
    assert '<html lang="de">' in (tmp_path / "plans" / "index.html").read_text(encoding="utf-8")
    plan = json.loads((tmp_path / "plans" / "shoulder-example.json").read_text(encoding="utf-8"))
    assert plan["plan"][0]["kind"] in {"check_tender_spots", "trigger_point_self_treatment"}  # ids stay ids
