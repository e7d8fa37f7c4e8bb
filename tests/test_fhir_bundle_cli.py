"""``regain assess --format fhir`` and ``regain batch --format fhir`` on the command line.

One Bundle per case, valid, in the language spoken, the same as the library
writes; and (the near misses) the JSON format is no Bundle, and an invalid
case gets none.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fhir_bundle_checks import resources, unresolved_references, validation_problems

from regain.cli import main

ROOT = Path(__file__).parent.parent
SHOULDER = ROOT / "examples" / "shoulder.yaml"


def test_assess_writes_a_bundle(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "x.json"
    result = runner.invoke(main, ["assess", str(SHOULDER), "--format", "fhir", "-o", str(out)])
    assert result.exit_code == 0, result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert validation_problems(bundle) == [] and unresolved_references(bundle) == []
    assert resources(bundle, "Patient")[0]["name"] == [{"text": "Alex"}]
    again = runner.invoke(main, ["assess", str(SHOULDER), "--format", "fhir"])
    assert again.exit_code == 0 and again.output == out.read_text(encoding="utf-8")
    # the near miss: -o x.json without --format is the JSON format, not a Bundle
    plain = runner.invoke(main, ["assess", str(SHOULDER), "-o", str(out)])
    assert (
        plain.exit_code == 0
        and json.loads(out.read_text(encoding="utf-8"))["format"] == "regain-assessment/2"
    )


def test_assess_writes_a_german_bundle(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(SHOULDER), "--format", "fhir", "--lang", "de"])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.output)
    assert bundle["language"] == "de" and validation_problems(bundle) == []
    assert resources(bundle, "CarePlan")[0]["title"].startswith("Sie können")


def test_batch_writes_one_bundle_per_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("pain_protective_neck", "emergency_calf_clot", "see_doctor_fall_on_shoulder"):
        import yaml

        data = yaml.safe_load((ROOT / "tests" / "cases" / f"{name}.yaml").read_text(encoding="utf-8"))["case"]
        (cases / f"{name}.yaml").write_text(
            yaml.safe_dump({"format": "regain-case/2", "id": name, **data}), encoding="utf-8"
        )
    (cases / "broken.yaml").write_text("format: regain-case/2\nid: broken\nrestricted_movements: [nope]\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(cases), "--out", str(out), "--format", "fhir", "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output  # the broken case is invalid; the others are written
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == [
        "emergency_calf_clot.fhir.json",
        "pain_protective_neck.fhir.json",
        "see_doctor_fall_on_shoulder.fhir.json",
    ]
    for path in out.glob("*.fhir.json"):
        bundle = json.loads(path.read_text(encoding="utf-8"))
        assert validation_problems(bundle) == [] and unresolved_references(bundle) == []
        single = CliRunner().invoke(
            main, ["assess", str(cases / path.name.replace(".fhir.json", ".yaml")), "-f", "fhir"]
        )
        assert single.output == path.read_text(encoding="utf-8")
    assert not list(out.glob("*.html")) or {p.name for p in out.glob("*.html")} == {"index.html"}
    assert "broken" in (out / "errors.txt").read_text(encoding="utf-8")
