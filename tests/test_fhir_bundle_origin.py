"""A Bundle made from a QuestionnaireResponse holds that response as it was read.

A portal sends answers with its own metadata (who the patient is, when they
answered); the Bundle regain writes must link back to exactly that response,
and speak of the same patient, not of a new one of its own. A case file has
no response: the Bundle holds one filled from its answers (the near miss).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fhir_bundle_checks import resources, unresolved_references, validation_problems

from regain.cli import main

SHOULDER = Path(__file__).parent.parent / "examples" / "shoulder.yaml"
PORTAL = {"subject": {"reference": "Patient/portal-123"}, "authored": "2026-11-30T09:15:00+01:00"}


def _response(tmp_path: Path, **extra: Any) -> Path:
    result = CliRunner().invoke(main, ["fhir", "response", str(SHOULDER)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**json.loads(result.output), **extra}), encoding="utf-8")
    return path


def _subjects(bundle: dict[str, Any]) -> set[str]:
    kinds = ("QuestionnaireResponse", "Observation", "RiskAssessment", "CarePlan", "Goal")
    return {r["subject"]["reference"] for kind in kinds for r in resources(bundle, kind) if "subject" in r}


def test_the_portals_response_and_patient_are_kept(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(_response(tmp_path, **PORTAL)), "--format", "fhir"])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.output)
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["authored"] == PORTAL["authored"]
    assert _subjects(bundle) == {"Patient/portal-123"} and resources(bundle, "Patient") == []
    assert validation_problems(bundle) == []
    # when the answers were given dates the findings, the assessment and the plan
    assert resources(bundle, "RiskAssessment")[0]["occurrenceDateTime"] == PORTAL["authored"]
    assert resources(bundle, "CarePlan")[0]["created"] == PORTAL["authored"]
    assert {o["effectiveDateTime"] for o in resources(bundle, "Observation")} == {PORTAL["authored"]}


def test_near_miss_a_response_without_subject_or_date_gets_the_bundles_patient(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(_response(tmp_path)), "--format", "fhir"])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.output)
    (patient,) = resources(bundle, "Patient")
    assert _subjects(bundle) == {f"urn:uuid:{patient['id']}"} and unresolved_references(bundle) == []
    assert "occurrenceDateTime" not in resources(bundle, "RiskAssessment")[0]  # no date given, none made up


def test_batch_keeps_each_response_as_read(tmp_path: Path) -> None:
    path = _response(tmp_path, **PORTAL)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out), "--format", "fhir"])
    assert result.exit_code == 0, result.output
    (written,) = out.glob("*.fhir.json")
    bundle = json.loads(written.read_text(encoding="utf-8"))
    assert resources(bundle, "QuestionnaireResponse")[0]["authored"] == PORTAL["authored"]
    assert _subjects(bundle) == {"Patient/portal-123"}
