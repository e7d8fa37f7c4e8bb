"""The check-in format regain-checkin/1: a valid check-in parses; each bad field is one clear line.

Each line names the file, the field and the value, and what is allowed, as
the case validator's do; a check-in with any problem gives no CheckIn at all.
Files are read as strictly as case files (duplicate keys, YAML 1.2, regular
files only).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from journey_helpers import START, load_case, run

from regain.engine.checkin import (
    CheckInError,
    checkin_from_dict,
    checkin_problems,
    checkin_to_dict,
    parse_checkin,
    read_checkin_path,
)
from regain.engine.journey import Baseline, WorkFelt
from regain.knowledge import KnowledgeBase

SHOULDER = {**load_case("examples/shoulder.yaml"), "range_measured": {"shoulder_abduction": 110}}

GOOD: dict[str, Any] = {
    "format": "regain-checkin/1",
    "date": "2026-01-19",
    "sessions": {"trigger_point_self_treatment": 30},
    "pain_at_rest": 2,
    "pain_on_movement": 3,
    "range_measured": {"shoulder_abduction": 130},
    "felt": {"long_hold_stretching": {"felt": "worse", "raised_next_day": "yes"}},
    "tender_spots_reproduce_pain": "no",
    "new_red_flags": [],
    "cleared_by_doctor": "no",
    "notes": "slept better",
}


@pytest.fixture(scope="module")
def base(kb: KnowledgeBase) -> Baseline:
    return Baseline(SHOULDER, START, kb.version)


def test_a_valid_checkin_parses_and_round_trips(kb: KnowledgeBase, base: Baseline) -> None:
    c = parse_checkin(kb, base, [], GOOD, "good.yaml")
    assert c.date == datetime.date(2026, 1, 19)
    assert c.sessions == {"trigger_point_self_treatment": 30}
    assert (c.pain_at_rest, c.pain_on_movement) == (2, 3)
    assert c.range_measured == {"shoulder_abduction": 130.0}
    assert c.felt == {"long_hold_stretching": WorkFelt("worse", True)}
    assert c.tender_spots_reproduce_pain == "no" and c.new_red_flags == [] and c.cleared_by_doctor is False
    stored = checkin_to_dict(c)
    assert json.loads(json.dumps(stored)) == stored  # plain JSON for the journal
    assert parse_checkin(kb, base, [], stored, "stored") == c
    assert checkin_from_dict(stored) == c


def test_the_date_defaults_to_today_and_answers_may_be_left_out(kb: KnowledgeBase, base: Baseline) -> None:
    today = datetime.date(2026, 2, 1)
    c = parse_checkin(kb, base, [], {"new_red_flags": []}, "min.yaml", today=today)
    assert c.date == today and c.sessions == {} and c.pain_on_movement is None
    assert c.tender_spots_reproduce_pain == "unknown"


BAD: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    # name: (fields changed, parts of the one line)
    "pain out of range": ({"pain_at_rest": 11}, ("bad.yaml: pain_at_rest: 11 is out of range", "0 to 10")),
    "pain not a number": (
        {"pain_on_movement": "lots"},
        ("bad.yaml: pain_on_movement: 'lots' is not an integer",),
    ),
    "a date before the start": (
        {"date": "2026-01-01"},
        ("bad.yaml: date: 2026-01-01 is before the start", "2026-01-05"),
    ),
    "not a date": ({"date": "next week"}, ("bad.yaml: date: 'next week' is not a date", "YYYY-MM-DD")),
    "an unknown step": ({"sessions": {"yoga": 3}}, ("bad.yaml: sessions.yoga: unknown step 'yoga'",)),
    "a step not in the plan": (
        {"sessions": {"check_tender_spots": 1}},
        ("bad.yaml: sessions.check_tender_spots: 'check_tender_spots' is not a step of your current plan",),
    ),
    "negative sessions": (
        {"sessions": {"trigger_point_self_treatment": -1}},
        ("bad.yaml: sessions.trigger_point_self_treatment: -1 is not a number of sessions",),
    ),
    "a range the case never measured": (
        {"range_measured": {"shoulder_flexion": 150}},
        (
            "bad.yaml: range_measured.shoulder_flexion: the case did not measure shoulder_flexion",
            "shoulder_abduction",
        ),
    ),
    "an unknown movement": (
        {"range_measured": {"shoulder_abductoin": 150}},
        ("bad.yaml: range_measured.shoulder_abductoin: unknown movement", "closest: shoulder_abduction"),
    ),
    "a range out of range": (
        {"range_measured": {"shoulder_abduction": 400}},
        ("bad.yaml: range_measured.shoulder_abduction: 400 is out of range",),
    ),
    "a feeling not among the choices": (
        {"felt": {"long_hold_stretching": {"felt": "awful", "raised_next_day": "no"}}},
        (
            "bad.yaml: felt.long_hold_stretching.felt: 'awful' is not one of the choices",
            "worse, no_change, better",
        ),
    ),
    "a feeling without the next day": (
        {"felt": {"long_hold_stretching": {"felt": "worse"}}},
        ("bad.yaml: felt.long_hold_stretching.raised_next_day: is missing",),
    ),
    "an unknown red flag": (
        {"new_red_flags": ["fever"]},
        ("bad.yaml: new_red_flags[0]: unknown red flag 'fever'", "fever_or_unwell"),
    ),
    "tender spots not yes or no": (
        {"tender_spots_reproduce_pain": "sometimes"},
        ("bad.yaml: tender_spots_reproduce_pain: 'sometimes' is not a yes/no answer",),
    ),
    "cleared not yes or no": ({"cleared_by_doctor": "maybe"}, ("bad.yaml: cleared_by_doctor: 'maybe'",)),
    "an unknown field": ({"pain_at_night": 3}, ("bad.yaml: pain_at_night: unknown field 'pain_at_night'",)),
    "another format": (
        {"format": "regain-case/2"},
        ("bad.yaml: format: 'regain-case/2' is not a check-in format",),
    ),
    "notes not text": ({"notes": 42}, ("bad.yaml: notes: 42 is not text",)),
}


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_field_is_one_clear_line(kb: KnowledgeBase, base: Baseline, name: str) -> None:
    change, expected = BAD[name]
    raw = {**GOOD, **change}
    problems = checkin_problems(kb, base, [], raw, "bad.yaml")
    assert len(problems) == 1, problems
    assert all(part in problems[0] for part in expected), problems[0]
    assert "\n" not in problems[0]
    with pytest.raises(CheckInError) as info:
        parse_checkin(kb, base, [], raw, "bad.yaml")
    assert info.value.problems == problems


def test_the_warning_sign_checklist_is_required(kb: KnowledgeBase, base: Baseline) -> None:
    raw = {k: v for k, v in GOOD.items() if k != "new_red_flags"}
    assert checkin_problems(kb, base, [], raw, "c.yaml") == [
        "c.yaml: new_red_flags: is missing: the warning-sign checklist is asked at every check-in "
        "(allowed: a list of new sign ids, [] if none)"
    ]
    assert checkin_problems(kb, base, [], {**raw, "new_red_flags": None}, "c.yaml") == []


def test_every_problem_is_reported_at_once(kb: KnowledgeBase, base: Baseline) -> None:
    raw = {**GOOD, "pain_at_rest": -1, "pain_on_movement": 12, "new_red_flags": ["x"], "oops": 1}
    problems = checkin_problems(kb, base, [], raw, "many.yaml")
    assert len(problems) == 4
    assert {p.split(": ")[1].split("[")[0] for p in problems} == {
        "pain_at_rest",
        "pain_on_movement",
        "new_red_flags",
        "oops",
    }


def test_a_date_before_the_last_checkin_is_refused_but_the_same_day_is_not(
    kb: KnowledgeBase, base: Baseline
) -> None:
    entries = run(
        kb, base, [{"day": 14, "sessions": {"trigger_point_self_treatment": 40}, "pain_on_movement": 5}]
    )
    before = checkin_problems(kb, base, entries, {**GOOD, "date": "2026-01-18"}, "c.yaml")
    assert before == [
        "c.yaml: date: 2026-01-18 is before the last check-in (2026-01-19) (allowed: 2026-01-19 or later)"
    ]
    assert checkin_problems(kb, base, entries, {**GOOD, "date": "2026-01-19"}, "c.yaml") == []


def test_a_check_in_that_is_not_a_mapping(kb: KnowledgeBase, base: Baseline) -> None:
    assert checkin_problems(kb, base, [], [1, 2], "list.yaml") == [
        "list.yaml: (file): holds a list, not a mapping of field: answer "
        "(allowed: a YAML mapping or a JSON object)"
    ]


# -- files ---------------------------------------------------------------------------------------


def test_yaml_and_json_files_read_the_same(kb: KnowledgeBase, base: Baseline, tmp_path: Path) -> None:
    y = tmp_path / "c.yaml"
    y.write_text(
        "format: regain-checkin/1\ndate: 2026-01-19\nsessions: {trigger_point_self_treatment: 30}\n"
        "pain_at_rest: 2\npain_on_movement: 3\nrange_measured: {shoulder_abduction: 130}\n"
        "felt: {long_hold_stretching: {felt: worse, raised_next_day: yes}}\n"
        "tender_spots_reproduce_pain: no\nnew_red_flags: []\ncleared_by_doctor: no\nnotes: slept better\n",
        encoding="utf-8",
    )
    j = tmp_path / "c.json"
    j.write_text(json.dumps(GOOD), encoding="utf-8")
    from_yaml = parse_checkin(kb, base, [], read_checkin_path(str(y)), str(y))
    from_json = parse_checkin(kb, base, [], read_checkin_path(str(j)), str(j))
    assert from_yaml == from_json


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("dup.yaml", "pain_at_rest: 2\npain_at_rest: 9\nnew_red_flags: []\n", "pain_at_rest"),
        ("bad.yaml", "pain_at_rest: [2\n", "YAML syntax error"),
        ("empty.yaml", "   \n", "the file is empty"),
        ("c.txt", "pain_at_rest: 2\n", "is not a .yaml, .yml or .json file"),
        ("dup.json", '{"new_red_flags": [], "new_red_flags": ["fever_or_unwell"]}', "new_red_flags"),
    ],
)
def test_unreadable_files_are_one_line_each(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CheckInError) as info:
        read_checkin_path(str(path))
    assert info.value.problems and all(p.startswith(str(path)) for p in info.value.problems)
    assert expected in info.value.problems[0]


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CheckInError, match="no such file"):
        read_checkin_path(str(tmp_path / "none.yaml"))
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(CheckInError, match="not a regular file"):
        read_checkin_path(str(tmp_path / "dir.yaml"))
