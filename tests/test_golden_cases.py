"""The golden case library: ``tests/cases/*.yaml``, one parametrised test each.

Each file holds a ``description``, a ``case`` (a ``regain-case/1`` mapping) and
``expect``, which says what regain must conclude. Only the keys given are
checked:

* ``triage`` — ``emergency`` · ``see_doctor`` · ``self_care``;
* ``levels`` — the level of ``pain_protective``, ``shortening_adhesion`` and
  ``active_trigger_points``;
* ``plan`` — the plan step kinds, in order;
* ``top_muscles`` — the first muscle ids of the ranking, in order (only as
  many as are stable);
* ``missing`` — the unanswered questions that could change a conclusion, in order;
* ``red_flags`` — the red flag ids reported;
* ``screening_complete``;
* ``dose`` — step kind -> the dose values to check (e.g. a capped pressure);
* ``cautions`` — step kind -> the caution flags whose note the step carries;
* ``clearance`` — whether the self-treatment steps wait for a doctor's clearance.

A case whose clinically right answer the engine does not give yet carries
``xfail: <why>``: the expectation stays the clinically right one, the test is
a strict xfail, and it fails loudly once the engine is fixed so the marker can
go. On failure the test prints a unified diff of expected against actual.

Besides its own expectations, every case is held to the contract of
``assessment.md`` (``test_golden_case_contract``), and the library as a whole
must cover every red flag, urgency and body area (``test_library_coverage``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from regain.engine.assessment import Assessment
from regain.knowledge import KnowledgeBase

CASES_DIR = Path(__file__).parent / "cases"
FILE_KEYS = {"description", "case", "expect", "xfail"}
LEVEL_KEYS = ("pain_protective", "shortening_adhesion", "active_trigger_points")
EXPECT_KEYS = {"triage", "levels", "plan", "top_muscles", "missing", "red_flags",
               "screening_complete", "dose", "cautions", "clearance"}
SELF_TREATMENT = ("trigger_point_self_treatment", "long_hold_stretching",
                  "full_range_movement", "strengthening")
MIN_CASES = 30

Assess = Callable[..., Assessment]


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _params() -> list[Any]:
    return [pytest.param(path, id=path.stem) for path in _case_files()]


def _actual(assessment: Assessment, expect: dict[str, Any]) -> dict[str, Any]:
    """The assessment seen through the keys ``expect`` names, in the same shapes."""
    steps = {s.kind: s for s in assessment.plan}
    levels = {name: f.level for name, f in assessment.causes.items()}
    levels["active_trigger_points"] = assessment.active_trigger_points.level
    out: dict[str, Any] = {}
    for key in expect:
        if key == "triage":
            out[key] = assessment.triage
        elif key == "levels":
            out[key] = {k: levels[k] for k in LEVEL_KEYS}
        elif key == "plan":
            out[key] = [s.kind for s in assessment.plan]
        elif key == "top_muscles":
            out[key] = [m.id for m in assessment.muscles[: len(expect[key])]]
        elif key == "missing":
            out[key] = list(assessment.missing)
        elif key == "red_flags":
            out[key] = [f.id for f in assessment.red_flags]
        elif key == "screening_complete":
            out[key] = assessment.screening_complete
        elif key == "dose":
            out[key] = {kind: ({k: steps[kind].dose.get(k) for k in want} if kind in steps
                               else "(step not in plan)")
                        for kind, want in expect[key].items()}
        elif key == "cautions":
            out[key] = {kind: ([c.flag for c in steps[kind].cautions if c.note.strip()]
                               if kind in steps else "(step not in plan)")
                        for kind in expect[key]}
        elif key == "clearance":
            self_steps = [s for s in assessment.plan if s.kind in SELF_TREATMENT]
            out[key] = bool(self_steps) and all(s.requires_clearance for s in self_steps)
    return out


def _diff(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    def dump(d: dict[str, Any]) -> list[str]:
        return yaml.safe_dump(d, sort_keys=False, default_flow_style=None).splitlines()

    return "\n".join(difflib.unified_diff(dump(expected), dump(actual), "expected", "actual",
                                          lineterm=""))


def test_case_files_are_well_formed() -> None:
    files = _case_files()
    assert len(files) >= MIN_CASES, f"the golden library needs at least {MIN_CASES} cases"
    for path in files:
        data = _load(path)
        assert set(data) <= FILE_KEYS, f"{path.name}: unknown keys {sorted(set(data) - FILE_KEYS)}"
        assert isinstance(data.get("description"), str) and data["description"].strip(), path.name
        assert isinstance(data.get("case"), dict), f"{path.name}: needs a case"
        expect = data.get("expect")
        assert isinstance(expect, dict), f"{path.name}: needs expect"
        assert set(expect) <= EXPECT_KEYS, f"{path.name}: unknown expect keys"
        for key in ("triage", "levels", "plan"):
            assert key in expect, f"{path.name}: expect.{key} is required"
        assert set(expect["levels"]) == set(LEVEL_KEYS), f"{path.name}: expect.levels"
        top = expect.get("top_muscles", [])
        assert len(top) <= 3, f"{path.name}: top_muscles holds 1-3 muscles"


@pytest.mark.parametrize("path", _params())
def test_golden_case(path: Path, assess: Assess) -> None:
    data = _load(path)
    assessment = assess(data["case"], path.name)
    expected: dict[str, Any] = data["expect"]
    actual = _actual(assessment, expected)
    if actual != expected:
        message = f"{path.name}: {data['description'].strip()}\n{_diff(expected, actual)}"
        if data.get("xfail"):
            pytest.xfail(f"known disagreement: {data['xfail']}")
        pytest.fail(message, pytrace=False)
    if data.get("xfail"):
        pytest.fail(f"{path.name} is marked xfail ({data['xfail']}) but now passes: "
                    "remove the marker", pytrace=False)


@pytest.mark.parametrize("path", _params())
def test_golden_case_contract(path: Path, assess: Assess, kb: KnowledgeBase) -> None:
    """The meanings of assessment.md hold for every case of the library."""
    case = _load(path)["case"]
    a = assess(case, path.name)
    kinds = [s.kind for s in a.plan]
    steps = {s.kind: s for s in a.plan}
    pp = a.causes["pain_protective"].level
    sa = a.causes["shortening_adhesion"].level
    atp = a.active_trigger_points.level
    urgencies = {kb.red_flags[f].urgency for f in case.get("red_flags", [])}

    expected_triage = ("emergency" if "emergency" in urgencies
                       else "see_doctor" if "see_doctor" in urgencies else "self_care")
    assert a.triage == expected_triage
    assert a.screening_complete == ("red_flags" in case)
    if not a.screening_complete:
        assert a.missing[:1] == ["red_flags"], "an unscreened case must ask for red flags first"
    if a.triage == "emergency":
        assert kinds == ["emergency_care"]
        return
    if a.triage == "see_doctor":
        assert kinds[0] == "medical_consultation"
        assert all(s.requires_clearance for s in a.plan if s.kind in SELF_TREATMENT)
    else:
        assert not any(s.requires_clearance for s in a.plan)
    if pp == "likely":
        assert {"trigger_point_self_treatment", "full_range_movement"} <= set(kinds)
    if sa == "likely":
        stretch = steps["long_hold_stretching"]
        assert stretch.dose["hold_seconds"] >= 120 and stretch.dose["weeks"] >= 6
    if case.get("limit_felt_as") == "block" or (pp == "unlikely" and sa == "unlikely"):
        assert "professional_assessment" in kinds
    if atp != "unlikely" and "trigger_point_self_treatment" in kinds:
        tp = kinds.index("trigger_point_self_treatment")
        for later in ("long_hold_stretching", "strengthening"):
            if later in kinds:
                assert tp < kinds.index(later), f"trigger point work must come before {later}"
    if "strengthening" in kinds:
        assert [k for k in kinds if k in SELF_TREATMENT][-1] == "strengthening"
    for flag in case.get("red_flags", []):
        for kind, change in kb.red_flags[flag].softens.items():
            if kind in steps:
                assert flag in [c.flag for c in steps[kind].cautions]
                for key, cap in change.caps.items():
                    assert steps[kind].dose[key] <= cap


def test_library_coverage(kb: KnowledgeBase) -> None:
    """The library covers every red flag, every urgency and every body area."""
    cases = [_load(p)["case"] for p in _case_files()]
    flags = {f for c in cases for f in c.get("red_flags", [])}
    assert sorted(set(kb.red_flags) - flags) == [], "red flags no golden case covers"
    triages = {_load(p)["expect"]["triage"] for p in _case_files()}
    assert triages == {"emergency", "see_doctor", "self_care"}
    caution_alone = {f for c in cases for f in c.get("red_flags", [])
                     if {kb.red_flags[g].urgency for g in c["red_flags"]} == {"caution"}}
    cautions = {f for f, rf in kb.red_flags.items() if rf.urgency == "caution"}
    assert cautions <= caution_alone, "each caution flag needs a case where it softens a self-care plan"
    areas = {kb.movements[mv].area for c in cases for mv in c["restricted_movements"]}
    assert sorted(set(kb.areas) - areas) == [], "body areas no golden case covers"
    assert any("red_flags" not in c for c in cases), "no unscreened case"
    assert any("unknown" in c.values() for c in cases), "no case with unknown answers"
    assert any(c.get("limit_felt_as") == "block" for c in cases), "no hard-block case"
    assert any(c.get("range_measured") for c in cases), "no measured-range case"
    assert any(c.get("immobilized_weeks", 0) > 0 for c in cases), "no immobilisation case"
    assert any(c.get("stretching_effect") == "worse" for c in cases), "no stretching-made-it-worse case"
