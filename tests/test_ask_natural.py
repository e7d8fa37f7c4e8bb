"""``regain ask`` end to end with natural answers, ``back`` and the name on the plan.

Sessions are typed as a person would ("nope", "7 months", "tight"), through
Click's test runner; the case file written must hold the values those words
mean. ``back`` shows the earlier answer and Enter keeps it; the optional name
is asked last and shown on the plan in place of the case id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_ask_cli import GOLDEN, ask, lines_for, script_for

from regain.engine.questionnaire import Questionnaire
from regain.knowledge import KnowledgeBase

#: A person with a stiff, aching low back who is unsure of much: many questions are asked.
PERSON: dict[str, Any] = {
    "red_flags": [],
    "restricted_movements": ["trunk_flexion"],
    "pain_on_movement": 4,
    "pain_regions": ["low_back"],
    "limit_felt_as": "unsure",
    "restricted_without_pain": "unknown",
    "better_when_pain_relieved": False,
    "avoids_movement": "unknown",
    "tender_spots_reproduce_pain": "unknown",
    "referred_pain": False,
    "duration_weeks": 30.3,
    "stretching_effect": "no_change",
    "immobilized_weeks": 0,
    "range_measured": {"trunk_flexion": 40},
    "strengthening_effect": "not_tried",
}
#: What they type instead of numbers and letters; "about 7 months" is 30.3 weeks (a month is
#: 52/12 weeks).
TYPED = {
    "red_flags": ["nope"],
    "pain_on_movement": ["about 4/10"],
    "limit_felt_as": ["not sure"],
    "restricted_without_pain": ["maybe"],
    "better_when_pain_relieved": ["nope"],
    "tender_spots_reproduce_pain": ["not sure"],
    "referred_pain": ["nah"],
    "duration_weeks": ["about 7 months"],
    "stretching_effect": ["nothing"],
    "immobilized_weeks": ["never"],
    "range_measured": ["about 40 degrees"],
    "strengthening_effect": ["never tried"],
}
WRITTEN = PERSON


def natural_script(kb: KnowledgeBase, typed: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The session's lines with the natural answers in place, the name left out (Enter)."""
    q = Questionnaire(kb)
    answers: dict[str, Any] = {}
    lines: list[str] = []
    asked: list[str] = []
    while (qid := q.next_question(answers)) is not None:
        asked.append(qid)
        lines += typed.get(qid) or lines_for(kb, qid, PERSON[qid], answers)
        answers[qid] = WRITTEN[qid]
    assert set(typed) <= set(asked), f"the session no longer asks {set(typed) - set(asked)}"
    return [*lines, ""], asked


def written(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- natural answers -----------------------------------------------------------------------------
def test_natural_answers_are_written_as_what_they_mean(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, asked = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, lines, "--id", "nat")
    assert result.exit_code == 0, result.output
    case = written(tmp_path / "nat.yaml")
    assert {qid: case[qid] for qid in asked} == {qid: WRITTEN[qid] for qid in asked}
    assert case["referred_pain"] is False and case["restricted_without_pain"] == "unknown"
    assert "Recorded: 30.3 weeks (7 months, rounded)." in result.output
    assert "Recorded: No change." in result.output and "Recorded: no." in result.output
    assert "is not an answer here" not in result.output


def test_an_answer_that_cannot_be_read_says_what_would_be_and_asks_again(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    typed = {**TYPED, "duration_weeks": ["2 yeers", "-3 months", "about 7 months"]}
    lines, _ = natural_script(kb, typed)
    result = ask(runner, tmp_path, lines, "--id", "miss")
    assert result.exit_code == 0, result.output
    example = kb.questions["duration_weeks"].example
    expected = [
        "'2 yeers' is not an answer here ('yeers': did you mean years?). Allowed: a number from 0 to "
        f"5200 weeks, or in days, months or years; for example {example}.",
        "'-3 months' is not an answer here (-3 months is -13 weeks).",
    ]
    for line in expected:
        assert line in result.output
    assert written(tmp_path / "miss.yaml")["duration_weeks"] == 30.3
    assert "Traceback" not in result.output


# -- back --------------------------------------------------------------------------------------------
def lines_through(kb: KnowledgeBase, typed: dict[str, list[str]], asked: list[str], qid: str) -> int:
    """How many of the session's lines answer the questions up to and including ``qid``."""
    upto = asked[: asked.index(qid) + 1]
    return sum(len(typed.get(q) or lines_for(kb, q, PERSON[q], PERSON)) for q in upto)


def _with_back(kb: KnowledgeBase, qid: str, *after: str) -> list[str]:
    """The natural session with ``back`` typed at the question after ``qid``, then ``after``."""
    lines, asked = natural_script(kb, TYPED)
    before = lines_through(kb, TYPED, asked, qid)
    return [*lines[:before], "back", *after, *lines[before:]]


def test_back_shows_the_earlier_answer_and_enter_keeps_it(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    result = ask(runner, tmp_path, _with_back(kb, "duration_weeks", ""), "--id", "keep")
    assert result.exit_code == 0, result.output
    assert "You answered: 30.3 weeks. Type a new answer, or press Enter to keep it." in result.output
    assert result.output.count(kb.questions["duration_weeks"].text) == 2
    assert written(tmp_path / "keep.yaml")["duration_weeks"] == 30.3


def test_back_then_a_new_answer_replaces_it(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, _with_back(kb, "duration_weeks", "2 years"), "--id", "new")
    assert result.exit_code == 0, result.output
    assert written(tmp_path / "new.yaml")["duration_weeks"] == 104


def test_enter_after_back_keeps_a_no_rather_than_recording_dont_know(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    result = ask(runner, tmp_path, _with_back(kb, "referred_pain", ""), "--id", "no")
    assert result.exit_code == 0, result.output
    assert "You answered: no. Type a new answer" in result.output
    assert written(tmp_path / "no.yaml")["referred_pain"] is False


def test_back_at_a_list_shows_and_keeps_none(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, _with_back(kb, "red_flags", ""), "--id", "none")
    assert result.exit_code == 0, result.output
    assert "You answered: none. Type a new answer" in result.output
    assert written(tmp_path / "none.yaml")["red_flags"] == []


def test_without_back_nothing_earlier_is_shown(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    lines, _ = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, lines, "--id", "plain")
    assert "You answered:" not in result.output


# -- the name --------------------------------------------------------------------------------------
def test_the_name_is_asked_last_and_shown_on_the_plan(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, _ = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, [*lines[:-1], "Ana <b>Ruiz</b>"], "--id", "named")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index(kb.answers.name.text) > out.index(kb.questions["strengthening_effect"].text)
    assert "Summary for Ana <b>Ruiz</b>" in out
    assert written(tmp_path / "named.yaml")["name"] == "Ana <b>Ruiz</b>"
    html = (tmp_path / "named.html").read_text(encoding="utf-8")
    title = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in title and "named" not in title
    assert "<b>Ruiz</b>" not in html  # always escaped


def test_without_a_name_the_plan_shows_the_case_id(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, _ = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, lines, "--id", "anon")
    assert result.exit_code == 0, result.output
    assert "Summary for" not in result.output
    assert "name" not in written(tmp_path / "anon.yaml")
    html = (tmp_path / "anon.html").read_text(encoding="utf-8")
    assert "anon" in html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_end_of_input_at_the_name_leaves_it_out_and_finishes(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, _ = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, lines[:-1], "--id", "eof")
    assert result.exit_code == 0, result.output
    assert kb.answers.name.text in result.output
    assert (tmp_path / "eof.yaml").exists() and not (tmp_path / "eof.partial.yaml").exists()


def test_back_at_the_name_returns_to_the_last_question(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, asked = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, [*lines[:-1], "back", "", "Bo"], "--id", "nb")
    assert result.exit_code == 0, result.output
    assert result.output.count(kb.questions[asked[-1]].text) == 2
    assert result.output.count(kb.answers.name.text) == 2
    case = written(tmp_path / "nb.yaml")
    assert case["name"] == "Bo" and case[asked[-1]] == WRITTEN[asked[-1]]


def test_a_name_with_control_characters_is_asked_again(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines, _ = natural_script(kb, TYPED)
    result = ask(runner, tmp_path, [*lines[:-1], "Bo\x1b[2J", "Bo"], "--id", "esc")
    assert "is not an answer here (letters, please: no control characters)" in result.output
    assert written(tmp_path / "esc.yaml")["name"] == "Bo"


@pytest.mark.parametrize("name", ["emergency_chest_pain", "urgent_hot_knee"])
def test_a_stop_for_a_warning_sign_does_not_wait_for_a_name(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path, name: str
) -> None:
    lines, _ = script_for(kb, GOLDEN[name]["person"])
    result = ask(runner, tmp_path, [*lines, "Ana"], "--id", "stop")
    assert result.exit_code == 0, result.output
    assert kb.answers.name.text not in result.output


def test_resume_keeps_the_name_and_asks_only_what_is_missing(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    _, asked = natural_script(kb, TYPED)
    first = asked[:3]
    pre = tmp_path / "pre.yaml"
    pre.write_text(yaml.safe_dump({"name": "Ana", **{k: WRITTEN[k] for k in first}}), encoding="utf-8")
    stopped = ask(runner, tmp_path / "out", [], "--answers", str(pre))
    assert stopped.exit_code == 1  # the end of input at once: saved
    partial = tmp_path / "out" / "pre.partial.yaml"
    assert written(partial)["name"] == "Ana"
    rest, _ = script_for(kb, PERSON, prefilled={k: PERSON[k] for k in first})
    result = ask(runner, tmp_path / "out", rest, "--resume", str(partial))
    assert result.exit_code == 0, result.output
    assert kb.answers.name.text not in result.output and "Summary for Ana" in result.output
    assert written(tmp_path / "out" / "pre.yaml")["name"] == "Ana"


def test_a_resumed_session_with_every_answer_asks_only_the_name(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    partial = tmp_path / "all.partial.yaml"
    partial.write_text(yaml.safe_dump(dict(WRITTEN)), encoding="utf-8")
    result = ask(runner, tmp_path, ["Ana"], "--resume", str(partial))
    assert result.exit_code == 0, result.output
    assert "(0 questions asked)" in result.output and kb.answers.name.text in result.output
    assert written(tmp_path / "all.yaml")["name"] == "Ana"
