"""``regain ask`` driven by Click's test runner with scripted input.

Full sessions for each scenario (pain-protective, shortening, both, a hard
block), the emergency stop, the ``?``/``why``/``back`` commands, invalid
input, ``--answers``, ``--resume`` and the end of input mid-way. Every case
file the command writes must pass ``regain assess``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from regain.cli import main
from regain.engine.questionnaire import SETTLED, Questionnaire, provisional_case
from regain.knowledge import KnowledgeBase, load_knowledge

SESSIONS = Path(__file__).parent / "data" / "ask" / "sessions.yaml"
GOLDEN: dict[str, Any] = yaml.safe_load(SESSIONS.read_text(encoding="utf-8"))["sessions"]


# -- turning a person's answers into typed lines -------------------------------------------
def _by_area(kb: KnowledgeBase, items: dict[str, Any], ids: list[str]) -> list[str]:
    areas = [a for a in kb.areas if any(it.area == a for it in items.values())]
    chosen = [a for a in areas if any(items[i].area == a for i in ids)]
    listed = [iid for area in chosen for iid, it in items.items() if it.area == area]
    return [
        ",".join(str(areas.index(a) + 1) for a in chosen),
        ",".join(str(listed.index(i) + 1) for i in ids),
    ]


def lines_for(kb: KnowledgeBase, qid: str, value: Any, answers: dict[str, Any]) -> list[str]:
    """What a person types to give ``value`` to question ``qid`` (None: press Enter)."""
    q = kb.questions[qid]
    if q.type == "range_map":
        value = value or {}
        return [str(value.get(mv, "")) for mv in answers.get("restricted_movements", [])]
    if value is None:
        return [""]
    match q.type:
        case "red_flags":
            flags = list(kb.red_flags)
            return [",".join(str(flags.index(f) + 1) for f in value) or "0"]
        case "movements":
            return _by_area(kb, dict(kb.movements), value)
        case "regions":
            return _by_area(kb, dict(kb.regions), value)
        case "tri_state":
            return ["y" if value is True else "n" if value is False else "u"]
        case "choice":
            return [str([o.value for o in q.options].index(value) + 1)]
    return [str(value)]


def script_for(
    kb: KnowledgeBase, person: dict[str, Any], prefilled: dict[str, Any] | None = None
) -> tuple[list[str], list[str]]:
    """The lines a person types in a whole session, and the question ids they are asked.

    A session that is not stopped by a warning sign ends with the optional name for
    the plan: Enter leaves it out.
    """
    q = Questionnaire(kb)
    answers: dict[str, Any] = dict(prefilled or {})
    unanswered: set[str] = set()
    lines: list[str] = []
    asked: list[str] = []
    while (qid := (step := q.step(answers, unanswered)).next) is not None:
        asked.append(qid)
        value = person.get(qid)
        lines += lines_for(kb, qid, value, answers)
        if value is not None:
            answers[qid] = value
        elif kb.questions[qid].type == "tri_state":
            answers[qid] = "unknown"
        else:
            unanswered.add(qid)
    if step.done == SETTLED:
        lines.append("")  # no name
    return lines, asked


def lines_before(kb: KnowledgeBase, person: dict[str, Any], asked: list[str], qid: str) -> int:
    """How many of the session's typed lines come before question ``qid`` is answered."""
    at = asked.index(qid)
    return sum(len(lines_for(kb, q, person.get(q), person)) for q in asked[:at])


def typed(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


# -- fixtures and helpers --------------------------------------------------------------------
def ask(runner: CliRunner, out: Path, lines: list[str] | str, *args: str) -> Result:
    text = lines if isinstance(lines, str) else typed(lines)
    return runner.invoke(main, ["ask", "--out", str(out), *args], input=text)


def assess_json(runner: CliRunner, path: Path) -> dict[str, Any]:
    result = runner.invoke(main, ["assess", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def levels(data: dict[str, Any]) -> dict[str, str]:
    out = {k: v["level"] for k, v in data["causes"].items()}
    out["active_trigger_points"] = data["active_trigger_points"]["level"]
    return out


# -- full sessions -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n, s in GOLDEN.items() if s["triage"] not in ("emergency", "urgent")])
def test_full_session_writes_a_case_that_regain_assess_accepts(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path, name: str
) -> None:
    session = GOLDEN[name]
    lines, asked = script_for(kb, session["person"])
    result = ask(runner, tmp_path, lines, "--id", name)
    assert result.exit_code == 0, result.output
    assert f"({len(asked)} question{'s' if len(asked) != 1 else ''} asked)" in result.output
    assert len(asked) <= session["asked"]
    case_file, html_file = tmp_path / f"{name}.yaml", tmp_path / f"{name}.html"
    assert str(case_file) in result.output and str(html_file) in result.output
    assert not (tmp_path / f"{name}.partial.yaml").exists()
    assert html_file.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")

    written = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert written["format"] == "regain-case/2"
    assert written["id"] == name
    for qid in asked:
        expected = session["person"].get(qid)
        if expected is not None:
            assert written[qid] == expected, qid
        elif kb.questions[qid].type == "tri_state":
            assert written[qid] == "unknown"
        else:
            assert qid not in written
    data = assess_json(runner, case_file)
    assert data["triage"] == session["triage"]
    assert levels(data) == session["levels"]
    assert "Summary" in result.output
    assert data["plan"][0]["title"] in result.output


def test_scenarios_get_their_plans(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    kinds = {}
    for name in (
        "pain_protective_shoulder",
        "shortening_hip_no_pain",
        "both_causes_shoulder",
        "hard_block_knee",
    ):
        lines, _ = script_for(kb, GOLDEN[name]["person"])
        assert ask(runner, tmp_path, lines, "--id", name).exit_code == 0
        data = assess_json(runner, tmp_path / f"{name}.yaml")
        kinds[name] = [s["kind"] for s in data["plan"]]
    assert {"trigger_point_self_treatment", "full_range_movement"} <= set(kinds["pain_protective_shoulder"])
    assert "long_hold_stretching" in kinds["shortening_hip_no_pain"]
    assert {"trigger_point_self_treatment", "long_hold_stretching"} <= set(kinds["both_causes_shoulder"])
    assert "professional_assessment" in kinds["hard_block_knee"]


def test_a_hand_typed_session(runner: CliRunner, tmp_path: Path) -> None:
    # No flags; the shoulder area, then two of its movements; no pain at all; a tightness.
    kb = load_knowledge()
    areas = [a for a in kb.areas if any(m.area == a for m in kb.movements.values())]
    shoulder = [m for m, mv in kb.movements.items() if mv.area == "shoulder"]
    lines = ["none", str(areas.index("shoulder") + 1), "1, 2", "0", "0", "2", "y"]
    result = ask(runner, tmp_path, lines, "--id", "hand")
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((tmp_path / "hand.yaml").read_text(encoding="utf-8"))
    assert written["restricted_movements"] == shoulder[:2]
    assert written["limit_felt_as"] == "tightness"
    assert "pain_regions" not in written and "avoids_movement" not in written
    assert "Where do you feel the pain?" not in result.output
    assert levels(assess_json(runner, tmp_path / "hand.yaml"))["shortening_adhesion"] == "likely"


# -- emergency -------------------------------------------------------------------------------
def test_emergency_stops_and_writes_the_emergency_plan(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    flags = list(kb.red_flags)
    chest = flags.index("chest_pain_or_breathlessness") + 1
    result = ask(runner, tmp_path, [f"{chest},{flags.index('pregnancy') + 1}"], "--id", "em")
    assert result.exit_code == 0, result.output
    assert "Which movements" not in result.output
    assert kb.red_flags["chest_pain_or_breathlessness"].advice in " ".join(result.output.split())
    assert "(1 question asked)" in result.output
    # no movement yet, so the answers are saved as a partial case ...
    saved = yaml.safe_load((tmp_path / "em.partial.yaml").read_text(encoding="utf-8"))
    assert saved["red_flags"] == ["chest_pain_or_breathlessness", "pregnancy"]
    # ... and the plan is the emergency step only
    html = (tmp_path / "em.html").read_text(encoding="utf-8")
    assert "emergency" in html.lower()
    from regain.engine.assess import Assessor

    plan = Assessor(kb).assess(provisional_case(saved, "em")).plan
    assert [s.kind for s in plan] == ["emergency_care"]


def test_urgent_sign_stops_once_the_triage_is_certain(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    flags = list(kb.red_flags)
    hot = flags.index("hot_swollen_joint") + 1
    result = ask(runner, tmp_path, [str(hot)], "--id", "hot")
    assert result.exit_code == 0, result.output
    assert f"STOP: {kb.wording.headlines['urgent'].heading}" in result.output
    assert "Which movements" not in result.output and "(1 question asked)" in result.output
    html = (tmp_path / "hot.html").read_text(encoding="utf-8")
    assert kb.steps["urgent_care"].title in html
    for kind in ("trigger_point_self_treatment", "full_range_movement", "strengthening"):
        assert kb.steps[kind].title not in html


def test_a_fall_asks_the_age_before_deciding(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    fall = list(kb.red_flags).index("recent_significant_trauma") + 1
    result = ask(runner, tmp_path, [str(fall), "70"], "--id", "fall")
    assert kb.questions["age"].text in result.output
    assert f"STOP: {kb.wording.headlines['urgent'].heading}" in result.output
    saved = yaml.safe_load((tmp_path / "fall.partial.yaml").read_text(encoding="utf-8"))
    assert saved["age"] == 70


def test_emergency_with_prefilled_movements_writes_an_assessable_case(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    prefill = tmp_path / "pre.yaml"
    prefill.write_text("restricted_movements: [neck_rotation]\npain_on_movement: 5\n")
    chest = list(kb.red_flags).index("chest_pain_or_breathlessness") + 1
    result = ask(runner, tmp_path / "out", [str(chest)], "--answers", str(prefill))
    assert result.exit_code == 0, result.output
    data = assess_json(runner, tmp_path / "out" / "pre.yaml")
    assert data["triage"] == "emergency"
    assert [s["kind"] for s in data["plan"]] == ["emergency_care"]


# -- ?, why, back, invalid input ---------------------------------------------------------------
def test_question_mark_shows_help(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    areas = [a for a in kb.areas if any(m.area == a for m in kb.movements.values())]
    neck = [m for m, mv in kb.movements.items() if mv.area == "neck"]
    lines = ["?", "0", "?", str(areas.index("neck") + 1), "?2", "1"]
    result = ask(runner, tmp_path, lines, "--id", "h")
    assert kb.questions["red_flags"].help in result.output.replace("\n  ", " ")
    assert kb.questions["restricted_movements"].help[:30] in result.output
    assert kb.movements[neck[1]].how_to_test[:30] in result.output
    assert "End of input" in result.output  # the script stops early: a partial file
    assert (tmp_path / "h.partial.yaml").exists()


def test_why_explains_what_the_answer_would_change(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    person = GOLDEN["pain_protective_shoulder"]["person"]
    lines, asked = script_for(kb, person)
    # 'why' at the question about relief: pain-protective is already likely; a range that
    # does not improve when the pain eases would make it only possible
    before = lines_before(kb, person, asked, "better_when_pain_relieved")
    lines = [*lines[:before], "why", *lines[before:]]
    result = ask(runner, tmp_path, lines, "--id", "w")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "This answer is evidence about: a pain-protective pattern." in out
    assert "Now a pain-protective pattern is likely (71%)" in out
    assert 'The range stays the same even when the pain eases.", that speaks against' in out
    assert "(-0.3): it would become possible" in out
    assert "(+0.5): it would stay likely" in out


def test_why_for_a_ranking_question(runner: CliRunner, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, ["why"], "--id", "w2")
    assert "Warning signs decide whether self-help is safe" in " ".join(result.output.split())


def test_back_changes_the_previous_answer(runner: CliRunner, kb: KnowledgeBase, tmp_path: Path) -> None:
    person = GOLDEN["shortening_hip_no_pain"]["person"]
    lines, asked = script_for(kb, person)
    # answer the pain question with 8, go back at the next prompt, answer 0 instead
    before = lines_before(kb, person, asked, "pain_on_movement")
    lines = [*lines[:before], "8", "back", *lines[before:]]
    result = ask(runner, tmp_path, lines, "--id", "b")
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((tmp_path / "b.yaml").read_text(encoding="utf-8"))
    assert written["pain_on_movement"] == 0
    assert "pain_regions" not in written
    assert result.output.count("How much does it hurt when you do the movement") == 2


def test_back_at_the_first_question(runner: CliRunner, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, ["back"], "--id", "b0")
    assert "first question" in result.output
    assert result.output.count("Do any of these warning signs apply") == 2


def test_invalid_input_reprompts_with_what_is_allowed(
    runner: CliRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    person = GOLDEN["hard_block_knee"]["person"]
    lines, asked = script_for(kb, person)
    before = lines_before(kb, person, asked, "pain_on_movement")
    lines = ["99", "1,x", *lines[:before], "eleven", "11", "3.5", *lines[before:]]
    result = ask(runner, tmp_path, lines, "--id", "inv")
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"'99' is not an answer here. Allowed: numbers 1-{len(kb.red_flags)}" in out
    assert "'eleven' is not an answer here. Allowed: a whole number from 0 to 10" in out
    assert "'11' is not an answer here" in out and "'3.5' is not an answer here" in out
    assert yaml.safe_load((tmp_path / "inv.yaml").read_text())["pain_on_movement"] == 0


def test_required_movements_cannot_be_skipped(runner: CliRunner, tmp_path: Path) -> None:
    result = ask(runner, tmp_path, ["0", ""], "--id", "req")
    assert "'' is not an answer here" in result.output
