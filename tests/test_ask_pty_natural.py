"""Natural answers, ``back`` and the name, typed at the real prompts of a pseudo-terminal.

As in tests/test_ask_pty.py, the installed ``regain`` runs under pexpect: what a
person sees (the earlier answer after ``back``, the confirmation of "7 months")
and what is written (the case file, the plan with the name) are checked, and
Ctrl-C at the name prompt saves every answer so that ``--resume`` asks only
the name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from regain.knowledge import KnowledgeBase

pytest.importorskip("pexpect")

from test_ask_natural import WRITTEN, _with_back, lines_through, natural_script
from test_ask_pty import PROMPT, answer, finish, spawn

pytestmark = pytest.mark.terminal


def test_natural_answers_and_back_at_the_real_prompts(kb: KnowledgeBase, tmp_path: Path) -> None:
    lines = _with_back(kb, "duration_weeks", "")
    child = spawn(tmp_path, "--id", "nat")
    answer(child, lines[:-1])
    child.expect_exact(kb.answers.name.text)
    answer(child, ["Ana"])
    child.expect_exact("Summary for Ana")
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert "Traceback" not in rest
    case = yaml.safe_load((tmp_path / "tmp" / "nat.yaml").read_text(encoding="utf-8"))
    assert case["duration_weeks"] == 30.3 and case["name"] == "Ana"
    assert {k: case[k] for k in WRITTEN} == WRITTEN
    html = (tmp_path / "tmp" / "nat.html").read_text(encoding="utf-8")
    assert "Ana" in html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_back_shows_the_earlier_answer_in_the_terminal(kb: KnowledgeBase, tmp_path: Path) -> None:
    typed = {"duration_weeks": ["7 months"]}
    lines, asked = natural_script(kb, typed)
    child = spawn(tmp_path, "--id", "back")
    answer(child, lines[: lines_through(kb, typed, asked, "duration_weeks")])
    child.expect_exact("Recorded: 30.3 weeks (7 months, rounded).")
    answer(child, ["back"])
    child.expect_exact("You answered: 30.3 weeks. Type a new answer, or press Enter to keep it.")
    answer(child, ["3 months"])
    child.expect_exact("Recorded: 13 weeks (3 months).")
    child.expect_exact(PROMPT)  # the answer is kept once the next question is asked
    child.sendintr()
    child.expect_exact("Stopped.")
    finish(child)
    assert child.exitstatus == 130
    saved = yaml.safe_load((tmp_path / "tmp" / "back.partial.yaml").read_text(encoding="utf-8"))
    assert saved["duration_weeks"] == 13


def test_ctrl_c_at_the_name_saves_everything_and_resume_asks_only_the_name(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, asked = natural_script(kb, {})
    child = spawn(tmp_path, "--id", "late")
    answer(child, lines[:-1])
    child.expect_exact(kb.answers.name.text)
    child.expect_exact(PROMPT)
    child.sendintr()
    child.expect_exact("regain ask --resume tmp/late.partial.yaml")
    finish(child)
    assert child.exitstatus == 130
    saved = yaml.safe_load((tmp_path / "tmp" / "late.partial.yaml").read_text(encoding="utf-8"))
    assert set(asked) <= set(saved) and "name" not in saved

    child = spawn(tmp_path, "--resume", "tmp/late.partial.yaml")
    child.expect_exact(kb.answers.name.text)
    answer(child, ["Bo"])
    child.expect_exact("Your answers: tmp/late.yaml")
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert "(0 questions asked)" in rest
    assert yaml.safe_load((tmp_path / "tmp" / "late.yaml").read_text(encoding="utf-8"))["name"] == "Bo"
