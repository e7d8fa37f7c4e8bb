"""An invalid case still says the emergency or urgent warning signs it reports, first.

An invalid case gets no plan: its problem lines are all a person (or a
clinic's batch log) sees. A reported sign that needs emergency care or a
doctor today must not hide among them. The near misses: a caution sign, and
a valid case, add no such line.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from regain.cli import main
from regain.knowledge import load_knowledge

SHOULDER = Path(__file__).parent.parent / "examples" / "shoulder.yaml"
CHEST = "chest_pain_or_breathlessness"


def _assess(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["assess", str(path)])
    return result.exit_code, result.output.splitlines()


def test_an_invalid_case_file_leads_with_its_emergency_sign(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        f"restricted_movements: [shoulder_abduction]\nred_flags: [pregnancy, {CHEST}]\npain_at_rest: 11\n"
    )
    code, lines = _assess(case)
    advice = load_knowledge("en").red_flags[CHEST].advice
    assert code == 2 and len(lines) == 2
    assert lines[0].startswith(f"{case}: red_flags: reports ") and advice in lines[0]
    assert "pain_at_rest" in lines[1]


def test_a_csv_row_says_it_too(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        f"id,restricted_movements,red_flags,pain_at_rest\nc1,shoulder_abduction,hot_swollen_joint;{CHEST},99\n"
    )
    result = CliRunner().invoke(main, ["batch", str(rows), "--out", str(tmp_path / "out")])
    errors = (tmp_path / "out" / "errors.txt").read_text(encoding="utf-8").splitlines()
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in errors[:2]] == ["red_flags", "red_flags"]  # urgent, emergency
    assert "hot" in errors[0].lower() and "pain_at_rest" in errors[2]


def test_near_miss_a_caution_sign_or_a_valid_case_adds_no_line(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("restricted_movements: [shoulder_abduction]\nred_flags: [pregnancy]\npain_at_rest: 11\n")
    code, lines = _assess(case)
    assert code == 2 and len(lines) == 1 and "pain_at_rest" in lines[0]
    case.write_text(f"restricted_movements: [shoulder_abduction]\nred_flags: [{CHEST}]\n")
    code, lines = _assess(case)
    assert code == 0 and not any("reports '" in line for line in lines)


def _response(tmp_path: Path) -> dict:
    result = CliRunner().invoke(main, ["fhir", "response", str(SHOULDER)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_refused_fhir_response_leads_with_its_emergency_sign(tmp_path: Path) -> None:
    response = _response(tmp_path)
    flags = next(i for i in response["item"] if i["linkId"] == "red_flags")
    for sign in flags["item"]:
        if sign["linkId"] == f"red_flags.{CHEST}":
            sign["answer"] = [{"valueBoolean": True}]
    flags["item"] = [s for s in flags["item"] if s["linkId"].endswith(CHEST)] + [
        s for s in flags["item"] if not s["linkId"].endswith(CHEST)
    ][:3]
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    code, lines = _assess(path)
    assert code == 2 and lines[0].startswith(f"{path}: red_flags.{CHEST}: reports ")
    assert sum("not answered" in line for line in lines) == len(load_knowledge("en").red_flags) - 4
    # the near miss: the same refusal without a sign answered yes leads with what is missing
    for sign in flags["item"]:
        sign["answer"] = [{"valueBoolean": False}]
    path.write_text(json.dumps(response), encoding="utf-8")
    code, lines = _assess(path)
    assert code == 2 and "not answered" in lines[0]
