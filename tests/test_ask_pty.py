"""``regain ask`` in a real pseudo-terminal (pexpect): a full session, Ctrl-C, --resume.

These run the installed ``regain`` script of the virtual environment next to
the running Python, as a person would, so they also catch what Click's test
runner cannot: terminal echo, SIGINT handling and the exit status.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from regain.knowledge import KnowledgeBase

pexpect = pytest.importorskip("pexpect")

from test_ask_cli import GOLDEN, lines_for, script_for  # noqa: E402

pytestmark = pytest.mark.terminal

REGAIN = Path(sys.executable).parent / "regain"
PROMPT = "\r\n> "
TIMEOUT = 30


def _as_at_a_terminal() -> None:
    """In the child: Ctrl-C interrupts, as in a terminal, however the suite was started.

    A command started in the background by a shell without job control (a CI
    runner's ``cmd &``, ``nohup``) inherits SIGINT ignored, and Python then
    leaves it ignored: Ctrl-C would do nothing and the test would wait forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(cwd: Path, *args: str) -> Any:
    if not REGAIN.exists():
        pytest.skip(f"no regain script at {REGAIN}")
    child = pexpect.spawn(
        str(REGAIN),
        ["ask", "--out", "tmp", *args],
        cwd=str(cwd),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
        preexec_fn=_as_at_a_terminal,
    )
    return child


def answer(child: Any, lines: list[str]) -> None:
    for line in lines:
        child.expect_exact(PROMPT)
        child.sendline(line)


#: the end of the prompt that offers a journal after a complete questionnaire
JOURNAL_OFFER = "Enter = no; ?]"


def finish(child: Any, journal: str = "") -> str:
    """Everything printed to the end; a journal offered is answered with ``journal`` (Enter: no)."""
    said = ""
    if child.expect_exact([JOURNAL_OFFER, pexpect.EOF]) == 0:
        said = child.before or ""
        child.sendline(journal)
        child.expect(pexpect.EOF)
    child.close()
    return said + (child.before or "")


def test_a_full_session_in_a_terminal(kb: KnowledgeBase, tmp_path: Path) -> None:
    session = GOLDEN["pain_protective_shoulder"]
    lines, asked = script_for(kb, session["person"])
    child = spawn(tmp_path, "--id", "pty")
    child.expect_exact(kb.questions["red_flags"].text)
    answer(child, lines)
    child.expect_exact("Summary")
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert f"({len(asked)} questions asked)" in rest
    assert "Traceback" not in rest
    written = yaml.safe_load((tmp_path / "tmp" / "pty.yaml").read_text(encoding="utf-8"))
    assert written["restricted_movements"] == ["shoulder_abduction"]
    assert (tmp_path / "tmp" / "pty.html").exists()


def test_ctrl_c_saves_a_partial_file_and_resume_finishes_it(kb: KnowledgeBase, tmp_path: Path) -> None:
    person = GOLDEN["shortening_hip_no_pain"]["person"]
    _lines, asked = script_for(kb, person)
    first = asked[:3]
    typed = [line for qid in first for line in lines_for(kb, qid, person.get(qid), person)]
    child = spawn(tmp_path, "--id", "intr")
    answer(child, typed)
    child.expect_exact(PROMPT)  # now at the fourth question
    child.sendintr()
    child.expect_exact("Stopped.")
    child.expect_exact("regain ask --resume tmp/intr.partial.yaml")
    rest = finish(child)
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    partial = tmp_path / "tmp" / "intr.partial.yaml"
    saved = yaml.safe_load(partial.read_text(encoding="utf-8"))
    assert {k: saved[k] for k in first} == {k: person[k] for k in first}

    remaining, remaining_asked = script_for(kb, person, prefilled={k: person[k] for k in first})
    assert remaining_asked == asked[3:]
    child = spawn(tmp_path, "--resume", "tmp/intr.partial.yaml")
    child.expect_exact(kb.questions[asked[3]].text)
    answer(child, remaining)
    child.expect_exact("Your answers: tmp/intr.yaml")
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert not partial.exists()
    written = yaml.safe_load((tmp_path / "tmp" / "intr.yaml").read_text(encoding="utf-8"))
    assert {k: written[k] for k in asked} == {k: person[k] for k in asked}
