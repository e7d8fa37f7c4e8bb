"""Journeys through ``regain track`` as a person runs it: start, weekly check-ins from files, show.

Each course is a case file and a check-in file a week, run through the real
CLI against a journal file; after every check-in the decision printed and the
one stored (``track export``) are checked. The classic course, a course that
never improves, and a new warning sign in week 4.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from regain.cli import main
from regain.knowledge import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SHOULDER = ROOT / "examples" / "shoulder.yaml"
START = datetime.date(2025, 1, 6)
TP = "trigger_point_self_treatment"
PHASE2 = {"full_range_movement": 21, "long_hold_stretching": 5}


def track(runner: CliRunner, db: Path, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(
        main, ["track", "--db", str(db), *args], input=stdin, catch_exceptions=False, prog_name="regain"
    )


def start(runner: CliRunner, db: Path, case: Path = SHOULDER) -> str:
    result = track(runner, db, "start", str(case), "--date", START.isoformat())
    assert result.exit_code == 0, result.output
    listed = track(runner, db, "list")
    return listed.output.split()[0]


def checkin_file(folder: Path, day: int, mv: int, rest: int = 1, spots: str = "no", **extra: Any) -> Path:
    data = {
        "format": "regain-checkin/1",
        "date": (START + datetime.timedelta(days=day)).isoformat(),
        "pain_at_rest": rest,
        "pain_on_movement": mv,
        "tender_spots_reproduce_pain": spots,
        "new_red_flags": [],
        **extra,
    }
    path = folder / f"day-{day}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def exported(runner: CliRunner, db: Path, journal_id: str) -> dict[str, Any]:
    result = track(runner, db, "export", journal_id)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def course(
    runner: CliRunner, tmp_path: Path, steps: list[dict[str, Any]]
) -> tuple[str, list[tuple[str, int]]]:
    """Start the shoulder case and check in each step; the (kind, phase) of each decision."""
    db = tmp_path / "journal.db"
    journal_id = start(runner, db)
    for step in steps:
        path = checkin_file(tmp_path, **step)
        result = track(runner, db, "checkin", journal_id, "--file", str(path))
        assert result.exit_code == 0, result.output
    data = exported(runner, db, journal_id)
    return journal_id, [(c["decision"]["kind"], c["decision"]["phase"]) for c in data["checkins"]]


def test_the_classic_course_through_the_cli(runner: CliRunner, tmp_path: Path, kb: KnowledgeBase) -> None:
    journal_id, decisions = course(
        runner,
        tmp_path,
        [
            dict(day=7, mv=5, rest=2, spots="yes", sessions={TP: 21}),
            dict(day=14, mv=3, sessions={TP: 21}),
            dict(
                day=21,
                mv=4,
                spots="yes",
                sessions=PHASE2,
                felt={"long_hold_stretching": {"felt": "worse", "raised_next_day": True}},
            ),
            dict(day=28, mv=4, spots="yes", sessions={TP: 21}),
            dict(day=35, mv=2, sessions={TP: 21}),
            dict(day=42, mv=2, sessions=PHASE2),
            dict(day=98, mv=1, rest=0, sessions={"full_range_movement": 168, "long_hold_stretching": 40}),
            dict(day=119, mv=1, rest=0, sessions={"strengthening": 9}),
            dict(
                day=140,
                mv=1,
                rest=0,
                sessions={"strengthening": 9},
                felt={"strengthening": {"felt": "better", "raised_next_day": False}},
            ),
        ],
    )
    assert decisions == [
        ("stay", 1),
        ("advance", 2),
        ("step_back", 1),
        ("stay", 1),
        ("advance", 2),
        ("stay", 2),
        ("advance", 3),
        ("stay", 3),
        ("finish", 0),
    ]
    shown = track(runner, tmp_path / "journal.db", "show", journal_id, "--format", "json")
    assert shown.exit_code == 0
    assert kb.followup.decisions["finish"].name in shown.stdout


def test_a_course_that_never_improves_sends_to_a_professional(runner: CliRunner, tmp_path: Path) -> None:
    same = [dict(day=d, mv=6, rest=2, spots="yes", sessions={TP: 21}) for d in (7, 14, 21, 28, 35, 42)]
    journal_id, decisions = course(runner, tmp_path, same)
    assert decisions == [("stay", 1)] * 5 + [("see_professional", 1)]
    shown = track(runner, tmp_path / "journal.db", "show", journal_id)
    assert shown.exit_code == 0


def test_a_new_red_flag_in_week_4_stops_the_plan(
    runner: CliRunner, tmp_path: Path, kb: KnowledgeBase
) -> None:
    journal_id, decisions = course(
        runner,
        tmp_path,
        [
            dict(day=7, mv=5, rest=2, spots="yes", sessions={TP: 21}),
            dict(day=14, mv=3, sessions={TP: 21}),
            dict(day=21, mv=3, sessions=PHASE2),
            dict(day=28, mv=3, new_red_flags=["calf_swelling_warmth_redness"]),
        ],
    )
    assert decisions[-1] == ("stop", 0)
    shown = track(runner, tmp_path / "journal.db", "show", journal_id)
    text = " ".join(shown.stdout.split())
    assert " ".join(kb.red_flags["calf_swelling_warmth_redness"].advice.split()) in text


def test_the_progress_page_and_the_calendar_are_written(runner: CliRunner, tmp_path: Path) -> None:
    journal_id, _ = course(runner, tmp_path, [dict(day=7, mv=5, rest=2, spots="yes", sessions={TP: 21})])
    db = tmp_path / "journal.db"
    page = tmp_path / "progress.html"
    assert track(runner, db, "show", journal_id, "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<svg" in html
    ics = tmp_path / "plan.ics"
    result = track(runner, db, "calendar", journal_id, "-o", str(ics), "--from", "2025-01-13")
    assert result.exit_code == 0, result.output
    from icalendar import Calendar

    events = [c for c in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert events and all(e.walk("VALARM") for e in events)
