"""``regain ask`` asks again on any input, and never loses the answers given.

Superscript and circled digits passed ``str.isdigit`` and then crashed
``int``; a resume file with a 5,000-digit number crashed when the answers were
saved; an error inside the session lost them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from regain import interactive
from regain.cli import main
from regain.knowledge import KnowledgeBase

ODD = [
    "²",
    "①",
    "٣",
    "１",
    "1²",
    "0x1",
    "1e3",
    "+-1",
    "nan",
    "inf",
    "9" * 5000,
    "1.5.2",
    "\x1b[2J",
    ",,",
    "¹,²",
    "\u202e1",
]


def ask(tmp_path: Path, lines: list[str], *args: str) -> Result:
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(main, ["ask", "--out", str(tmp_path), "--id", "h", *args], input=text)


def flags_none_then_area(kb: KnowledgeBase) -> list[str]:
    areas = [a for a in kb.areas if any(m.area == a for m in kb.movements.values())]
    return ["0", str(areas.index("knee") + 1)]


@pytest.mark.parametrize("odd", ODD)
def test_every_numbered_prompt_asks_again_on_odd_digits(tmp_path: Path, kb: KnowledgeBase, odd: str) -> None:
    # red flags, body areas, the movement list and the 0-10 pain scale, each given the odd input first
    result = ask(tmp_path, [odd, "0", odd, *flags_none_then_area(kb)[1:], odd, "1", odd, "3"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if odd:
        assert result.output.count("is not an answer here") >= 3, result.output
    saved = yaml.safe_load((tmp_path / "h.partial.yaml").read_text(encoding="utf-8"))
    assert saved["red_flags"] == [] and saved["pain_on_movement"] == 3
    echoed = set(ODD)  # the test runner echoes what was typed, as a terminal would
    shown = [line for line in result.output.splitlines() if line.removeprefix("> ") not in echoed]
    assert not [line for line in shown if "\x1b" in line or "\u202e" in line]


def test_a_resume_file_with_a_huge_number_is_refused_at_load(tmp_path: Path) -> None:
    partial = tmp_path / "p.partial.yaml"
    partial.write_text(
        "restricted_movements: [knee_flexion]\npain_on_movement: "
        + "9" * 5000
        + "\nx_note: 0x"
        + "F" * 5000
        + "\n"
    )
    result = CliRunner().invoke(main, ["ask", "--out", str(tmp_path / "out"), "--resume", str(partial)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["pain_on_movement", "x_note"]
    assert all("digits" in line and len(line) < 200 for line in lines)


def test_an_error_inside_the_session_saves_the_answers_before_it_is_reported(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_ask = interactive.Session.ask
    calls = {"n": 0}

    def breaks_at_the_third_question(self: interactive.Session, qid: str) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValueError("a bug")
        return real_ask(self, qid)

    monkeypatch.setattr(interactive.Session, "ask", breaks_at_the_third_question)
    result = ask(tmp_path, [*flags_none_then_area(kb), "1", "3"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "Error: regain ask stopped on an unexpected error (ValueError: a bug); your answers so far are saved"
    ) in result.output
    saved = yaml.safe_load((tmp_path / "h.partial.yaml").read_text(encoding="utf-8"))
    assert saved["red_flags"] == [] and saved["restricted_movements"]


def test_answers_are_printed_when_they_cannot_be_saved(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["ask", "--out", str(blocker / "sub"), "--id", "h"], input="0\n")
    assert "Traceback" not in result.output
    assert "Could not save your answers" in result.output
    assert "red_flags: []" in result.output


def test_a_line_that_is_not_text_is_asked_again(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    regain = str(Path(sys.executable).with_name("regain"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}  # as under a non-C UTF-8 locale
    proc = subprocess.run(
        [regain, "ask", "--out", str(tmp_path), "--id", "u"],
        input=b"\xff\xfe\n0\n",
        capture_output=True,
        env=env,
        timeout=60,
    )
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, out  # the end of input, after the second question
    assert "Traceback" not in out and "unexpected error" not in out
    assert "'\\udcff\\udcfe' is not an answer here" in out
    assert yaml.safe_load((tmp_path / "u.partial.yaml").read_text(encoding="utf-8"))["red_flags"] == []
