"""``regain track`` with bad input, asked interactively, and offered by ``regain ask``.

Bad check-ins, unknown journals and unusable databases get exit status 2 and
one line per problem, and nothing is stored; a case that needs urgent care gets
no journal; a check-in typed at the prompts lands as a file's would; ``regain
ask`` offers a journal at its end and starts one on "yes", not on Enter.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_track_journeys import SHOULDER, START, TP, checkin_file, exported, start, track

from regain.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_an_unknown_journal_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    start(runner, db)
    result = track(runner, db, "show", "no-such-id")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "no-such-id" in result.stderr


def test_a_bad_checkin_names_each_problem_and_stores_nothing(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    before = exported(runner, db, journal_id)
    bad = checkin_file(tmp_path, day=-3, mv=11, sessions={"relaxation_support": 3, TP: -1})
    result = track(runner, db, "checkin", journal_id, "--file", str(bad))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= 4, lines  # the date, the pain, the step not in the plan, the negative count
    assert all(line.startswith(str(bad)) for line in lines)
    assert "Traceback" not in result.output
    assert exported(runner, db, journal_id) == before


def test_a_checkin_file_that_is_not_one(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    path = tmp_path / "c.yaml"
    path.write_text("date: 2025-01-13\ndate: 2025-01-14\n", encoding="utf-8")
    result = track(runner, db, "checkin", journal_id, "--file", str(path))
    assert result.exit_code == 2 and "date" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    "content", [b"not a database at all, just text\n", b"SQLite format 3\x00" + b"\x07" * 200]
)
def test_a_damaged_or_foreign_database_is_refused_unchanged(
    runner: CliRunner, tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "journal.db"
    db.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    result = track(runner, db, "start", str(SHOULDER))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and str(db) in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_case_for_urgent_care_gets_no_journal(runner: CliRunner, tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "tests" / "cases" / "emergency_calf_clot.yaml").read_text(encoding="utf-8"))
    case = tmp_path / "calf.yaml"
    case.write_text(yaml.safe_dump(data["case"]), encoding="utf-8")
    db = tmp_path / "journal.db"
    result = track(runner, db, "start", str(case))
    assert result.exit_code == 1 and "no journal started" in result.stderr
    assert "no journals yet" in track(runner, db, "list").output


def test_a_checkin_typed_at_the_prompts_lands(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    typed = "\n".join(
        [
            "2025-01-13",  # the day
            "about 20",  # sessions of the self-massage
            "1",  # pain at rest
            "3",  # pain on movement
            "better",  # what the massage did
            "nope",  # the tender spots
            "none",  # new warning signs
            "",  # notes
        ]
    )
    result = track(runner, db, "checkin", journal_id, stdin=typed + "\n")
    assert result.exit_code == 0, result.output
    [entry] = exported(runner, db, journal_id)["checkins"]
    assert entry["checkin"]["sessions"] == {TP: 20}
    assert entry["checkin"]["pain_on_movement"] == 3 and entry["checkin"]["new_red_flags"] == []
    assert entry["checkin"]["felt"][TP] == {"felt": "better", "raised_next_day": False}
    assert entry["decision"]["kind"] == "advance"


def test_back_at_a_checkin_prompt_changes_the_earlier_answer(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    typed = ["2025-01-13", "20", "7", "back", "1", "3", "better", "no", "none", ""]
    result = track(runner, db, "checkin", journal_id, stdin="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    [entry] = exported(runner, db, journal_id)["checkins"]
    assert entry["checkin"]["pain_at_rest"] == 1


def complete_answers(folder: Path) -> Path:
    """The shoulder example with every question regain ask would still ask answered."""
    answers = folder / "answers.yaml"
    case = yaml.safe_load(SHOULDER.read_text(encoding="utf-8"))
    ranges = {"shoulder_abduction": 120, "shoulder_flexion": 140, "shoulder_external_rotation": 60}
    answers.write_text(
        yaml.safe_dump({**case, "night_pain": False, "diabetes": False, "range_measured": ranges})
    )
    return answers


def test_ask_offers_a_journal_and_starts_it_on_yes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "journal.db"
    monkeypatch.setenv("REGAIN_DB", str(db))
    out = tmp_path / "plans"
    answers = complete_answers(tmp_path)

    def ask(last: str) -> str:
        result = runner.invoke(
            main,
            ["ask", "--out", str(out), "--answers", str(answers), "--id", f"s{len(last)}"],
            input=last + "\n",
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        return result.output

    assert "started" not in ask("")  # Enter: no journal
    assert "no journals yet" in track(runner, db, "list").output
    said = ask("yes")
    assert "regain track checkin" in said
    listed = track(runner, db, "list").output
    assert "Alex" in listed and len(listed.strip().splitlines()) == 1
    data = json.loads(track(runner, db, "export", listed.split()[0]).stdout)
    assert data["case"]["restricted_movements"][0] == "shoulder_abduction"
    assert data["started"] >= START.isoformat()


def test_a_stopped_plan_writes_no_calendar(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    flag = checkin_file(tmp_path, day=7, mv=5, new_red_flags=["calf_swelling_warmth_redness"])
    assert track(runner, db, "checkin", journal_id, "--file", str(flag)).exit_code == 0
    ics = tmp_path / "plan.ics"
    result = track(runner, db, "calendar", journal_id, "-o", str(ics))
    assert result.exit_code == 1 and "nothing written" in result.stderr and not ics.exists()


def test_two_checkins_at_once_both_land_each_decided_knowing_the_other(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Two terminals check in at the same moment: both are stored, in turn, and the later one
    is decided on a journal that holds the earlier (seq 1 and 2; its date is not before it)."""
    import subprocess
    import sys

    regain = Path(sys.executable).parent / "regain"
    if not regain.exists():
        pytest.skip(f"no regain script at {regain}")
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [
        checkin_file(tmp_path / "a", day=14, mv=3, sessions={TP: 40}),
        checkin_file(tmp_path / "b", day=14, mv=4),
    ]
    procs = [
        subprocess.Popen(
            [str(regain), "track", "--db", str(db), "checkin", journal_id, "--file", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    checkins = exported(runner, db, journal_id)["checkins"]
    assert [c["seq"] for c in checkins] == [1, 2]
    assert sorted(c["checkin"]["pain_on_movement"] for c in checkins) == [3, 4]
    # the later one was decided on a journal holding the earlier: the engine, given that history,
    # takes the decision stored (were it decided alone, the sessions-first order would differ in phase)
    from regain.engine.followup import decide
    from regain.journal import open_store
    from regain.knowledge import load_knowledge
    from regain.tracking import journey_of

    kb = load_knowledge()
    with open_store(db) as store:
        journey = journey_of(kb, store.get(journal_id))
    first, second = journey.entries
    assert decide(kb, journey.baseline, [first], second.checkin) == second.decision


def test_db_may_follow_the_command(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    result = runner.invoke(main, ["track", "start", str(SHOULDER), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["track", "list", "--db", str(db)], catch_exceptions=False)
    assert "Alex" in listed.output
    assert (
        "no journals yet" in runner.invoke(main, ["track", "list", "--db", str(tmp_path / "other.db")]).output
    )


def test_ask_keeps_the_journal_it_offers_where_db_says(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "elsewhere.db"
    answers = complete_answers(tmp_path)
    args = ["ask", "--out", str(tmp_path / "plans"), "--answers", str(answers), "--db", str(db)]
    result = runner.invoke(main, args, input="yes\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert str(db) in result.output and "Alex" in track(runner, db, "list").output


def test_a_bad_checkin_leads_with_a_new_emergency_sign(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    bad = checkin_file(tmp_path, day=7, mv=11, new_red_flags=["calf_swelling_warmth_redness", "pregnancy"])
    lines = track(runner, db, "checkin", journal_id, "--file", str(bad)).stderr.strip().splitlines()
    assert lines[0].startswith(f"{bad}: new_red_flags: reports ") and "pain_on_movement" in lines[1]
    assert len(lines) == 2  # the near miss: the caution sign (pregnancy) adds no line
