"""Property tests: the meanings of assessment.md hold for any valid case.

Cases are built by a hypothesis strategy from the knowledge base itself (its
questions, ids and bounds), so every generated case is valid and every field
but ``restricted_movements`` may be missing.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import benchmark_scripts
import pytest
from contract import TIERS, check_contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regain.engine.assessment import Assessment, to_json
from regain.engine.case import UNKNOWN
from regain.engine.certainty import LEVEL_RANK, level
from regain.knowledge import KnowledgeBase, load_knowledge

KB = load_knowledge()
SELF_TREATMENT = [k for k, t in KB.steps.items() if t.self_treatment]
MUSCLE_SOURCES = {"trigger_point_muscles", "shortened_muscles", "candidate_muscles"}
Assess = Callable[[dict[str, Any]], Assessment]

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- the strategy ---------------------------------------------------------------------------------

TRI_STATE = st.sampled_from([True, False, UNKNOWN, "yes", "no"])


def _value(q_id: str, kb: KnowledgeBase) -> st.SearchStrategy[Any]:
    q = kb.questions[q_id]
    lo = q.min if q.min is not None else 0
    hi = q.max if q.max is not None else 10
    match q.type:
        case "tri_state":
            return TRI_STATE
        case "choice":
            return st.sampled_from([o.value for o in q.options])
        case "integer":
            return st.integers(int(lo), int(hi))
        case "number":
            return st.one_of(
                st.integers(int(lo), min(int(hi), 200)),
                st.floats(lo, hi, allow_nan=False, allow_infinity=False),
            )
        case "movements":
            return st.lists(st.sampled_from(list(kb.movements)), min_size=1, max_size=3, unique=True)
        case "regions":
            return st.lists(st.sampled_from(list(kb.regions)), max_size=4, unique=True)
        case "red_flags":
            return st.lists(st.sampled_from(list(kb.red_flags)), max_size=3, unique=True)
        case "date":
            return st.dates(datetime.date(2020, 1, 1), datetime.date(2026, 12, 31)).map(str)
        case "range_map":
            return st.dictionaries(
                st.sampled_from(list(kb.movements)), st.integers(int(lo), int(hi)), min_size=1, max_size=3
            )
    raise AssertionError(q.type)  # pragma: no cover


@st.composite
def cases(draw: st.DrawFn, kb: KnowledgeBase = KB) -> dict[str, Any]:
    """A valid case mapping: ``restricted_movements`` always, every other field maybe."""
    case: dict[str, Any] = {
        "restricted_movements": draw(_value("restricted_movements", kb)),
    }
    # red flags: absent (not screened), [] (screened, none) or some, of each tier
    case_flags = draw(st.one_of(st.none(), st.just([]), _value("red_flags", kb)))
    if case_flags is not None:
        case["red_flags"] = case_flags
    for q_id in kb.questions:
        if q_id in case or q_id in ("restricted_movements", "red_flags"):
            continue
        if draw(st.booleans()):
            case[q_id] = draw(_value(q_id, kb))
    if draw(st.booleans()):
        case["x_note"] = draw(st.text(max_size=10))
    return case


def _known(case: dict[str, Any], q_id: str) -> bool:
    return q_id in case and case[q_id] != UNKNOWN


def _kinds(a: Assessment) -> list[str]:
    return [s.kind for s in a.plan]


def _at_least_possible(lvl: str) -> bool:
    return LEVEL_RANK[lvl] >= LEVEL_RANK["possible"]


# -- the contract, triage and red flags -----------------------------------------------------------


@PROPERTY_SETTINGS
@given(case=cases())
def test_every_case_keeps_the_contract(assess: Assess, case: dict[str, Any]) -> None:
    """Triage, holds, plan order, precautions: everything check_contract holds a case to."""
    a = assess(case)
    check_contract(case, a, KB)
    flags = case.get("red_flags", [])
    assert [(f.id, f.tier) for f in a.red_flags] == [(f, KB.red_flags[f].tier) for f in flags]


@PROPERTY_SETTINGS
@given(
    case=cases(),
    cautions=st.lists(
        st.sampled_from([f for f, x in KB.red_flags.items() if x.tier == "caution"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
)
def test_caution_flags_never_raise_triage_and_cap_doses(
    assess: Assess, case: dict[str, Any], cautions: list[str]
) -> None:
    without = {**case, "red_flags": [f for f in case.get("red_flags", []) if f not in cautions]}
    with_cautions = {**without, "red_flags": without["red_flags"] + cautions}
    plain, softened = assess(without), assess(with_cautions)
    if not any(set(c.flags) & set(cautions) for c in softened.combinations):
        # a caution only raises the triage through a combination (osteoporosis after a fall)
        assert softened.triage == plain.triage
        assert _kinds(softened) == _kinds(plain)
    for step in softened.plan:
        noted = {c.precaution for c in step.cautions}
        for flag in cautions:
            change = KB.red_flags[flag].softens.get(step.kind)
            if change is None:
                continue
            assert flag in noted, (flag, step.kind)
            for key, cap in change.caps.items():
                assert step.dose[key] <= cap, (flag, step.kind, key)
        for key, value in step.dose.items():
            assert value <= KB.steps[step.kind].dose[key]  # softened, never raised


# -- causes ---------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(case=cases())
def test_causes_have_both_keys_and_consistent_levels(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    assert list(a.causes) == ["pain_protective", "shortening_adhesion"]
    assert list(a.other_causes) == list(KB.other_causes)
    t = KB.inference.thresholds
    for finding in [*a.causes.values(), a.active_trigger_points, *a.other_causes.values()]:
        assert 0.0 <= finding.certainty <= 1.0
        assert finding.level == level(finding.certainty, t.likely, t.possible)
        assert all(-1 <= e.cf <= 1 for e in finding.evidence)
        if not finding.evidence:
            assert finding.certainty == 0.0 and finding.level == "unlikely"


# -- the plan -------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(case=cases())
def test_plan_order_follows_the_seed_logic(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    kinds = _kinds(a)
    assert len(kinds) == len(set(kinds))
    if _at_least_possible(a.active_trigger_points.level) and "trigger_point_self_treatment" in kinds:
        tp = kinds.index("trigger_point_self_treatment")
        for later in ("long_hold_stretching", "strengthening"):
            if later in kinds:
                assert tp < kinds.index(later), kinds
    self_treatment = [k for k in kinds if k in SELF_TREATMENT and not KB.steps[k].throughout]
    if "strengthening" in self_treatment:
        assert self_treatment[-1] == "strengthening", kinds
    for i, step in enumerate(a.plan):
        assert set(step.after) | set(step.alongside) <= set(kinds[:i]), (step.kind, kinds)


@PROPERTY_SETTINGS
@given(case=cases())
def test_plan_answers_the_conclusions(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    if a.self_help == "none":
        return
    kinds = _kinds(a)
    pain, short = a.causes["pain_protective"], a.causes["shortening_adhesion"]
    if pain.level == "likely":
        first = (
            "trigger_point_self_treatment"
            if _at_least_possible(a.active_trigger_points.level)
            else "check_tender_spots"
        )
        assert {first, "full_range_movement"} <= set(kinds), kinds
    if short.level == "likely":
        [stretch] = [s for s in a.plan if s.kind == "long_hold_stretching"]
        assert stretch.dose["hold_seconds"] >= 120 and stretch.dose["weeks"] >= 6
    examined = a.cleared_by_doctor  # a doctor has examined it: the assessment is done
    if case.get("limit_felt_as") == "block":
        assert "professional_assessment" in kinds or examined
    if not _at_least_possible(pain.level) and not _at_least_possible(short.level):
        assert "professional_assessment" in kinds or examined, kinds


@PROPERTY_SETTINGS
@given(case=cases())
def test_targets_come_from_the_muscles_or_the_movements(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    muscle_ids = {m.id for m in a.muscles}
    for step in a.plan:
        source = KB.steps[step.kind].targets
        if source in MUSCLE_SOURCES:
            assert set(step.targets) <= muscle_ids, step.kind
            assert len(step.targets) <= KB.inference.muscle_ranking.max_targets_per_step
        elif source == "movements":
            assert set(step.targets) <= set(case["restricted_movements"]), step.kind
        elif source == "strengthening_exercises":
            offered = {x for mv in case["restricted_movements"] for x in KB.movements[mv].strengthen}
            assert set(step.targets) <= offered, step.kind
        else:
            assert step.targets == [], step.kind
    assert len(muscle_ids) == len(a.muscles) <= KB.inference.muscle_ranking.max_candidates
    assert muscle_ids <= set(KB.muscles)


# -- missing, determinism, JSON -------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(case=cases())
def test_missing_never_lists_an_answered_question(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    assert len(a.missing) == len(set(a.missing))
    for q_id in a.missing:
        assert q_id in KB.questions
        assert not _known(case, q_id), q_id
    assert ("red_flags" in a.missing) is (not a.screening_complete)


@PROPERTY_SETTINGS
@given(case=cases(), others=st.lists(cases(), min_size=1, max_size=3))
def test_same_case_same_bytes_whatever_was_assessed_before(
    assess: Assess, case: dict[str, Any], others: list[dict[str, Any]]
) -> None:
    first = to_json(assess(case))
    assert to_json(assess(case)) == first
    for other in others:
        assess(other)
    assert to_json(assess(case)) == first


@PROPERTY_SETTINGS
@given(case=cases())
def test_json_round_trips(assess: Assess, case: dict[str, Any]) -> None:
    a = assess(case)
    text = to_json(a)
    data = json.loads(text)
    assert data == a.to_dict()
    assert json.dumps(data, indent=2, ensure_ascii=False) + "\n" == text
    assert data["format"] == "regain-assessment/2"
    assert data["disclaimer"]
    assert list(data) == [
        "format",
        "case_id",
        "knowledge_version",
        "triage",
        "self_help",
        "cleared_by_doctor",
        "cleared_on",
        "red_flags",
        "combinations",
        "screening_complete",
        "not_screened",
        "causes",
        "active_trigger_points",
        "other_causes",
        "muscles",
        "plan",
        "missing",
        "trace",
        "disclaimer",
    ]


# -- the benchmark generator makes valid cases too ------------------------------------------------


def _generator() -> Any:
    return benchmark_scripts.load("generate")


def test_generated_cases_are_valid_and_seeded(assess: Assess, kb: KnowledgeBase) -> None:
    gen = _generator()
    cases_a = list(gen.generate_cases(kb, 200, 7))
    assert cases_a == list(gen.generate_cases(kb, 200, 7))
    assert cases_a != list(gen.generate_cases(kb, 200, 8))
    triages = {assess(c).triage for c in cases_a}
    assert triages == set(TIERS)
    assert any("red_flags" not in c for c in cases_a)
    assert any(c.get("red_flags") == [] for c in cases_a)
    assert any("range_measured" in c for c in cases_a)
    assert any(UNKNOWN in c.values() for c in cases_a)


@pytest.mark.parametrize("kinds", [("yaml", "json", "csv")])
def test_written_cases_read_back_as_the_same_cases(
    tmp_path: Path, kb: KnowledgeBase, kinds: tuple[str, ...]
) -> None:
    from regain.engine.case_reader import read_case_path
    from regain.engine.case_validation import validate_case

    gen = _generator()
    paths = gen.write_cases(tmp_path, 30, 11, kinds, kb=kb)
    expected = {c["id"]: c for c in gen.generate_cases(kb, 30, 11)}
    by_kind: dict[str, dict[str, dict[str, Any]]] = {"yaml": {}, "json": {}, "csv": {}}
    for path in paths:
        for raw in read_case_path(str(path)):
            case = validate_case(raw, kb)
            by_kind[path.suffix[1:]][case.id] = case.answers
    assert set(by_kind["csv"]) == set(expected)
    for case_id, original in expected.items():
        answers = {k: v for k, v in original.items() if k not in ("format", "id", "name")}
        for kind in kinds:
            got = by_kind[kind][case_id]
            assert set(got) == set(answers), (kind, case_id)
            for key, value in answers.items():
                if isinstance(value, float):
                    assert got[key] == pytest.approx(value), (kind, case_id, key)
                else:
                    assert got[key] == value, (kind, case_id, key)


def test_a_mixed_folder_is_a_batch_with_every_case_once(tmp_path: Path, kb: KnowledgeBase) -> None:
    from regain.engine.case_reader import read_case_path
    from regain.engine.case_validation import validate_case

    gen = _generator()
    paths = gen.write_mixed(tmp_path, 23, 5, kb=kb)
    ids: list[str] = []
    kinds: dict[str, int] = {}
    for path in paths:
        for raw in read_case_path(str(path)):
            ids.append(validate_case(raw, kb).id)
            kinds[path.suffix] = kinds.get(path.suffix, 0) + 1
    assert sorted(ids) == sorted(c["id"] for c in gen.generate_cases(kb, 23, 5))
    assert kinds == {".yaml": 10, ".json": 9, ".csv": 4}
    with pytest.raises(ValueError, match="allowed"):
        gen.write_mixed(tmp_path / "none", 1, 5, ["xml"], kb=kb)
