"""``regain fhir questionnaire|response``, and ``regain assess`` / ``regain batch`` on FHIR input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from test_cli_assess import EXAMPLE, run

from regain.fhir_io.questionnaire import canonical
from regain.knowledge import KnowledgeBase


def test_questionnaire_is_written_with_o(runner: CliRunner, tmp_path: Path, kb: KnowledgeBase) -> None:
    out = tmp_path / "questionnaire.json"
    result = run(runner, "fhir", "questionnaire", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "wrote" in result.stderr
    resource = json.loads(out.read_text(encoding="utf-8"))
    Questionnaire.model_validate(resource)
    assert f"{resource['url']}|{resource['version']}" == canonical(kb)
    german = run(runner, "fhir", "questionnaire", "--lang", "de")
    assert json.loads(german.stdout)["language"] == "de" and german.stdout != out.read_text(encoding="utf-8")


def test_questionnaire_refuses_an_output_in_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "fhir", "questionnaire", "-o", str(tmp_path / "no" / "q.json"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "no").exists()


def test_a_response_from_a_case_is_assessed_as_the_case(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "shoulder.json"
    assert run(runner, "fhir", "response", str(EXAMPLE), "-o", str(out)).exit_code == 0
    QuestionnaireResponse.model_validate_json(out.read_text(encoding="utf-8"))
    for fmt in ("json", "text"):
        from_case = run(runner, "assess", str(EXAMPLE), "--format", fmt)
        from_response = run(runner, "assess", str(out), "--format", fmt)
        assert from_response.exit_code == 0, from_response.output
        assert from_response.stdout == from_case.stdout
    piped = run(runner, "assess", "-", "--format", "json", stdin=out.read_bytes())
    assert piped.stdout == run(runner, "assess", str(EXAMPLE), "--format", "json").stdout


def test_a_response_of_a_bad_case_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text("restricted_movements: [shoulder_abduction]\npain_at_rest: 12\n", encoding="utf-8")
    result = run(runner, "fhir", "response", str(case))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{case}: pain_at_rest: ")


def test_batch_reads_each_response_of_a_bundle(runner: CliRunner, tmp_path: Path) -> None:
    response = json.loads(run(runner, "fhir", "response", str(EXAMPLE)).stdout)
    second = {**response, "identifier": {**response["identifier"], "value": "second"}}
    broken = {
        **response,
        "status": "in-progress",
        "identifier": {**response["identifier"], "value": "broken"},
    }
    entries = [
        {"resource": response},
        {"resource": {"resourceType": "Patient"}},
        {"resource": broken},
        {"resource": second},
    ]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bundle.json").write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})
    )
    out = tmp_path / "out"
    result = run(runner, "batch", str(inputs), "--out", str(out), "--format", "json")
    assert result.exit_code == 1, result.output  # one invalid case
    assert sorted(p.name for p in out.glob("*.json")) == ["second.json", "shoulder-example.json"]
    errors = (out / "errors.txt").read_text(encoding="utf-8")
    assert f"{inputs / 'bundle.json'}#entry[2]: status: 'in-progress'" in errors
    assert "#entry[0]" not in errors and "#entry[3]" not in errors
