"""The golden case library: ``tests/cases/*.yaml``, one parametrised test each.

Each file holds a ``description``, a ``case`` (a ``regain-case/2`` mapping) and
``expect``, which says what regain must conclude. Only the keys given are
checked:

* ``triage`` — ``emergency`` · ``urgent`` · ``see_doctor`` ·
  ``professional_assessment`` · ``self_care``;
* ``self_help`` — ``none`` · ``after_doctor`` · ``screen_first`` · ``limited`` · ``start``;
* ``other_causes`` — the possible other causes at least possible, with their level;
* ``levels`` — the level of ``pain_protective``, ``shortening_adhesion`` and
  ``active_trigger_points``;
* ``plan`` — the plan step kinds, in order;
* ``top_muscles`` — the first muscle ids of the ranking, in order (only as
  many as are stable);
* ``missing`` — the unanswered questions that could change a conclusion, in order;
* ``red_flags`` — the red flag ids reported;
* ``screening_complete``;
* ``dose`` — step kind -> the dose values to check (e.g. a capped pressure);
* ``cautions`` — step kind -> the precautions whose note the step carries;
* ``clearance`` — whether the self-treatment steps wait for a doctor's clearance;
* ``held`` — step kind -> what it waits for (``doctor_clearance``,
  ``professional_assessment`` or ``null``);
* ``targets`` — step kind -> its targets, in order (muscles, movements or exercises);
* ``left_out`` — step kind -> the targets a precaution left out whole.

A case whose clinically right answer the engine does not give yet carries
``xfail: <why>``: the expectation stays the clinically right one, the test is
a strict xfail, and it fails loudly once the engine is fixed so the marker can
go. On failure the test prints a unified diff of expected against actual.

Besides its own expectations, every case is held to the contract of
``assessment.md`` (``test_golden_case_contract``), and the library as a whole
must cover every red flag, tier, combination, other cause and body area (``test_library_coverage``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from contract import SELF_TREATMENT, TIERS, check_contract

from regain.engine.assessment import Assessment
from regain.engine.plan import PlanStep
from regain.engine.triage import ComboMatch, combinations
from regain.knowledge import KnowledgeBase

CASES_DIR = Path(__file__).parent / "cases"
FILE_KEYS = {"description", "case", "expect", "xfail"}
LEVEL_KEYS = ("pain_protective", "shortening_adhesion", "active_trigger_points")
EXPECT_KEYS = {
    "triage",
    "self_help",
    "levels",
    "other_causes",
    "plan",
    "top_muscles",
    "missing",
    "red_flags",
    "screening_complete",
    "dose",
    "cautions",
    "clearance",
    "held",
    "targets",
    "left_out",
}

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
        elif key == "self_help":
            out[key] = assessment.self_help
        elif key == "other_causes":
            out[key] = {k: f.level for k, f in assessment.other_causes_found().items()}
        elif key in ("held", "targets", "left_out"):
            out[key] = {
                kind: _step_value(steps[kind], key) if kind in steps else "(step not in plan)"
                for kind in expect[key]
            }
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
            out[key] = {
                kind: ({k: steps[kind].dose.get(k) for k in want} if kind in steps else "(step not in plan)")
                for kind, want in expect[key].items()
            }
        elif key == "cautions":
            out[key] = {
                kind: (
                    [c.precaution for c in steps[kind].cautions if c.note.strip()]
                    if kind in steps
                    else "(step not in plan)"
                )
                for kind in expect[key]
            }
        elif key == "clearance":
            self_steps = [s for s in assessment.plan if s.kind in SELF_TREATMENT]
            out[key] = bool(self_steps) and all(s.held_until == "doctor_clearance" for s in self_steps)
    return out


def _step_value(step: PlanStep, key: str) -> Any:
    if key == "held":
        return step.held_until
    if key == "targets":
        return step.targets
    return [c.target for c in step.left_out]


def _diff(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    def dump(d: dict[str, Any]) -> list[str]:
        return yaml.safe_dump(d, sort_keys=False, default_flow_style=None).splitlines()

    return "\n".join(difflib.unified_diff(dump(expected), dump(actual), "expected", "actual", lineterm=""))


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
        pytest.fail(
            f"{path.name} is marked xfail ({data['xfail']}) but now passes: remove the marker", pytrace=False
        )


@pytest.mark.parametrize("path", _params())
def test_golden_case_contract(path: Path, assess: Assess, kb: KnowledgeBase) -> None:
    """The meanings of assessment.md hold for every case of the library."""
    case = _load(path)["case"]
    check_contract(case, assess(case, path.name), kb)


def _combos(kb: KnowledgeBase, case: dict[str, Any]) -> list[ComboMatch]:
    return combinations(kb, case.get("red_flags", []), case.get("age"))


def test_library_coverage(kb: KnowledgeBase) -> None:
    """The library covers every red flag, tier, combination, other cause and body area."""
    cases = [_load(p)["case"] for p in _case_files()]
    flags = {f for c in cases for f in c.get("red_flags", [])}
    assert sorted(set(kb.red_flags) - flags) == [], "red flags no golden case covers"
    triages = {_load(p)["expect"]["triage"] for p in _case_files()}
    assert triages == set(TIERS)
    combos = {c for p in _case_files() for c in [_load(p)["case"]] for c in [x.id for x in _combos(kb, c)]}
    assert sorted(set(kb.combinations) - combos) == [], "combinations no golden case covers"
    others = {k for p in _case_files() for k in _load(p)["expect"].get("other_causes", {})}
    assert sorted(set(kb.other_causes) - others) == [], "other causes no golden case covers"
    caution_alone = {
        f
        for c in cases
        for f in c.get("red_flags", [])
        if {kb.red_flags[g].tier for g in c["red_flags"]} == {"caution"}
    }
    cautions = {f for f, rf in kb.red_flags.items() if rf.tier == "caution"}
    assert cautions <= caution_alone, "each caution flag needs a case where it softens a self-care plan"
    areas = {kb.movements[mv].area for c in cases for mv in c["restricted_movements"]}
    assert sorted(set(kb.areas) - areas) == [], "body areas no golden case covers"
    assert any("red_flags" not in c for c in cases), "no unscreened case"
    assert any("unknown" in c.values() for c in cases), "no case with unknown answers"
    assert any(c.get("limit_felt_as") == "block" for c in cases), "no hard-block case"
    assert any(c.get("range_measured") for c in cases), "no measured-range case"
    assert any(c.get("immobilized_weeks", 0) > 0 for c in cases), "no immobilisation case"
    assert any(c.get("stretching_effect") == "worse" for c in cases), "no stretching-made-it-worse case"
