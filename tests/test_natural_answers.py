"""Reading typed answers as people mean them (engine/natural_answers.py), as data.

The table in tests/data/natural_answers.yaml gives, for every kind of question
(a number with bounds, a duration, yes/no/don't know, a choice, a date, the
lists), what a typed answer means, and near misses that must be refused with
one line saying what would be accepted, with an example. Then what the
confirmation line says, that any input is either read or refused (never an
exception), and the checks `regain kb check` makes of answers.yaml.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regain.engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood, Reading, Understood
from regain.knowledge import KnowledgeBase, KnowledgeError
from regain.knowledge.loader import DATA_DIR, load_knowledge_from

TABLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "natural_answers.yaml").read_text(encoding="utf-8")
)
TODAY = datetime.date(2026, 5, 1)
READ_ROWS = [(qid, typed, expected) for qid, rows in TABLE["read"].items() for typed, expected in rows]


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> AnswerReader:
    return AnswerReader(kb, today=TODAY)


def check(reading: Reading, expected: Any) -> None:
    if isinstance(expected, dict):
        assert isinstance(reading, NotUnderstood), reading
        assert expected["problem"] in reading.line
        assert "\n" not in reading.line
        assert "Allowed: " in reading.line and "; for example " in reading.line
        return
    assert isinstance(reading, Understood), reading
    if expected == "SKIP":
        assert reading.value is SKIPPED
    else:
        assert reading.value == expected
        assert type(reading.value) is type(expected)  # 104, not 104.0; True, not 1


@pytest.mark.parametrize(("qid", "typed", "expected"), READ_ROWS)
def test_an_answer_means_what_it_says(reader: AnswerReader, qid: str, typed: str, expected: Any) -> None:
    check(reader.read(qid, typed), expected)


@pytest.mark.parametrize(("typed", "count", "kind", "optional", "expected"), TABLE["picks"])
def test_picks_from_a_numbered_list(
    reader: AnswerReader, typed: str, count: int, kind: str, optional: bool, expected: Any
) -> None:
    check(reader.read_picks(typed, count, kind, optional=optional), expected)


@pytest.mark.parametrize(("typed", "expected"), TABLE["name"])
def test_the_name_for_the_plan(reader: AnswerReader, typed: str, expected: Any) -> None:
    check(reader.read_name(typed), expected)


def test_the_name_has_a_length_limit(reader: AnswerReader) -> None:
    assert isinstance(reader.read_name("x" * 120), Understood)
    line = reader.read_name("x" * 121)
    assert isinstance(line, NotUnderstood) and "at most 120 characters" in line.line


def test_every_question_kind_is_in_the_table(kb: KnowledgeBase) -> None:
    kinds = {kb.questions[qid].type for qid in TABLE["read"]}
    assert kinds == {"integer", "number", "tri_state", "choice", "date", "range_map", "red_flags"}
    assert {row[2] for row in TABLE["picks"]} == {"items", "areas"}


# -- what the confirmation line says ------------------------------------------------------------
@pytest.mark.parametrize(
    ("qid", "typed", "note"),
    [
        ("duration_weeks", "2 years", "Recorded: 104 weeks (2 years)."),
        ("duration_weeks", "5 months", "Recorded: 21.7 weeks (5 months, rounded)."),
        ("duration_weeks", "a year and a half", "Recorded: 78 weeks (1.5 years)."),
        ("age", "18 months", "Recorded: 2 years (18 months, rounded)."),
        ("immobilized_weeks", "a month", "Recorded: 4.3 weeks (1 month, rounded)."),
        ("pain_on_movement", "none", "Recorded: 0."),
        ("pain_on_movement", "5/10", "Recorded: 5."),
        ("avoids_movement", "nope", "Recorded: no."),
        ("limit_felt_as", "tight", "Recorded: A pulling tightness."),
        ("cleared_on", "today", "Recorded: 2026-05-01."),
    ],
)
def test_an_answer_read_from_words_is_confirmed(
    reader: AnswerReader, qid: str, typed: str, note: str
) -> None:
    reading = reader.read(qid, typed)
    assert isinstance(reading, Understood) and reading.note == note


@pytest.mark.parametrize(
    ("qid", "typed"),
    [("duration_weeks", "6"), ("duration_weeks", "6 weeks"), ("avoids_movement", "y"), ("side", "1")],
)
def test_an_answer_typed_as_it_is_kept_needs_no_confirmation(
    reader: AnswerReader, qid: str, typed: str
) -> None:
    reading = reader.read(qid, typed)
    assert isinstance(reading, Understood) and reading.note is None


def test_the_words_come_from_the_data(kb: KnowledgeBase, reader: AnswerReader) -> None:
    line = reader.read("duration_weeks", "soon")
    assert isinstance(line, NotUnderstood)
    assert kb.questions["duration_weeks"].example in line.line
    for unit in ("days", "months", "years"):
        assert kb.answers.units[unit].many in line.line
    assert reader.describe(kb.questions["avoids_movement"], "unknown") == kb.answers.shown["unknown"]
    assert reader.describe(kb.questions["duration_weeks"], 1) == "1 week"
    assert reader.describe(kb.questions["red_flags"], []) == kb.answers.shown["none"]


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=40))
def test_any_text_is_read_or_refused_in_one_line(kb: KnowledgeBase, text: str) -> None:
    reader = AnswerReader(kb, today=TODAY)
    for qid in ("age", "duration_weeks", "pain_on_movement", "avoids_movement", "side", "cleared_on"):
        reading = reader.read(qid, text)
        assert isinstance(reading, Understood | NotUnderstood)
        if isinstance(reading, NotUnderstood):
            assert "\n" not in reading.line and "\x1b" not in reading.line
    assert isinstance(reader.read_picks(text, 20, "red_flags", optional=False), Understood | NotUnderstood)
    assert isinstance(reader.read_name(text), Understood | NotUnderstood)


# -- regain kb check of answers.yaml ----------------------------------------------------------------
def _load_with(tmp_path: Path, file_name: str, edit: Any) -> KnowledgeBase:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file_name
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_knowledge_from(data)


@pytest.mark.parametrize(
    ("file_name", "edit", "problem"),
    [
        (
            "answers.yaml",
            lambda raw: raw["messages"].update(earlier="You answered: {answer}."),
            "answers.yaml: messages.earlier: {answer} is not one it may name (value)",
        ),
        (
            "answers.yaml",
            lambda raw: raw["words"]["no"].append("yeah"),
            "answers.yaml: words.no: 'yeah' is also in words.yes",
        ),
        ("answers.yaml", lambda raw: raw["accepted"].pop("tri_state"), "accepted.tri_state: missing"),
        ("answers.yaml", lambda raw: raw["units"]["years"]["words"].append("w"), "'w' is also a word of"),
        ("answers.yaml", lambda raw: raw["words"]["yes"].append("Yes"), "words.yes"),
        (
            "questions.yaml",
            lambda raw: raw["questions"]["duration_weeks"].update(unit="fortnights"),
            "questions.duration_weeks.unit: 'fortnights' is not a unit of answers.yaml",
        ),
        (
            "questions.yaml",
            lambda raw: raw["questions"]["age"].update(none_is=200),
            "questions.age.none_is: 200 is outside min and max",
        ),
        (
            "questions.yaml",
            lambda raw: raw["questions"]["side"]["options"][0].update(also=["both"]),
            "questions.side.options: 'both' picks both left and both",
        ),
    ],
)
def test_kb_check_finds_what_would_confuse_the_reader(
    tmp_path: Path, file_name: str, edit: Any, problem: str
) -> None:
    with pytest.raises(KnowledgeError) as info:
        _load_with(tmp_path, file_name, edit)
    assert any(problem in p for p in info.value.problems), info.value.problems


def test_kb_check_accepts_an_added_word(tmp_path: Path) -> None:
    kb = _load_with(tmp_path, "answers.yaml", lambda raw: raw["words"]["yes"].append("aye"))
    assert AnswerReader(kb).read("avoids_movement", "Aye") == Understood(True, "Recorded: yes.")


def _german_words(raw: dict[str, Any]) -> None:
    raw["words"]["unknown"].append("weiß nicht")
    raw["words"]["about"].append("ca.")
    raw["numbers"]["fünf"] = 5
    raw["units"]["weeks"]["words"].append("wochen")


@pytest.mark.parametrize(
    ("qid", "typed", "value"),
    [
        ("avoids_movement", "weiß nicht", "unknown"),
        ("avoids_movement", "WEISS NICHT", "unknown"),  # caps lock: ß folds to ss
        ("avoids_movement", "wei\u0308\u00df nicht", None),  # the near miss: a mark too many
        ("pain_on_movement", "ca. 5", 5),
        ("pain_on_movement", "FÜNF", 5),
        ("pain_on_movement", "fu\u0308nf", 5),  # u and a combining diaeresis, as some keyboards send it
        ("duration_weeks", "ca. fünf Wochen", 5),
    ],
)
def test_words_of_other_languages_are_read_whatever_their_case(
    tmp_path: Path, qid: str, typed: str, value: Any
) -> None:
    reader = AnswerReader(_load_with(tmp_path, "answers.yaml", _german_words), today=TODAY)
    reading = reader.read(qid, typed)
    if value is None:
        assert isinstance(reading, NotUnderstood), reading
    else:
        assert isinstance(reading, Understood) and reading.value == value, reading
