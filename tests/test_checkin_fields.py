"""The check-in's questions and answers, shared by the terminal and the web form (tracking.py).

``checkin_fields`` follows the journal (the dosed steps, the measured ranges, the
doctor's clearance only while self-help is held); ``raw_checkin`` turns answers into
the check-in file format, which the engine then validates as a ``--file`` check-in.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from web_journals import SHOULDER, STARTED, TP, journey, start

from regain.cli import main
from regain.engine.checkin import parse_checkin
from regain.engine.natural_answers import SKIPPED
from regain.journal import Store, open_store
from regain.knowledge import KnowledgeBase
from regain.tracking import CheckinField, checkin_fields, field_applies, raw_checkin

TODAY = STARTED + datetime.timedelta(days=14)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "journal.db"))
    yield s
    s.close()


def keys(fields: list[CheckinField]) -> list[tuple[str, ...]]:
    return [f.key for f in fields]


def test_the_fields_follow_the_journal(store: Store, kb: KnowledgeBase) -> None:
    j = journey(store, kb, start(store, kb))
    fields = checkin_fields(kb, j, TODAY)
    steps = [k[1] for k in keys(fields) if k[0] == "sessions"]
    assert steps == [s for s in j.latest.steps if ("sessions", s) in keys(fields)] and TP in steps
    assert keys(fields)[0] == ("date",) and keys(fields)[-1] == ("notes",)
    assert ("new_red_flags",) in keys(fields)
    assert not [k for k in keys(fields) if k[0] in ("range_measured", "cleared_by_doctor")]
    sessions = fields[keys(fields).index(("sessions", TP))].question
    assert STARTED.isoformat() in sessions.text and "{" not in sessions.text


def test_a_measured_range_is_asked_with_its_start(store: Store, kb: KnowledgeBase) -> None:
    j = journey(store, kb, start(store, kb, range_measured={"shoulder_abduction": 95}))
    fields = checkin_fields(kb, j, TODAY)
    [q] = [f.question for f in fields if f.key == ("range_measured", "shoulder_abduction")]
    assert "95" in q.text and kb.movements["shoulder_abduction"].name in q.text


def answers_for(fields: list[CheckinField], **by_key: Any) -> list[Any]:
    """SKIPPED everywhere but the given fields (``felt_<step>`` etc. as joined keys)."""
    return [by_key.get("__".join(f.key), SKIPPED) for f in fields]


def test_an_unsure_next_day_counts_as_raised(store: Store, kb: KnowledgeBase) -> None:
    jid = start(store, kb)
    j = journey(store, kb, jid)
    fields = checkin_fields(kb, j, TODAY)
    base = {"date": TODAY.isoformat(), "new_red_flags": []}
    raised = raw_checkin(
        kb,
        fields,
        answers_for(
            fields, **base, **{f"felt__{TP}__felt": "worse", f"felt__{TP}__raised_next_day": "unknown"}
        ),
    )
    assert raised["felt"][TP] == {"felt": "worse", "raised_next_day": True}
    assert parse_checkin(kb, j.baseline, j.entries, raised, "form").felt[TP].raised_next_day is True
    settled = raw_checkin(
        kb,
        fields,
        answers_for(fields, **base, **{f"felt__{TP}__felt": "worse", f"felt__{TP}__raised_next_day": False}),
    )
    assert settled["felt"][TP] == {"felt": "worse", "raised_next_day": False}


def test_the_next_day_question_follows_only_worse(store: Store, kb: KnowledgeBase) -> None:
    fields = checkin_fields(kb, journey(store, kb, start(store, kb)), TODAY)
    felt = keys(fields).index(("felt", TP, "felt"))
    nxt = keys(fields).index(("felt", TP, "raised_next_day"))
    answers: list[Any] = [SKIPPED] * len(fields)
    answers[felt] = "worse"
    assert field_applies(fields, answers, nxt)
    answers[felt] = "better"
    assert not field_applies(fields, answers, nxt)
    raw = raw_checkin(kb, fields, answers)
    assert raw["felt"][TP] == {"felt": "better", "raised_next_day": False}


def test_red_flags_by_number_or_id_and_an_unknown_clearance_left_out(store: Store, kb: KnowledgeBase) -> None:
    fields = checkin_fields(kb, journey(store, kb, start(store, kb)), TODAY)
    flag_ids = list(kb.red_flags)
    by_number = raw_checkin(kb, fields, answers_for(fields, new_red_flags=[2, 1]))
    by_id = raw_checkin(kb, fields, answers_for(fields, new_red_flags=[flag_ids[1], flag_ids[0]]))
    assert by_number["new_red_flags"] == by_id["new_red_flags"] == [flag_ids[1], flag_ids[0]]
    cleared = [*fields, CheckinField(("cleared_by_doctor",), kb.checkin_questions["cleared_by_doctor"])]
    unsure = raw_checkin(kb, cleared, [*answers_for(fields), "unknown"])
    sure = raw_checkin(kb, cleared, [*answers_for(fields), True])
    assert "cleared_by_doctor" not in unsure and sure["cleared_by_doctor"] == "yes"


@pytest.mark.parametrize(("typed", "raised"), [("", True), ("not sure", True), ("no", False)])
def test_the_terminal_takes_an_unsure_next_day_as_raised(
    runner: CliRunner, tmp_path: Path, typed: str, raised: bool
) -> None:
    """``regain track checkin`` refused "don't know" here before; now it is stored as raised."""
    db = str(tmp_path / "journal.db")
    started = datetime.date.today() - datetime.timedelta(days=14)
    result = runner.invoke(main, ["track", "--db", db, "start", str(SHOULDER), "--date", started.isoformat()])
    assert result.exit_code == 0, result.output
    journal_id = result.output.split("Your journal's id: ")[1].split()[0]
    typed_lines = ["today", "10", "2", "5", "worse", typed, "yes", "none", ""]
    result = runner.invoke(
        main, ["track", "--db", db, "checkin", journal_id], input="\n".join(typed_lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["track", "--db", db, "export", journal_id])
    [entry] = json.loads(exported.output)["checkins"]
    assert entry["checkin"]["felt"][TP] == {"felt": "worse", "raised_next_day": raised}
