"""``regain track checkin`` in German in a real pseudo-terminal (pexpect), typed in German words.

The language comes from ``REGAIN_LANG=de`` here (``--lang de`` in the session test):
the date as day.month.year, "etwa 40", "keine", "3 von 10", "gelindert",
"nein", the help asked with "hilfe" and with the English "why" (the English
command words work in every language), and "zurück". The check-in is stored
as those words mean, and the terminal prints German only.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from english_words import english_words
from german_session import without_typed

from regain.knowledge import load_knowledge

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.terminal

REGAIN = Path(sys.executable).parent / "regain"
ROOT = Path(__file__).resolve().parent.parent
PROMPT = "\r\n> "


def regain(*args: str) -> str:
    done = subprocess.run([str(REGAIN), *args], check=True, capture_output=True, text=True)
    return done.stdout


def test_a_checkin_typed_in_german_words(tmp_path: Path) -> None:
    if not REGAIN.exists():
        pytest.skip(f"no regain script at {REGAIN}")
    kb = load_knowledge("de")
    today = datetime.date.today()
    db = str(tmp_path / "journal.db")
    example = str(ROOT / "examples" / "shoulder.yaml")
    regain("track", "--db", db, "start", example, "--date", (today - datetime.timedelta(days=14)).isoformat())
    journal_id = regain("track", "--db", db, "list").split()[0]
    child = pexpect.spawn(
        str(REGAIN),
        ["track", "--db", db, "checkin", journal_id],
        cwd=str(tmp_path),
        env={**os.environ, "REGAIN_LANG": "de"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.logfile_read = printed = io.StringIO()
    notes = kb.checkin_questions["notes"]
    typed = [
        ("Für welchen Tag", today.strftime("%d.%m.%Y")),
        ("Wie viele Einheiten", "etwa 40"),
        ("in Ruhe", "keine"),
        ("wenn Sie die Bewegung ausführen", "zurück"),  # back to the pain at rest, shown in German
        ("Ihre Antwort war: 0.", ""),  # Enter keeps it
        ("wenn Sie die Bewegung ausführen", "3 von 10"),
        ("ausgewirkt", "gelindert"),
        ("druckempfindlichen Stellen drücken", "nein"),
        ("auf dieser Liste neu", "keine"),
        (notes.text, "hilfe"),
        (notes.help[:30], "why"),  # the help (its first words: it is wrapped)
        (notes.help[:30], "besser geschlafen"),
    ]
    for expected, line in typed:
        child.expect_exact(expected)
        child.expect_exact(PROMPT)
        child.sendline(line)
    child.expect(pexpect.EOF)
    child.close()
    said = printed.getvalue()
    assert child.exitstatus == 0, said
    assert "?, zurück]" in said and "?, back]" not in said
    assert f"seit dem {(today - datetime.timedelta(days=14)).strftime('%d.%m.%Y')}" in said
    assert kb.followup.decisions["advance"].name.upper() in said
    assert english_words(without_typed(said)) == []

    [entry] = json.loads(regain("track", "--db", db, "export", journal_id))["checkins"]
    checkin = entry["checkin"]
    assert checkin["date"] == today.isoformat() and checkin["sessions"] == {
        "trigger_point_self_treatment": 40
    }
    assert (checkin["pain_at_rest"], checkin["pain_on_movement"]) == (0, 3)
    assert checkin["felt"]["trigger_point_self_treatment"]["felt"] == "better"
    assert checkin["tender_spots_reproduce_pain"] == "no" and checkin["new_red_flags"] == []
    assert checkin["notes"] == "besser geschlafen"
    assert entry["decision"]["kind"] == "advance"


def test_the_end_of_input_in_a_german_checkin_says_nothing_was_recorded(tmp_path: Path) -> None:
    if not REGAIN.exists():
        pytest.skip(f"no regain script at {REGAIN}")
    db = str(tmp_path / "journal.db")
    regain("track", "--db", db, "start", str(ROOT / "examples" / "shoulder.yaml"))
    journal_id = regain("track", "--db", db, "list").split()[0]
    for language, said in (
        ("de", "Angehalten: Es wurde nichts gespeichert."),
        ("en", "Stopped: nothing was recorded."),
    ):
        done = subprocess.run(
            [str(REGAIN), "track", "--db", db, "checkin", journal_id, "--lang", language],
            input="",
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1 and said in done.stderr and "Aborted!" not in done.stderr
    assert json.loads(regain("track", "--db", db, "export", journal_id))["checkins"] == []
