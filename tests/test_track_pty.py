"""``regain track checkin`` in a real pseudo-terminal (pexpect), as a person types a check-in.

The installed ``regain`` script runs against a journal file; the check-in is
typed at its prompts in natural answers ("about 40", "nope", "none"), one
question at a time, and the decision is printed at the end and stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.terminal

REGAIN = Path(sys.executable).parent / "regain"
ROOT = Path(__file__).resolve().parent.parent
PROMPT = "\r\n> "


def test_a_checkin_typed_in_a_terminal(tmp_path: Path) -> None:
    if not REGAIN.exists():
        pytest.skip(f"no regain script at {REGAIN}")
    db = str(tmp_path / "journal.db")
    subprocess.run(
        [
            str(REGAIN),
            "track",
            "--db",
            db,
            "start",
            str(ROOT / "examples" / "shoulder.yaml"),
            "--date",
            "2025-01-06",
        ],
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        [str(REGAIN), "track", "--db", db, "list"], check=True, capture_output=True, text=True
    )
    journal_id = listed.stdout.split()[0]
    child = pexpect.spawn(
        str(REGAIN),
        ["track", "--db", db, "checkin", journal_id],
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    typed = [
        ("Which day", "2025-01-20"),
        ("how many sessions", "about 40"),
        ("at rest", "none"),
        ("when you do the movement", "3/10"),
        ("what did it do to your pain", "3"),
        ("tender spots", "nope"),
        ("new since", "none"),
        ("Anything else", "slept better"),
    ]
    for question, line in typed:
        child.expect_exact(question)
        child.expect_exact(PROMPT)
        child.sendline(line)
    child.expect_exact("MOVE ON TO THE NEXT PHASE")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    exported = subprocess.run(
        [str(REGAIN), "track", "--db", db, "export", journal_id], check=True, capture_output=True, text=True
    )
    [entry] = json.loads(exported.stdout)["checkins"]
    assert entry["checkin"]["sessions"] == {"trigger_point_self_treatment": 40}
    assert entry["checkin"]["pain_at_rest"] == 0 and entry["checkin"]["notes"] == "slept better"
    assert entry["decision"]["kind"] == "advance"
