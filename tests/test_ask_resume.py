"""regain ask with --answers and --resume, the end of input, ids and refused options."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_ask_cli import (
    GOLDEN,
    ask,
    assess_json,
    levels,
    lines_for,
    script_for,
)

from regain.knowledge import KnowledgeBase


# -- --answers, --resume, end of input ---------------------------------------------------------
def test_answers_prefill_asks_only_what_is_missing(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    person = GOLDEN["both_causes_shoulder"]["person"]
    known = {
        k: person[k]
        for k in ("red_flags", "restricted_movements", "pain_on_movement", "pain_regions", "limit_felt_as")
    }
    prefill = tmp_path / "known.yaml"
    prefill.write_text(yaml.safe_dump({"name": "Ana", **known}))
    lines, asked = script_for(kb, person, prefilled=known)
    assert asked and not set(asked) & set(known)
    result = ask(runner, tmp_path / "out", lines, "--answers", str(prefill))
    assert result.exit_code == 0, result.output
    assert kb.questions["red_flags"].text not in result.output
    assert "Which movements" not in result.output
    assert f"({len(asked)} questions asked)" in result.output
    written = yaml.safe_load((tmp_path / "out" / "known.yaml").read_text(encoding="utf-8"))
    assert written["name"] == "Ana" and written["id"] == "known"
    assert (
        levels(assess_json(runner, tmp_path / "out" / "known.yaml"))
        == GOLDEN["both_causes_shoulder"]["levels"]
    )


def test_end_of_input_saves_a_partial_file_and_resume_finishes_it(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    person = GOLDEN["pain_protective_shoulder"]["person"]
    lines, asked = script_for(kb, person)
    first = sum(len(lines_for(kb, qid, person.get(qid), person)) for qid in asked[:4])
    result = ask(runner, tmp_path, lines[:first], "--id", "p")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    partial = tmp_path / "p.partial.yaml"
    assert f"regain ask --resume {partial}" in result.output
    saved = yaml.safe_load(partial.read_text(encoding="utf-8"))
    assert set(saved) == {"format", "id", *asked[:4]}
    assert not (tmp_path / "p.yaml").exists()

    rest, rest_asked = script_for(kb, person, prefilled={k: saved[k] for k in asked[:4]})
    assert rest_asked == asked[4:]
    result = ask(runner, tmp_path, rest, "--resume", str(partial))
    assert result.exit_code == 0, result.output
    assert f"({len(rest_asked)} questions asked)" in result.output
    assert not partial.exists()
    data = assess_json(runner, tmp_path / "p.yaml")
    assert data["case_id"] == "p"
    assert levels(data) == GOLDEN["pain_protective_shoulder"]["levels"]


def test_skipped_questions_stay_skipped_on_resume(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    # skip the pain question (Enter), then stop: the resumed session does not ask it again
    lines = (
        lines_for(kb, "red_flags", [], {})
        + lines_for(kb, "restricted_movements", ["neck_rotation"], {})
        + [""]
    )
    assert ask(runner, tmp_path, lines, "--id", "s").exit_code == 1
    saved = yaml.safe_load((tmp_path / "s.partial.yaml").read_text(encoding="utf-8"))
    assert saved["x_unanswered"] == ["pain_on_movement"]
    result = ask(runner, tmp_path, "", "--resume", str(tmp_path / "s.partial.yaml"))
    assert "How much does it hurt when you do the movement" not in result.output
    assert "How much does it hurt at rest" in result.output


def test_end_of_input_at_the_very_start(runner: CliRunner, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, "", "--id", "e")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert yaml.safe_load((tmp_path / "e.partial.yaml").read_text()) == {"format": "regain-case/2", "id": "e"}


def test_default_id_is_safe_and_dated(runner: CliRunner, tmp_path: Path) -> None:
    ask(runner, tmp_path, "")
    (partial,) = tmp_path.glob("*.partial.yaml")
    assert partial.name.startswith("case-") and len(partial.name) == len("case-20260101-120000.partial.yaml")


@pytest.mark.parametrize("bad", ["../evil", "a/b", ".hidden", "", "x" * 81, "sp ace"])
def test_unsafe_ids_are_refused(runner: CliRunner, tmp_path: Path, bad: str) -> None:
    result = ask(runner, tmp_path, "", "--id", bad)
    assert result.exit_code == 2
    assert "--id" in result.output
    assert not list(tmp_path.iterdir())


def test_invalid_answers_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pain_on_movement: 11\nrestricted_movements: [neck_rotaton]\n")
    result = ask(runner, tmp_path, "", "--answers", str(bad))
    assert result.exit_code == 2
    assert "pain_on_movement" in result.output and "neck_rotation" in result.output


def test_answers_and_resume_together_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text("restricted_movements: [neck_rotation]\n")
    result = ask(runner, tmp_path, "", "--answers", str(case), "--resume", str(case))
    assert result.exit_code == 2


def test_answers_from_a_version_1_file_ask_the_new_checklist(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        "format: regain-case/1\nrestricted_movements: [neck_rotation]\npain_on_movement: 5\nred_flags: []\n"
    )
    result = ask(runner, tmp_path / "out", ["0"], "--answers", str(old))
    assert kb.questions["red_flags"].text in result.output  # asked again, with every sign
    assert kb.red_flags["cervical_artery_symptoms"].sign in result.output
    saved = tmp_path / "out" / "old.partial.yaml"  # the script ends after the checklist
    written = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert written["format"] == "regain-case/2" and written["red_flags"] == []
