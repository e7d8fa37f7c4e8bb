"""``regain ask --lang de`` in a real pseudo-terminal, answered in German words to the written plan.

As in tests/test_ask_pty.py the installed ``regain`` runs under pexpect. The
person types "etwa 5", "keine", "2 Jahre", "ja", "nein", "weiß nicht",
"14.03.2026", goes back to the areas with "bereiche", asks "warum" and goes
back to the duration with "zurück"; the case file must hold what those words
mean, the plan must be German, and the terminal must print no English
function word (:func:`english_words.english_words`) besides what the person
typed: not in the questions, the explanation, the summary or the offer of a
journal.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from english_words import english_words
from german_session import NAME, german_script, without_typed

from regain.knowledge import load_knowledge

pexpect = pytest.importorskip("pexpect")

from test_ask_pty import PROMPT, answer, spawn  # noqa: E402

pytestmark = pytest.mark.terminal

#: The line after the plan's summary, before the paths of the files written.
SUMMARY_END = "Ihre Antworten:"


def test_a_session_answered_in_german_words_writes_the_plan(tmp_path: Path) -> None:
    kb = load_knowledge("de")
    lines, asked, answers = german_script(kb)
    child = spawn(tmp_path, "--id", "de", "--lang", "de", "--db", str(tmp_path / "journal.db"))
    child.logfile_read = printed = io.StringIO()
    child.expect_exact("Frage 1: " + kb.questions["red_flags"].text)
    answer(child, lines)
    child.expect_exact(SUMMARY_END)
    offer = kb.checkin_questions["start_journal"].text
    child.expect_exact(offer)
    child.expect_exact(f"{kb.answers.enter['no']}; ?]{PROMPT}")
    child.sendline("nein")
    child.expect(pexpect.EOF)
    child.close()
    said = printed.getvalue()
    assert child.exitstatus == 0, said
    assert "Traceback" not in said

    case = yaml.safe_load((tmp_path / "tmp" / "de.yaml").read_text(encoding="utf-8"))
    assert {qid: case[qid] for qid in answers} == answers
    assert case["name"] == NAME and case["duration_weeks"] == 104 and case["cleared_on"] == "2026-03-14"
    assert case["language"] == "de"
    html = (tmp_path / "tmp" / "de.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html and NAME in html

    # German prompts, hints with the German command words, answers read back in German
    assert "?, warum, zurück]" in said and "?, why, back" not in said
    assert f"'{kb.answers.commands.areas[0]}' für andere Körperbereiche" in said
    assert "Erfasst: 104 Wochen (2 Jahre)." in said
    assert "Ihre Antwort war: 104 Wochen." in said  # after "zurück"
    assert "Ihr Plan:" in said and "Fragen gestellt)" in said
    assert all(kb.questions[qid].text in said for qid in asked)

    assert f"Zusammenfassung für {NAME}" in said  # the plan's summary
    assert "ist hier keine Antwort" not in said  # every line was read, "warum" as a command
    assert english_words(without_typed(said)) == []  # the questions, the why, the summary: German
